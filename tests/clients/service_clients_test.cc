// The call policy of clients/cpp, against gRPC's generated mocks: retries only where a replay is
// safe (after the server's RetryInfo delay when it names one), request ids filled and kept across
// attempts, deadlines, the server's reason and fields, paging.

#include "clients/cpp/service_clients.h"

#include <chrono>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "clients/cpp/service_mocks.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace inburgering::clients {
namespace {

using ::testing::_;
using ::testing::Invoke;
using ::testing::Return;

grpc::Status Unavailable() { return {grpc::StatusCode::UNAVAILABLE, "connection reset"}; }

CallOptions FastRetries() {
  CallOptions options;
  options.first_backoff = std::chrono::milliseconds(1);
  return options;
}

TEST(ServiceClientsTest, ReadIsRetriedWhenUnavailable) {
  auto stub = std::make_shared<v1::MockClientServiceStub>();
  EXPECT_CALL(*stub, GetClient)
      .WillOnce(Return(Unavailable()))
      .WillOnce(Return(Unavailable()))
      .WillOnce(
          Invoke([](grpc::ClientContext*, const v1::GetClientRequest& request, v1::Client* client) {
            client->set_name(request.name());
            return grpc::Status::OK;
          }));
  ClientServiceClient clients(stub, FastRetries());
  v1::GetClientRequest request;
  request.set_name("municipalities/0303/clients/c1");
  absl::StatusOr<v1::Client> client = clients.GetClient(request);
  ASSERT_TRUE(client.ok()) << client.status();
  EXPECT_EQ(client->name(), "municipalities/0303/clients/c1");
}

TEST(ServiceClientsTest, RetriesStopAfterTheConfiguredAttempts) {
  auto stub = std::make_shared<v1::MockClientServiceStub>();
  EXPECT_CALL(*stub, GetClient).Times(3).WillRepeatedly(Return(Unavailable()));
  ClientServiceClient clients(stub, FastRetries());
  EXPECT_EQ(clients.GetClient({}).status().code(), absl::StatusCode::kUnavailable);
}

TEST(ServiceClientsTest, OtherErrorsAreNotRetried) {
  // Among them gRPC's own RESOURCE_EXHAUSTED (a message too large: no RetryInfo), which a retry
  // would only repeat.
  for (const grpc::Status& refusal :
       {grpc::Status(grpc::StatusCode::NOT_FOUND, "no such client"),
        grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "message too large")}) {
    auto stub = std::make_shared<v1::MockClientServiceStub>();
    EXPECT_CALL(*stub, GetClient).WillOnce(Return(refusal));
    ClientServiceClient clients(stub, FastRetries());
    EXPECT_EQ(clients.GetClient({}).status().code(),
              static_cast<absl::StatusCode>(refusal.error_code()));
  }
}

// A replica's refusal as the server words it (server/status_conversion.cc): RetryInfo's delay.
grpc::Status Shed(std::chrono::milliseconds delay) {
  google::rpc::Status details;
  details.set_code(grpc::StatusCode::RESOURCE_EXHAUSTED);
  google::rpc::ErrorInfo info;
  info.set_reason("LIMIT_EXCEEDED");
  details.add_details()->PackFrom(info);
  google::rpc::RetryInfo retry;
  retry.mutable_retry_delay()->set_seconds(delay.count() / 1000);
  retry.mutable_retry_delay()->set_nanos(static_cast<int32_t>(delay.count() % 1000) * 1000000);
  details.add_details()->PackFrom(retry);
  return {grpc::StatusCode::RESOURCE_EXHAUSTED, "too many calls waiting on this replica",
          details.SerializeAsString()};
}

TEST(ServiceClientsTest, ACallAReplicaShedIsRetriedAfterTheDelayItsRetryInfoNames) {
  auto stub = std::make_shared<v1::MockClientServiceStub>();
  EXPECT_CALL(*stub, GetClient)
      .WillOnce(Return(Shed(std::chrono::milliseconds(30))))
      .WillOnce(Return(grpc::Status::OK));
  ClientServiceClient clients(stub, FastRetries());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(clients.GetClient({}).ok());
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(30));
}

// The pause is `at_least` and up to a fifth more.
::testing::Matcher<std::optional<std::chrono::milliseconds>> Spread(int at_least) {
  return ::testing::Optional(
      ::testing::AllOf(::testing::Ge(std::chrono::milliseconds(at_least)),
                       ::testing::Le(std::chrono::milliseconds(at_least + at_least / 5))));
}

TEST(ServiceClientsTest, RetryAfterTakesTheServersDelayOverTheBackoffAndHoldsItToTheMaximum) {
  const std::chrono::milliseconds backoff(100);
  std::set<std::chrono::milliseconds::rep> pauses;
  for (int i = 0; i < 50; ++i) {
    const auto pause = RetryAfter(Shed(std::chrono::milliseconds(1500)), backoff);
    EXPECT_THAT(pause, Spread(1500));
    if (pause) pauses.insert(pause->count());
  }
  EXPECT_GT(pauses.size(), 10u) << "callers shed together come back spread out";
  EXPECT_EQ(RetryAfter(Shed(std::chrono::hours(1)), backoff), kMaxRetryDelay);
  EXPECT_THAT(RetryAfter(Unavailable(), backoff), Spread(100));
  grpc::Status database = Shed(std::chrono::milliseconds(1000));
  database = grpc::Status(grpc::StatusCode::UNAVAILABLE, "database", database.error_details());
  EXPECT_THAT(RetryAfter(database, backoff), Spread(1000));
  EXPECT_EQ(RetryAfter(grpc::Status(grpc::StatusCode::NOT_FOUND, ""), backoff), std::nullopt);
}

TEST(ServiceClientsTest, AShedChangeWithoutRequestIdIsNotRetried) {
  auto stub = std::make_shared<v1::MockClientServiceStub>();
  EXPECT_CALL(*stub, UpdateClient).WillOnce(Return(Shed(std::chrono::milliseconds(1))));
  ClientServiceClient clients(stub, FastRetries());
  EXPECT_EQ(clients.UpdateClient({}).status().code(), absl::StatusCode::kResourceExhausted);
}

TEST(ServiceClientsTest, ChangeWithoutRequestIdIsNotRetried) {
  auto stub = std::make_shared<v1::MockClientServiceStub>();
  EXPECT_CALL(*stub, UpdateClient).WillOnce(Return(Unavailable()));
  ClientServiceClient clients(stub, FastRetries());
  EXPECT_EQ(clients.UpdateClient({}).status().code(), absl::StatusCode::kUnavailable);
}

TEST(ServiceClientsTest, ChangeGetsOneRequestIdKeptAcrossRetries) {
  auto stub = std::make_shared<v1::MockTrajectoryServiceStub>();
  std::vector<std::string> ids;
  auto record = [&ids](grpc::ClientContext*, const v1::EstablishPlanRequest& request,
                       v1::CaseFile*) {
    ids.push_back(request.request_id());
    return ids.size() == 1 ? Unavailable() : grpc::Status::OK;
  };
  EXPECT_CALL(*stub, EstablishPlan).Times(2).WillRepeatedly(Invoke(record));
  TrajectoryServiceClient trajectories(stub, FastRetries());
  ASSERT_TRUE(trajectories.EstablishPlan({}).ok());
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_EQ(ids[0].size(), 32u);
  EXPECT_EQ(ids[0], ids[1]);

  // A caller's own request id is kept as it is.
  ids.clear();
  v1::EstablishPlanRequest mine;
  mine.set_request_id("plan-2026-0001");
  EXPECT_CALL(*stub, EstablishPlan).Times(2).WillRepeatedly(Invoke(record));
  ASSERT_TRUE(trajectories.EstablishPlan(mine).ok());
  EXPECT_THAT(ids, ::testing::ElementsAre("plan-2026-0001", "plan-2026-0001"));
}

TEST(ServiceClientsTest, EveryAttemptHasTheDefaultDeadline) {
  auto stub = std::make_shared<v1::MockReportingServiceStub>();
  EXPECT_CALL(*stub, GetCaseload)
      .WillOnce(
          Invoke([](grpc::ClientContext* context, const v1::GetCaseloadRequest&, v1::Caseload*) {
            const auto left = context->deadline() - std::chrono::system_clock::now();
            EXPECT_GT(left, std::chrono::seconds(25));
            EXPECT_LE(left, std::chrono::seconds(30));
            return grpc::Status::OK;
          }));
  ReportingServiceClient reporting(stub, CallOptions{});
  EXPECT_TRUE(reporting.GetCaseload({}).ok());
}

TEST(ServiceClientsTest, RefusalCarriesTheServersReasonAndFields) {
  google::rpc::Status details;
  details.set_code(static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  google::rpc::ErrorInfo info;
  info.set_reason("INVALID_REQUEST");
  info.set_domain("inburgering.nl");
  details.add_details()->PackFrom(info);
  google::rpc::BadRequest bad;
  auto* violation = bad.add_field_violations();
  violation->set_field("client.bsn");
  violation->set_description("must pass the eleven-test");
  details.add_details()->PackFrom(bad);
  auto stub = std::make_shared<v1::MockClientServiceStub>();
  EXPECT_CALL(*stub, CreateClient)
      .WillOnce(Return(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "invalid client",
                                    details.SerializeAsString())));
  ClientServiceClient clients(stub, FastRetries());
  absl::Status status = clients.CreateClient({}).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(status), "INVALID_REQUEST");
  EXPECT_THAT(FieldViolations(status),
              ::testing::ElementsAre(::testing::Pair("client.bsn", "must pass the eleven-test")));
  EXPECT_EQ(ErrorReason(absl::UnavailableError("no details")), "");
}

TEST(ServiceClientsTest, ForEachPageFollowsTheTokens) {
  auto stub = std::make_shared<v1::MockClientServiceStub>();
  EXPECT_CALL(*stub, ListClients)
      .Times(3)
      .WillRepeatedly(Invoke([](grpc::ClientContext*, const v1::ListClientsRequest& request,
                                v1::ListClientsResponse* response) {
        const int page = request.page_token().empty() ? 0 : std::stoi(request.page_token());
        response->add_clients()->set_name("municipalities/0303/clients/" + std::to_string(page));
        if (page < 2) response->set_next_page_token(std::to_string(page + 1));
        return grpc::Status::OK;
      }));
  ClientServiceClient clients(stub, FastRetries());
  std::vector<std::string> names;
  absl::Status status = ForEachPage(
      v1::ListClientsRequest{}, [&](const auto& r) { return clients.ListClients(r); },
      [&](const v1::ListClientsResponse& page) {
        for (const auto& c : page.clients()) names.push_back(c.name());
        return true;
      });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_THAT(names, ::testing::ElementsAre("municipalities/0303/clients/0",
                                            "municipalities/0303/clients/1",
                                            "municipalities/0303/clients/2"));
}

}  // namespace
}  // namespace inburgering::clients
