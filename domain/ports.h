#pragma once

// The ports the use cases call; persistence/ implements them with SOCI. Every use case does its
// work in one UnitOfWork: one database transaction, so that an RPC never leaves half a change.
//
// Errors: NOT_FOUND for a missing row, ALREADY_EXISTS for a duplicate key, ABORTED for a lost
// optimistic-concurrency race or a serialization failure, UNAVAILABLE when the database cannot be
// reached or no connection is free in time, INTERNAL otherwise (the message never holds data).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "domain/consultant.h"
#include "domain/paging.h"

namespace inburgering::domain {

struct ConsultantFilter {
  std::string municipality;
  bool include_inactive = false;
};

class ConsultantRepository {
 public:
  virtual ~ConsultantRepository() = default;
  virtual absl::Status Insert(const Consultant& consultant) = 0;
  virtual absl::StatusOr<Consultant> Get(absl::string_view municipality, absl::string_view id) = 0;
  // Writes `consultant` (whose version is already the new one) if the stored version is still
  // `expected_version`; ABORTED otherwise.
  virtual absl::Status Update(const Consultant& consultant, int64_t expected_version) = 0;
  // Ordered by display name, then id.
  virtual absl::StatusOr<Page<Consultant>> List(const ConsultantFilter& filter,
                                                const PageRequest& page) = 0;
};

// What the first call with a request_id did, so that a retry can answer the same.
struct IdempotencyRecord {
  std::string municipality;
  std::string request_id;
  std::string operation;    // the RPC, e.g. `CreateConsultant`
  std::string fingerprint;  // a digest of the request body
  std::string resource_id;  // the resource the call created or changed
  absl::Time create_time;
};

class IdempotencyRepository {
 public:
  virtual ~IdempotencyRepository() = default;
  virtual absl::StatusOr<std::optional<IdempotencyRecord>> Find(absl::string_view municipality,
                                                                absl::string_view request_id) = 0;
  // ABORTED when a concurrent call recorded the same request_id first (the retry then replays).
  virtual absl::Status Insert(const IdempotencyRecord& record) = 0;
};

// One transaction. Destroying it without Commit() rolls everything back.
class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;
  virtual ConsultantRepository& consultants() = 0;
  virtual IdempotencyRepository& idempotency() = 0;
  virtual absl::Status Commit() = 0;
};

enum class TransactionMode { kReadOnly, kReadWrite };

class TransactionManager {
 public:
  virtual ~TransactionManager() = default;
  virtual absl::StatusOr<std::unique_ptr<UnitOfWork>> Begin(TransactionMode mode) = 0;
};

}  // namespace inburgering::domain
