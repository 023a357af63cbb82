#pragma once

// A client (inburgeraar): a person obliged to integrate, registered in one municipality. The BSN
// is personal data: it travels in request bodies and this struct only, never in a name, a log
// line or an error message.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/enum_names.h"
#include "domain/validation.h"

namespace inburgering::domain {

enum class TargetGroup { kAsylumStatusHolder, kFamilyMigrant, kOtherMigrant };
template <>
struct EnumNames<TargetGroup> {
  static constexpr EnumEntry<TargetGroup> kEntries[] = {
      {TargetGroup::kAsylumStatusHolder, "ASYLUM_STATUS_HOLDER"},
      {TargetGroup::kFamilyMigrant, "FAMILY_MIGRANT"},
      {TargetGroup::kOtherMigrant, "OTHER_MIGRANT"}};
};
// The law the person falls under: the Wi2021, the Wi2013 (obliged before 2022, until their term
// ends), or none (a volunteer the municipality guides).
enum class Regime { kWi2013, kWi2021, kVolunteer };
template <>
struct EnumNames<Regime> {
  static constexpr EnumEntry<Regime> kEntries[] = {
      {Regime::kWi2013, "WI2013"}, {Regime::kWi2021, "WI2021"}, {Regime::kVolunteer, "VOLUNTEER"}};
};
// How the municipality learned of the person.
enum class Source { kDuoNotice, kCoaLink, kBrpRegistration };
template <>
struct EnumNames<Source> {
  static constexpr EnumEntry<Source> kEntries[] = {{Source::kDuoNotice, "DUO_NOTICE"},
                                                   {Source::kCoaLink, "COA_LINK"},
                                                   {Source::kBrpRegistration, "BRP_REGISTRATION"}};
};

struct ConsultantAssignment {
  std::string consultant_id;
  absl::Time assigned_at;
  std::string assigned_by;  // the caller's subject
};

struct Client {
  std::string municipality;
  std::string id;
  std::string bsn;
  std::string given_names;
  std::string family_name;
  absl::CivilDay birth_date;
  TargetGroup target_group = TargetGroup::kAsylumStatusHolder;
  Regime regime = Regime::kWi2021;
  Source source = Source::kDuoNotice;
  std::optional<absl::CivilDay> obligation_notice_date;  // DUO kennisgeving
  std::optional<absl::CivilDay> brp_registration_date;   // registration in the municipality
  std::optional<absl::CivilDay> coa_link_date;           // COA koppeling
  std::string consultant_id;                             // the one fixed consultant, or empty
  std::vector<ConsultantAssignment> assignments;         // history, oldest first
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 0;
};

inline constexpr size_t kMaxPersonNameChars = 200;

// BSN: 9 digits whose weighted sum (9,8,7,6,5,4,3,2,-1) is divisible by 11 and not 0.
bool IsValidBsn(absl::string_view bsn);
// True when `text` could carry a BSN: a run of 8 or more digits in which 9 digits in a row, or 8
// read with a leading zero (as a BSN is sometimes written), pass the eleven-test. For ids that
// callers choose (x-request-id, ids in resource names), which must not bring a BSN into the
// logs or the audit trail.
bool MayHoldBsn(absl::string_view text);

// Records the violations of a client's editable fields under `prefix` (e.g. `client.`); `today`
// bounds the dates (no birth or signal in the future).
void ValidateClientFields(const Client& client, absl::CivilDay today, absl::string_view prefix,
                          Violations& violations);

// The fields UpdateClient may change.
struct ClientPatch {
  std::optional<std::string> given_names;
  std::optional<std::string> family_name;
  std::optional<absl::CivilDay> birth_date;
  std::optional<TargetGroup> target_group;
  std::optional<std::optional<absl::CivilDay>> obligation_notice_date;
  std::optional<std::optional<absl::CivilDay>> brp_registration_date;
  std::optional<std::optional<absl::CivilDay>> coa_link_date;
};

void ApplyPatch(const ClientPatch& patch, Client& client);

// The key fields that differ, `field: old -> new; ` (names only as `changed`; the BSN never
// changes): for the audit trail and DUO correction records.
std::string ClientChanges(const Client& before, const Client& after);

// AVG data minimisation: what a citizen sees of their own record (no staff identities).
void ApplyCitizenView(Client& client);

}  // namespace inburgering::domain
