// ClientService's client register through the generated stub, on SQLite and PostgreSQL.

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "inburgering/v1/trajectory_service.grpc.pb.h"
#include "tests/testing/test_server.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::AllBackends;
using ::inburgering::testing::BackendParamName;
using ::inburgering::testing::CallerContext;
using ::inburgering::testing::DecodeError;
using ::inburgering::testing::ProtoDate;
using ::inburgering::testing::TestServer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

class ClientRegisterTest : public ::testing::TestWithParam<persistence::Backend> {
 protected:
  ClientRegisterTest() : server_(GetParam()), stub_(server_.clients()) {}

  static std::unique_ptr<grpc::ClientContext> Staff() {
    return CallerContext("consultant", "0303");
  }

  std::string Consultant(const std::string& name) {
    v1::CreateConsultantRequest request;
    request.set_parent("municipalities/0303");
    request.mutable_consultant()->set_display_name(name);
    v1::Consultant consultant;
    EXPECT_TRUE(
        stub_->CreateConsultant(CallerContext("team_lead", "0303").get(), request, &consultant)
            .ok());
    return consultant.name();
  }

  static v1::CreateClientRequest Request(const std::string& bsn, const std::string& family) {
    v1::CreateClientRequest request;
    request.set_parent("municipalities/0303");
    v1::Client* c = request.mutable_client();
    c->set_bsn(bsn);
    c->set_given_names("Amal");
    c->set_family_name(family);
    *c->mutable_birth_date() = ProtoDate(1990, 4, 2);
    c->set_target_group(v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER);
    c->set_regime(v1::REGIME_WI2021);
    c->set_source(v1::REGISTRATION_SOURCE_COA_LINK);
    *c->mutable_coa_link_date() = ProtoDate(2025, 1, 2);
    *c->mutable_obligation_notice_date() = ProtoDate(2025, 1, 6);
    return request;
  }

  v1::Client Create(const std::string& bsn, const std::string& family,
                    const std::string& consultant = "") {
    v1::CreateClientRequest request = Request(bsn, family);
    request.mutable_client()->set_consultant(consultant);
    v1::Client client;
    grpc::Status status = stub_->CreateClient(Staff().get(), request, &client);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return client;
  }

  TestServer server_;
  std::unique_ptr<v1::ClientService::Stub> stub_;
};

TEST_P(ClientRegisterTest, RegisteredClientReadsBack) {
  const std::string consultant = Consultant("Sanne");
  const v1::Client created = Create("111222333", "Haddad", consultant);
  EXPECT_THAT(created.name(), Not(HasSubstr("111222333")));
  EXPECT_EQ(created.consultant(), consultant);
  ASSERT_EQ(created.consultant_history_size(), 1);
  EXPECT_EQ(created.consultant_history(0).assigned_by(), "tester");
  v1::GetClientRequest get;
  get.set_name(created.name());
  v1::Client read;
  ASSERT_TRUE(stub_->GetClient(Staff().get(), get, &read).ok());
  EXPECT_EQ(read.SerializeAsString(), created.SerializeAsString());
}

TEST_P(ClientRegisterTest, SecondClientWithTheSameBsnIsAlreadyExistsWithoutTheBsn) {
  Create("111222333", "Haddad");
  v1::Client client;
  const auto error =
      DecodeError(stub_->CreateClient(Staff().get(), Request("111222333", "Other"), &client));
  EXPECT_EQ(error.code, grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(error.message, Not(HasSubstr("111222333")));
}

TEST_P(ClientRegisterTest, FindByBsnTakesTheBsnInTheBodyOnly) {
  const v1::Client created = Create("111222333", "Haddad");
  v1::FindClientByBsnRequest find;
  find.set_parent("municipalities/0303");
  find.set_bsn("111222333");
  v1::Client found;
  ASSERT_TRUE(stub_->FindClientByBsn(Staff().get(), find, &found).ok());
  EXPECT_EQ(found.name(), created.name());
  find.set_bsn("123456782");
  EXPECT_EQ(stub_->FindClientByBsn(Staff().get(), find, &found).error_code(),
            grpc::StatusCode::NOT_FOUND);
  find.set_bsn("123456789");
  const auto error = DecodeError(stub_->FindClientByBsn(Staff().get(), find, &found));
  EXPECT_THAT(error.fields(), ElementsAre("bsn"));
  EXPECT_THAT(error.message, Not(HasSubstr("123456789")));
}

TEST_P(ClientRegisterTest, BadInputNamesEveryField) {
  v1::CreateClientRequest request = Request("123456789", "");
  *request.mutable_client()->mutable_birth_date() = ProtoDate(1990, 2, 30);
  request.mutable_client()->set_target_group(static_cast<v1::TargetGroup>(42));
  request.mutable_client()->clear_regime();
  request.mutable_client()->set_given_names(std::string(201, 'a'));
  *request.mutable_client()->mutable_obligation_notice_date() = ProtoDate(2030, 1, 1);
  request.mutable_client()->set_consultant("municipalities/0344/consultants/abc");
  v1::Client client;
  const auto error = DecodeError(stub_->CreateClient(Staff().get(), request, &client));
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(error.fields(),
              UnorderedElementsAre("client.bsn", "client.family_name", "client.given_names",
                                   "client.birth_date", "client.target_group", "client.regime",
                                   "client.obligation_notice_date", "client.consultant"));
  EXPECT_THAT(error.message, Not(HasSubstr("123456789")));
}

TEST_P(ClientRegisterTest, AssignConsultantKeepsTheHistoryAndRefusesInactiveOnes) {
  const std::string first = Consultant("Sanne");
  const std::string second = Consultant("Pieter");
  v1::Client client = Create("111222333", "Haddad", first);
  v1::AssignConsultantRequest assign;
  assign.set_name(client.name());
  assign.set_consultant(second);
  assign.set_etag(client.etag());
  server_.clock().Advance(absl::Hours(24));
  ASSERT_TRUE(stub_->AssignConsultant(Staff().get(), assign, &client).ok());
  EXPECT_EQ(client.consultant(), second);
  ASSERT_EQ(client.consultant_history_size(), 2);
  EXPECT_EQ(client.consultant_history(0).consultant(), first);
  EXPECT_EQ(client.consultant_history(1).consultant(), second);

  v1::UpdateConsultantRequest deactivate;
  v1::GetConsultantRequest get;
  get.set_name(first);
  ASSERT_TRUE(stub_->GetConsultant(Staff().get(), get, deactivate.mutable_consultant()).ok());
  deactivate.mutable_consultant()->set_active(false);
  deactivate.mutable_update_mask()->add_paths("active");
  v1::Consultant inactive;
  ASSERT_TRUE(
      stub_->UpdateConsultant(CallerContext("team_lead", "0303").get(), deactivate, &inactive)
          .ok());
  assign.set_consultant(first);
  assign.set_etag(client.etag());
  const auto error = DecodeError(stub_->AssignConsultant(Staff().get(), assign, &client));
  EXPECT_EQ(error.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(error.reason, "CONSULTANT_INACTIVE");
  assign.set_consultant("municipalities/0303/consultants/nobody");
  EXPECT_THAT(DecodeError(stub_->AssignConsultant(Staff().get(), assign, &client)).fields(),
              ElementsAre("consultant"));
}

TEST_P(ClientRegisterTest, UpdateChangesMaskedFieldsClearsDatesAndChecksTheEtag) {
  v1::Client client = Create("111222333", "Haddad");
  v1::UpdateClientRequest update;
  *update.mutable_client() = client;
  update.mutable_client()->set_family_name("Haddad-Saleh");
  update.mutable_client()->clear_coa_link_date();
  update.mutable_client()->set_bsn("123456782");  // not in the mask: ignored
  update.mutable_update_mask()->add_paths("family_name");
  update.mutable_update_mask()->add_paths("coa_link_date");
  v1::Client updated;
  ASSERT_TRUE(stub_->UpdateClient(Staff().get(), update, &updated).ok());
  EXPECT_EQ(updated.family_name(), "Haddad-Saleh");
  EXPECT_FALSE(updated.has_coa_link_date());
  EXPECT_EQ(updated.bsn(), "111222333");
  EXPECT_EQ(DecodeError(stub_->UpdateClient(Staff().get(), update, &updated)).reason, "STALE_ETAG");
  update.mutable_update_mask()->add_paths("bsn");
  EXPECT_THAT(DecodeError(stub_->UpdateClient(Staff().get(), update, &updated)).fields(),
              ElementsAre("update_mask"));
}

TEST_P(ClientRegisterTest, ListFiltersByConsultantPhaseAndOverdue) {
  const std::string sanne = Consultant("Sanne");
  const v1::Client late = Create("111222333", "Haddad", sanne);
  const v1::Client fresh = Create("123456782", "Bakr");
  auto trajectories = v1::TrajectoryService::NewStub(server_.channel());
  for (const v1::Client& c : {late, fresh}) {
    v1::CreateTrajectoryRequest create;
    create.set_parent(c.name());
    v1::Trajectory t;
    ASSERT_TRUE(trajectories->CreateTrajectory(Staff().get(), create, &t).ok());
  }
  auto list = [&](const v1::ListClientsRequest& request) {
    v1::ListClientsResponse response;
    grpc::Status status = stub_->ListClients(Staff().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const auto& c : response.clients()) names.push_back(c.family_name());
    return names;
  };
  v1::ListClientsRequest request;
  request.set_parent("municipalities/0303");
  EXPECT_THAT(list(request), ElementsAre("Bakr", "Haddad"));
  request.set_consultant(sanne);
  EXPECT_THAT(list(request), ElementsAre("Haddad"));
  request.clear_consultant();
  request.set_phase(v1::TRAJECTORY_PHASE_INTAKE);
  EXPECT_THAT(list(request), ElementsAre("Bakr", "Haddad"));
  request.set_phase(v1::TRAJECTORY_PHASE_PLANNED);
  EXPECT_THAT(list(request), ElementsAre());
  request.clear_phase();
  request.set_overdue(true);
  EXPECT_THAT(list(request), ElementsAre());  // plan due 2025-03-17; today 2025-03-03
  server_.clock().Advance(absl::Hours(24 * 15));
  EXPECT_THAT(list(request), ElementsAre("Bakr", "Haddad"));
}

INSTANTIATE_TEST_SUITE_P(Backends, ClientRegisterTest, ::testing::ValuesIn(AllBackends()),
                         BackendParamName());

}  // namespace
}  // namespace inburgering::server
