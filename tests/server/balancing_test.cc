// Connections that balance over replicas: a client with round_robin (the service config
// docs/operations.md gives in-cluster callers) reaches every replica, and the server closes a
// connection after --max-connection-age, so that long-lived clients reconnect and spread out.

#include <chrono>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "gtest/gtest.h"
#include "soci/soci.h"
#include "tests/testing/test_server.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::CallerContext;
using ::inburgering::testing::TestServer;

int Calls(TestServer& server) {
  auto lease = server.app().database().Acquire();
  int count = -1;
  lease->session() << "SELECT count(*) FROM audit_records WHERE action = 'ListConsultants'",
      soci::into(count);
  return count;
}

bool List(v1::ClientService::Stub& stub) {
  v1::ListConsultantsRequest request;
  request.set_parent("municipalities/0303");
  v1::ListConsultantsResponse response;
  return stub.ListConsultants(CallerContext("consultant", "0303").get(), request, &response).ok();
}

TEST(BalancingTest, ARoundRobinClientReachesEveryReplica) {
  TestServer a(persistence::Backend::kSqlite);
  TestServer b(persistence::Backend::kSqlite);
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(R"({"loadBalancingConfig": [{"round_robin": {}}]})");
  auto channel = grpc::CreateCustomChannel(
      absl::StrCat("ipv4:127.0.0.1:", a.app().port(), ",127.0.0.1:", b.app().port()),
      grpc::InsecureChannelCredentials(), args);
  auto stub = v1::ClientService::NewStub(channel);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(List(*stub));
  EXPECT_GE(Calls(a), 3);
  EXPECT_GE(Calls(b), 3);
  EXPECT_EQ(Calls(a) + Calls(b), 10);
}

TEST(BalancingTest, AConnectionIsClosedAfterItsMaximumAgeAndCallsGoOn) {
  ServerConfig config = TestServer::DefaultConfig();
  config.max_connection_age = absl::Seconds(1);
  config.max_connection_age_grace = absl::Milliseconds(500);
  TestServer server(persistence::Backend::kSqlite, config);
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  auto channel = grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", server.app().port()),
                                           grpc::InsecureChannelCredentials(), args);
  auto stub = v1::ClientService::NewStub(channel);
  ASSERT_TRUE(List(*stub));
  EXPECT_EQ(channel->GetState(false), GRPC_CHANNEL_READY);
  // Past the age and its grace (with gRPC's jitter of up to 10 %): the server sent GOAWAY and
  // closed the connection; the channel is idle until the next call connects again.
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_NE(channel->GetState(false), GRPC_CHANNEL_READY);
  EXPECT_TRUE(List(*stub));
  EXPECT_EQ(Calls(server), 2);
}

}  // namespace
}  // namespace inburgering::server
