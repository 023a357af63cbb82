// Municipal enforcement through the real server, on SQLite and PostgreSQL: the intake no-show
// ladder to the second fine, and the refusals a consultant sees (code and ErrorInfo reason).

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/scenario.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::AllBackends;
using ::inburgering::testing::BackendParamName;
using ::inburgering::testing::DuoReportKinds;
using ::inburgering::testing::Ok;
using ::inburgering::testing::ProtoDate;
using ::inburgering::testing::RefusedBy;
using ::inburgering::testing::RpcError;
using ::inburgering::testing::Scenario;
using ::testing::ElementsAre;

class EnforcementScenarioTest : public ::testing::TestWithParam<persistence::Backend> {
 protected:
  explicit EnforcementScenarioTest(ServerConfig config = testing::TestServer::DefaultConfig())
      : s_(GetParam(), std::move(config)) {}

  RpcError Warn(v1::CaseFile& file, v1::EnforcementGround ground, const std::string& appointment,
                google::type::Date date) {
    v1::RecordWarningRequest request;
    request.mutable_warning()->set_ground(ground);
    request.mutable_warning()->set_appointment_id(appointment);
    *request.mutable_warning()->mutable_date() = date;
    request.mutable_warning()->set_note("letter sent with the next invitation");
    return s_.Send(s_.enforcement(), file, request, &v1::EnforcementService::Stub::RecordWarning);
  }

  RpcError Intend(v1::CaseFile& file, v1::EnforcementGround ground, const std::string& appointment,
                  google::type::Date date, int64_t cents, bool blameworthy = true) {
    v1::RecordFineIntentionRequest request;
    v1::Fine* fine = request.mutable_fine();
    fine->set_ground(ground);
    fine->set_appointment_id(appointment);
    *fine->mutable_offence_date() = date;
    *fine->mutable_intention_date() = date;
    fine->set_blameworthy(blameworthy);
    fine->set_blameworthiness_reasons("no excuse, despite the written warning");
    fine->set_intended_amount_euro_cents(cents);
    return s_.Send(s_.enforcement(), file, request,
                   &v1::EnforcementService::Stub::RecordFineIntention);
  }

  // The person's view (none given) and the decision imposing the intended amount.
  RpcError Impose(v1::CaseFile& file, google::type::Date date) {
    const v1::Fine& fine = file.fines(file.fines_size() - 1);
    v1::RecordFineViewRequest view;
    view.set_fine_id(fine.id());
    *view.mutable_view()->mutable_date() = date;
    view.mutable_view()->set_waived(true);
    RpcError error =
        s_.Send(s_.enforcement(), file, view, &v1::EnforcementService::Stub::RecordFineView);
    if (error.code != grpc::StatusCode::OK) return error;
    v1::DecideFineRequest decide;
    decide.set_fine_id(fine.id());
    *decide.mutable_decision()->mutable_date() = date;
    decide.mutable_decision()->set_imposed(true);
    decide.mutable_decision()->set_amount_euro_cents(fine.intended_amount_euro_cents());
    return s_.Send(s_.enforcement(), file, decide, &v1::EnforcementService::Stub::DecideFine);
  }

  Scenario s_;
};

TEST_P(EnforcementScenarioTest, IntakeNoShowLadderToTheSecondFine) {
  s_.Today(2025, 3, 31);
  v1::CaseFile file = s_.NewTrajectory(
      s_.NewClient("111222333", v1::TARGET_GROUP_FAMILY_MIGRANT, ProtoDate(2025, 1, 6)));

  ASSERT_THAT(s_.Invite(file, 1, ProtoDate(2025, 2, 3), v1::APPOINTMENT_OUTCOME_NO_SHOW_UNEXCUSED),
              Ok());
  EXPECT_EQ(file.no_show_advice().step(), v1::NO_SHOW_STEP_WARNING_WITH_SECOND_INVITATION);
  const std::string first = file.no_show_advice().appointment_id();
  EXPECT_THAT(
      Intend(file, v1::ENFORCEMENT_GROUND_INTAKE_NO_SHOW, first, ProtoDate(2025, 2, 4), 25000),
      RefusedBy("FINE_LADDER_STEP"));
  ASSERT_THAT(Warn(file, v1::ENFORCEMENT_GROUND_INTAKE_NO_SHOW, first, ProtoDate(2025, 2, 4)),
              Ok());
  EXPECT_EQ(file.warnings(0).issued_by(), "tester");
  EXPECT_EQ(file.no_show_advice().step(), v1::NO_SHOW_STEP_UNSPECIFIED);

  ASSERT_THAT(s_.Invite(file, 2, ProtoDate(2025, 2, 17), v1::APPOINTMENT_OUTCOME_NO_SHOW_UNEXCUSED),
              Ok());
  EXPECT_EQ(file.no_show_advice().step(), v1::NO_SHOW_STEP_FINE_WITH_THIRD_INVITATION);
  EXPECT_EQ(file.no_show_advice().amount_euro_cents(), 25000);
  const std::string second = file.no_show_advice().appointment_id();
  EXPECT_THAT(
      Intend(file, v1::ENFORCEMENT_GROUND_INTAKE_NO_SHOW, second, ProtoDate(2025, 2, 18), 30000),
      RefusedBy("FINE_OVER_MAXIMUM"));
  ASSERT_THAT(
      Intend(file, v1::ENFORCEMENT_GROUND_INTAKE_NO_SHOW, second, ProtoDate(2025, 2, 18), 25000),
      Ok());
  EXPECT_EQ(file.fines(0).warning_id(), file.warnings(0).id());
  ASSERT_THAT(Impose(file, ProtoDate(2025, 3, 4)), Ok());

  ASSERT_THAT(s_.Invite(file, 3, ProtoDate(2025, 3, 10), v1::APPOINTMENT_OUTCOME_NO_SHOW_UNEXCUSED),
              Ok());
  EXPECT_EQ(file.no_show_advice().step(), v1::NO_SHOW_STEP_SECOND_FINE);
  ASSERT_THAT(Intend(file, v1::ENFORCEMENT_GROUND_INTAKE_NO_SHOW,
                     file.no_show_advice().appointment_id(), ProtoDate(2025, 3, 11), 25000),
              Ok());
  ASSERT_THAT(Impose(file, ProtoDate(2025, 3, 25)), Ok());
  EXPECT_EQ(file.no_show_advice().step(), v1::NO_SHOW_STEP_UNSPECIFIED);

  ASSERT_EQ(file.fines_size(), 2);
  for (const v1::Fine& fine : file.fines()) {
    EXPECT_TRUE(fine.decision().imposed());
    EXPECT_EQ(fine.decision().amount_euro_cents(), 25000);
  }
  // A fourth no-show is beyond the ladder.
  ASSERT_THAT(s_.Invite(file, 3, ProtoDate(2025, 3, 28), v1::APPOINTMENT_OUTCOME_NO_SHOW_UNEXCUSED),
              Ok());
  EXPECT_THAT(Intend(file, v1::ENFORCEMENT_GROUND_INTAKE_NO_SHOW, file.appointments(3).id(),
                     ProtoDate(2025, 3, 29), 25000),
              RefusedBy("FINE_LADDER_STEP"));

  // PlanWithoutCompleteIntakeAllowed: the ladder has run, so the plan follows on the information
  // available, with its reason; the case file advises completing the intake.
  v1::EstablishPlanRequest establish;
  v1::Plan* plan = establish.mutable_plan();
  *plan->mutable_decision_date() = ProtoDate(2025, 3, 31);
  plan->set_route(v1::LEARNING_ROUTE_B1);
  plan->set_target_level(v1::LANGUAGE_LEVEL_B1);
  EXPECT_THAT(
      s_.Send(s_.trajectories(), file, establish, &v1::TrajectoryService::Stub::EstablishPlan),
      RefusedBy("PLAN_BEFORE_INTAKE"));
  plan->set_intake_basis(v1::PLAN_INTAKE_BASIS_AFTER_NO_SHOW_LADDER);
  plan->set_intake_basis_reason("did not come to three invitations; history from the COA file");
  ASSERT_THAT(
      s_.Send(s_.trajectories(), file, establish, &v1::TrajectoryService::Stub::EstablishPlan),
      Ok());
  EXPECT_EQ(file.current_plan().intake_basis(), v1::PLAN_INTAKE_BASIS_AFTER_NO_SHOW_LADDER);
  EXPECT_EQ(file.trajectory().phase(), v1::TRAJECTORY_PHASE_PLANNED);
  EXPECT_EQ(file.term_start().day(), 1);  // the day after 2025-03-31
  ASSERT_EQ(file.advisories_size(), 1);
  EXPECT_EQ(file.advisories(0).code(), "PLAN_WITHOUT_COMPLETE_INTAKE");

  // A municipal fine is not a finding of blameworthy non-fulfilment (ReportedToDuo): DUO hears of
  // the plan only.
  EXPECT_THAT(DuoReportKinds(s_.DuoReports(file.client().name())),
              ElementsAre(v1::DUO_REPORT_KIND_PLAN_ESTABLISHED));
}

TEST_P(EnforcementScenarioTest, AFineWithoutAWarningIsRefused) {
  s_.Today(2025, 6, 2);
  v1::CaseFile file = s_.NewTrajectory(
      s_.NewClient("111222333", v1::TARGET_GROUP_FAMILY_MIGRANT, ProtoDate(2025, 1, 6)));
  ASSERT_THAT(s_.CompleteIntake(file, ProtoDate(2025, 2, 3)), Ok());
  ASSERT_THAT(s_.Establish(file, ProtoDate(2025, 3, 10)), Ok());
  EXPECT_THAT(
      Intend(file, v1::ENFORCEMENT_GROUND_PLAN_OBLIGATION, "", ProtoDate(2025, 5, 1), 40000),
      RefusedBy("FINE_WITHOUT_WARNING"));
  EXPECT_EQ(file.fines_size(), 0);
}

TEST_P(EnforcementScenarioTest, AFineOverTheMaximumIsRefused) {
  s_.Today(2025, 6, 2);
  v1::CaseFile file = s_.NewTrajectory(
      s_.NewClient("111222333", v1::TARGET_GROUP_FAMILY_MIGRANT, ProtoDate(2025, 1, 6)));
  ASSERT_THAT(s_.CompleteIntake(file, ProtoDate(2025, 2, 3)), Ok());
  ASSERT_THAT(s_.Establish(file, ProtoDate(2025, 3, 10)), Ok());
  ASSERT_THAT(Warn(file, v1::ENFORCEMENT_GROUND_PLAN_OBLIGATION, "", ProtoDate(2025, 4, 1)), Ok());
  EXPECT_THAT(
      Intend(file, v1::ENFORCEMENT_GROUND_PLAN_OBLIGATION, "", ProtoDate(2025, 5, 1), 80001),
      RefusedBy("FINE_OVER_MAXIMUM"));
  EXPECT_THAT(Intend(file, v1::ENFORCEMENT_GROUND_PLAN_OBLIGATION, "", ProtoDate(2025, 5, 1), 30000,
                     /*blameworthy=*/false),
              RefusedBy("FINE_NOT_BLAMEWORTHY"));
  ASSERT_THAT(
      Intend(file, v1::ENFORCEMENT_GROUND_PLAN_OBLIGATION, "", ProtoDate(2025, 5, 1), 80000), Ok());
  // The decision comes after the person's view; an objection can annul the fine.
  v1::DecideFineRequest early;
  early.set_fine_id(file.fines(0).id());
  *early.mutable_decision()->mutable_date() = ProtoDate(2025, 5, 2);
  early.mutable_decision()->set_imposed(true);
  early.mutable_decision()->set_amount_euro_cents(80000);
  EXPECT_THAT(s_.Send(s_.enforcement(), file, early, &v1::EnforcementService::Stub::DecideFine),
              RefusedBy("FINE_DECISION_BEFORE_VIEW"));
  ASSERT_THAT(Impose(file, ProtoDate(2025, 5, 20)), Ok());
  v1::RecordFineObjectionRequest objection;
  objection.set_fine_id(file.fines(0).id());
  *objection.mutable_filed_date() = ProtoDate(2025, 5, 25);
  ASSERT_THAT(s_.Send(s_.enforcement(), file, objection,
                      &v1::EnforcementService::Stub::RecordFineObjection),
              Ok());
  v1::DecideFineObjectionRequest outcome;
  outcome.set_fine_id(file.fines(0).id());
  outcome.set_outcome(v1::OBJECTION_OUTCOME_REDUCED);
  *outcome.mutable_date() = ProtoDate(2025, 6, 1);
  outcome.set_amount_euro_cents(40000);
  ASSERT_THAT(
      s_.Send(s_.enforcement(), file, outcome, &v1::EnforcementService::Stub::DecideFineObjection),
      Ok());
  EXPECT_EQ(file.fines(0).objection().outcome(), v1::OBJECTION_OUTCOME_REDUCED);
  EXPECT_EQ(file.fines(0).objection().amount_euro_cents(), 40000);
}

TEST_P(EnforcementScenarioTest, InvalidFineFieldsAreNamed) {
  s_.Today(2025, 6, 2);
  v1::CaseFile file = s_.NewTrajectory(
      s_.NewClient("111222333", v1::TARGET_GROUP_FAMILY_MIGRANT, ProtoDate(2025, 1, 6)));
  v1::RecordFineIntentionRequest request;
  request.mutable_fine()->set_ground(v1::ENFORCEMENT_GROUND_INTAKE_NO_SHOW);
  *request.mutable_fine()->mutable_offence_date() = ProtoDate(2026, 1, 1);
  request.mutable_fine()->set_intended_amount_euro_cents(-5);
  const RpcError error =
      s_.Send(s_.enforcement(), file, request, &v1::EnforcementService::Stub::RecordFineIntention);
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(
      error.fields(),
      ::testing::IsSupersetOf({"fine.appointment_id", "fine.offence_date", "fine.intention_date",
                               "fine.blameworthiness_reasons", "fine.intended_amount_euro_cents"}));
}

// Awb 5:45 (FinePowerLapsed): the power to fine a plan offence lapses 5 years after it; the time
// an objection against a fine for the same offence ran does not count.
TEST_P(EnforcementScenarioTest, ThePowerToFineLapsesAfterFiveYearsPlusAnObjectionsTime) {
  s_.Today(2025, 4, 1);
  v1::CaseFile file = s_.NewTrajectory(
      s_.NewClient("111222333", v1::TARGET_GROUP_FAMILY_MIGRANT, ProtoDate(2025, 1, 6)));
  ASSERT_THAT(s_.CompleteIntake(file, ProtoDate(2025, 2, 3)), Ok());
  ASSERT_THAT(s_.Establish(file, ProtoDate(2025, 3, 10)), Ok());
  ASSERT_THAT(Warn(file, v1::ENFORCEMENT_GROUND_PLAN_OBLIGATION, "", ProtoDate(2025, 3, 20)), Ok());
  auto intend = [&](google::type::Date offence, google::type::Date on) {
    v1::RecordFineIntentionRequest request;
    v1::Fine* fine = request.mutable_fine();
    fine->set_ground(v1::ENFORCEMENT_GROUND_PLAN_OBLIGATION);
    *fine->mutable_offence_date() = offence;
    *fine->mutable_intention_date() = on;
    fine->set_blameworthy(true);
    fine->set_blameworthiness_reasons("missed 12 of 20 lessons without excuse after the warning");
    fine->set_intended_amount_euro_cents(30000);
    return s_.Send(s_.enforcement(), file, request,
                   &v1::EnforcementService::Stub::RecordFineIntention);
  };

  // Five years on, a day late: lapsed; four years and eleven months on: allowed.
  s_.Today(2030, 4, 2);
  EXPECT_THAT(intend(ProtoDate(2025, 3, 31), ProtoDate(2030, 4, 1)),
              RefusedBy("FINE_POWER_LAPSED"));
  EXPECT_THAT(intend(ProtoDate(2025, 5, 1), ProtoDate(2030, 4, 1)), Ok());

  // Another offence: fined in 2025, objected to, annulled after 200 days.
  s_.Today(2025, 6, 1);
  ASSERT_THAT(intend(ProtoDate(2025, 4, 1), ProtoDate(2025, 5, 1)), Ok());
  ASSERT_THAT(Impose(file, ProtoDate(2025, 6, 1)), Ok());
  const std::string fine_id = file.fines(file.fines_size() - 1).id();
  v1::RecordFineObjectionRequest objection;
  objection.set_fine_id(fine_id);
  *objection.mutable_filed_date() = ProtoDate(2025, 6, 10);
  s_.Today(2025, 12, 27);
  ASSERT_THAT(s_.Send(s_.enforcement(), file, objection,
                      &v1::EnforcementService::Stub::RecordFineObjection),
              Ok());
  v1::DecideFineObjectionRequest annul;
  annul.set_fine_id(fine_id);
  annul.set_outcome(v1::OBJECTION_OUTCOME_ANNULLED);
  *annul.mutable_date() = ProtoDate(2025, 12, 27);
  ASSERT_THAT(
      s_.Send(s_.enforcement(), file, annul, &v1::EnforcementService::Stub::DecideFineObjection),
      Ok());
  // Five years and four months after that offence, still within 5 years + 200 days.
  s_.Today(2030, 8, 1);
  EXPECT_THAT(intend(ProtoDate(2025, 4, 1), ProtoDate(2030, 8, 1)), Ok());
  EXPECT_THAT(intend(ProtoDate(2025, 4, 2), ProtoDate(2030, 8, 1)), RefusedBy("FINE_POWER_LAPSED"));
}

// ReportedToDuo: a PVT found blameworthy is reported to DUO; a municipal fine is not; a MAP found
// not blameworthy is recorded but not reported; a completed PVT has no non-fulfilment.
TEST_P(EnforcementScenarioTest, ABlameworthyPvtIsReportedToDuoAndAMunicipalFineIsNot) {
  s_.Today(2026, 6, 1);
  v1::CaseFile file = s_.NewTrajectory(
      s_.NewClient("111222333", v1::TARGET_GROUP_FAMILY_MIGRANT, ProtoDate(2025, 1, 6)));
  ASSERT_THAT(s_.CompleteIntake(file, ProtoDate(2025, 2, 3)), Ok());
  ASSERT_THAT(s_.Establish(file, ProtoDate(2025, 3, 10)), Ok());
  ASSERT_THAT(Warn(file, v1::ENFORCEMENT_GROUND_PLAN_OBLIGATION, "", ProtoDate(2025, 5, 1)), Ok());
  ASSERT_THAT(
      Intend(file, v1::ENFORCEMENT_GROUND_PLAN_OBLIGATION, "", ProtoDate(2025, 5, 2), 30000), Ok());
  ASSERT_THAT(Impose(file, ProtoDate(2025, 6, 1)), Ok());

  auto find = [&](v1::NonFulfilmentSubject subject, bool blameworthy) {
    v1::RecordBlameworthinessFindingRequest request;
    request.mutable_finding()->set_subject(subject);
    *request.mutable_finding()->mutable_date() = ProtoDate(2026, 5, 1);
    request.mutable_finding()->set_blameworthy(blameworthy);
    request.mutable_finding()->set_reasons("came to 2 of 12 PVT sessions, no excuse given");
    return s_.Send(s_.enforcement(), file, request,
                   &v1::EnforcementService::Stub::RecordBlameworthinessFinding);
  };
  ASSERT_THAT(find(v1::NON_FULFILMENT_SUBJECT_PVT, true), Ok());
  ASSERT_THAT(find(v1::NON_FULFILMENT_SUBJECT_MAP, false), Ok());
  ASSERT_EQ(file.blameworthiness_findings_size(), 2);
  EXPECT_EQ(file.blameworthiness_findings(0).found_by(), "tester");
  const v1::ListDuoReportsResponse reports = s_.DuoReports(file.client().name());
  EXPECT_THAT(DuoReportKinds(reports), ElementsAre(v1::DUO_REPORT_KIND_PLAN_ESTABLISHED,
                                                   v1::DUO_REPORT_KIND_BLAMEWORTHY_NON_FULFILMENT));
  ASSERT_EQ(reports.duo_reports_size(), 2);
  EXPECT_EQ(reports.duo_reports(1).record_id(), file.blameworthiness_findings(0).id());

  ASSERT_THAT(s_.Component(file, v1::COMPONENT_KIND_PVT, ProtoDate(2026, 5, 20)), Ok());
  EXPECT_THAT(find(v1::NON_FULFILMENT_SUBJECT_PVT, true), RefusedBy("COMPONENT_COMPLETED"));
}

INSTANTIATE_TEST_SUITE_P(Backends, EnforcementScenarioTest, ::testing::ValuesIn(AllBackends()),
                         BackendParamName());

ServerConfig NoFinesForAsylumStatusHolders() {
  ServerConfig config = testing::TestServer::DefaultConfig();
  config.policy.no_fines_for.insert(domain::TargetGroup::kAsylumStatusHolder);
  return config;
}

class FiningPolicyTest : public EnforcementScenarioTest {
 protected:
  FiningPolicyTest() : EnforcementScenarioTest(NoFinesForAsylumStatusHolders()) {}
};

TEST_P(FiningPolicyTest, FiningSwitchedOffForATargetGroupRefusesTheIntention) {
  s_.Today(2025, 6, 2);
  v1::CaseFile file = s_.NewTrajectory(
      s_.NewClient("111222333", v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER, ProtoDate(2025, 1, 6)));
  ASSERT_THAT(s_.Invite(file, 1, ProtoDate(2025, 2, 3), v1::APPOINTMENT_OUTCOME_NO_SHOW_UNEXCUSED),
              Ok());
  ASSERT_THAT(Warn(file, v1::ENFORCEMENT_GROUND_INTAKE_NO_SHOW, file.appointments(0).id(),
                   ProtoDate(2025, 2, 4)),
              Ok());
  ASSERT_THAT(s_.Invite(file, 2, ProtoDate(2025, 2, 17), v1::APPOINTMENT_OUTCOME_NO_SHOW_UNEXCUSED),
              Ok());
  EXPECT_THAT(Intend(file, v1::ENFORCEMENT_GROUND_INTAKE_NO_SHOW, file.appointments(1).id(),
                     ProtoDate(2025, 2, 18), 25000),
              RefusedBy("FINING_SWITCHED_OFF"));
}

INSTANTIATE_TEST_SUITE_P(Backends, FiningPolicyTest, ::testing::ValuesIn(AllBackends()),
                         BackendParamName());

}  // namespace
}  // namespace inburgering::server
