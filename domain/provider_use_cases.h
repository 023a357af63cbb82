#pragma once

// The use cases of the providers' side: the register (team leads and admins register, staff
// read), what a provider sees of its enrollments, and its batched, idempotent reports applied to
// the trajectories in one transaction. Thread-safe; every method is one transaction.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/caller.h"
#include "domain/clock.h"
#include "domain/idempotency.h"
#include "domain/ids.h"
#include "domain/journal.h"
#include "domain/paging.h"
#include "domain/policy.h"
#include "domain/ports.h"
#include "domain/provider.h"
#include "domain/validation.h"

namespace inburgering::domain {

// An enrollment naming a registered provider takes the provider's name and quality mark from the
// register (lowering counts only certified hours) and its contract reference when it has none;
// FAILED_PRECONDITION when the provider is not registered (PROVIDER_NOT_REGISTERED) or does not
// offer the component (COMPONENT_NOT_OFFERED).
absl::Status ResolveRegisteredProvider(UnitOfWork& work, absl::string_view municipality,
                                       Enrollment& enrollment);

// Writes the provider's view of each enrollment at a registered provider that `after` added or
// changed since `before`; a new one is ordered by `now`.
absl::Status SaveProviderEnrollments(UnitOfWork& work, const Trajectory& before,
                                     const Trajectory& after, absl::Time now);

struct ProviderReportResult {
  std::string record_id;
  int version = 1;
  ProviderReportOutcome outcome = ProviderReportOutcome::kRecorded;
};

class ProviderUseCases {
 public:
  ProviderUseCases(TransactionManager& transactions, const Clock& clock, IdGenerator& ids,
                   const Policy& policy)
      : transactions_(transactions), clock_(clock), ids_(ids), policy_(policy) {}

  // `draft` holds the validated fields, the municipality and the id. ALREADY_EXISTS when the id
  // is registered; team leads and admins only.
  absl::StatusOr<Provider> Create(const Caller& caller, CallJournal& journal, Provider draft,
                                  const IdempotencyKey& key);
  absl::StatusOr<Provider> Get(const Caller& caller, CallJournal& journal,
                               absl::string_view municipality, absl::string_view id);
  absl::StatusOr<Page<Provider>> List(const Caller& caller, CallJournal& journal,
                                      absl::string_view municipality, const PageRequest& page);
  absl::StatusOr<Page<ProviderEnrollment>> Enrollments(const Caller& caller, CallJournal& journal,
                                                       absl::string_view municipality,
                                                       absl::string_view provider_id,
                                                       const PageRequest& page);
  // Applies `reports` in order, all or none. A record id seen before with the same fingerprint
  // changes nothing (REPLAYED); with another, it is a correction (a new version, CORRECTED) that
  // must keep the record's kind and enrollment (PROVIDER_RECORD_ID_REUSED otherwise). An
  // enrollment that is not this provider's: NOT_FOUND naming `reports[i].enrollment_id`. `found`
  // holds the mapping's violations; once the caller is known to be the provider, they refuse the
  // batch, with the reports' dates checked against today, before anything is read.
  absl::StatusOr<std::vector<ProviderReportResult>> Submit(
      const Caller& caller, CallJournal& journal, absl::string_view municipality,
      absl::string_view provider_id, std::vector<SubmittedReport> reports, Violations found = {});
  absl::StatusOr<Page<ProviderReport>> Reports(const Caller& caller, CallJournal& journal,
                                               const ProviderReportFilter& filter,
                                               const PageRequest& page);

 private:
  TransactionManager& transactions_;
  const Clock& clock_;
  IdGenerator& ids_;
  const Policy& policy_;
};

}  // namespace inburgering::domain
