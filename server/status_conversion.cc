#include "server/status_conversion.h"

#include <string>
#include <utility>

#include "domain/errors.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "server/citizen_messages.h"

namespace inburgering::server {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const bool hide = code == grpc::StatusCode::INTERNAL || code == grpc::StatusCode::UNKNOWN ||
                    code == grpc::StatusCode::DATA_LOSS;
  const std::string message =
      hide ? "internal error; the request id identifies it in the service's log"
           : std::string(status.message());

  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  google::rpc::ErrorInfo info;
  info.set_reason(hide ? std::string(domain::reason::kInternal) : domain::ReasonOf(status));
  info.set_domain(kErrorDomain);
  details.add_details()->PackFrom(info);

  if (WorthRetrying(code)) {
    google::rpc::RetryInfo retry;
    retry.mutable_retry_delay()->set_seconds(kRetryDelaySeconds);
    details.add_details()->PackFrom(retry);
  }

  if (const auto citizen = CitizenMessageFor(info.reason())) {
    for (const auto& [locale, text] :
         {std::pair{"en-US", citizen->en}, std::pair{"nl-NL", citizen->nl}}) {
      google::rpc::LocalizedMessage localized;
      localized.set_locale(locale);
      localized.set_message(std::string(text));
      details.add_details()->PackFrom(localized);
    }
  }

  const auto violations = domain::FieldViolationsOf(status);
  if (!violations.empty()) {
    google::rpc::BadRequest bad_request;
    for (const domain::FieldViolation& v : violations) {
      auto* fv = bad_request.add_field_violations();
      fv->set_field(v.field);
      fv->set_description(v.description);
    }
    details.add_details()->PackFrom(bad_request);
  }
  return grpc::Status(code, message, details.SerializeAsString());
}

}  // namespace inburgering::server
