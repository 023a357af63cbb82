#include "server/call_log.h"

#include <chrono>
#include <map>
#include <string>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "domain/client.h"
#include "domain/validation.h"
#include "grpcpp/server_context.h"
#include "server/logging.h"
#include "server/metrics.h"
#include "server/status_conversion.h"

namespace inburgering::server {
namespace {

constexpr char kRequestIdHeader[] = "x-request-id";
constexpr char kApiPrefix[] = "/inburgering.v1.";
constexpr std::chrono::milliseconds kDeadlineSkew{250};

thread_local CallAnnotations t_current;

std::string NewRequestId() {
  thread_local absl::BitGen gen;
  return absl::StrFormat("%016x%016x", absl::Uniform<uint64_t>(gen), absl::Uniform<uint64_t>(gen));
}

std::string ClientRequestId(const std::multimap<grpc::string_ref, grpc::string_ref>& metadata) {
  auto it = metadata.find(kRequestIdHeader);
  if (it == metadata.end()) return "";
  std::string id(it->second.data(), it->second.size());
  // A caller's id goes into every log line and record of the call: one that could carry a BSN is
  // replaced by one of ours (the response's header says which).
  return domain::IsValidToken(id) && !domain::MayHoldBsn(id) ? id : "";
}

const char* CodeName(grpc::StatusCode code) {
  static constexpr const char* kNames[] = {"OK",
                                           "CANCELLED",
                                           "UNKNOWN",
                                           "INVALID_ARGUMENT",
                                           "DEADLINE_EXCEEDED",
                                           "NOT_FOUND",
                                           "ALREADY_EXISTS",
                                           "PERMISSION_DENIED",
                                           "RESOURCE_EXHAUSTED",
                                           "FAILED_PRECONDITION",
                                           "ABORTED",
                                           "OUT_OF_RANGE",
                                           "UNIMPLEMENTED",
                                           "INTERNAL",
                                           "UNAVAILABLE",
                                           "DATA_LOSS",
                                           "UNAUTHENTICATED"};
  const auto index = static_cast<size_t>(code);
  return index < sizeof(kNames) / sizeof(kNames[0]) ? kNames[index] : "UNKNOWN";
}

const char* TypeName(grpc::experimental::ServerRpcInfo::Type type) {
  using Type = grpc::experimental::ServerRpcInfo::Type;
  switch (type) {
    case Type::UNARY:
      return "unary";
    case Type::CLIENT_STREAMING:
      return "client_stream";
    case Type::SERVER_STREAMING:
      return "server_stream";
    case Type::BIDI_STREAMING:
      return "bidi_stream";
  }
  return "unary";
}

class CallLogInterceptor final : public grpc::experimental::Interceptor {
 public:
  CallLogInterceptor(grpc::experimental::ServerRpcInfo* info, Metrics* metrics)
      : method_(info->method()),
        type_(TypeName(info->type())),
        unary_(info->type() == grpc::experimental::ServerRpcInfo::Type::UNARY),
        context_(info->server_context()),
        start_(absl::Now()),
        metrics_(metrics) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      request_id_ = ClientRequestId(*methods->GetRecvInitialMetadata());
      if (request_id_.empty()) request_id_ = NewRequestId();
      t_current = CallAnnotations{};
      t_current.context = context_;
      t_current.request_id = request_id_;
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(kRequestIdHeader, request_id_);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      // Our refusals worth retrying carry RetryInfo (server/status_conversion.h); gRPC's own
      // retry policies read the same delay from a trailer.
      if (WorthRetrying(status.error_code()) && !status.error_details().empty()) {
        methods->GetSendTrailingMetadata()->emplace(kRetryPushbackTrailer,
                                                    std::to_string(kRetryDelaySeconds * 1000));
      }
      // The server's deadline is the caller's timeout counted from the call's arrival, so the
      // caller's cancellation at its deadline arrives a little before it.
      const bool deadline_passed =
          context_ != nullptr &&
          context_->deadline() - std::chrono::system_clock::now() < kDeadlineSkew;
      // Asking whether the call was cancelled polls the completion queue on the synchronous
      // API (a lock and an epoll, 8 % of a case-file read's CPU), so a unary call answered OK
      // within its deadline is taken at its word: its work was done and journalled.
      const bool ask = !unary_ || !status.ok() || deadline_passed;
      if (ask && context_ != nullptr && context_->IsCancelled()) {
        // The caller gave up or its deadline passed: it saw that, not what the handler (a
        // stream noticing the cancellation) returned afterwards.
        status = deadline_passed ? grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "")
                                 : grpc::Status(grpc::StatusCode::CANCELLED, "");
      }
      const absl::Duration latency = absl::Now() - start_;
      if (metrics_ != nullptr) {
        metrics_->ObserveCall(method_, type_, CodeName(status.error_code()), latency);
      }
      nlohmann::json fields = {
          {"method", method_},
          {"code", CodeName(status.error_code())},
          {"latency_ms", absl::ToDoubleMilliseconds(latency)},
          {"request_id", request_id_},
      };
      if (context_ != nullptr) fields["peer"] = context_->peer();
      if (t_current.context == context_ && !t_current.caller.empty()) {
        fields["caller"] = t_current.caller;
      }
      if (t_current.context == context_ && !t_current.trace_id.empty()) {
        fields["trace_id"] = t_current.trace_id;
      }
      const bool ours = method_.rfind(kApiPrefix, 0) == 0;
      const bool handled = t_current.context == context_ && t_current.handled;
      if (ours && !(handled && t_current.journaled)) {
        fields["journaled"] = false;
        if (metrics_ != nullptr) {
          metrics_->CountUnjournaled(handled ? "journal_unavailable" : "refused_before_handler");
        }
      }
      const bool server_fault = status.error_code() == grpc::StatusCode::INTERNAL ||
                                status.error_code() == grpc::StatusCode::UNKNOWN;
      Log(server_fault ? LogLevel::kError : LogLevel::kInfo, "call", std::move(fields));
      if (t_current.context == context_) t_current = CallAnnotations{};
    }
    methods->Proceed();
  }

 private:
  std::string method_;
  const char* type_;
  bool unary_;
  grpc::ServerContextBase* context_;
  absl::Time start_;
  Metrics* metrics_;
  std::string request_id_;
};

}  // namespace

CallAnnotations* CurrentCall(const grpc::ServerContextBase* context) {
  return t_current.context == context ? &t_current : nullptr;
}

ResumedCall::ResumedCall(CallAnnotations call)
    : saved_(std::exchange(t_current, std::move(call))) {}

ResumedCall::~ResumedCall() { t_current = std::move(saved_); }

std::string RequestIdOf(const grpc::ServerContextBase* context) {
  if (CallAnnotations* call = CurrentCall(context)) return call->request_id;
  std::string id = ClientRequestId(context->client_metadata());
  return id.empty() ? NewRequestId() : id;
}

grpc::experimental::Interceptor* CallLogInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallLogInterceptor(info, metrics_);
}

}  // namespace inburgering::server
