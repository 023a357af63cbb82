#pragma once

// The frame of every RPC handler: authenticate, annotate the call log, run the body, convert its
// status (and log the detail of server faults, which the caller only sees as INTERNAL).

#include <exception>
#include <utility>

#include "absl/status/status.h"
#include "domain/caller.h"
#include "grpcpp/server_context.h"
#include "server/authenticator.h"
#include "server/call_log.h"
#include "server/logging.h"
#include "server/status_conversion.h"

namespace inburgering::server {

// `body` is called as absl::Status(const domain::Caller&) only for an authenticated caller.
template <typename Body>
grpc::Status HandleRpc(grpc::ServerContext* context, const Authenticator& authenticator,
                       Body&& body) {
  absl::Status status;
  try {
    absl::StatusOr<domain::Caller> caller = authenticator.Authenticate(*context);
    if (caller.ok()) {
      caller->request_id = RequestIdOf(context);
      if (CallAnnotations* call = CurrentCall(context)) call->caller = caller->subject;
      status = std::forward<Body>(body)(*caller);
    } else {
      status = caller.status();
    }
  } catch (const std::exception& e) {
    status = absl::InternalError(e.what());
  }
  if (status.code() == absl::StatusCode::kInternal || status.code() == absl::StatusCode::kUnknown) {
    // Our messages hold no personal data (domain/errors.h); a driver's message never reaches here
    // (persistence/soci_errors.h).
    Log(LogLevel::kError, "server fault",
        {{"request_id", RequestIdOf(context)}, {"detail", std::string(status.message())}});
  }
  return ToGrpcStatus(status);
}

}  // namespace inburgering::server
