#pragma once

// Signals from DUO (domain.md, lifecycle 1): obligation notices (kennisgevingen), which may come
// late and in bulk, and correction signals, including "not obliged after all". Each carries
// DUO's id; applying one is idempotent by that id.

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/client.h"
#include "domain/enum_names.h"

namespace inburgering::domain {

enum class DuoSignalKind { kObligationNotice, kCorrection, kRetraction };
template <>
struct EnumNames<DuoSignalKind> {
  static constexpr EnumEntry<DuoSignalKind> kEntries[] = {
      {DuoSignalKind::kObligationNotice, "OBLIGATION_NOTICE"},
      {DuoSignalKind::kCorrection, "CORRECTION"},
      {DuoSignalKind::kRetraction, "RETRACTION"}};
};

struct DuoSignal {
  std::string municipality;
  std::string signal_id;  // DUO's id of the signal
  DuoSignalKind kind = DuoSignalKind::kObligationNotice;
  absl::CivilDay signal_date;  // the day DUO sent it
  std::string bsn;
  // Notice: the person (all required); correction: the facts that change (the others unset).
  std::optional<std::string> given_names;
  std::optional<std::string> family_name;
  std::optional<absl::CivilDay> birth_date;
  std::optional<TargetGroup> target_group;
  std::optional<absl::CivilDay> obligation_notice_date;
  Regime regime = Regime::kWi2021;  // notices only
  std::string reason;               // corrections and retractions: DUO's reason
};

enum class DuoSignalOutcome {
  kClientRegistered,  // a notice for a person the municipality did not know yet
  kNoticeRecorded,    // a notice for a known client: the notice date set
  kClientCorrected,   // a correction changed facts
  kNothingChanged,    // a correction (or notice) that matched what was recorded
  kObligationRetracted,
};
template <>
struct EnumNames<DuoSignalOutcome> {
  static constexpr EnumEntry<DuoSignalOutcome> kEntries[] = {
      {DuoSignalOutcome::kClientRegistered, "CLIENT_REGISTERED"},
      {DuoSignalOutcome::kNoticeRecorded, "NOTICE_RECORDED"},
      {DuoSignalOutcome::kClientCorrected, "CLIENT_CORRECTED"},
      {DuoSignalOutcome::kNothingChanged, "NOTHING_CHANGED"},
      {DuoSignalOutcome::kObligationRetracted, "OBLIGATION_RETRACTED"}};
};

// What applying a signal did, kept by signal id (a replay answers this without applying again).
struct DuoSignalRecord {
  std::string municipality;
  std::string signal_id;
  DuoSignalKind kind = DuoSignalKind::kObligationNotice;
  std::string fingerprint;  // a digest of the signal, to refuse a reused id with other content
  std::string client_id;
  DuoSignalOutcome outcome = DuoSignalOutcome::kNothingChanged;
  std::string changes;  // `field: old -> new; ` (names only as `changed`), never a BSN
  std::string reason;
  std::string closed_trajectory_id;  // a retraction's closed trajectory, if any
  absl::Time received_time;
};

}  // namespace inburgering::domain
