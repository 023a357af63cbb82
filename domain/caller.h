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
  kProvider,     // a language school or other provider, for its own students (`provider_id`)
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
  std::string span_id;     // the call's own span (W3C), fresh per call
  // The calling party's span, from its `traceparent` (LDV dpl.core.foreign_operation.span_id).
  std::string foreign_span_id;
  // For the citizen role: the person's own BSN, as the portal's token asserts it. Used only to
  // find their own records; never logged (`subject` is a pseudonym for citizens).
  std::string citizen_bsn;
  // For the provider role: the provider's registered id (its token's `provider_id` claim); it
  // sees and reports on the enrollments with that provider only.
  std::string provider_id;

  bool Has(Role role) const { return roles.contains(role); }
  bool IsStaff() const {
    return Has(Role::kConsultant) || Has(Role::kTeamLead) || Has(Role::kAdmin);
  }
  bool ActsFor(absl::string_view municipality) const {
    return all_municipalities || municipalities.contains(municipality);
  }
};

// What a use case wants to do with a municipality's staff data.
enum class Access {
  kRead,
  kWrite,
  kManageTeam,
  kExchange,         // DUO's signals and report items: staff, or the integration role (an adapter)
  kFollowEvents,     // the event stream: team leads, admins and the integration role
  kAggregates,       // reports without personal data: staff and the reporting role
  kCbsExport,        // the CBS delivery (it carries BSNs): team leads and admins
  kOwnRecords,       // reading a client's file: staff, or the citizen whose file it is
  kProcessingLog,    // the processing log: the privacy officer (admin), or a citizen for their own
  kProviderRecords,  // a provider's enrollments and reports: staff, or the provider itself
  kProviderReport,   // submitting a provider's reports: the provider only
};

// OK when one of `caller`'s roles allows `access` at all, before any resource is looked at (and
// before the request is validated: a caller without the role learns nothing of what a valid
// request looks like); PERMISSION_DENIED otherwise. The use case then checks the resource.
absl::Status AuthorizeRole(const Caller& caller, Access access);

// OK when `caller` may do `access` in `municipality`. A role that falls short (a citizen, the
// reporting role) answers PERMISSION_DENIED; another municipality answers NOT_FOUND, so that the
// existence of its resources does not leak.
absl::Status AuthorizeStaff(const Caller& caller, absl::string_view municipality, Access access);

// The first check of an RPC a citizen may call too (reading their own file): staff as
// AuthorizeStaff(kRead); a citizen passes here and is checked against the record by
// AuthorizeClientRead once it is loaded.
absl::Status AuthorizeRead(const Caller& caller, absl::string_view municipality);

// Whether `caller` may do `access` (kProviderRecords, kProviderReport) for the provider
// `provider_id` of `municipality`: staff of the municipality may read; a provider acting for the
// municipality with that id may read and report. Another municipality or another provider's id:
// NOT_FOUND, so that the existence of its data does not leak.
absl::Status AuthorizeProvider(const Caller& caller, absl::string_view municipality,
                               absl::string_view provider_id, Access access);

// Whether `caller` may read the data of the client with `client_bsn`: staff of the
// municipality (checked before), or the citizen whose BSN it is. Anyone else: NOT_FOUND.
absl::Status AuthorizeClientRead(const Caller& caller, absl::string_view client_bsn);

}  // namespace inburgering::domain
