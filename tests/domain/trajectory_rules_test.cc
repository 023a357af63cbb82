// The recorded steps of domain/trajectory_rules.h: each refusal is named after its rule.

#include "domain/trajectory_rules.h"

#include "domain/errors.h"
#include "domain/rules.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace inburgering::domain {
namespace {

using ::inburgering::testing::IsOk;
using ::inburgering::testing::StatusIs;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

MATCHER_P(RefusedBy, rule, "") {
  *result_listener << "whose status is " << arg;
  return arg.code() == absl::StatusCode::kFailedPrecondition && ReasonOf(arg) == rule;
}

Client Person(TargetGroup group = TargetGroup::kAsylumStatusHolder,
              absl::CivilDay birth = D(1995, 6, 15)) {
  Client c;
  c.birth_date = birth;
  c.target_group = group;
  c.obligation_notice_date = D(2025, 1, 6);
  return c;
}

Trajectory AfterIntake() {
  Trajectory t;
  Intake intake;
  intake.date = D(2025, 2, 3);
  intake.education_and_work_history = true;
  intake.personal_circumstances = true;
  EXPECT_THAT(RecordIntake(t, intake), IsOk());
  EXPECT_THAT(RecordLearnabilityTest(t, {D(2025, 2, 10), 55}), IsOk());
  return t;
}

PlanVersion Plan(absl::CivilDay date, Route route, AmendmentKind kind = AmendmentKind::kInitial) {
  PlanVersion p;
  p.decision_date = date;
  p.route = route;
  p.kind = kind;
  return p;
}

Trajectory Planned(Route route = Route::kB1, const Client& client = Person()) {
  Trajectory t = AfterIntake();
  EXPECT_THAT(EstablishPlan(t, client, Plan(D(2025, 3, 10), route), Policy()), IsOk());
  return t;
}

TEST(EstablishPlanTest, NoPlanBeforeTheIntakeIsComplete) {
  Trajectory t;
  EXPECT_THAT(EstablishPlan(t, Person(), Plan(D(2025, 3, 10), Route::kB1), Policy()),
              RefusedBy(reason::kPlanBeforeIntake));
  Intake partial;
  partial.education_and_work_history = true;
  ASSERT_THAT(RecordIntake(t, partial), IsOk());
  ASSERT_THAT(RecordLearnabilityTest(t, {D(2025, 2, 10), 55}), IsOk());
  EXPECT_THAT(EstablishPlan(t, Person(), Plan(D(2025, 3, 10), Route::kB1), Policy()),
              RefusedBy(reason::kPlanBeforeIntake));
}

TEST(EstablishPlanTest, TheFirstPlanIsEstablishedOnceAndItsDateStartsTheTerm) {
  Trajectory t = Planned();
  EXPECT_EQ(t.plans.size(), 1u);
  EXPECT_EQ(t.plans[0].version, 1);
  EXPECT_EQ(IntegrationTermStart(t.plans[0].decision_date), D(2025, 3, 11));
  EXPECT_THAT(EstablishPlan(t, Person(), Plan(D(2025, 4, 1), Route::kZ), Policy()),
              RefusedBy(reason::kPlanAlreadyEstablished));
}

// ECLI:NL:RVS:2024:5413: 28 describes the onderwijsroute's target group; the college examines
// the route for the person, so an older person may be placed on it.
TEST(EstablishPlanTest, TheEducationRouteAboveItsTargetAgeIsNotRefused) {
  Trajectory t = AfterIntake();
  const Client older = Person(TargetGroup::kFamilyMigrant, D(1990, 1, 1));
  EXPECT_THAT(EstablishPlan(t, older, Plan(D(2025, 3, 10), Route::kEducation), Policy()), IsOk());
}

// Divosa guidance on the no-show ladder: after a warning and two fines the college establishes
// the plan on the information it has; or the intake could only be done on that information.
TEST(PlanWithoutCompleteIntakeAllowedTest, AfterTheWholeLadderOrOnTheInformationAvailable) {
  Trajectory t;
  EXPECT_FALSE(PlanWithoutCompleteIntakeAllowed(t, IntakeBasis::kCompleteIntake));
  EXPECT_TRUE(PlanWithoutCompleteIntakeAllowed(t, IntakeBasis::kAvailableInformation));
  EXPECT_FALSE(PlanWithoutCompleteIntakeAllowed(t, IntakeBasis::kAfterNoShowLadder));
  Warning w;
  w.ground = EnforcementGround::kIntakeNoShow;
  t.warnings.push_back(w);
  Fine f;
  f.ground = EnforcementGround::kIntakeNoShow;
  t.fines.push_back(f);
  EXPECT_FALSE(NoShowLadderCompleted(t));
  t.fines.push_back(f);
  EXPECT_TRUE(NoShowLadderCompleted(t));
  EXPECT_TRUE(PlanWithoutCompleteIntakeAllowed(t, IntakeBasis::kAfterNoShowLadder));
  // A withdrawn fine is no step of the ladder.
  t.fines.back().decision = FineDecision{D(2025, 4, 1), false, 0, "withdrawn", "c1"};
  EXPECT_FALSE(NoShowLadderCompleted(t));
}

TEST(EstablishPlanTest, APlanOnTheInformationAvailableNeedsItsReason) {
  Trajectory t;
  PlanVersion plan = Plan(D(2025, 3, 10), Route::kB1);
  plan.intake_basis = IntakeBasis::kAvailableInformation;
  EXPECT_THAT(EstablishPlan(t, Person(), plan, Policy()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  plan.intake_basis_reason = "the person did not come; history from the COA file";
  ASSERT_THAT(EstablishPlan(t, Person(), plan, Policy()), IsOk());
  EXPECT_EQ(t.plans[0].intake_basis, IntakeBasis::kAvailableInformation);

  Trajectory ladder;
  plan.intake_basis = IntakeBasis::kAfterNoShowLadder;
  EXPECT_THAT(EstablishPlan(ladder, Person(), plan, Policy()),
              RefusedBy(reason::kNoShowLadderNotCompleted));
  // With a complete intake the plan rests on it.
  Trajectory complete = AfterIntake();
  EXPECT_THAT(EstablishPlan(complete, Person(), plan, Policy()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(EstablishPlanTest, ThePvtsHoursAreAtLeastTwelve) {
  Trajectory t = AfterIntake();
  PlanVersion plan = Plan(D(2025, 3, 10), Route::kB1);
  plan.pvt_hours = 8;
  EXPECT_THAT(EstablishPlan(t, Person(), plan, Policy()), RefusedBy(reason::kPvtHours));
  plan.pvt_hours = 0;
  ASSERT_THAT(EstablishPlan(t, Person(), plan, Policy()), IsOk());
  EXPECT_EQ(t.plans[0].pvt_hours, 12);
}

TEST(EstablishPlanTest, NoMapInTheEducationRoute) {
  Trajectory t = AfterIntake();
  PlanVersion plan = Plan(D(2025, 3, 10), Route::kEducation);
  plan.map_hours = 40;
  EXPECT_THAT(EstablishPlan(t, Person(TargetGroup::kFamilyMigrant, D(2003, 1, 1)), plan, Policy()),
              RefusedBy(reason::kNoMapInEducationRoute));
}

TEST(EstablishPlanTest, ZRouteForAsylumStatusHoldersCarries1600Hours) {
  Trajectory t = AfterIntake();
  PlanVersion plan = Plan(D(2025, 3, 10), Route::kZ);
  plan.language_hours = 800;
  plan.participation_hours = 200;
  EXPECT_THAT(EstablishPlan(t, Person(), plan, Policy()), RefusedBy(reason::kZRouteHours));
  plan.language_hours = 0;
  plan.participation_hours = 0;  // none given: the legal 800 + 800
  ASSERT_THAT(EstablishPlan(t, Person(), plan, Policy()), IsOk());
  EXPECT_EQ(t.plans[0].language_hours, 800);
  EXPECT_EQ(t.plans[0].participation_hours, 800);
}

TEST(AmendPlanTest, NeedsAPlan) {
  Trajectory t = AfterIntake();
  EXPECT_THAT(
      AmendPlan(t, Person(), Plan(D(2025, 4, 1), Route::kZ, AmendmentKind::kRouteSwitch), Policy()),
      RefusedBy(reason::kNoPlanYet));
}

TEST(AmendPlanTest, RouteSwitchAllowedAtMonth17RefusedAtMonth19) {
  Trajectory t = Planned();  // term starts 2025-03-11
  EXPECT_THAT(AmendPlan(t, Person(), Plan(D(2026, 10, 12), Route::kZ, AmendmentKind::kRouteSwitch),
                        Policy()),
              RefusedBy(reason::kRouteSwitchAfter18Months));
  ASSERT_THAT(AmendPlan(t, Person(), Plan(D(2026, 8, 11), Route::kZ, AmendmentKind::kRouteSwitch),
                        Policy()),
              IsOk());
  EXPECT_EQ(t.current_plan()->route, Route::kZ);
  EXPECT_EQ(t.current_plan()->version, 2);
  // The term does not move with the amendment.
  EXPECT_EQ(IntegrationTermStart(t.plans.front().decision_date), D(2025, 3, 11));
}

TEST(AmendPlanTest, EducationRouteToB1RouteAfter18Months) {
  const Client young = Person(TargetGroup::kFamilyMigrant, D(2003, 1, 1));
  Trajectory t = Planned(Route::kEducation, young);
  EXPECT_THAT(
      AmendPlan(t, young, Plan(D(2027, 1, 5), Route::kB1, AmendmentKind::kRouteSwitch), Policy()),
      IsOk());
}

TEST(AmendPlanTest, RouteSwitchMustChangeTheRoute) {
  Trajectory t = Planned();
  EXPECT_THAT(AmendPlan(t, Person(), Plan(D(2025, 5, 1), Route::kB1, AmendmentKind::kRouteSwitch),
                        Policy()),
              RefusedBy(reason::kRouteUnchanged));
}

TEST(AmendPlanTest, LoweringToA2NeedsSixHundredCertifiedHours) {
  Trajectory t = Planned();
  Enrollment e;
  e.id = "e1";
  e.quality_mark = QualityMark::kBlikOpWerk;
  ASSERT_THAT(RecordEnrollment(t, e), IsOk());
  AttendanceRecord a;
  a.enrollment_id = "e1";
  a.attended_hours = 550;
  ASSERT_THAT(RecordAttendance(t, a), IsOk());
  PlanVersion lower = Plan(D(2026, 1, 5), Route::kB1, AmendmentKind::kLowerToA2);
  EXPECT_THAT(AmendPlan(t, Person(), lower, Policy()), RefusedBy(reason::kLoweringNeeds600Hours));
  a.attended_hours = 50;
  ASSERT_THAT(RecordAttendance(t, a), IsOk());
  EXPECT_THAT(AmendPlan(t, Person(), lower, Policy()),
              RefusedBy(reason::kLoweringNeedsEffortFinding));
  lower.effort_finding = "attended every lesson, sat each exam twice";
  ASSERT_THAT(AmendPlan(t, Person(), lower, Policy()), IsOk());
  EXPECT_EQ(t.current_plan()->target_level, Level::kA2);
  EXPECT_EQ(t.current_plan()->route, Route::kB1);
}

TEST(AmendPlanTest, LoweringToA2OnlyFromTheB1Route) {
  Trajectory t = Planned(Route::kZ);
  EXPECT_THAT(
      AmendPlan(t, Person(), Plan(D(2026, 1, 5), Route::kZ, AmendmentKind::kLowerToA2), Policy()),
      RefusedBy(reason::kLoweringNeedsB1Route));
}

TEST(AmendPlanTest, AMoveKeepsTheRoute) {
  Trajectory t = Planned();
  PlanVersion move = Plan(D(2025, 9, 1), Route::kZ, AmendmentKind::kMove);
  move.new_municipality = "0344";
  EXPECT_THAT(AmendPlan(t, Person(), move, Policy()), RefusedBy(reason::kMoveKeepsRoute));
  move.route = Route::kB1;
  EXPECT_THAT(AmendPlan(t, Person(), move, Policy()), IsOk());
}

TEST(AmendPlanTest, OtherChangesKeepTheRouteAndComeAfterTheCurrentPlan) {
  Trajectory t = Planned();
  EXPECT_THAT(
      AmendPlan(t, Person(), Plan(D(2025, 5, 1), Route::kZ, AmendmentKind::kOther), Policy()),
      RefusedBy(reason::kRouteUnchanged));
  EXPECT_THAT(
      AmendPlan(t, Person(), Plan(D(2025, 3, 1), Route::kB1, AmendmentKind::kOther), Policy()),
      RefusedBy(reason::kAmendmentBeforeCurrentPlan));
}

TEST(ComponentTest, NoMapResultInTheEducationRoute) {
  const Client young = Person(TargetGroup::kFamilyMigrant, D(2003, 1, 1));
  Trajectory t = Planned(Route::kEducation, young);
  ComponentResult map;
  map.component = Component::kMap;
  EXPECT_THAT(RecordComponentResult(t, map), RefusedBy(reason::kNoMapInEducationRoute));
  ComponentResult pvt;
  pvt.component = Component::kPvt;
  pvt.completed = true;
  EXPECT_THAT(RecordComponentResult(t, pvt), IsOk());
}

TEST(ClosedTrajectoryTest, NothingIsRecordedOnAClosedTrajectory) {
  Trajectory t = Planned();
  EXPECT_THAT(RequireOpen(t), IsOk());
  ASSERT_THAT(CloseTrajectory(t, {ClosureReason::kFulfilled, D(2027, 1, 1)}), IsOk());
  EXPECT_THAT(RequireOpen(t), RefusedBy(reason::kTrajectoryClosed));
}

TEST(LearnabilityTestTest, ATestAndAnExemptionExcludeEachOther) {
  Trajectory t = AfterIntake();
  EXPECT_THAT(
      ExemptFromLearnabilityTest(t, {D(2025, 2, 1), TestExemptionReason::kVisualImpairment}),
      RefusedBy(reason::kLearnabilityTestSettled));
  Trajectory exempt;
  ASSERT_THAT(
      ExemptFromLearnabilityTest(exempt, {D(2025, 2, 1), TestExemptionReason::kHearingImpairment}),
      IsOk());
  EXPECT_THAT(RecordLearnabilityTest(exempt, {D(2025, 2, 10), 50}),
              RefusedBy(reason::kLearnabilityTestSettled));
}

TEST(AppointmentTest, OutcomeIsRecordedOnceForAKnownAppointment) {
  Trajectory t;
  Appointment a;
  a.id = "a1";
  a.kind = AppointmentKind::kIntakeInvitation;
  a.invitation_number = 1;
  ASSERT_THAT(ScheduleAppointment(t, a), IsOk());
  EXPECT_THAT(RecordAppointmentOutcome(t, "a1", AppointmentOutcome::kNoShowUnexcused), IsOk());
  EXPECT_THAT(RecordAppointmentOutcome(t, "a1", AppointmentOutcome::kAttended),
              RefusedBy(reason::kOutcomeAlreadyRecorded));
  EXPECT_THAT(RecordAppointmentOutcome(t, "zz", AppointmentOutcome::kAttended),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(AttendanceTest, BelongsToAKnownEnrollment) {
  Trajectory t = Planned();
  AttendanceRecord a;
  a.enrollment_id = "nope";
  EXPECT_THAT(RecordAttendance(t, a), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ExtensionTest, NeedsATermToExtend) {
  Trajectory t = AfterIntake();
  EXPECT_THAT(RecordExtension(t, Extension{}), RefusedBy(reason::kNoPlanYet));
}

// Wi2021 art. 31-35 and GGM Inburgering: the finding per component, with its reasons, after the
// plan; no MAP on the onderwijsroute; nothing to find once the component is completed.
TEST(RecordBlameworthinessFindingTest, PerComponentWithReasonsWhileNotCompleted) {
  Trajectory t = AfterIntake();
  BlameworthinessFinding f{"", NonFulfilmentSubject::kPvt, D(2026, 5, 1), true, "", "c1"};
  EXPECT_THAT(RecordBlameworthinessFinding(t, f), StatusIs(absl::StatusCode::kInvalidArgument));
  f.reasons = "came to 2 of 12 PVT sessions";
  EXPECT_THAT(RecordBlameworthinessFinding(t, f), RefusedBy(reason::kNoPlanYet));
  Trajectory education = Planned(Route::kEducation);
  f.subject = NonFulfilmentSubject::kMap;
  EXPECT_THAT(RecordBlameworthinessFinding(education, f),
              RefusedBy(reason::kNoMapInEducationRoute));
  Trajectory b1 = Planned();
  f.subject = NonFulfilmentSubject::kPvt;
  ASSERT_THAT(RecordBlameworthinessFinding(b1, f), IsOk());
  ComponentResult signed_pvt;
  signed_pvt.component = Component::kPvt;
  signed_pvt.date = D(2026, 5, 20);
  signed_pvt.completed = true;
  ASSERT_THAT(RecordComponentResult(b1, signed_pvt), IsOk());
  EXPECT_THAT(RecordBlameworthinessFinding(b1, f), RefusedBy(reason::kComponentCompleted));
  f.subject = NonFulfilmentSubject::kLearningRoute;
  EXPECT_THAT(RecordBlameworthinessFinding(b1, f), IsOk());
  EXPECT_EQ(b1.findings.size(), 2u);
}

}  // namespace
}  // namespace inburgering::domain
