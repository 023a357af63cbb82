#pragma once

// Prometheus metrics in the text exposition format, served over plain HTTP on a port of its own
// (--metrics-listen; Debian has no prometheus-cpp, so cpp-httplib serves the text): per-method
// call counts by gRPC code and latency histograms (named as the gRPC ecosystem's stock dashboards
// expect, grpc_server_handled_total and grpc_server_handling_seconds, and for one more release
// also as inburgering_rpc_*), the database pool in use and waiting, database
// errors, open event streams, and DUO report items to send. Thread-safe.

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace httplib {
class Server;
}  // namespace httplib

namespace inburgering::server {

class Metrics {
 public:
  // Latency buckets, in seconds.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  // `method` is gRPC's full name (`/pkg.Service/Method`), `type` unary, server_stream,
  // client_stream or bidi_stream.
  void ObserveCall(const std::string& method, const char* type, const char* code,
                   absl::Duration latency);
  // A call of the API that left no audit record, and why (call_log.h).
  void CountUnjournaled(const char* reason);

  // Gauges read at each scrape.
  struct Gauges {
    int pool_size = 0;
    int pool_in_use = 0;
    int pool_waiting = 0;
    int64_t database_errors = 0;
    int event_streams = 0;
    int64_t duo_reports_to_send = -1;  // -1: not known (the count failed)
    // SQLite: durable commits of changes and the changes they carried (group commit).
    int64_t change_commits = 0;
    int64_t changes_committed = 0;
    // Reads' and refusals' journals: their durable commits and the calls they carried.
    int64_t journal_commits = 0;
    int64_t journals_committed = 0;
  };

  std::string Render(const Gauges& gauges) const;

 private:
  struct Histogram {
    std::array<int64_t, kBuckets.size()> buckets{};
    int64_t count = 0;
    double sum = 0;
  };
  mutable absl::Mutex mu_;
  // method -> code -> calls
  absl::flat_hash_map<std::string, absl::flat_hash_map<std::string, int64_t>> calls_
      ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, Histogram> latency_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::string> types_ ABSL_GUARDED_BY(mu_);  // method -> type
  absl::flat_hash_map<std::string, int64_t> unjournaled_ ABSL_GUARDED_BY(mu_);
};

// The HTTP endpoint: GET /metrics.
class MetricsEndpoint {
 public:
  // Listens on `address` (host:port; port 0 picks one) in a thread of its own.
  static absl::StatusOr<std::unique_ptr<MetricsEndpoint>> Start(
      const std::string& address, std::function<std::string()> render);
  ~MetricsEndpoint();

  int port() const { return port_; }

 private:
  MetricsEndpoint() = default;
  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace inburgering::server
