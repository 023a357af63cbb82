// A move between two municipalities of one deployment, end to end on SQLite and PostgreSQL
// (art. 11 lid 3; Schulinck "Het aanpassen van het PIP tijdens het inburgeringstraject"): the old
// municipality closes with reason MOVED, the new one opens a trajectory from the handover that
// keeps the term's start and the route, and DUO hears of both.

#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/scenario.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::AllBackends;
using ::inburgering::testing::BackendParamName;
using ::inburgering::testing::CallerContext;
using ::inburgering::testing::ClientRequest;
using ::inburgering::testing::DecodeError;
using ::inburgering::testing::Ok;
using ::inburgering::testing::ProtoDate;
using ::inburgering::testing::RefusedBy;
using ::inburgering::testing::RpcError;
using ::inburgering::testing::Scenario;
using ::testing::ElementsAre;

std::string Str(const google::type::Date& d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

class MoveScenarioTest : public ::testing::TestWithParam<persistence::Backend> {
 protected:
  MoveScenarioTest() : s_(GetParam()) {}

  // The new municipality's consultant.
  static std::unique_ptr<grpc::ClientContext> Dronten() {
    return CallerContext("consultant", "0303,0050");
  }

  std::vector<v1::DuoReportKind> DuoKinds(const std::string& municipality,
                                          const std::string& client) {
    v1::ListDuoReportsRequest request;
    request.set_parent("municipalities/" + municipality);
    request.set_client(client);
    v1::ListDuoReportsResponse response;
    EXPECT_TRUE(s_.duo().ListDuoReports(Dronten().get(), request, &response).ok());
    return ::inburgering::testing::DuoReportKinds(response);
  }

  Scenario s_;
};

TEST_P(MoveScenarioTest, MovingInKeepsTheTermAndTheRouteAndDuoHearsOfBothSides) {
  // The old municipality (0303): intake, the first plan on 2025-03-10 (term from 2025-03-11).
  s_.Today(2025, 3, 10);
  v1::CaseFile old_file = s_.NewTrajectory(
      s_.NewClient("111222333", v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER, ProtoDate(2025, 1, 6)));
  ASSERT_THAT(s_.CompleteIntake(old_file, ProtoDate(2025, 2, 3)), Ok());
  ASSERT_THAT(s_.Establish(old_file, ProtoDate(2025, 3, 10)), Ok());
  s_.Today(2026, 2, 1);
  ASSERT_THAT(s_.Close(old_file, v1::CLOSURE_REASON_MOVED, ProtoDate(2026, 2, 1)), Ok());
  EXPECT_THAT(DuoKinds("0303", old_file.client().name()),
              ElementsAre(v1::DUO_REPORT_KIND_PLAN_ESTABLISHED, v1::DUO_REPORT_KIND_MOVED_OUT));

  // The new municipality (0050) registers the person and opens the trajectory from the handover.
  v1::CreateClientRequest client_request = ClientRequest("111222333");
  client_request.set_parent("municipalities/0050");
  client_request.mutable_client()->set_target_group(v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER);
  *client_request.mutable_client()->mutable_obligation_notice_date() = ProtoDate(2025, 1, 6);
  v1::Client client;
  ASSERT_TRUE(s_.clients().CreateClient(Dronten().get(), client_request, &client).ok());
  v1::CreateTrajectoryRequest create;
  create.set_parent(client.name());
  v1::MoveIn* move = create.mutable_moved_in();
  move->set_from_municipality("0050");
  *move->mutable_first_plan_date() = ProtoDate(2025, 3, 10);
  move->set_route(v1::LEARNING_ROUTE_B1);
  *move->mutable_move_date() = ProtoDate(2026, 2, 1);
  move->set_handed_over("intake report, PIP version 1, attendance to January 2026");
  v1::Trajectory trajectory;
  // From this very municipality: refused, on the field.
  EXPECT_EQ(s_.trajectories().CreateTrajectory(Dronten().get(), create, &trajectory).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  move->set_from_municipality("0303");
  ASSERT_TRUE(s_.trajectories().CreateTrajectory(Dronten().get(), create, &trajectory).ok());
  EXPECT_EQ(trajectory.moved_in().from_municipality(), "0303");

  v1::GetCaseFileRequest get;
  get.set_name(trajectory.name());
  v1::CaseFile file;
  ASSERT_TRUE(s_.trajectories().GetCaseFile(Dronten().get(), get, &file).ok());
  // TermStartAfterMoves: the term runs from the day after the first plan anywhere.
  EXPECT_EQ(Str(file.term_start()), "2025-03-11");
  EXPECT_EQ(Str(file.term_last_day()), "2028-03-10");
  EXPECT_EQ(Str(file.route_switch_last_day()), "2026-09-10");

  // MoveKeepsRoute: the new plan keeps the route chosen before, and does not restart the term.
  auto establish = [&](v1::LearningRoute route) {
    v1::EstablishPlanRequest request;
    request.set_name(file.trajectory().name());
    request.set_etag(file.trajectory().etag());
    *request.mutable_plan()->mutable_decision_date() = ProtoDate(2026, 2, 1);
    request.mutable_plan()->set_route(route);
    request.mutable_plan()->set_target_level(v1::LANGUAGE_LEVEL_B1);
    request.mutable_plan()->set_language_hours(800);
    v1::CaseFile answer;
    const grpc::Status status = s_.trajectories().EstablishPlan(Dronten().get(), request, &answer);
    if (status.ok()) file = answer;
    return DecodeError(status);
  };
  EXPECT_THAT(establish(v1::LEARNING_ROUTE_Z), RefusedBy("MOVE_KEEPS_ROUTE"));
  ASSERT_THAT(establish(v1::LEARNING_ROUTE_B1), Ok());
  EXPECT_EQ(Str(file.term_start()), "2025-03-11");
  EXPECT_EQ(Str(file.term_last_day()), "2028-03-10");
  EXPECT_EQ(Str(file.current_plan().decision_date()), "2026-02-01");
  EXPECT_THAT(DuoKinds("0050", client.name()),
              ElementsAre(v1::DUO_REPORT_KIND_MOVED_IN, v1::DUO_REPORT_KIND_PLAN_ESTABLISHED));
}

INSTANTIATE_TEST_SUITE_P(Backends, MoveScenarioTest, ::testing::ValuesIn(AllBackends()),
                         BackendParamName());

}  // namespace
}  // namespace inburgering::server
