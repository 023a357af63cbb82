#include "domain/idempotency.h"

#include "domain/errors.h"
#include "domain/status_macros.h"

namespace inburgering::domain {

absl::StatusOr<std::optional<std::string>> FindReplay(UnitOfWork& work,
                                                      absl::string_view municipality,
                                                      const IdempotencyKey& key) {
  if (key.request_id.empty()) return std::nullopt;
  ASSIGN_OR_RETURN(std::optional<IdempotencyRecord> record,
                   work.idempotency().Find(municipality, key.request_id));
  if (!record) return std::nullopt;
  if (record->operation != key.operation || record->fingerprint != key.fingerprint) {
    return InvalidArgument({{"request_id", "was already used for a different request"}},
                           reason::kRequestIdReused);
  }
  return record->resource_id;
}

absl::Status Remember(UnitOfWork& work, absl::string_view municipality, const IdempotencyKey& key,
                      absl::string_view resource_id, absl::Time now) {
  if (key.request_id.empty()) return absl::OkStatus();
  return work.idempotency().Insert({std::string(municipality), key.request_id, key.operation,
                                    key.fingerprint, std::string(resource_id), now});
}

}  // namespace inburgering::domain
