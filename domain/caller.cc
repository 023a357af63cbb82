#include "domain/caller.h"

#include "domain/errors.h"
#include "domain/status_macros.h"

namespace inburgering::domain {

bool ParseRole(absl::string_view text, Role* role) {
  static constexpr struct {
    absl::string_view name;
    Role role;
  } kRoles[] = {
      {"citizen", Role::kCitizen},         {"consultant", Role::kConsultant},
      {"team_lead", Role::kTeamLead},      {"reporting", Role::kReporting},
      {"integration", Role::kIntegration}, {"admin", Role::kAdmin},
      {"provider", Role::kProvider},
  };
  for (const auto& r : kRoles) {
    if (r.name == text) {
      *role = r.role;
      return true;
    }
  }
  return false;
}

absl::Status AuthorizeRole(const Caller& caller, Access access) {
  const bool citizen = caller.Has(Role::kCitizen) && !caller.citizen_bsn.empty();
  bool allowed = false;
  switch (access) {
    case Access::kRead:
    case Access::kWrite:
      allowed = caller.IsStaff();
      break;
    case Access::kManageTeam:
    case Access::kCbsExport:
      allowed = caller.Has(Role::kTeamLead) || caller.Has(Role::kAdmin);
      break;
    case Access::kExchange:
      allowed = caller.IsStaff() || caller.Has(Role::kIntegration);
      break;
    case Access::kAggregates:
      allowed = caller.IsStaff() || caller.Has(Role::kReporting);
      break;
    case Access::kFollowEvents:
      allowed =
          caller.Has(Role::kTeamLead) || caller.Has(Role::kAdmin) || caller.Has(Role::kIntegration);
      break;
    case Access::kOwnRecords:
      allowed = caller.IsStaff() || citizen;
      break;
    case Access::kProcessingLog:
      allowed = caller.Has(Role::kAdmin) || citizen;
      break;
    case Access::kProviderRecords:
      allowed = caller.IsStaff() || (caller.Has(Role::kProvider) && !caller.provider_id.empty());
      break;
    case Access::kProviderReport:
      allowed = caller.Has(Role::kProvider) && !caller.provider_id.empty();
      break;
  }
  if (!allowed) return absl::PermissionDeniedError("the caller's role does not allow this call");
  return absl::OkStatus();
}

absl::Status AuthorizeStaff(const Caller& caller, absl::string_view municipality, Access access) {
  RETURN_IF_ERROR(AuthorizeRole(caller, access));
  if (!caller.ActsFor(municipality)) {
    return NotFound("no such municipality for this caller");
  }
  return absl::OkStatus();
}

absl::Status AuthorizeProvider(const Caller& caller, absl::string_view municipality,
                               absl::string_view provider_id, Access access) {
  RETURN_IF_ERROR(AuthorizeRole(caller, access));
  if (!caller.ActsFor(municipality)) return NotFound("no such municipality for this caller");
  if (access == Access::kProviderRecords && caller.IsStaff()) return absl::OkStatus();
  if (caller.Has(Role::kProvider) && caller.provider_id == provider_id) return absl::OkStatus();
  return NotFound("provider not found");
}

absl::Status AuthorizeRead(const Caller& caller, absl::string_view municipality) {
  if (!caller.IsStaff() && caller.Has(Role::kCitizen) && !caller.citizen_bsn.empty()) {
    return absl::OkStatus();
  }
  return AuthorizeStaff(caller, municipality, Access::kRead);
}

absl::Status AuthorizeClientRead(const Caller& caller, absl::string_view client_bsn) {
  if (caller.IsStaff()) return absl::OkStatus();
  if (caller.Has(Role::kCitizen) && !caller.citizen_bsn.empty() &&
      caller.citizen_bsn == client_bsn) {
    return absl::OkStatus();
  }
  return NotFound("not found");
}

}  // namespace inburgering::domain
