#include "domain/consultant.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace inburgering::domain {

void ValidateConsultantFields(const Consultant& consultant, absl::string_view prefix,
                              Violations& violations) {
  const std::string name_field = absl::StrCat(prefix, "display_name");
  if (violations.Check(!consultant.display_name.empty(), name_field, "required")) {
    violations.Check(IsCleanText(consultant.display_name, kMaxDisplayNameChars), name_field,
                     "must be at most 200 characters of text without control characters");
  }
  if (!consultant.email.empty()) {
    const auto at = consultant.email.find('@');
    violations.Check(
        IsCleanText(consultant.email, kMaxEmailChars) && at != std::string::npos && at > 0 &&
            at + 1 < consultant.email.size() && !absl::StrContains(consultant.email, ' '),
        absl::StrCat(prefix, "email"), "must be an e-mail address (at most 254 characters)");
  }
  violations.Check(consultant.case_capacity >= 0 && consultant.case_capacity <= kMaxCaseCapacity,
                   absl::StrCat(prefix, "case_capacity"), "must be between 0 and 1000");
}

void ApplyPatch(const ConsultantPatch& patch, Consultant& consultant) {
  if (patch.display_name) consultant.display_name = *patch.display_name;
  if (patch.email) consultant.email = *patch.email;
  if (patch.active) consultant.active = *patch.active;
  if (patch.case_capacity) consultant.case_capacity = *patch.case_capacity;
}

}  // namespace inburgering::domain
