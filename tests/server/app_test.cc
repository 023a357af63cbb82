// The server's life: health, readiness and the SIGTERM sequence.

#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "persistence/migrations.h"
#include "server/logging.h"
#include "tests/testing/test_server.h"

namespace inburgering::server {
namespace {

using ::grpc::health::v1::Health;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;
using ::inburgering::testing::AllBackends;
using ::inburgering::testing::BackendParamName;
using ::inburgering::testing::TestServer;

HealthCheckResponse::ServingStatus Check(Health::Stub& stub, const std::string& service) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  HealthCheckRequest request;
  request.set_service(service);
  HealthCheckResponse response;
  grpc::Status status = stub.Check(&context, request, &response);
  return status.ok() ? response.status() : HealthCheckResponse::UNKNOWN;
}

// Polls until `service` reports `want`, for at most `limit`.
bool WaitFor(Health::Stub& stub, const std::string& service,
             HealthCheckResponse::ServingStatus want, absl::Duration limit) {
  const absl::Time end = absl::Now() + limit;
  while (absl::Now() < end) {
    if (Check(stub, service) == want) return true;
    absl::SleepFor(absl::Milliseconds(20));
  }
  return false;
}

class AppTest : public ::testing::TestWithParam<persistence::Backend> {};

TEST_P(AppTest, LivenessAndReadinessServeOnceTheDatabaseIsMigrated) {
  TestServer server(GetParam());
  auto health = Health::NewStub(server.channel());
  EXPECT_EQ(Check(*health, "liveness"), HealthCheckResponse::SERVING);
  EXPECT_TRUE(WaitFor(*health, "readiness", HealthCheckResponse::SERVING, absl::Seconds(5)));
  EXPECT_EQ(Check(*health, ""), HealthCheckResponse::SERVING);
}

TEST_P(AppTest, ReadinessWaitsForPendingMigrations) {
  auto config = TestServer::DefaultConfig();
  config.migrate_on_start = false;
  TestServer server(GetParam(), config);
  auto health = Health::NewStub(server.channel());
  EXPECT_EQ(Check(*health, "liveness"), HealthCheckResponse::SERVING);
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(Check(*health, "readiness"), HealthCheckResponse::NOT_SERVING);
  ASSERT_TRUE(persistence::Migrate(server.app().database()).ok());
  EXPECT_TRUE(WaitFor(*health, "readiness", HealthCheckResponse::SERVING, absl::Seconds(5)));
}

TEST_P(AppTest, ShutdownTurnsReadinessOffFirstThenStopsWithinTheGracePeriod) {
  auto config = TestServer::DefaultConfig();
  config.drain_delay = absl::Milliseconds(600);
  config.shutdown_grace = absl::Seconds(3);
  TestServer server(GetParam(), config);
  auto health = Health::NewStub(server.channel());
  ASSERT_TRUE(WaitFor(*health, "readiness", HealthCheckResponse::SERVING, absl::Seconds(5)));

  const absl::Time start = absl::Now();
  auto stopped = std::async(std::launch::async, [&] { server.app().Shutdown(); });
  // During the drain delay the server still answers, and says it is not ready.
  EXPECT_TRUE(WaitFor(*health, "readiness", HealthCheckResponse::NOT_SERVING, absl::Seconds(1)));
  stopped.get();
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
}

INSTANTIATE_TEST_SUITE_P(Backends, AppTest, ::testing::ValuesIn(AllBackends()), BackendParamName());

}  // namespace
}  // namespace inburgering::server

namespace inburgering::server {
namespace {

TEST(AppStartTest, AFailedStartReportsTheCauseAndCleansUp) {
  ServerConfig config = testing::TestServer::DefaultConfig();
  config.listen = "127.0.0.1:0";
  config.database_url = "sqlite:/nonexistent-folder/inburgering.db";
  auto app = App::Start(config, std::make_unique<testing::FakeClock>());
  EXPECT_EQ(app.status().code(), absl::StatusCode::kUnavailable);
}

// A Health/Watch stream the caller's deadline ends is logged as DEADLINE_EXCEEDED (it was logged
// UNKNOWN: gRPC's health service ends the stream without a status of its own).
TEST(CallLogTest, AHealthWatchEndedByTheCallersDeadlineIsLoggedAsSuch) {
  TestServer server(persistence::Backend::kSqlite);
  std::string logs;
  SetLogObserverForTesting([&](absl::string_view line) {
    if (absl::StrContains(line, "Health/Watch")) logs.append(line.data(), line.size());
  });
  auto health = Health::NewStub(server.channel());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(300));
  HealthCheckRequest request;
  request.set_service("liveness");
  auto stream = health->Watch(&context, request);
  HealthCheckResponse response;
  while (stream->Read(&response)) {
  }
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  for (int i = 0; i < 100 && !absl::StrContains(logs, "\"code\""); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  SetLogObserverForTesting(nullptr);
  EXPECT_TRUE(absl::StrContains(logs, "\"code\":\"DEADLINE_EXCEEDED\"")) << logs;
}

}  // namespace
}  // namespace inburgering::server
