#pragma once

// The providers' side (issue 22): the providers a municipality registers, what a provider sees of
// an enrollment with it, and the reports it sends about its students (attendance, progress,
// results, the first lesson, dropout), each kept as a version by the provider's own record id and
// applied to the trajectory by one rule.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/enum_names.h"
#include "domain/ids.h"
#include "domain/policy.h"
#include "domain/trajectory.h"
#include "domain/validation.h"

namespace inburgering::domain {

namespace reason {
inline constexpr absl::string_view kProviderNotRegistered = "PROVIDER_NOT_REGISTERED";
inline constexpr absl::string_view kComponentNotOffered = "COMPONENT_NOT_OFFERED";
inline constexpr absl::string_view kProviderRecordIdReused = "PROVIDER_RECORD_ID_REUSED";
}  // namespace reason

inline constexpr int kMaxProviderReportsPerBatch = 1000;

struct Provider {
  std::string municipality;
  std::string id;  // the registered id, as in the provider's token (`provider_id`)
  std::string display_name;
  QualityMark quality_mark = QualityMark::kNone;
  std::vector<OfferComponent> components;
  std::string contract_reference;
  absl::Time create_time;
};

// Records the violations of a provider's editable fields under `prefix` (`provider.`).
void ValidateProviderFields(const Provider& provider, absl::string_view prefix, Violations& v);

// An enrollment as its provider sees it: no BSN, no health details, nothing of enforcement.
struct ProviderEnrollment {
  std::string municipality;
  std::string provider_id;
  std::string enrollment_id;
  std::string client_id;
  std::string trajectory_id;
  std::string given_names;  // filled when listed (from the client)
  std::string family_name;
  OfferComponent component = OfferComponent::kLanguage;
  int planned_hours = 0;
  std::optional<absl::CivilDay> start_date;
  std::optional<absl::CivilDay> lessons_start;
  std::optional<absl::CivilDay> dropout_date;
  std::string contract_reference;
  bool closed = false;   // filled when listed (the trajectory's phase)
  int64_t sequence = 0;  // the order the enrollments were made in (its time in microseconds)
};

// The enrollments of `after` at a registered provider that are new or changed since `before`.
std::vector<ProviderEnrollment> ProviderEnrollmentsChanged(const Trajectory& before,
                                                           const Trajectory& after);

enum class ProviderReportKind {
  kAttendance,
  kProgress,
  kExamResult,
  kComponentResult,
  kLessonsStarted,
  kDropout
};
template <>
struct EnumNames<ProviderReportKind> {
  static constexpr EnumEntry<ProviderReportKind> kEntries[] = {
      {ProviderReportKind::kAttendance, "ATTENDANCE"},
      {ProviderReportKind::kProgress, "PROGRESS"},
      {ProviderReportKind::kExamResult, "EXAM_RESULT"},
      {ProviderReportKind::kComponentResult, "COMPONENT_RESULT"},
      {ProviderReportKind::kLessonsStarted, "LESSONS_STARTED"},
      {ProviderReportKind::kDropout, "DROPOUT"}};
};

enum class ProviderReportOutcome { kRecorded, kReplayed, kCorrected };

// One version of a provider's report. The payload is the member of its kind.
struct ProviderReport {
  std::string municipality;
  std::string provider_id;
  std::string record_id;  // the provider's own id
  std::string enrollment_id;
  int version = 1;
  ProviderReportKind kind = ProviderReportKind::kAttendance;
  AttendanceRecord attendance;
  ProviderProgress progress;
  ExamResult exam_result;
  ComponentResult component_result;
  absl::CivilDay date;  // kLessonsStarted, kDropout
  DropoutReason dropout_reason = DropoutReason::kOther;
  // Kept with the version: its trajectory (for the retention purge), when it came, and a digest
  // of its content (the server computes it) that tells a replay from a correction.
  std::string client_id;
  std::string trajectory_id;
  absl::Time receive_time;
  std::string fingerprint;
  int64_t sequence = 0;  // the order received, per provider: 1, 2, ...
};

// A report with its path in the request (`reports[3]`), which errors name.
struct SubmittedReport {
  ProviderReport report;
  std::string field;
};

// Records every date of `report` (under `field`) that lies after `today`.
void CheckProviderReportDates(const ProviderReport& report, absl::CivilDay today,
                              absl::string_view field, Violations& v);

// Applies `report` to the trajectory holding its enrollment: a first version adds its record
// (ids from `ids`), a correction replaces the record the earlier version made. Results need the
// plan, as a consultant's do; a MAP result is refused on the onderwijsroute (art. 7).
absl::Status ApplyProviderReport(Trajectory& trajectory, const ProviderReport& report,
                                 IdGenerator& ids);

// The day unexcused absence reached `periods` reported periods in a row at one enrollment, with
// no progress review or warning recorded since (their day on or after the periods counted); the
// earliest over the trajectory's enrollments. None when `periods` is 0 (the policy is off).
std::optional<absl::CivilDay> UnexcusedAbsenceStreak(const Trajectory& trajectory, int periods);

// The earliest dropout a provider reported with no progress review recorded on or after it.
std::optional<absl::CivilDay> DropoutToDiscuss(const Trajectory& trajectory);

}  // namespace inburgering::domain
