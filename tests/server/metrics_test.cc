// The Prometheus endpoint (--metrics-listen), scraped after some calls, on SQLite and PostgreSQL.

#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/scenario.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::CallerContext;
using ::inburgering::testing::Ok;
using ::inburgering::testing::ProtoDate;
using ::inburgering::testing::Scenario;
using ::inburgering::testing::SeriesBsn;
using ::testing::HasSubstr;

ServerConfig WithMetrics() {
  ServerConfig config = testing::TestServer::DefaultConfig();
  config.metrics_listen = "127.0.0.1:0";
  return config;
}

class MetricsTest : public ::testing::TestWithParam<persistence::Backend> {
 protected:
  MetricsTest() : s_(GetParam(), WithMetrics()) {}

  std::string Scrape() {
    httplib::Client http("127.0.0.1", s_.server().app().metrics_port());
    const auto response = http.Get("/metrics");
    EXPECT_TRUE(response) << "no answer from the metrics port";
    if (!response) return "";
    EXPECT_EQ(response->status, 200);
    EXPECT_THAT(response->get_header_value("Content-Type"), HasSubstr("text/plain"));
    return response->body;
  }

  // The value of the unlabelled series `name` in `text`; -1 when it is missing.
  static int64_t Sample(const std::string& text, const std::string& name) {
    const size_t at = text.find("\n" + name + " ");
    if (at == std::string::npos) return -1;
    return std::strtoll(text.c_str() + at + name.size() + 2, nullptr, 10);
  }

  Scenario s_;
};

TEST_P(MetricsTest, AScrapeCountsCallsByMethodAndCodeWithLatencyAndThePool) {
  s_.Today(2025, 6, 2);
  v1::CaseFile file = s_.NewTrajectory(
      s_.NewClient(SeriesBsn(1), v1::TARGET_GROUP_FAMILY_MIGRANT, ProtoDate(2025, 1, 6)));
  ASSERT_THAT(s_.CompleteIntake(file, ProtoDate(2025, 2, 3)), Ok());
  ASSERT_THAT(s_.Establish(file, ProtoDate(2025, 3, 10)), Ok());  // one DUO item to send
  v1::GetClientRequest missing;
  missing.set_name("municipalities/0303/clients/nobody");
  v1::Client client;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(s_.clients()
                  .GetClient(CallerContext("consultant", "0303").get(), missing, &client)
                  .error_code(),
              grpc::StatusCode::NOT_FOUND);
  }
  const std::string text = Scrape();
  EXPECT_THAT(text, HasSubstr("# TYPE inburgering_rpc_calls_total counter\n"));
  EXPECT_THAT(text, HasSubstr("inburgering_rpc_calls_total{method=\"/inburgering.v1.ClientService/"
                              "GetClient\",code=\"NOT_FOUND\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("inburgering_rpc_calls_total{method=\"/inburgering.v1."
                              "TrajectoryService/EstablishPlan\",code=\"OK\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE inburgering_rpc_latency_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr("inburgering_rpc_latency_seconds_bucket{method=\"/inburgering.v1."
                              "ClientService/GetClient\",le=\"+Inf\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("inburgering_rpc_latency_seconds_count{method=\"/inburgering.v1."
                              "ClientService/GetClient\"} 3\n"));
  // The names and labels of the gRPC ecosystem's stock dashboards.
  EXPECT_THAT(text, HasSubstr("# TYPE grpc_server_handled_total counter\n"));
  EXPECT_THAT(text, HasSubstr("grpc_server_handled_total{grpc_type=\"unary\",grpc_service=\""
                              "inburgering.v1.ClientService\",grpc_method=\"GetClient\","
                              "grpc_code=\"NOT_FOUND\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("grpc_server_handling_seconds_count{grpc_type=\"unary\","
                              "grpc_service=\"inburgering.v1.ClientService\",grpc_method=\""
                              "GetClient\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("inburgering_db_pool_sessions 4\n"));
  EXPECT_THAT(text, HasSubstr("inburgering_db_pool_in_use 0\n"));
  EXPECT_THAT(text, HasSubstr("inburgering_db_pool_waiting 0\n"));
  EXPECT_THAT(text, HasSubstr("inburgering_event_streams 0\n"));
  EXPECT_THAT(text, HasSubstr("inburgering_duo_reports_to_send 1\n"));
  EXPECT_THAT(text, HasSubstr("inburgering_db_errors_total "));
  // SQLite's group commit: the four changes above (and the reads' journals) in as many commits
  // or fewer; PostgreSQL commits each change itself and counts none here.
  const int64_t commits = Sample(text, "inburgering_db_change_commits_total");
  const int64_t changes = Sample(text, "inburgering_db_changes_committed_total");
  if (GetParam() == persistence::Backend::kSqlite) {
    EXPECT_GE(changes, 4);
    EXPECT_GE(commits, 1);
    EXPECT_LE(commits, changes);
  } else {
    EXPECT_EQ(changes, 0);
    EXPECT_EQ(commits, 0);
  }
  // The reads' journals (the three NOT_FOUNDs above, on both backends) in as many commits or
  // fewer, each carrying at least one.
  const int64_t journal_commits = Sample(text, "inburgering_db_journal_commits_total");
  const int64_t journals = Sample(text, "inburgering_db_journals_committed_total");
  EXPECT_GE(journals, 3);
  EXPECT_GE(journal_commits, 1);
  EXPECT_LE(journal_commits, journals);
  EXPECT_THAT(text, HasSubstr(absl::StrCat("inburgering_build_info{version=\"", INBURGERING_VERSION,
                                           "\",grpc_version=\"")));
  // No personal data: client ids and BSNs never appear in metrics.
  EXPECT_THAT(text, ::testing::Not(HasSubstr(SeriesBsn(1))));
}

// A2: a call refused by gRPC before its handler (at the worker limit) leaves no audit record: it
// is counted instead, and journaled calls are not.
TEST(UnjournaledCallsTest, CallsRefusedAtTheWorkerLimitAreCounted) {
  ServerConfig config = WithMetrics();
  config.worker_threads = 2;
  testing::TestServer server(persistence::Backend::kSqlite, config);
  auto clients = server.clients();
  std::atomic<int> refused{0};
  for (int round = 0; round < 20 && refused.load() == 0; ++round) {
    std::vector<std::thread> callers;
    for (int i = 0; i < 32; ++i) {
      callers.emplace_back([&] {
        v1::GetClientRequest missing;
        missing.set_name("municipalities/0303/clients/nobody");
        v1::Client client;
        const grpc::StatusCode code =
            clients->GetClient(CallerContext("consultant", "0303").get(), missing, &client)
                .error_code();
        if (code == grpc::StatusCode::RESOURCE_EXHAUSTED) ++refused;
      });
    }
    for (std::thread& t : callers) t.join();
  }
  ASSERT_GT(refused.load(), 0) << "no call reached the worker limit";
  httplib::Client http("127.0.0.1", server.app().metrics_port());
  const auto response = http.Get("/metrics");
  ASSERT_TRUE(response);
  EXPECT_THAT(response->body,
              HasSubstr(absl::StrCat(
                  "inburgering_calls_unjournaled_total{reason=\"refused_before_handler\"} ",
                  refused.load(), "\n")));
  EXPECT_THAT(response->body,
              HasSubstr("inburgering_calls_unjournaled_total{reason=\"journal_unavailable\"} 0\n"));
}

INSTANTIATE_TEST_SUITE_P(Backends, MetricsTest, ::testing::ValuesIn(testing::AllBackends()),
                         testing::BackendParamName());

}  // namespace
}  // namespace inburgering::server
