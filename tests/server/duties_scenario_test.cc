// The municipality's duties beside the learning route, worked through the real server on SQLite
// and PostgreSQL (docs/law.md, "Duties"): maatschappelijke begeleiding and ontzorgen for asylum
// status holders only, the objection against the plan with its Awb clock, the Z-route's completion
// after the final interview, and the notice to DUO that someone will not make it.

#include <string>

#include "absl/strings/str_format.h"
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
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

std::string Str(const google::type::Date& d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

// "due/STATE[/met]" of the deadline of `kind`, or "none".
std::string DeadlineOf(const v1::CaseFile& file, v1::DeadlineKind kind) {
  for (const v1::Deadline& d : file.deadlines()) {
    if (d.kind() != kind) continue;
    std::string out = Str(d.due_date()) + "/" + v1::DeadlineState_Name(d.state());
    if (d.has_met_date()) out += "/" + Str(d.met_date());
    return out;
  }
  return "none";
}

class DutiesScenarioTest : public ::testing::TestWithParam<persistence::Backend> {
 protected:
  DutiesScenarioTest() : s_(GetParam()) {}

  // A trajectory of a new client of `group` with its plan (B1 unless `route`) of 2025-03-10.
  v1::CaseFile Planned(const std::string& bsn, v1::TargetGroup group,
                       v1::LearningRoute route = v1::LEARNING_ROUTE_B1) {
    s_.Today(2025, 3, 10);
    v1::CaseFile file = s_.NewTrajectory(s_.NewClient(bsn, group, ProtoDate(2025, 1, 6)));
    EXPECT_THAT(s_.CompleteIntake(file, ProtoDate(2025, 2, 3)), Ok());
    EXPECT_THAT(s_.Establish(file, ProtoDate(2025, 3, 10), "", route), Ok());
    return file;
  }

  template <typename Request, typename Method>
  RpcError Send(v1::CaseFile& file, Request request, Method method) {
    return s_.Send(s_.trajectories(), file, std::move(request), method);
  }

  RpcError Guidance(v1::CaseFile& file, v1::GuidanceParticipation participation) {
    v1::RecordSocialGuidanceRequest request;
    v1::SocialGuidance* g = request.mutable_guidance();
    *g->mutable_offered_date() = ProtoDate(2025, 2, 3);
    g->set_provider("VluchtelingenWerk Flevoland");
    *g->mutable_start_date() = ProtoDate(2025, 2, 10);
    g->add_parts(v1::GUIDANCE_PART_PRACTICAL_MATTERS);
    g->add_parts(v1::GUIDANCE_PART_FINANCIAL_LITERACY);
    g->set_participation(participation);
    return Send(file, request, &v1::TrajectoryService::Stub::RecordSocialGuidance);
  }

  RpcError Unburden(v1::CaseFile& file, google::type::Date end, v1::UnburdeningEnd reason) {
    v1::RecordUnburdeningRequest request;
    v1::Unburdening* u = request.mutable_unburdening();
    *u->mutable_start_date() = ProtoDate(2025, 2, 1);
    *u->mutable_end_date() = end;
    u->set_end_reason(reason);
    u->add_costs(v1::FIXED_COST_RENT);
    u->add_costs(v1::FIXED_COST_ENERGY);
    u->add_costs(v1::FIXED_COST_WATER);
    u->add_costs(v1::FIXED_COST_HEALTH_INSURANCE);
    u->set_decision_reference("PW-2025-0042");
    return Send(file, request, &v1::TrajectoryService::Stub::RecordUnburdening);
  }

  RpcError Object(v1::CaseFile& file, v1::ObjectionStage stage, google::type::Date filed) {
    v1::LodgePlanObjectionRequest request;
    request.mutable_objection()->set_stage(stage);
    request.mutable_objection()->set_plan_version(1);
    *request.mutable_objection()->mutable_filed_date() = filed;
    return Send(file, request, &v1::TrajectoryService::Stub::LodgePlanObjection);
  }

  v1::ListDuoReportsResponse Duo(const v1::CaseFile& file) {
    return s_.DuoReports(file.client().name());
  }

  Scenario s_;
};

TEST_P(DutiesScenarioTest, SocialGuidanceAndUnburdeningAreForAsylumStatusHolders) {
  v1::CaseFile holder = Planned("111222333", v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER);
  ASSERT_THAT(Guidance(holder, v1::GUIDANCE_PARTICIPATION_PARTICIPATING), Ok());
  EXPECT_EQ(holder.social_guidance().provider(), "VluchtelingenWerk Flevoland");
  EXPECT_THAT(holder.social_guidance().parts(), ElementsAre(v1::GUIDANCE_PART_PRACTICAL_MATTERS,
                                                            v1::GUIDANCE_PART_FINANCIAL_LITERACY));
  EXPECT_FALSE(holder.social_guidance().recorded_by().empty());

  // UnburdeningCoversSixMonths: three months after its period is too short; ended because the
  // benefit ended it may be; six months is the minimum.
  EXPECT_THAT(Unburden(holder, ProtoDate(2025, 4, 30), v1::UNBURDENING_END_PERIOD_ENDED),
              RefusedBy("UNBURDENING_UNDER_SIX_MONTHS"));
  EXPECT_FALSE(holder.has_unburdening());
  ASSERT_THAT(Unburden(holder, ProtoDate(2025, 4, 30), v1::UNBURDENING_END_OFF_BENEFIT), Ok());
  ASSERT_THAT(Unburden(holder, ProtoDate(2025, 7, 31), v1::UNBURDENING_END_PERIOD_ENDED), Ok());
  EXPECT_EQ(Str(holder.unburdening().end_date()), "2025-07-31");
  EXPECT_EQ(holder.unburdening().costs_size(), 4);

  // AsylumStatusHolderDutyApplies: a family migrant arranges their own affairs.
  v1::CaseFile family = Planned("123456782", v1::TARGET_GROUP_FAMILY_MIGRANT);
  EXPECT_THAT(Guidance(family, v1::GUIDANCE_PARTICIPATION_OFFERED),
              RefusedBy("NOT_AN_ASYLUM_STATUS_HOLDER"));
  EXPECT_THAT(Unburden(family, ProtoDate(2025, 7, 31), v1::UNBURDENING_END_PERIOD_ENDED),
              RefusedBy("NOT_AN_ASYLUM_STATUS_HOLDER"));

  // The municipality still guides asylum status holders of the Wi2013 group.
  v1::CreateClientRequest wi2013 = ::inburgering::testing::ClientRequest("123456794");
  wi2013.mutable_client()->set_regime(v1::REGIME_WI2013);
  v1::Client old_law;
  ASSERT_TRUE(s_.clients().CreateClient(Scenario::Staff().get(), wi2013, &old_law).ok());
  v1::CaseFile guided = s_.NewTrajectory(old_law);
  EXPECT_THAT(Guidance(guided, v1::GUIDANCE_PARTICIPATION_OFFERED), Ok());

  // Bad input names its field.
  v1::RecordSocialGuidanceRequest bad;
  bad.mutable_guidance()->set_provider("VluchtelingenWerk");
  *bad.mutable_guidance()->mutable_offered_date() = ProtoDate(2025, 2, 3);
  bad.mutable_guidance()->set_participation(v1::GUIDANCE_PARTICIPATION_COMPLETED);
  bad.mutable_guidance()->add_parts(v1::GUIDANCE_PART_HEALTH_CARE);
  bad.mutable_guidance()->add_parts(v1::GUIDANCE_PART_HEALTH_CARE);
  const RpcError error = Send(holder, bad, &v1::TrajectoryService::Stub::RecordSocialGuidance);
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(error.fields(), Contains("guidance.parts[1]"));
  EXPECT_THAT(error.fields(), Contains("guidance.start_date"));
  EXPECT_THAT(error.fields(), Contains("guidance.end_date"));
}

TEST_P(DutiesScenarioTest, AnObjectionAmendingThePlanKeepsTheTermAndHasItsAwbClock) {
  v1::CaseFile file = Planned("111222333", v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER);
  s_.Today(2025, 4, 1);
  // Awb 7:1: no appeal before the objection is decided.
  EXPECT_THAT(Object(file, v1::OBJECTION_STAGE_APPEAL, ProtoDate(2025, 4, 1)),
              RefusedBy("APPEAL_BEFORE_OBJECTION_DECIDED"));
  ASSERT_THAT(Object(file, v1::OBJECTION_STAGE_OBJECTION, ProtoDate(2025, 4, 1)), Ok());
  ASSERT_EQ(file.plan_objections_size(), 1);
  const std::string objection_id = file.plan_objections(0).id();
  EXPECT_EQ(file.plan_objections(0).outcome(), v1::PLAN_OBJECTION_OUTCOME_PENDING);
  // ObjectionDecisionDueDate: 6 weeks after the 6-week objection period (2025-04-21).
  EXPECT_EQ(DeadlineOf(file, v1::DEADLINE_KIND_PLAN_OBJECTION_DECISION),
            "2025-06-02/DEADLINE_STATE_UPCOMING");
  EXPECT_THAT(Object(file, v1::OBJECTION_STAGE_OBJECTION, ProtoDate(2025, 4, 1)),
              RefusedBy("OBJECTION_PENDING"));

  // Founded: the plan is amended (more hours), the term does not move.
  s_.Today(2025, 5, 20);
  v1::DecidePlanObjectionRequest decide;
  decide.set_objection_id(objection_id);
  decide.set_outcome(v1::PLAN_OBJECTION_OUTCOME_PLAN_AMENDED);
  *decide.mutable_date() = ProtoDate(2025, 5, 20);
  decide.set_reasons("the plan did not weigh the childcare the person needs");
  const RpcError missing = Send(file, decide, &v1::TrajectoryService::Stub::DecidePlanObjection);
  EXPECT_EQ(missing.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(missing.fields(), ElementsAre("amended_plan"));
  v1::Plan* amended = decide.mutable_amended_plan();
  amended->set_route(v1::LEARNING_ROUTE_B1);
  amended->set_target_level(v1::LANGUAGE_LEVEL_B1);
  amended->set_language_hours(900);
  amended->set_support("childcare on course days");
  ASSERT_THAT(Send(file, decide, &v1::TrajectoryService::Stub::DecidePlanObjection), Ok());
  EXPECT_EQ(file.current_plan().version(), 2);
  EXPECT_EQ(file.current_plan().kind(), v1::PLAN_CHANGE_KIND_OBJECTION);
  EXPECT_EQ(Str(file.current_plan().decision_date()), "2025-05-20");
  EXPECT_EQ(file.plan_objections(0).outcome(), v1::PLAN_OBJECTION_OUTCOME_PLAN_AMENDED);
  EXPECT_EQ(file.plan_objections(0).amended_plan_version(), 2);
  EXPECT_EQ(Str(file.term_start()), "2025-03-11");
  EXPECT_EQ(Str(file.term_last_day()), "2028-03-10");
  EXPECT_EQ(DeadlineOf(file, v1::DEADLINE_KIND_PLAN_OBJECTION_DECISION),
            "2025-06-02/DEADLINE_STATE_MET/2025-05-20");
  EXPECT_THAT(Send(file, decide, &v1::TrajectoryService::Stub::DecidePlanObjection),
              RefusedBy("OBJECTION_DECIDED"));
  EXPECT_THAT(DuoReportKinds(Duo(file)),
              ElementsAre(v1::DUO_REPORT_KIND_PLAN_ESTABLISHED, v1::DUO_REPORT_KIND_PLAN_AMENDED));

  // Then an appeal, which the college's clock does not cover.
  ASSERT_THAT(Object(file, v1::OBJECTION_STAGE_APPEAL, ProtoDate(2025, 5, 20)), Ok());
  EXPECT_EQ(file.plan_objections(1).stage(), v1::OBJECTION_STAGE_APPEAL);
}

TEST_P(DutiesScenarioTest, TheZRouteIsFulfilledByItsCompletionDecisionAfterTheFinalInterview) {
  v1::CaseFile file =
      Planned("111222333", v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER, v1::LEARNING_ROUTE_Z);
  s_.Today(2027, 12, 1);
  EXPECT_THAT(s_.Close(file, v1::CLOSURE_REASON_FULFILLED, ProtoDate(2027, 12, 1)),
              RefusedBy("Z_ROUTE_NOT_COMPLETED"));

  v1::DecideZRouteCompletionRequest decide;
  *decide.mutable_decision()->mutable_date() = ProtoDate(2027, 12, 1);
  decide.mutable_decision()->set_completed(true);
  decide.mutable_decision()->set_reasons("800 course and 800 participation hours, self-reliant");
  // FinalInterviewHeld: not before the interview took place.
  ASSERT_THAT(s_.Appoint(file, v1::APPOINTMENT_KIND_FINAL_INTERVIEW, 0, ProtoDate(2027, 11, 25),
                         v1::APPOINTMENT_OUTCOME_NO_SHOW_EXCUSED),
              Ok());
  decide.mutable_decision()->set_final_interview_id(file.appointments(0).id());
  EXPECT_THAT(Send(file, decide, &v1::TrajectoryService::Stub::DecideZRouteCompletion),
              RefusedBy("FINAL_INTERVIEW_NOT_HELD"));
  ASSERT_THAT(s_.Appoint(file, v1::APPOINTMENT_KIND_FINAL_INTERVIEW, 0, ProtoDate(2027, 11, 29),
                         v1::APPOINTMENT_OUTCOME_ATTENDED),
              Ok());
  decide.mutable_decision()->set_final_interview_id(file.appointments(1).id());
  ASSERT_THAT(Send(file, decide, &v1::TrajectoryService::Stub::DecideZRouteCompletion), Ok());
  ASSERT_EQ(file.z_route_decisions_size(), 1);
  EXPECT_TRUE(file.z_route_decisions(0).completed());

  ASSERT_THAT(s_.Close(file, v1::CLOSURE_REASON_FULFILLED, ProtoDate(2027, 12, 1)), Ok());
  EXPECT_THAT(DuoReportKinds(Duo(file)), ElementsAre(v1::DUO_REPORT_KIND_PLAN_ESTABLISHED,
                                                     v1::DUO_REPORT_KIND_Z_ROUTE_COMPLETED));

  // Only a Z-route is decided completed.
  v1::CaseFile b1 = Planned("123456782", v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER);
  s_.Today(2027, 12, 1);
  EXPECT_THAT(Send(b1, decide, &v1::TrajectoryService::Stub::DecideZRouteCompletion),
              RefusedBy("NOT_ON_Z_ROUTE"));
}

TEST_P(DutiesScenarioTest, DuoHearsThatSomeoneWillNotMakeItInTime) {
  s_.Today(2025, 3, 10);
  v1::CaseFile file = s_.NewTrajectory(
      s_.NewClient("111222333", v1::TARGET_GROUP_FAMILY_MIGRANT, ProtoDate(2025, 1, 6)));
  v1::ReportExpectedNonCompletionRequest report;
  report.mutable_notice()->set_kind(v1::NON_COMPLETION_KIND_WILL_NOT_FINISH_IN_TIME);
  *report.mutable_notice()->mutable_date() = ProtoDate(2025, 3, 10);
  report.mutable_notice()->set_reasons("long illness; B1 not reachable before the term ends");
  EXPECT_THAT(s_.Send(s_.duo(), file, report, &v1::DuoService::Stub::ReportExpectedNonCompletion),
              RefusedBy("NO_PLAN_YET"));
  ASSERT_THAT(s_.CompleteIntake(file, ProtoDate(2025, 2, 3)), Ok());
  ASSERT_THAT(s_.Establish(file, ProtoDate(2025, 3, 10)), Ok());

  v1::ReportExpectedNonCompletionRequest bad = report;
  bad.mutable_notice()->clear_kind();
  bad.mutable_notice()->clear_reasons();
  const RpcError error =
      s_.Send(s_.duo(), file, bad, &v1::DuoService::Stub::ReportExpectedNonCompletion);
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(error.fields(), ElementsAre("notice.kind", "notice.reasons"));

  ASSERT_THAT(s_.Send(s_.duo(), file, report, &v1::DuoService::Stub::ReportExpectedNonCompletion),
              Ok());
  ASSERT_EQ(file.non_completion_notices_size(), 1);
  const v1::ListDuoReportsResponse duo = Duo(file);
  EXPECT_THAT(DuoReportKinds(duo), ElementsAre(v1::DUO_REPORT_KIND_PLAN_ESTABLISHED,
                                               v1::DUO_REPORT_KIND_EXPECTED_NON_COMPLETION));
  EXPECT_EQ(duo.duo_reports(1).record_id(), file.non_completion_notices(0).id());
  EXPECT_THAT(DuoReportKinds(duo), Not(Contains(v1::DUO_REPORT_KIND_Z_ROUTE_COMPLETED)));
}

// Besluit art. 5.3: information from a third party moves the plan's deadline to at the latest 2
// weeks after it arrives; while it is outstanding, the deadline waits.
TEST_P(DutiesScenarioTest, ThePlanWaitsForThirdPartyInformationAndFollowsWithinTwoWeeks) {
  s_.Today(2025, 2, 20);
  v1::CaseFile file = s_.NewTrajectory(
      s_.NewClient("111222333", v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER, ProtoDate(2025, 1, 6)));
  EXPECT_EQ(DeadlineOf(file, v1::DEADLINE_KIND_PLAN), "2025-03-17/DEADLINE_STATE_UPCOMING");
  v1::RequestPlanInformationRequest ask;
  ask.mutable_information()->set_source("GP");
  *ask.mutable_information()->mutable_requested_date() = ProtoDate(2025, 2, 20);
  ASSERT_THAT(Send(file, ask, &v1::TrajectoryService::Stub::RequestPlanInformation), Ok());
  EXPECT_EQ(DeadlineOf(file, v1::DEADLINE_KIND_PLAN), "none");
  EXPECT_FALSE(file.has_plan_due_date());

  s_.Today(2025, 3, 10);
  v1::ReceivePlanInformationRequest arrived;
  arrived.set_information_id(file.plan_information_requests(0).id());
  *arrived.mutable_received_date() = ProtoDate(2025, 3, 10);
  ASSERT_THAT(Send(file, arrived, &v1::TrajectoryService::Stub::ReceivePlanInformation), Ok());
  EXPECT_EQ(Str(file.plan_due_date()), "2025-03-24");  // later than the 10-week 2025-03-17
  EXPECT_EQ(DeadlineOf(file, v1::DEADLINE_KIND_PLAN), "2025-03-24/DEADLINE_STATE_DUE");
  EXPECT_THAT(Send(file, arrived, &v1::TrajectoryService::Stub::ReceivePlanInformation),
              RefusedBy("INFORMATION_RECEIVED"));

  s_.Today(2025, 3, 20);
  ASSERT_THAT(s_.CompleteIntake(file, ProtoDate(2025, 2, 3)), Ok());
  ASSERT_THAT(s_.Establish(file, ProtoDate(2025, 3, 20)), Ok());
  EXPECT_EQ(DeadlineOf(file, v1::DEADLINE_KIND_PLAN), "2025-03-24/DEADLINE_STATE_MET/2025-03-20");
  EXPECT_THAT(Send(file, ask, &v1::TrajectoryService::Stub::RequestPlanInformation),
              RefusedBy("PLAN_ALREADY_ESTABLISHED"));
}

INSTANTIATE_TEST_SUITE_P(Backends, DutiesScenarioTest, ::testing::ValuesIn(AllBackends()),
                         BackendParamName());

}  // namespace
}  // namespace inburgering::server
