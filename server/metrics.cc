#include "server/metrics.h"

#include <httplib.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "grpcpp/grpcpp.h"

namespace inburgering::server {

void Metrics::ObserveCall(const std::string& method, const char* type, const char* code,
                          absl::Duration latency) {
  const double seconds = absl::ToDoubleSeconds(latency);
  absl::MutexLock lock(&mu_);
  ++calls_[method][code];
  if (types_[method].empty()) types_[method] = type;
  Histogram& h = latency_[method];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::CountUnjournaled(const char* reason) {
  absl::MutexLock lock(&mu_);
  ++unjournaled_[reason];
}

std::string Metrics::Render(const Gauges& g) const {
  std::string out;
  absl::MutexLock lock(&mu_);
  std::vector<std::string> methods;
  methods.reserve(calls_.size());
  for (const auto& [method, codes] : calls_) methods.push_back(method);
  std::sort(methods.begin(), methods.end());
  // One family of call counts and latencies: `labels` names a method, `code` the code's label.
  auto family = [&](const char* calls, const char* calls_help, const char* latency,
                    const char* code, auto labels) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    absl::StrAppendFormat(&out, "# HELP %s %s\n# TYPE %s counter\n", calls, calls_help, calls);
    for (const std::string& method : methods) {
      std::vector<std::pair<std::string, int64_t>> codes(calls_.at(method).begin(),
                                                         calls_.at(method).end());
      std::sort(codes.begin(), codes.end());
      for (const auto& [name, n] : codes) {
        absl::StrAppendFormat(&out, "%s{%s,%s=\"%s\"} %d\n", calls, labels(method), code, name, n);
      }
    }
    absl::StrAppendFormat(
        &out, "# HELP %s Time from a call's start to its status.\n# TYPE %s histogram\n", latency,
        latency);
    for (const std::string& method : methods) {
      const Histogram& h = latency_.at(method);
      const std::string l = labels(method);
      for (size_t i = 0; i < kBuckets.size(); ++i) {
        absl::StrAppendFormat(&out, "%s_bucket{%s,le=\"%g\"} %d\n", latency, l, kBuckets[i],
                              h.buckets[i]);
      }
      absl::StrAppendFormat(&out,
                            "%s_bucket{%s,le=\"+Inf\"} %d\n%s_sum{%s} %.6f\n%s_count{%s} %d\n",
                            latency, l, h.count, latency, l, h.sum, latency, l, h.count);
    }
  };
  // Named and labelled as go-grpc-prometheus and grpc-ecosystem's dashboards expect.
  family("grpc_server_handled_total", "RPCs completed on the server, by code.",
         "grpc_server_handling_seconds", "grpc_code",
         [&](const std::string& method) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
           const size_t slash = method.rfind('/');
           const std::string service =
               slash == std::string::npos ? "" : method.substr(1, slash - 1);
           const std::string name = slash == std::string::npos ? method : method.substr(slash + 1);
           return absl::StrFormat("grpc_type=\"%s\",grpc_service=\"%s\",grpc_method=\"%s\"",
                                  types_.at(method), service, name);
         });
  // The names of the first release, kept for one more (docs/operations.md).
  family("inburgering_rpc_calls_total", "gRPC calls handled, by method and code.",
         "inburgering_rpc_latency_seconds", "code",
         [](const std::string& method) { return absl::StrFormat("method=\"%s\"", method); });
  absl::StrAppendFormat(&out,
                        "# HELP inburgering_build_info The running build: its version, gRPC's.\n"
                        "# TYPE inburgering_build_info gauge\n"
                        "inburgering_build_info{version=\"%s\",grpc_version=\"%s\"} 1\n",
                        INBURGERING_VERSION, grpc::Version());
  absl::StrAppend(&out,
                  "# HELP inburgering_calls_unjournaled_total API calls that left no audit "
                  "record: refused by gRPC before their handler (worker limit, message size), or "
                  "their journal could not be written.\n"
                  "# TYPE inburgering_calls_unjournaled_total counter\n");
  for (const char* reason : {"journal_unavailable", "refused_before_handler"}) {
    auto it = unjournaled_.find(reason);
    absl::StrAppendFormat(&out, "inburgering_calls_unjournaled_total{reason=\"%s\"} %d\n", reason,
                          it == unjournaled_.end() ? 0 : it->second);
  }
  absl::StrAppendFormat(
      &out,
      "# HELP inburgering_db_pool_sessions Database sessions in the pool.\n"
      "# TYPE inburgering_db_pool_sessions gauge\ninburgering_db_pool_sessions %d\n"
      "# HELP inburgering_db_pool_in_use Database sessions leased now.\n"
      "# TYPE inburgering_db_pool_in_use gauge\ninburgering_db_pool_in_use %d\n"
      "# HELP inburgering_db_pool_waiting Calls waiting for a database session now.\n"
      "# TYPE inburgering_db_pool_waiting gauge\ninburgering_db_pool_waiting %d\n"
      "# HELP inburgering_db_errors_total Database errors since the process started.\n"
      "# TYPE inburgering_db_errors_total counter\ninburgering_db_errors_total %d\n"
      "# HELP inburgering_event_streams WatchEvents streams open on this replica.\n"
      "# TYPE inburgering_event_streams gauge\ninburgering_event_streams %d\n",
      g.pool_size, g.pool_in_use, g.pool_waiting, g.database_errors, g.event_streams);
  absl::StrAppendFormat(&out,
                        "# HELP inburgering_db_change_commits_total Durable commits of changes "
                        "(SQLite; concurrent changes share one).\n"
                        "# TYPE inburgering_db_change_commits_total counter\n"
                        "inburgering_db_change_commits_total %d\n"
                        "# HELP inburgering_db_changes_committed_total Changes those commits "
                        "carried (SQLite).\n"
                        "# TYPE inburgering_db_changes_committed_total counter\n"
                        "inburgering_db_changes_committed_total %d\n"
                        "# HELP inburgering_db_journal_commits_total Transactions that wrote the "
                        "audit and processing records of reads and refusals (concurrent calls "
                        "share one).\n"
                        "# TYPE inburgering_db_journal_commits_total counter\n"
                        "inburgering_db_journal_commits_total %d\n"
                        "# HELP inburgering_db_journals_committed_total Calls whose records those "
                        "transactions carried.\n"
                        "# TYPE inburgering_db_journals_committed_total counter\n"
                        "inburgering_db_journals_committed_total %d\n",
                        g.change_commits, g.changes_committed, g.journal_commits,
                        g.journals_committed);
  if (g.duo_reports_to_send >= 0) {
    absl::StrAppendFormat(&out,
                          "# HELP inburgering_duo_reports_to_send DUO report items waiting to be "
                          "registered in DUO's portal.\n"
                          "# TYPE inburgering_duo_reports_to_send gauge\n"
                          "inburgering_duo_reports_to_send %d\n",
                          g.duo_reports_to_send);
  }
  return out;
}

absl::StatusOr<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(
    const std::string& address, std::function<std::string()> render) {
  const size_t colon = address.rfind(':');
  int port = -1;
  if (colon == std::string::npos || !absl::SimpleAtoi(address.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError("--metrics-listen: must be host:port");
  }
  std::unique_ptr<MetricsEndpoint> endpoint(new MetricsEndpoint());
  endpoint->http_ = std::make_unique<httplib::Server>();
  endpoint->http_->Get("/metrics", [render = std::move(render)](const httplib::Request&,
                                                                httplib::Response& response) {
    response.set_content(render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  const std::string host = address.substr(0, colon);
  endpoint->port_ = port == 0 ? endpoint->http_->bind_to_any_port(host)
                              : (endpoint->http_->bind_to_port(host, port) ? port : -1);
  if (endpoint->port_ <= 0) {
    return absl::UnavailableError("--metrics-listen: cannot listen on that address");
  }
  endpoint->thread_ = std::thread([raw = endpoint->http_.get()] { raw->listen_after_bind(); });
  return endpoint;
}

MetricsEndpoint::~MetricsEndpoint() {
  if (http_) http_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace inburgering::server
