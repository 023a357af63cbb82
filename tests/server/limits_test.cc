// Limits (S5 of quality.md): oversized messages, metadata and page sizes are refused or capped,
// and the server stays up.

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "gtest/gtest.h"
#include "soci/soci.h"
#include "tests/testing/test_server.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::CallerContext;
using ::inburgering::testing::DecodeError;
using ::inburgering::testing::RpcError;
using ::inburgering::testing::TestServer;

bool Alive(TestServer& server) {
  // A new connection of its own: the refused call may have reset the test's shared one, whose
  // reconnect backoff says nothing about the server.
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  auto channel = grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", server.app().port()),
                                           grpc::InsecureChannelCredentials(), args);
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_wait_for_ready(true);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service("liveness");
  grpc::health::v1::HealthCheckResponse response;
  return health->Check(&context, request, &response).ok() &&
         response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

class LimitsTest : public ::testing::TestWithParam<persistence::Backend> {};

TEST_P(LimitsTest, MessageOverFourMebibytesIsRefused) {
  TestServer server(GetParam());
  v1::CreateConsultantRequest request;
  request.set_parent("municipalities/0303");
  request.mutable_consultant()->set_display_name(std::string(4 * 1024 * 1024 + 1, 'x'));
  v1::Consultant out;
  const grpc::StatusCode code =
      server.clients()
          ->CreateConsultant(CallerContext("admin", "*").get(), request, &out)
          .error_code();
  EXPECT_EQ(code, grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_TRUE(Alive(server));
}

TEST_P(LimitsTest, SixtyFourKibibytesOfMetadataAreRefused) {
  TestServer server(GetParam());
  auto context = CallerContext("admin", "*");
  context->AddMetadata("x-padding", std::string(64 * 1024, 'x'));
  v1::ListConsultantsRequest request;
  request.set_parent("municipalities/0303");
  v1::ListConsultantsResponse out;
  const grpc::StatusCode code =
      server.clients()->ListConsultants(context.get(), request, &out).error_code();
  EXPECT_TRUE(code == grpc::StatusCode::RESOURCE_EXHAUSTED ||
              code == grpc::StatusCode::INVALID_ARGUMENT || code == grpc::StatusCode::INTERNAL)
      << code;
  EXPECT_NE(code, grpc::StatusCode::OK);
  EXPECT_TRUE(Alive(server));
}

TEST_P(LimitsTest, AMillionPageSizeIsCappedAtFiveHundred) {
  TestServer server(GetParam());
  for (int i = 0; i < 501; ++i) {
    v1::CreateConsultantRequest create;
    create.set_parent("municipalities/0303");
    create.mutable_consultant()->set_display_name("c" + std::to_string(i));
    v1::Consultant out;
    ASSERT_TRUE(
        server.clients()->CreateConsultant(CallerContext("admin", "*").get(), create, &out).ok());
  }
  v1::ListConsultantsRequest request;
  request.set_parent("municipalities/0303");
  request.set_page_size(1000000);
  v1::ListConsultantsResponse out;
  ASSERT_TRUE(
      server.clients()->ListConsultants(CallerContext("admin", "*").get(), request, &out).ok());
  EXPECT_EQ(out.consultants_size(), 500);
  EXPECT_FALSE(out.next_page_token().empty());
}

// S9: eight slow lists at once cannot starve other callers' reads. Each list is made slow as the
// phase filter was before its index (SQLite then read every trajectory in the phase for each
// client): lists and reports share a lane that leaves sessions for point reads, and each call's
// budget interrupts its statements when it ends. SQLite only: the slowness is SQLite's plan.
// Makes every list of municipality 0303 filtered on a phase slow (4,000 clients, each looked up
// among 4,000 trajectories without an index) and returns the client it created first.
v1::Client MakeListsSlow(TestServer& server) {
  v1::Client client;
  EXPECT_TRUE(server.clients()
                  ->CreateClient(CallerContext("consultant", "0303").get(),
                                 ::inburgering::testing::ClientRequest("111222333"), &client)
                  .ok());
  const std::string client_id = client.name().substr(client.name().rfind('/') + 1);
  auto lease = server.app().database().Acquire();
  EXPECT_TRUE(lease.ok());
  if (!lease.ok()) return client;
  soci::session& sql = lease->session();
  sql << "INSERT INTO clients (municipality, id, bsn, given_names, family_name, birth_date,"
         " target_group, regime, source, create_time, update_time, version)"
         " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)"
         " SELECT '0303', 'bulk' || i, 'b' || i, 'Test', 'Name' || printf('%05d', i),"
         " '1990-01-01', 'ASYLUM_STATUS_HOLDER', 'WI2021', 'COA_LINK', 0, 0, 1 FROM n";
  sql << "INSERT INTO trajectories (municipality, client_id, id, phase, document, create_time,"
         " update_time, version)"
         " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)"
         " SELECT '0303', :client, 'bulk' || i, 'PROGRAMME', '{}', 0, 0, 1 FROM n",
      soci::use(client_id);
  sql << "DROP INDEX trajectories_by_client_phase";
  sql << "DROP INDEX trajectories_by_client";
  return client;
}

v1::ListClientsRequest SlowList() {
  v1::ListClientsRequest slow;
  slow.set_parent("municipalities/0303");
  slow.set_page_size(500);
  slow.set_phase(v1::TRAJECTORY_PHASE_PROGRAMME);
  return slow;
}

// `n` slow lists at once, each from a thread of its own; Join() waits for their answers.
struct SlowLists {
  SlowLists(v1::ClientService::Stub& clients, int n)
      : codes(n), errors(n), took(n), retry_pushback(n) {
    threads.reserve(n);
    for (int i = 0; i < n; ++i) {
      threads.emplace_back([this, &clients, i] {
        v1::ListClientsResponse response;
        const absl::Time start = absl::Now();
        auto context = CallerContext("consultant", "0303");
        const grpc::Status status = clients.ListClients(context.get(), SlowList(), &response);
        codes[i] = status.error_code();
        errors[i] = DecodeError(status);
        took[i] = absl::Now() - start;
        const auto& trailers = context->GetServerTrailingMetadata();
        const auto pushback = trailers.find("grpc-retry-pushback-ms");
        if (pushback != trailers.end()) {
          retry_pushback[i] = std::string(pushback->second.data(), pushback->second.size());
        }
      });
    }
  }
  void Join() {
    for (std::thread& t : threads) t.join();
  }
  std::vector<grpc::StatusCode> codes;
  std::vector<RpcError> errors;
  std::vector<absl::Duration> took;
  std::vector<std::string> retry_pushback;  // the trailer gRPC's own retry policies read
  std::vector<std::thread> threads;
};

TEST(SlowListTest, EightSlowListsCannotStarveOtherCallersReads) {
  ServerConfig config = TestServer::DefaultConfig();
  config.pool_size = 8;
  config.call_budget = absl::Seconds(1);
  TestServer server(persistence::Backend::kSqlite, config);
  auto clients = server.clients();
  const v1::Client client = MakeListsSlow(server);
  SlowLists lists(*clients, 8);
  absl::SleepFor(absl::Milliseconds(100));
  absl::Duration slowest_read;
  for (int i = 0; i < 20; ++i) {
    v1::GetClientRequest get;
    get.set_name(client.name());
    v1::Client read;
    auto context = CallerContext("consultant", "0303");
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    const absl::Time start = absl::Now();
    EXPECT_TRUE(clients->GetClient(context.get(), get, &read).ok());
    slowest_read = std::max(slowest_read, absl::Now() - start);
  }
  lists.Join();
  EXPECT_LT(slowest_read, absl::Milliseconds(500));
  int cut = 0;
  for (int i = 0; i < 8; ++i) {
    const grpc::StatusCode code = lists.codes[i];
    EXPECT_TRUE(code == grpc::StatusCode::OK || code == grpc::StatusCode::DEADLINE_EXCEEDED)
        << code;
    EXPECT_LT(lists.took[i], absl::Seconds(3));  // the budget, not the 4,000 x 4,000 rows
    cut += code == grpc::StatusCode::DEADLINE_EXCEEDED;
  }
  EXPECT_GE(cut, 1);
}

// Reads beyond what the server's database threads can take and --worker-threads may queue are
// refused RESOURCE_EXHAUSTED at once (as the synchronous server refuses calls beyond its
// threads), not queued for ever; the ones taken are answered.
TEST(SlowListTest, ReadsBeyondTheQueueAreRefusedAtOnce) {
  ServerConfig config = TestServer::DefaultConfig();
  config.pool_size = 2;       // lists and reports: one database thread
  config.worker_threads = 2;  // and two lists waiting for it
  config.call_budget = absl::Seconds(1);
  TestServer server(persistence::Backend::kSqlite, config);
  auto clients = server.clients();
  MakeListsSlow(server);
  constexpr int kLists = 8;
  SlowLists lists(*clients, kLists);
  lists.Join();
  int refused = 0;
  for (int i = 0; i < kLists; ++i) {
    const grpc::StatusCode code = lists.codes[i];
    if (code != grpc::StatusCode::RESOURCE_EXHAUSTED) {
      EXPECT_TRUE(code == grpc::StatusCode::OK || code == grpc::StatusCode::DEADLINE_EXCEEDED)
          << code;
      EXPECT_EQ(lists.retry_pushback[i], "");  // a call's own budget: not retried as it is
      continue;
    }
    ++refused;
    EXPECT_LT(lists.took[i], absl::Milliseconds(500)) << "a refusal waited";
    // Told as every refusal is: why (ErrorInfo), and when to try again (RetryInfo).
    EXPECT_EQ(lists.errors[i].reason, "LIMIT_EXCEEDED");
    EXPECT_EQ(lists.errors[i].domain, "inburgering.v1");
    EXPECT_EQ(lists.errors[i].retry_delay, absl::Seconds(1));
    EXPECT_EQ(lists.retry_pushback[i], "1000");
  }
  // One runs, two wait: the other five are refused (more if the lists arrive after others end).
  EXPECT_GE(refused, kLists - 3);
  EXPECT_LT(refused, kLists);
  EXPECT_TRUE(Alive(server));
}

INSTANTIATE_TEST_SUITE_P(Backends, LimitsTest,
                         ::testing::ValuesIn(::inburgering::testing::AllBackends()),
                         ::inburgering::testing::BackendParamName());

}  // namespace
}  // namespace inburgering::server
