#pragma once

// How a client calls the service: the channel, the caller's credentials (a bearer token, or the
// development server's x-dev-* metadata), a request id per call and a deadline; and the gRPC
// status as an absl::Status with the server's reason.

#include <chrono>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"

namespace inburgering::clients {

struct CallOptions {
  std::shared_ptr<grpc::Channel> channel;
  std::string bearer_token;  // sent as `authorization: Bearer ...` when set
  // Development servers (--dev-auth) only: the caller's roles, municipalities and subject.
  std::string dev_roles;
  std::string dev_municipalities;
  std::string dev_subject = "inburgering-cli";
  std::chrono::milliseconds deadline{30000};
};

// A context with the credentials, a fresh x-request-id and the deadline (none when `stream`:
// a stream runs as long as it has data).
std::unique_ptr<grpc::ClientContext> NewContext(const CallOptions& options, bool stream = false);

// The status with its code and message; the google.rpc.ErrorInfo reason, when the server sent
// one, prefixes the message.
absl::Status ToStatus(const grpc::Status& status);

}  // namespace inburgering::clients
