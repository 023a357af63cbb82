// The shared client scenario (clients/README.md) with clients/cpp against the real server binary
// that tests/clients/run_with_server.py started (INBURGERING_TARGET): register clients, see
// refusals with their reasons, establish a plan, read the case file, page through a list.

#include <cstdlib>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/cpp/service_clients.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"

namespace inburgering::clients {
namespace {

const char kParent[] = "municipalities/0303";

google::type::Date Today() {
  const absl::CivilDay day = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  google::type::Date date;
  date.set_year(static_cast<int>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

CallOptions Caller(const std::string& roles) {
  const char* target = std::getenv("INBURGERING_TARGET");
  CallOptions options;
  options.channel =
      grpc::CreateChannel(target == nullptr ? "" : target, grpc::InsecureChannelCredentials());
  options.dev_roles = roles;
  options.dev_municipalities = "0303";
  options.dev_subject = "cpp-e2e";
  return options;
}

class ScenarioTest : public ::testing::Test {
 protected:
  absl::StatusOr<v1::Client> Register(const std::string& bsn, const std::string& family_name,
                                      const std::string& consultant) {
    v1::CreateClientRequest request;
    request.set_parent(kParent);
    v1::Client* c = request.mutable_client();
    c->set_bsn(bsn);
    c->set_given_names("Amal");
    c->set_family_name(family_name);
    c->mutable_birth_date()->set_year(1990);
    c->mutable_birth_date()->set_month(1);
    c->mutable_birth_date()->set_day(1);
    c->set_target_group(v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER);
    c->set_regime(v1::REGIME_WI2021);
    c->set_source(v1::REGISTRATION_SOURCE_COA_LINK);
    *c->mutable_obligation_notice_date() = Today();
    c->set_consultant(consultant);
    return clients_.CreateClient(request);
  }

  ClientServiceClient lead_{Caller("team_lead")};
  ClientServiceClient clients_{Caller("consultant")};
  TrajectoryServiceClient trajectories_{Caller("consultant")};
};

TEST_F(ScenarioTest, RegisterPlanReadRefusePage) {
  ASSERT_NE(std::getenv("INBURGERING_TARGET"), nullptr) << "run me with run_with_server.py";
  v1::CreateConsultantRequest consultant_request;
  consultant_request.set_parent(kParent);
  consultant_request.mutable_consultant()->set_display_name("C++ e2e");
  absl::StatusOr<v1::Consultant> consultant = lead_.CreateConsultant(consultant_request);
  ASSERT_TRUE(consultant.ok()) << consultant.status();

  // Register three clients (each BSN passes the eleven-test).
  std::vector<std::string> names;
  for (const char* bsn : {"111222333", "123456782", "999999990"}) {
    absl::StatusOr<v1::Client> client =
        Register(bsn, "Cpp " + std::to_string(names.size()), consultant->name());
    ASSERT_TRUE(client.ok()) << client.status();
    EXPECT_THAT(client->name(), ::testing::StartsWith("municipalities/0303/clients/"));
    EXPECT_THAT(client->name(), ::testing::Not(::testing::HasSubstr(bsn)));
    names.push_back(client->name());
  }

  // Bad input: INVALID_ARGUMENT naming the field.
  absl::StatusOr<v1::Client> invalid = Register("123456789", "Invalid", consultant->name());
  EXPECT_EQ(invalid.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldViolations(invalid.status()), ::testing::Contains(::testing::Key("client.bsn")));

  v1::CreateTrajectoryRequest create;
  create.set_parent(names[0]);
  absl::StatusOr<v1::Trajectory> trajectory = trajectories_.CreateTrajectory(create);
  ASSERT_TRUE(trajectory.ok()) << trajectory.status();

  v1::EstablishPlanRequest establish;
  establish.set_name(trajectory->name());
  establish.set_etag(trajectory->etag());
  v1::Plan* plan = establish.mutable_plan();
  *plan->mutable_decision_date() = Today();
  plan->set_route(v1::LEARNING_ROUTE_B1);
  plan->set_target_level(v1::LANGUAGE_LEVEL_B1);
  plan->set_ontzorgen_reference("PW-E2E-1");

  // A refusal with its reason: no plan before the broad intake.
  absl::StatusOr<v1::CaseFile> refused = trajectories_.EstablishPlan(establish);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ErrorReason(refused.status()), "PLAN_BEFORE_INTAKE");

  // Intake, learnability test, plan: each step answers the whole case file.
  v1::RecordIntakeRequest intake;
  intake.set_name(trajectory->name());
  intake.set_etag(trajectory->etag());
  *intake.mutable_intake()->mutable_date() = Today();
  intake.mutable_intake()->set_education_and_work_history(true);
  intake.mutable_intake()->set_personal_circumstances(true);
  absl::StatusOr<v1::CaseFile> file = trajectories_.RecordIntake(intake);
  ASSERT_TRUE(file.ok()) << file.status();
  v1::RecordLearnabilityTestRequest test;
  test.set_name(trajectory->name());
  test.set_etag(file->trajectory().etag());
  *test.mutable_learnability_test()->mutable_date() = Today();
  test.mutable_learnability_test()->set_score(60);
  file = trajectories_.RecordLearnabilityTest(test);
  ASSERT_TRUE(file.ok()) << file.status();
  establish.set_etag(file->trajectory().etag());
  establish.clear_request_id();
  file = trajectories_.EstablishPlan(establish);
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ(file->plans_size(), 1);

  // Read the case file back.
  v1::GetCaseFileRequest get;
  get.set_name(trajectory->name());
  absl::StatusOr<v1::CaseFile> read = trajectories_.GetCaseFile(get);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->plans_size(), 1);
  EXPECT_EQ(read->plans(0).route(), v1::LEARNING_ROUTE_B1);
  EXPECT_EQ(read->plans(0).decision_date().day(), Today().day());
  EXPECT_EQ(read->trajectory().etag(), file->trajectory().etag());

  // Page through the clients two at a time.
  v1::ListClientsRequest list;
  list.set_parent(kParent);
  list.set_page_size(2);
  std::vector<int> sizes;
  std::vector<std::string> listed;
  absl::Status paged = ForEachPage(
      list, [&](const auto& r) { return clients_.ListClients(r); },
      [&](const v1::ListClientsResponse& page) {
        sizes.push_back(page.clients_size());
        for (const auto& c : page.clients()) listed.push_back(c.name());
        return true;
      });
  ASSERT_TRUE(paged.ok()) << paged;
  EXPECT_THAT(sizes, ::testing::ElementsAre(2, 1));
  EXPECT_THAT(listed, ::testing::UnorderedElementsAreArray(names));
}

}  // namespace
}  // namespace inburgering::clients
