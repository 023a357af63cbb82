#pragma once

// request_id idempotency (AIP-155) for creates and state transitions: a retry of the same request
// returns what the first call made; the same id with another body is refused. The record is
// written in the change's own transaction, so either both are there or neither is.

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "domain/ports.h"

namespace inburgering::domain {

struct IdempotencyKey {
  std::string request_id;   // empty: the call is not idempotent
  std::string operation;    // the RPC
  std::string fingerprint;  // a digest of the request (the server computes it)
};

// The resource id remembered for `key` in `municipality`, or nullopt for a first call. A reused
// request_id with another operation or body is INVALID_ARGUMENT on `request_id`.
absl::StatusOr<std::optional<std::string>> FindReplay(UnitOfWork& work,
                                                      absl::string_view municipality,
                                                      const IdempotencyKey& key);

// Remembers that `key` produced `resource_id` (no-op without a request_id).
absl::Status Remember(UnitOfWork& work, absl::string_view municipality, const IdempotencyKey& key,
                      absl::string_view resource_id, absl::Time now);

}  // namespace inburgering::domain
