#pragma once

// Who is calling: filled by the server's authenticator from the call's credentials and passed into
// every use case, which decides with it what the caller may see and do. The processing log and the
// audit trail (later) take the actor and the trace id from here.

#include <string>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace inburgering::domain {

enum class Role {
  kCitizen,      // the client themself, through the portal
  kConsultant,   // a municipality's consultant
  kTeamLead,     // a consultant who also manages the team
  kReporting,    // aggregates only
  kIntegration,  // other back-ends: signals, events
  kAdmin,        // operators
};

// Parses a role's claim spelling (`consultant`, `team_lead`, ...); false when unknown.
bool ParseRole(absl::string_view text, Role* role);

struct Caller {
  std::string subject;  // a stable pseudonymous id of the person or system; never a BSN
  // The municipalities (4-digit CBS codes) the caller acts for; `all_municipalities` for operators.
  absl::flat_hash_set<std::string> municipalities;
  bool all_municipalities = false;
  absl::flat_hash_set<Role> roles;
  std::string request_id;  // the call's correlation id (x-request-id), for logs
  std::string trace_id;    // W3C trace id, for the processing log

  bool Has(Role role) const { return roles.contains(role); }
  bool ActsFor(absl::string_view municipality) const {
    return all_municipalities || municipalities.contains(municipality);
  }
};

// What a use case wants to do with a municipality's staff data.
enum class Access { kRead, kWrite, kManageTeam };

// OK when `caller` may do `access` in `municipality`. Another municipality answers NOT_FOUND, so
// that the existence of its resources does not leak; a role that falls short answers
// PERMISSION_DENIED.
absl::Status AuthorizeStaff(const Caller& caller, absl::string_view municipality, Access access);

}  // namespace inburgering::domain
