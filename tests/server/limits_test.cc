// Limits (S5 of quality.md): oversized messages, metadata and page sizes are refused or capped,
// and the server stays up.

#include <string>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"
#include "gtest/gtest.h"
#include "tests/testing/test_server.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::CallerContext;
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

INSTANTIATE_TEST_SUITE_P(Backends, LimitsTest,
                         ::testing::ValuesIn(::inburgering::testing::AllBackends()),
                         ::inburgering::testing::BackendParamName());

}  // namespace
}  // namespace inburgering::server
