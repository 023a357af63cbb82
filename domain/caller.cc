#include "domain/caller.h"

#include "domain/errors.h"

namespace inburgering::domain {

bool ParseRole(absl::string_view text, Role* role) {
  static constexpr struct {
    absl::string_view name;
    Role role;
  } kRoles[] = {
      {"citizen", Role::kCitizen},         {"consultant", Role::kConsultant},
      {"team_lead", Role::kTeamLead},      {"reporting", Role::kReporting},
      {"integration", Role::kIntegration}, {"admin", Role::kAdmin},
  };
  for (const auto& r : kRoles) {
    if (r.name == text) {
      *role = r.role;
      return true;
    }
  }
  return false;
}

absl::Status AuthorizeStaff(const Caller& caller, absl::string_view municipality, Access access) {
  if (!caller.ActsFor(municipality)) {
    return NotFound("no such municipality for this caller");
  }
  const bool staff =
      caller.Has(Role::kConsultant) || caller.Has(Role::kTeamLead) || caller.Has(Role::kAdmin);
  bool allowed = false;
  switch (access) {
    case Access::kRead:
    case Access::kWrite:
      allowed = staff;
      break;
    case Access::kManageTeam:
      allowed = caller.Has(Role::kTeamLead) || caller.Has(Role::kAdmin);
      break;
  }
  if (!allowed) return absl::PermissionDeniedError("the caller's role does not allow this call");
  return absl::OkStatus();
}

}  // namespace inburgering::domain
