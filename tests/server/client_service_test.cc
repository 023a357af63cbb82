// ClientService through the generated stub against the real server, on SQLite and PostgreSQL.

#include <future>
#include <set>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/logging.h"
#include "soci/soci.h"
#include "tests/testing/test_server.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::AllBackends;
using ::inburgering::testing::BackendParamName;
using ::inburgering::testing::CallerContext;
using ::inburgering::testing::DecodeError;
using ::inburgering::testing::TestServer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

class ClientServiceTest : public ::testing::TestWithParam<persistence::Backend> {
 protected:
  ClientServiceTest() : server_(GetParam()), stub_(server_.clients()) {}

  v1::Consultant Create(const std::string& display_name, const std::string& request_id = "") {
    v1::CreateConsultantRequest request;
    request.set_parent("municipalities/0303");
    request.mutable_consultant()->set_display_name(display_name);
    request.mutable_consultant()->set_email("team@dronten.nl");
    request.mutable_consultant()->set_case_capacity(60);
    request.set_request_id(request_id);
    v1::Consultant created;
    grpc::Status status = stub_->CreateConsultant(Lead().get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  static std::unique_ptr<grpc::ClientContext> Lead() { return CallerContext("team_lead", "0303"); }

  TestServer server_;
  std::unique_ptr<v1::ClientService::Stub> stub_;
};

TEST_P(ClientServiceTest, CreatedConsultantCanBeRead) {
  const v1::Consultant created = Create("Anna de Vries");
  EXPECT_THAT(created.name(), StartsWith("municipalities/0303/consultants/"));
  EXPECT_TRUE(created.active());
  EXPECT_EQ(created.case_capacity(), 60);
  EXPECT_EQ(created.etag(), "v1");
  EXPECT_EQ(created.create_time().seconds(), absl::ToUnixSeconds(server_.clock().Now()));

  v1::GetConsultantRequest get;
  get.set_name(created.name());
  v1::Consultant read;
  ASSERT_TRUE(stub_->GetConsultant(CallerContext("consultant", "0303").get(), get, &read).ok());
  EXPECT_EQ(read.SerializeAsString(), created.SerializeAsString());
}

TEST_P(ClientServiceTest, InvalidCreateNamesEveryBadFieldAndWritesNothing) {
  v1::CreateConsultantRequest request;
  request.set_parent("municipalities/303");
  request.mutable_consultant()->set_email("not-an-address");
  request.mutable_consultant()->set_case_capacity(-5);
  request.set_request_id("has spaces");
  v1::Consultant created;
  const auto error = DecodeError(stub_->CreateConsultant(Lead().get(), request, &created));
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(error.reason, "INVALID_REQUEST");
  EXPECT_THAT(error.fields(),
              UnorderedElementsAre("parent", "request_id", "consultant.display_name",
                                   "consultant.email", "consultant.case_capacity"));

  v1::ListConsultantsRequest list;
  list.set_parent("municipalities/0303");
  list.set_show_inactive(true);
  v1::ListConsultantsResponse response;
  ASSERT_TRUE(stub_->ListConsultants(Lead().get(), list, &response).ok());
  EXPECT_THAT(response.consultants(), IsEmpty());
}

TEST_P(ClientServiceTest, MissingConsultantAndOversizedNameAreRefused) {
  v1::CreateConsultantRequest request;
  request.set_parent("municipalities/0303");
  v1::Consultant created;
  EXPECT_THAT(DecodeError(stub_->CreateConsultant(Lead().get(), request, &created)).fields(),
              ElementsAre("consultant"));
  request.mutable_consultant()->set_display_name(std::string(201, 'x'));
  EXPECT_THAT(DecodeError(stub_->CreateConsultant(Lead().get(), request, &created)).fields(),
              ElementsAre("consultant.display_name"));
}

TEST_P(ClientServiceTest, RetriedCreateWithTheSameRequestIdReturnsTheSameConsultant) {
  const v1::Consultant first = Create("Anna", "req-42");
  const v1::Consultant again = Create("Anna", "req-42");
  EXPECT_EQ(again.name(), first.name());

  v1::ListConsultantsRequest list;
  list.set_parent("municipalities/0303");
  v1::ListConsultantsResponse response;
  ASSERT_TRUE(stub_->ListConsultants(Lead().get(), list, &response).ok());
  EXPECT_EQ(response.consultants_size(), 1);
}

TEST_P(ClientServiceTest, ReusedRequestIdWithAnotherBodyIsRefusedOnRequestId) {
  Create("Anna", "req-42");
  v1::CreateConsultantRequest request;
  request.set_parent("municipalities/0303");
  request.mutable_consultant()->set_display_name("Bram");
  request.set_request_id("req-42");
  v1::Consultant created;
  const auto error = DecodeError(stub_->CreateConsultant(Lead().get(), request, &created));
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(error.reason, "REQUEST_ID_REUSED");
  EXPECT_THAT(error.fields(), ElementsAre("request_id"));
}

TEST_P(ClientServiceTest, ConcurrentRetriesOfOneCreateMakeOneConsultant) {
  std::vector<std::future<std::string>> calls;
  for (int i = 0; i < 6; ++i) {
    calls.push_back(std::async(std::launch::async, [&] {
      v1::CreateConsultantRequest request;
      request.set_parent("municipalities/0303");
      request.mutable_consultant()->set_display_name("Anna");
      request.set_request_id("same-request");
      // A client retries ABORTED, as the error's reason asks.
      for (int attempt = 0; attempt < 20; ++attempt) {
        v1::Consultant created;
        grpc::Status status = stub_->CreateConsultant(Lead().get(), request, &created);
        if (status.ok()) return created.name();
        if (status.error_code() != grpc::StatusCode::ABORTED) return status.error_message();
      }
      return std::string("gave up");
    }));
  }
  std::set<std::string> names;
  for (auto& call : calls) names.insert(call.get());
  ASSERT_EQ(names.size(), 1u);
  EXPECT_THAT(*names.begin(), StartsWith("municipalities/0303/consultants/"));
}

TEST_P(ClientServiceTest, UpdateChangesTheMaskedFieldsAndBumpsTheEtag) {
  const v1::Consultant created = Create("Anna");
  v1::UpdateConsultantRequest request;
  *request.mutable_consultant() = created;
  request.mutable_consultant()->set_active(false);
  request.mutable_consultant()->set_case_capacity(10);
  request.mutable_consultant()->set_display_name("ignored: not in the mask");
  request.mutable_update_mask()->add_paths("active");
  request.mutable_update_mask()->add_paths("case_capacity");
  server_.clock().Advance(absl::Hours(1));
  v1::Consultant updated;
  ASSERT_TRUE(stub_->UpdateConsultant(Lead().get(), request, &updated).ok());
  EXPECT_FALSE(updated.active());
  EXPECT_EQ(updated.case_capacity(), 10);
  EXPECT_EQ(updated.display_name(), "Anna");
  EXPECT_EQ(updated.etag(), "v2");
  EXPECT_EQ(updated.update_time().seconds() - updated.create_time().seconds(), 3600);
}

TEST_P(ClientServiceTest, UpdateWithAStaleEtagIsAbortedAndChangesNothing) {
  const v1::Consultant created = Create("Anna");
  v1::UpdateConsultantRequest request;
  *request.mutable_consultant() = created;
  request.mutable_consultant()->set_case_capacity(10);
  request.mutable_update_mask()->add_paths("case_capacity");
  v1::Consultant updated;
  ASSERT_TRUE(stub_->UpdateConsultant(Lead().get(), request, &updated).ok());

  request.mutable_consultant()->set_case_capacity(99);  // still carries etag v1
  const auto error = DecodeError(stub_->UpdateConsultant(Lead().get(), request, &updated));
  EXPECT_EQ(error.code, grpc::StatusCode::ABORTED);
  EXPECT_EQ(error.reason, "STALE_ETAG");

  v1::GetConsultantRequest get;
  get.set_name(created.name());
  v1::Consultant read;
  ASSERT_TRUE(stub_->GetConsultant(Lead().get(), get, &read).ok());
  EXPECT_EQ(read.case_capacity(), 10);
}

TEST_P(ClientServiceTest, ConcurrentUpdatesFormALinearVersionChain) {
  const v1::Consultant created = Create("Anna");
  std::vector<std::future<grpc::StatusCode>> calls;
  for (int i = 0; i < 8; ++i) {
    calls.push_back(std::async(std::launch::async, [&, i] {
      v1::UpdateConsultantRequest request;
      *request.mutable_consultant() = created;
      request.mutable_consultant()->set_case_capacity(100 + i);
      request.mutable_update_mask()->add_paths("case_capacity");
      v1::Consultant updated;
      return stub_->UpdateConsultant(Lead().get(), request, &updated).error_code();
    }));
  }
  int winners = 0;
  for (auto& call : calls) {
    const grpc::StatusCode code = call.get();
    EXPECT_TRUE(code == grpc::StatusCode::OK || code == grpc::StatusCode::ABORTED) << code;
    winners += code == grpc::StatusCode::OK;
  }
  EXPECT_EQ(winners, 1);
  v1::GetConsultantRequest get;
  get.set_name(created.name());
  v1::Consultant read;
  ASSERT_TRUE(stub_->GetConsultant(Lead().get(), get, &read).ok());
  EXPECT_EQ(read.etag(), "v2");
}

TEST_P(ClientServiceTest, UpdateRequiresAnEtagAndAKnownMask) {
  const v1::Consultant created = Create("Anna");
  v1::UpdateConsultantRequest request;
  *request.mutable_consultant() = created;
  request.mutable_consultant()->clear_etag();
  request.mutable_update_mask()->add_paths("name");
  v1::Consultant updated;
  EXPECT_THAT(DecodeError(stub_->UpdateConsultant(Lead().get(), request, &updated)).fields(),
              UnorderedElementsAre("consultant.etag", "update_mask"));
}

TEST_P(ClientServiceTest, ListPagesWithOpaqueTokensBoundToTheFilter) {
  for (const char* name : {"Eva", "Anna", "Dirk", "Bram", "Cees"}) Create(name);
  v1::ListConsultantsRequest request;
  request.set_parent("municipalities/0303");
  request.set_page_size(2);
  std::vector<std::string> seen;
  std::string first_token;
  do {
    v1::ListConsultantsResponse response;
    ASSERT_TRUE(stub_->ListConsultants(Lead().get(), request, &response).ok());
    for (const auto& c : response.consultants()) seen.push_back(c.display_name());
    if (first_token.empty()) first_token = response.next_page_token();
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty() && seen.size() < 10);
  EXPECT_THAT(seen, ElementsAre("Anna", "Bram", "Cees", "Dirk", "Eva"));

  request.set_page_token(first_token);
  request.set_show_inactive(true);  // another filter: the token does not belong to it
  v1::ListConsultantsResponse response;
  const auto error = DecodeError(stub_->ListConsultants(Lead().get(), request, &response));
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(error.reason, "INVALID_PAGE_TOKEN");
  EXPECT_THAT(error.fields(), ElementsAre("page_token"));
}

TEST_P(ClientServiceTest, NegativePageSizeIsRefusedAndAHugeOneIsCapped) {
  v1::ListConsultantsRequest request;
  request.set_parent("municipalities/0303");
  request.set_page_size(-1);
  v1::ListConsultantsResponse response;
  EXPECT_THAT(DecodeError(stub_->ListConsultants(Lead().get(), request, &response)).fields(),
              ElementsAre("page_size"));
  request.set_page_size(1000000);
  EXPECT_TRUE(stub_->ListConsultants(Lead().get(), request, &response).ok());
}

TEST_P(ClientServiceTest, AnotherMunicipalitysStaffGetsNotFound) {
  const v1::Consultant created = Create("Anna");
  v1::GetConsultantRequest get;
  get.set_name(created.name());
  v1::Consultant read;
  const auto error =
      DecodeError(stub_->GetConsultant(CallerContext("team_lead", "0344").get(), get, &read));
  EXPECT_EQ(error.code, grpc::StatusCode::NOT_FOUND);

  v1::ListConsultantsRequest list;
  list.set_parent("municipalities/0303");
  v1::ListConsultantsResponse response;
  EXPECT_EQ(stub_->ListConsultants(CallerContext("team_lead", "0344").get(), list, &response)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_P(ClientServiceTest, CitizenAndConsultantMayNotManageTheTeam) {
  v1::CreateConsultantRequest request;
  request.set_parent("municipalities/0303");
  request.mutable_consultant()->set_display_name("Anna");
  v1::Consultant created;
  EXPECT_EQ(stub_->CreateConsultant(CallerContext("citizen", "0303").get(), request, &created)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(stub_->CreateConsultant(CallerContext("consultant", "0303").get(), request, &created)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_P(ClientServiceTest, EveryCallIsLoggedOnceWithMethodCodeRequestIdAndCaller) {
  std::string logs;
  SetLogSinkForTesting(&logs);
  auto context = CallerContext("team_lead", "0303", "lead-7");
  context->AddMetadata("x-request-id", "trace-me-1");
  v1::GetConsultantRequest get;
  get.set_name("municipalities/0303/consultants/nope");
  v1::Consultant read;
  EXPECT_EQ(stub_->GetConsultant(context.get(), get, &read).error_code(),
            grpc::StatusCode::NOT_FOUND);
  SetLogSinkForTesting(nullptr);
  const std::vector<nlohmann::json> calls = ::inburgering::testing::CallLines(logs);
  ASSERT_EQ(calls.size(), 1u) << logs;
  EXPECT_EQ(calls[0]["method"], "/inburgering.v1.ClientService/GetConsultant");
  EXPECT_EQ(calls[0]["code"], "NOT_FOUND");
  EXPECT_EQ(calls[0]["request_id"], "trace-me-1");
  EXPECT_EQ(calls[0]["caller"], "lead-7");
  EXPECT_EQ(calls[0]["trace_id"].get<std::string>().size(), 32u);  // as in the call's records
  EXPECT_TRUE(calls[0]["latency_ms"].is_number());
  EXPECT_EQ(context->GetServerInitialMetadata().find("x-request-id")->second, "trace-me-1");
}

// A caller's x-request-id goes into every log line and record of the call: one that could carry
// a BSN is replaced by an id of the server's, as is the name of a resource with a BSN for its id.
TEST_P(ClientServiceTest, ClientSuppliedIdsThatMayHoldABsnNeverReachTheLogs) {
  std::string logs;
  SetLogSinkForTesting(&logs);
  auto context = CallerContext("team_lead", "0303", "lead-7");
  context->AddMetadata("x-request-id", "111222333");
  v1::GetClientRequest get;
  get.set_name("municipalities/0303/clients/123456782");
  v1::Client read;
  EXPECT_EQ(stub_->GetClient(context.get(), get, &read).error_code(), grpc::StatusCode::NOT_FOUND);
  SetLogSinkForTesting(nullptr);
  const std::string used(context->GetServerInitialMetadata().find("x-request-id")->second.data(),
                         context->GetServerInitialMetadata().find("x-request-id")->second.size());
  EXPECT_NE(used, "111222333");
  EXPECT_FALSE(used.empty());
  EXPECT_THAT(logs, Not(HasSubstr("111222333")));
  auto lease = server_.app().database().Acquire();
  int leaked = -1;
  lease->session() << "SELECT count(*) FROM audit_records WHERE request_id LIKE '%111222333%' "
                      "OR object LIKE '%123456782%'",
      soci::into(leaked);
  EXPECT_EQ(leaked, 0);
  int audited = 0;
  lease->session() << "SELECT count(*) FROM audit_records WHERE request_id = :id", soci::use(used),
      soci::into(audited);
  EXPECT_EQ(audited, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, ClientServiceTest, ::testing::ValuesIn(AllBackends()),
                         BackendParamName());

TEST(AuthenticationTest, WithoutAConfiguredAuthenticatorEveryCallIsUnauthenticated) {
  auto config = TestServer::DefaultConfig();
  config.dev_auth = false;
  TestServer server(persistence::Backend::kSqlite, config);
  v1::ListConsultantsRequest list;
  list.set_parent("municipalities/0303");
  v1::ListConsultantsResponse response;
  const auto error = DecodeError(
      server.clients()->ListConsultants(CallerContext("admin", "*").get(), list, &response));
  EXPECT_EQ(error.code, grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(error.reason, "UNAUTHENTICATED");
}

}  // namespace
}  // namespace inburgering::server
