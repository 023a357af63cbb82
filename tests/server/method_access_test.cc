// Who may call each RPC is checked before its request is validated (issue: "check who may call
// first"): a caller without the role learns nothing of what a valid request looks like.

#include "server/method_access.h"

#include <string>

#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "inburgering/v1/client_service.grpc.pb.h"
#include "inburgering/v1/duo_service.grpc.pb.h"
#include "inburgering/v1/enforcement_service.grpc.pb.h"
#include "inburgering/v1/event_service.grpc.pb.h"
#include "inburgering/v1/privacy_service.grpc.pb.h"
#include "inburgering/v1/provider_service.grpc.pb.h"
#include "inburgering/v1/reporting_service.grpc.pb.h"
#include "inburgering/v1/trajectory_service.grpc.pb.h"
#include "tests/testing/test_server.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::CallerContext;
using ::inburgering::testing::TestServer;

TEST(MethodAccessTest, EveryRpcOfTheApiHasARoleRule) {
  int methods = 0;
  for (const char* name : ::inburgering::testing::kApiServices) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            std::string("inburgering.v1.") + name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor* method = service->method(i);
      EXPECT_TRUE(AccessOf(method->input_type()->name()).has_value()) << method->full_name();
      ++methods;
    }
  }
  EXPECT_EQ(methods, 66);
  EXPECT_FALSE(AccessOf("Client").has_value());
}

class RoleBeforeValidationTest : public ::testing::TestWithParam<persistence::Backend> {};

// An empty (invalid) request from a role that may not call the RPC answers PERMISSION_DENIED,
// not INVALID_ARGUMENT; the same request from a role that may answers INVALID_ARGUMENT.
TEST_P(RoleBeforeValidationTest, AnInvalidRequestFromTheWrongRoleIsPermissionDenied) {
  TestServer server(GetParam());
  auto clients = server.clients();
  auto trajectories = v1::TrajectoryService::NewStub(server.channel());
  auto privacy = v1::PrivacyService::NewStub(server.channel());
  v1::Client client;
  v1::Consultant consultant;
  v1::CaseFile file;
  v1::ListProcessingRecordsResponse records;

  EXPECT_EQ(clients
                ->CreateClient(CallerContext("reporting", "0303").get(), v1::CreateClientRequest(),
                               &client)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(clients
                ->CreateClient(CallerContext("consultant", "0303").get(), v1::CreateClientRequest(),
                               &client)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(clients
                ->CreateConsultant(CallerContext("consultant", "0303").get(),
                                   v1::CreateConsultantRequest(), &consultant)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(
      trajectories
          ->GetCaseFile(CallerContext("integration", "0303").get(), v1::GetCaseFileRequest(), &file)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(trajectories
                ->EstablishPlan(CallerContext("reporting", "0303").get(),
                                v1::EstablishPlanRequest(), &file)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(privacy
                ->ListProcessingRecords(CallerContext("consultant", "0303").get(),
                                        v1::ListProcessingRecordsRequest(), &records)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

INSTANTIATE_TEST_SUITE_P(Backends, RoleBeforeValidationTest,
                         ::testing::ValuesIn(::inburgering::testing::AllBackends()),
                         ::inburgering::testing::BackendParamName());

}  // namespace
}  // namespace inburgering::server
