#include "clients/cpp/call.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace inburgering::clients {

std::unique_ptr<grpc::ClientContext> NewContext(const CallOptions& options, bool stream) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!options.bearer_token.empty()) {
    context->AddMetadata("authorization", absl::StrCat("Bearer ", options.bearer_token));
  }
  if (!options.dev_roles.empty()) {
    context->AddMetadata("x-dev-roles", options.dev_roles);
    context->AddMetadata("x-dev-municipalities", options.dev_municipalities);
    context->AddMetadata("x-dev-subject", options.dev_subject);
  }
  static thread_local std::mt19937_64 random{std::random_device{}()};
  context->AddMetadata("x-request-id", absl::StrFormat("%016x%016x", random(), random()));
  if (!stream) context->set_deadline(std::chrono::system_clock::now() + options.deadline);
  return context;
}

absl::Status ToStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  std::string reason;
  google::rpc::Status details;
  if (details.ParseFromString(status.error_details())) {
    for (const auto& any : details.details()) {
      google::rpc::ErrorInfo info;
      if (any.UnpackTo(&info)) reason = info.reason();
    }
  }
  return absl::Status(
      static_cast<absl::StatusCode>(status.error_code()),
      reason.empty() ? status.error_message() : absl::StrCat(reason, ": ", status.error_message()));
}

}  // namespace inburgering::clients
