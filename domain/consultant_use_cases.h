#pragma once

// The use cases of a municipality's team register. Thread-safe (no mutable state of its own);
// every method runs in one transaction and checks the caller first.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/caller.h"
#include "domain/clock.h"
#include "domain/consultant.h"
#include "domain/idempotency.h"
#include "domain/ids.h"
#include "domain/journal.h"
#include "domain/paging.h"
#include "domain/ports.h"

namespace inburgering::domain {

class ConsultantUseCases {
 public:
  ConsultantUseCases(TransactionManager& transactions, const Clock& clock, IdGenerator& ids)
      : transactions_(transactions), clock_(clock), ids_(ids) {}

  // `draft` holds the validated editable fields and the municipality. Team leads and admins only.
  absl::StatusOr<Consultant> Create(const Caller& caller, CallJournal& journal, Consultant draft,
                                    const IdempotencyKey& key);
  absl::StatusOr<Consultant> Get(const Caller& caller, CallJournal& journal,
                                 absl::string_view municipality, absl::string_view id);
  absl::StatusOr<Page<Consultant>> List(const Caller& caller, CallJournal& journal,
                                        const ConsultantFilter& filter, const PageRequest& page);
  // ABORTED (STALE_ETAG) when `expected_version` is not the stored one.
  absl::StatusOr<Consultant> Update(const Caller& caller, CallJournal& journal,
                                    absl::string_view municipality, absl::string_view id,
                                    const ConsultantPatch& patch, int64_t expected_version);

 private:
  TransactionManager& transactions_;
  const Clock& clock_;
  IdGenerator& ids_;
};

}  // namespace inburgering::domain
