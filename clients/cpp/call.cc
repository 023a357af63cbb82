#include "clients/cpp/call.h"

#include <algorithm>
#include <random>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace inburgering::clients {

namespace {

constexpr char kDetailsUrl[] = "type.googleapis.com/google.rpc.Status";

google::rpc::Status DetailsOf(const absl::Status& status) {
  google::rpc::Status details;
  if (auto payload = status.GetPayload(kDetailsUrl)) details.ParseFromString(std::string(*payload));
  return details;
}

std::mt19937_64& Random() {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  return random;
}

std::string RandomId() { return absl::StrFormat("%016x%016x", Random()(), Random()()); }

// Up to a fifth more, drawn at random, so that the callers a replica shed together do not all
// come back at the same moment; at most kMaxRetryDelay.
std::chrono::milliseconds Spread(std::chrono::milliseconds pause) {
  pause = std::clamp<std::chrono::milliseconds>(pause, std::chrono::milliseconds::zero(),
                                                kMaxRetryDelay);
  const std::chrono::milliseconds::rep extra =
      std::uniform_int_distribution<std::chrono::milliseconds::rep>(0, pause.count() / 5)(Random());
  return std::min(pause + std::chrono::milliseconds(extra), kMaxRetryDelay);
}

}  // namespace

std::unique_ptr<grpc::ClientContext> NewContext(const CallOptions& options, bool stream) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!options.bearer_token.empty()) {
    context->AddMetadata("authorization", absl::StrCat("Bearer ", options.bearer_token));
  }
  if (!options.dev_roles.empty()) {
    context->AddMetadata("x-dev-roles", options.dev_roles);
    context->AddMetadata("x-dev-municipalities", options.dev_municipalities);
    context->AddMetadata("x-dev-subject", options.dev_subject);
    if (!options.dev_provider.empty()) context->AddMetadata("x-dev-provider", options.dev_provider);
  }
  context->AddMetadata("x-request-id", RandomId());
  if (!stream) context->set_deadline(std::chrono::system_clock::now() + options.deadline);
  return context;
}

absl::Status ToStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  google::rpc::Status details;
  details.ParseFromString(status.error_details());
  std::string reason;
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) reason = info.reason();
  }
  absl::Status out(
      static_cast<absl::StatusCode>(status.error_code()),
      reason.empty() ? status.error_message() : absl::StrCat(reason, ": ", status.error_message()));
  if (!status.error_details().empty())
    out.SetPayload(kDetailsUrl, absl::Cord(status.error_details()));
  return out;
}

std::optional<std::chrono::milliseconds> RetryAfter(const grpc::Status& status,
                                                    std::chrono::milliseconds backoff) {
  const grpc::StatusCode code = status.error_code();
  if (code != grpc::StatusCode::UNAVAILABLE && code != grpc::StatusCode::RESOURCE_EXHAUSTED) {
    return std::nullopt;
  }
  google::rpc::Status details;
  details.ParseFromString(status.error_details());
  for (const auto& any : details.details()) {
    google::rpc::RetryInfo retry;
    if (!any.UnpackTo(&retry)) continue;
    const auto delay = std::chrono::seconds(retry.retry_delay().seconds()) +
                       std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::nanoseconds(retry.retry_delay().nanos()));
    return Spread(std::chrono::duration_cast<std::chrono::milliseconds>(delay));
  }
  if (code == grpc::StatusCode::UNAVAILABLE) return Spread(backoff);
  return std::nullopt;
}

std::string ErrorReason(const absl::Status& status) {
  const google::rpc::Status details = DetailsOf(status);
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info.reason();
  }
  return "";
}

std::map<std::string, std::string> FieldViolations(const absl::Status& status) {
  std::map<std::string, std::string> out;
  const google::rpc::Status details = DetailsOf(status);
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad;
    if (!any.UnpackTo(&bad)) continue;
    for (const auto& v : bad.field_violations()) out[v.field()] = v.description();
  }
  return out;
}

bool FillRequestId(google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* field =
      request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr || field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_STRING ||
      field->is_repeated()) {
    return false;
  }
  const google::protobuf::Reflection* reflection = request.GetReflection();
  if (reflection->GetString(request, field).empty())
    reflection->SetString(&request, field, RandomId());
  return true;
}

}  // namespace inburgering::clients
