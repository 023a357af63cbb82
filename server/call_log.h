#pragma once

// One JSON log line per call, for every method (ours, health, reflection): method, gRPC code,
// latency, request id, peer and caller. A call of ours that leaves no audit record (refused by
// gRPC before its handler, at the worker limit or the message size limit; or its journal could
// not be written) says `"journaled": false` and is counted in the metrics
// (inburgering_calls_unjournaled_total), since writing a record for it is what failed or what
// overload cannot afford. The request id is the client's `x-request-id` (when it is
// a short token) or a new one; it is echoed in the response's `x-request-id` header.
//
// The service handlers annotate the call (its caller) through CurrentCall(), which is valid on
// the handler's thread for the duration of the handler. A call of the callback API that is
// answered from another thread (once its journal is durable) takes its annotations there with
// ResumedCall.

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "grpcpp/support/server_interceptor.h"

namespace inburgering::server {

struct CallAnnotations {
  const grpc::ServerContextBase* context = nullptr;
  std::string request_id;
  std::string caller;      // the authenticated subject; never personal data
  std::string trace_id;    // the call's W3C trace id (its records carry it too)
  bool handled = false;    // the RPC frame ran (gRPC did not refuse the call before it)
  bool journaled = false;  // its audit record is committed
};

// The annotations of the call `context` being handled on this thread, or nullptr.
CallAnnotations* CurrentCall(const grpc::ServerContextBase* context);

// Makes `call` the call handled on this thread while it lives (gRPC runs the interceptors of an
// answer on the thread that sends it), then puts back what was there.
class ResumedCall {
 public:
  explicit ResumedCall(CallAnnotations call);
  ~ResumedCall();
  ResumedCall(const ResumedCall&) = delete;
  ResumedCall& operator=(const ResumedCall&) = delete;

 private:
  CallAnnotations saved_;
};

// The request id for `context`: the interceptor's when it runs, else the client's x-request-id,
// else a new one.
std::string RequestIdOf(const grpc::ServerContextBase* context);

class Metrics;

class CallLogInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `metrics` (optional, not owned) counts each call by method and code, with its latency.
  explicit CallLogInterceptorFactory(Metrics* metrics = nullptr) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  Metrics* metrics_;
};

}  // namespace inburgering::server
