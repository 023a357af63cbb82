#include "domain/client.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "domain/journal.h"
#include "domain/names.h"

namespace inburgering::domain {

bool IsValidBsn(absl::string_view bsn) {
  if (bsn.size() != 9) return false;
  int sum = 0;
  for (int i = 0; i < 9; ++i) {
    const char c = bsn[i];
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    const int weight = i < 8 ? 9 - i : -1;
    sum += weight * (c - '0');
  }
  return sum != 0 && sum % 11 == 0;
}

bool MayHoldBsn(absl::string_view text) {
  size_t run = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) {
      ++run;
      continue;
    }
    if (run >= 8) {
      const absl::string_view digits = text.substr(i - run, run);
      for (size_t at = 0; at + 8 <= run; ++at) {
        if (IsValidBsn(absl::StrCat("0", digits.substr(at, 8)))) return true;
        if (at + 9 <= run && IsValidBsn(digits.substr(at, 9))) return true;
      }
    }
    run = 0;
  }
  return false;
}

void ValidateClientFields(const Client& client, absl::CivilDay today, absl::string_view prefix,
                          Violations& violations) {
  auto field = [&](absl::string_view name) { return absl::StrCat(prefix, name); };
  if (violations.Check(!client.bsn.empty(), field("bsn"), "required")) {
    // The description never repeats the value.
    violations.Check(IsValidBsn(client.bsn), field("bsn"),
                     "must be 9 digits that pass the BSN eleven-test");
  }
  for (const auto& [name, value] :
       {std::pair<const char*, const std::string*>{"given_names", &client.given_names},
        {"family_name", &client.family_name}}) {
    if (violations.Check(!value->empty(), field(name), "required")) {
      violations.Check(IsCleanText(*value, kMaxPersonNameChars), field(name),
                       "must be at most 200 characters of text without control characters");
    }
  }
  const absl::CivilDay earliest(1900, 1, 1);
  violations.Check(client.birth_date >= earliest && client.birth_date <= today, field("birth_date"),
                   "must be a date between 1900-01-01 and today");
  for (const auto& [name, value] : {std::pair<const char*, const std::optional<absl::CivilDay>*>{
                                        "obligation_notice_date", &client.obligation_notice_date},
                                    {"brp_registration_date", &client.brp_registration_date},
                                    {"coa_link_date", &client.coa_link_date}}) {
    if (*value) {
      violations.Check(**value >= absl::CivilDay(2000, 1, 1) && **value <= today, field(name),
                       "must be a date between 2000-01-01 and today");
    }
  }
}

void ApplyPatch(const ClientPatch& patch, Client& client) {
  if (patch.given_names) client.given_names = *patch.given_names;
  if (patch.family_name) client.family_name = *patch.family_name;
  if (patch.birth_date) client.birth_date = *patch.birth_date;
  if (patch.target_group) client.target_group = *patch.target_group;
  if (patch.obligation_notice_date) client.obligation_notice_date = *patch.obligation_notice_date;
  if (patch.brp_registration_date) client.brp_registration_date = *patch.brp_registration_date;
  if (patch.coa_link_date) client.coa_link_date = *patch.coa_link_date;
}

void ApplyCitizenView(Client& client) {
  for (ConsultantAssignment& a : client.assignments) a.assigned_by.clear();
}

std::string ClientChanges(const Client& before, const Client& after) {
  auto day = [](const std::optional<absl::CivilDay>& d) { return d ? FormatDay(*d) : ""; };
  auto name = [](absl::string_view field, absl::string_view a, absl::string_view b) {
    return a == b ? std::string() : absl::StrCat(field, ": changed; ");
  };
  return absl::StrCat(
      name("given_names", before.given_names, after.given_names),
      name("family_name", before.family_name, after.family_name),
      Change("birth_date", FormatDay(before.birth_date), FormatDay(after.birth_date)),
      Change("target_group", NameOf(before.target_group), NameOf(after.target_group)),
      Change("obligation_notice_date", day(before.obligation_notice_date),
             day(after.obligation_notice_date)),
      Change("brp_registration_date", day(before.brp_registration_date),
             day(after.brp_registration_date)),
      Change("coa_link_date", day(before.coa_link_date), day(after.coa_link_date)));
}

}  // namespace inburgering::domain
