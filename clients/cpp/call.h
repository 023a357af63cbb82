#pragma once

// How a client calls the service: the channel, the caller's credentials (a bearer token, or the
// development server's x-dev-* metadata), a request id per call and a deadline; and the gRPC
// status as an absl::Status with the server's reason.

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

namespace inburgering::clients {

struct CallOptions {
  std::shared_ptr<grpc::Channel> channel;
  std::string bearer_token;  // sent as `authorization: Bearer ...` when set
  // Development servers (--dev-auth) only: the caller's roles, municipalities and subject, and
  // for the provider role its registered id.
  std::string dev_roles;
  std::string dev_municipalities;
  std::string dev_subject = "inburgering-cli";
  std::string dev_provider;
  std::chrono::milliseconds deadline{30000};     // per attempt; streams have none
  int attempts = 3;                              // of a call that is safe to retry
  std::chrono::milliseconds first_backoff{100};  // doubled after each failed attempt
};

// A context with the credentials, a fresh x-request-id and the deadline (none when `stream`:
// a stream runs as long as it has data).
std::unique_ptr<grpc::ClientContext> NewContext(const CallOptions& options, bool stream = false);

// Sets the request's `request_id` to a fresh random id when it has that field and it is empty.
// Returns whether the request has one (and may therefore be replayed safely).
bool FillRequestId(google::protobuf::Message& request);

// The pause before the next attempt of a call that is safe to retry, or nothing when `status` is
// not worth retrying as it is. UNAVAILABLE (the connection, or the server's database) waits
// `backoff`, or the delay of the server's google.rpc.RetryInfo when it sends one;
// RESOURCE_EXHAUSTED is retried only with a RetryInfo (a replica shed the call before doing any
// of it) and waits its delay: without one it is a limit of gRPC's own, such as a message too
// large, which a retry would only repeat. The pause is that delay and up to a fifth more, drawn
// at random (the callers a replica shed together come back spread out), and at most
// kMaxRetryDelay.
inline constexpr std::chrono::milliseconds kMaxRetryDelay{30000};
std::optional<std::chrono::milliseconds> RetryAfter(const grpc::Status& status,
                                                    std::chrono::milliseconds backoff);

// The status with its code and message; the google.rpc.ErrorInfo reason, when the server sent
// one, prefixes the message. The server's google.rpc.Status travels along as a payload, for
// ErrorReason and FieldViolations.
absl::Status ToStatus(const grpc::Status& status);

// The server's reason (google.rpc.ErrorInfo.reason, an inburgering.v1.ErrorReason name such as
// "PLAN_BEFORE_INTAKE"), or "" when it sent none.
std::string ErrorReason(const absl::Status& status);

// The fields the server named as invalid (google.rpc.BadRequest), field path -> description.
std::map<std::string, std::string> FieldViolations(const absl::Status& status);

}  // namespace inburgering::clients
