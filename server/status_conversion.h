#pragma once

// The one module that turns a domain absl::Status into a grpc::Status: the same code, a message,
// and google.rpc.Status details: ErrorInfo (reason, domain `inburgering.v1`) always, BadRequest
// for field violations, LocalizedMessage in en-US and nl-NL for the reasons a citizen can meet
// (server/citizen_messages.h), and RetryInfo on the refusals worth retrying as they are
// (RESOURCE_EXHAUSTED: a replica's limit; UNAVAILABLE: the database) with the delay the REST face
// sends as `Retry-After`. INTERNAL and UNKNOWN answer a generic message (the real one goes to the
// log, by the caller of this module).

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace inburgering::server {

inline constexpr char kErrorDomain[] = "inburgering.v1";
// RetryInfo.retry_delay: the REST gateway's `Retry-After: 1` (gateway/problem.go).
inline constexpr int kRetryDelaySeconds = 1;
// The same delay for gRPC's own retry policies (the Java client's), which read it from this
// trailer, in milliseconds, rather than from RetryInfo.
inline constexpr char kRetryPushbackTrailer[] = "grpc-retry-pushback-ms";

// The refusals worth retrying as they are, after kRetryDelaySeconds: a replica's limit
// (RESOURCE_EXHAUSTED) and the database (UNAVAILABLE).
inline bool WorthRetrying(grpc::StatusCode code) {
  return code == grpc::StatusCode::RESOURCE_EXHAUSTED || code == grpc::StatusCode::UNAVAILABLE;
}

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace inburgering::server
