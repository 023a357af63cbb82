#pragma once

// The use cases of the client register. Thread-safe; every method runs in one transaction and
// checks the caller first (another municipality's clients answer NOT_FOUND).

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/caller.h"
#include "domain/client.h"
#include "domain/clock.h"
#include "domain/idempotency.h"
#include "domain/ids.h"
#include "domain/journal.h"
#include "domain/paging.h"
#include "domain/policy.h"
#include "domain/ports.h"
#include "domain/validation.h"

namespace inburgering::domain {

class ClientUseCases {
 public:
  ClientUseCases(TransactionManager& transactions, const Clock& clock, IdGenerator& ids,
                 const Policy& policy)
      : transactions_(transactions), clock_(clock), ids_(ids), policy_(policy) {}

  // `draft` holds the parsed fields, `found` the violations its parsing recorded: with the rules
  // across fields (ValidateClientFields, dates against today) they refuse the call
  // (INVALID_ARGUMENT) before anything is read. Its consultant_id (optional) must be an active
  // consultant of the municipality. ALREADY_EXISTS for a second client with the same BSN.
  absl::StatusOr<Client> Create(const Caller& caller, CallJournal& journal, Client draft,
                                const IdempotencyKey& key, Violations found = {});
  absl::StatusOr<Client> Get(const Caller& caller, CallJournal& journal,
                             absl::string_view municipality, absl::string_view id);
  // NOT_FOUND when the municipality has no client with this BSN.
  absl::StatusOr<Client> FindByBsn(const Caller& caller, CallJournal& journal,
                                   absl::string_view municipality, absl::string_view bsn);
  absl::StatusOr<Page<Client>> List(const Caller& caller, CallJournal& journal, ClientFilter filter,
                                    const PageRequest& page, bool overdue_only);
  absl::StatusOr<Client> Update(const Caller& caller, CallJournal& journal,
                                absl::string_view municipality, absl::string_view id,
                                const ClientPatch& patch, int64_t expected_version);
  // The one fixed consultant; the previous ones stay in the history.
  absl::StatusOr<Client> AssignConsultant(const Caller& caller, CallJournal& journal,
                                          absl::string_view municipality, absl::string_view id,
                                          absl::string_view consultant_id, int64_t expected_version,
                                          const IdempotencyKey& key);

 private:
  absl::CivilDay Today() const;

  TransactionManager& transactions_;
  const Clock& clock_;
  IdGenerator& ids_;
  const Policy& policy_;
};

// NOT_FOUND unless `consultant_id` is a consultant of `municipality`; FAILED_PRECONDITION
// (CONSULTANT_INACTIVE) when it is inactive.
absl::Status RequireActiveConsultant(UnitOfWork& work, absl::string_view municipality,
                                     absl::string_view consultant_id);

}  // namespace inburgering::domain
