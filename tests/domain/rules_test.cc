// One test (or a few) per legal rule of domain/rules.h, named after the rule.

#include "domain/rules.h"

#include "domain/dates.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace inburgering::domain {
namespace {

using ::testing::Optional;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

Client AsylumStatusHolder() {
  Client c;
  c.birth_date = D(1995, 6, 15);
  c.target_group = TargetGroup::kAsylumStatusHolder;
  return c;
}

PlanVersion Plan(absl::CivilDay date, Route route) {
  PlanVersion p;
  p.decision_date = date;
  p.route = route;
  return p;
}

TEST(TermTest, StartsTheDayAfterTheFirstPlanDecisionDate) {
  EXPECT_EQ(IntegrationTermStart(D(2025, 3, 10)), D(2025, 3, 11));
  EXPECT_EQ(IntegrationTermStart(D(2025, 12, 31)), D(2026, 1, 1));
}

// Art. 11 lid 3 (Schulinck "PIP aanpassen"): after a move the term runs from the day after the
// first plan anywhere, the new plan does not restart it, and the first plan here keeps the route.
TEST(TermStartAfterMovesTest, KeepsTheOriginalStartAndRoute) {
  Trajectory t;
  EXPECT_FALSE(TermStartAfterMoves(t).has_value());
  t.moved_in = MoveIn{"0303", D(2025, 3, 10), Route::kZ, D(2026, 2, 1), "intake, plan"};
  EXPECT_EQ(TermStartAfterMoves(t), D(2025, 3, 11));
  EXPECT_FALSE(MoveKeepsRoute(t, Plan(D(2026, 2, 1), Route::kB1)));
  EXPECT_TRUE(MoveKeepsRoute(t, Plan(D(2026, 2, 1), Route::kZ)));
  t.plans.push_back(Plan(D(2026, 2, 1), Route::kZ));
  EXPECT_EQ(TermStartAfterMoves(t), D(2025, 3, 11));
  EXPECT_EQ(RouteSwitchWindowLastDay(*TermStartAfterMoves(t)), D(2026, 9, 10));
  // Without a move, the trajectory's own first plan.
  Trajectory own;
  own.plans.push_back(Plan(D(2026, 2, 1), Route::kB1));
  EXPECT_EQ(TermStartAfterMoves(own), D(2026, 2, 2));
  EXPECT_TRUE(MoveKeepsRoute(own, Plan(D(2026, 3, 1), Route::kZ)));
}

// Art. 11 lid 1: a term starting on day D ends at the end of D + 3 years - 1 day.
TEST(IntegrationTermLastDayTest, IsThreeYearsAfterTheStartLessOneDay) {
  EXPECT_EQ(IntegrationTermLastDay(D(2025, 3, 11), {}), D(2028, 3, 10));
  EXPECT_EQ(IntegrationTermLastDay(D(2026, 1, 1), {}), D(2028, 12, 31));
  // A leap day start runs to the end of 28 February; a 1 March start to a leap day.
  EXPECT_EQ(IntegrationTermLastDay(D(2024, 2, 29), {}), D(2027, 2, 28));
  EXPECT_EQ(IntegrationTermLastDay(D(2025, 3, 1), {}), D(2028, 2, 29));
}

TEST(IntegrationTermLastDayTest, IsExtendedByEveryRecordedExtension) {
  std::vector<Extension> extensions(2);
  extensions[0].weeks = 16;
  extensions[1].weeks = 10;
  EXPECT_EQ(IntegrationTermLastDay(D(2025, 3, 11), extensions), D(2028, 3, 10) + 26 * 7);
}

// duo.nl: DUO extends by a period or to a date; a date is kept as DUO gave it.
TEST(IntegrationTermLastDayTest, AnExtensionToADateIsDuosNewLastDay) {
  std::vector<Extension> extensions(2);
  extensions[0].weeks = 16;
  extensions[1].new_term_last_day = D(2029, 1, 31);
  EXPECT_EQ(IntegrationTermLastDay(D(2025, 3, 11), extensions), D(2029, 1, 31));
  extensions.push_back(Extension());
  extensions.back().weeks = 2;
  EXPECT_EQ(IntegrationTermLastDay(D(2025, 3, 11), extensions), D(2029, 2, 14));
}

TEST(PlanDueDateTest, SeventyDaysAfterTheObligationNotice) {
  Client c = AsylumStatusHolder();
  c.obligation_notice_date = D(2025, 1, 6);
  EXPECT_THAT(PlanDueDate(c), Optional(D(2025, 3, 17)));
}

TEST(PlanDueDateTest, SeventyDaysAfterTheBrpRegistrationWhenThatIsLater) {
  Client c = AsylumStatusHolder();
  c.obligation_notice_date = D(2025, 1, 6);
  c.brp_registration_date = D(2025, 2, 1);
  EXPECT_THAT(PlanDueDate(c), Optional(D(2025, 4, 12)));
  c.brp_registration_date = D(2024, 12, 1);  // earlier: the notice counts
  EXPECT_THAT(PlanDueDate(c), Optional(D(2025, 3, 17)));
}

TEST(PlanDueDateTest, UnknownWithoutNoticeOrRegistration) {
  Client c = AsylumStatusHolder();
  c.coa_link_date = D(2025, 1, 6);
  EXPECT_EQ(PlanDueDate(c), std::nullopt);
}

// Besluit art. 5.3 (secondary): at the latest 2 weeks after the third party's information arrives.
TEST(PlanDueAfterInformationTest, WaitsForTheInformationThenTwoWeeks) {
  Client c = AsylumStatusHolder();
  c.obligation_notice_date = D(2025, 1, 6);  // 10 weeks: 2025-03-17
  Trajectory t;
  EXPECT_EQ(PlanDueAfterInformation(c, t), D(2025, 3, 17));
  t.information_requests.push_back(InformationRequest{"i1", "GP", D(2025, 2, 20), std::nullopt});
  EXPECT_EQ(PlanDueAfterInformation(c, t), std::nullopt);
  t.information_requests[0].received_date = D(2025, 2, 24);
  EXPECT_EQ(PlanDueAfterInformation(c, t), D(2025, 3, 17));  // the 10 weeks are later
  t.information_requests[0].received_date = D(2025, 3, 10);
  EXPECT_EQ(PlanDueAfterInformation(c, t), D(2025, 3, 24));
  c.regime = Regime::kVolunteer;  // no Wi2021 clocks
  EXPECT_EQ(PlanDueAfterInformation(c, t), std::nullopt);
}

TEST(ProgrammeStartDueDateTest, ThreeMonthsAfterThePlan) {
  EXPECT_EQ(ProgrammeStartDueDate(D(2025, 3, 10), Route::kB1), D(2025, 6, 10));
  EXPECT_EQ(ProgrammeStartDueDate(D(2025, 11, 30), Route::kZ), D(2026, 2, 28));
}

TEST(ProgrammeStartDueDateTest, SixMonthsForTheEducationRoute) {
  EXPECT_EQ(ProgrammeStartDueDate(D(2025, 3, 10), Route::kEducation), D(2025, 9, 10));
}

TEST(RouteSwitchTest, AllowedUntil18MonthsAfterTheTermStarted) {
  const absl::CivilDay start = D(2025, 3, 11);
  EXPECT_EQ(RouteSwitchWindowLastDay(start), D(2026, 9, 10));
  EXPECT_TRUE(RouteSwitchAllowed(start, D(2026, 8, 11), Route::kB1, Route::kZ));  // month 17
  EXPECT_TRUE(RouteSwitchAllowed(start, D(2026, 9, 10), Route::kB1, Route::kZ));
  EXPECT_FALSE(RouteSwitchAllowed(start, D(2026, 9, 11), Route::kB1, Route::kZ));
  EXPECT_FALSE(RouteSwitchAllowed(start, D(2026, 10, 11), Route::kZ, Route::kB1));  // month 19
}

TEST(RouteSwitchTest, EducationRouteToB1RouteIsAllowedAnyTime) {
  const absl::CivilDay start = D(2025, 3, 11);
  EXPECT_TRUE(RouteSwitchAllowed(start, D(2027, 6, 1), Route::kEducation, Route::kB1));
  EXPECT_FALSE(RouteSwitchAllowed(start, D(2027, 6, 1), Route::kEducation, Route::kZ));
}

Trajectory WithHours(QualityMark mark, double hours) {
  Trajectory t;
  t.plans.push_back(Plan(D(2025, 3, 10), Route::kB1));
  Enrollment e;
  e.id = "e1";
  e.quality_mark = mark;
  t.enrollments.push_back(e);
  AttendanceRecord a;
  a.enrollment_id = "e1";
  a.attended_hours = hours;
  t.attendance.push_back(a);
  return t;
}

TEST(LoweringToA2Test, NeedsSixHundredAttendedHoursAtACertifiedProvider) {
  Policy policy;
  EXPECT_FALSE(LoweringToA2Allowed(WithHours(QualityMark::kBlikOpWerk, 599.5), policy));
  EXPECT_TRUE(LoweringToA2Allowed(WithHours(QualityMark::kBlikOpWerk, 600), policy));
  // Hours at a provider without the quality mark do not count.
  EXPECT_FALSE(LoweringToA2Allowed(WithHours(QualityMark::kNone, 900), policy));
}

// Besluit art. 5.5 (secondary): only Dutch-language course hours count (LANGUAGE, LITERACY); KNM,
// MAP, PVT and participation hours do not, and the demonstrable effort finding is recorded.
TEST(LoweringToA2Test, CountsOnlyDutchLanguageHoursAndNeedsTheEffortFinding) {
  Policy policy;
  Trajectory t = WithHours(QualityMark::kBlikOpWerk, 600);
  t.enrollments[0].component = OfferComponent::kKnm;
  EXPECT_FALSE(LoweringToA2Allowed(t, policy));
  t.enrollments[0].component = OfferComponent::kLiteracy;
  EXPECT_TRUE(LoweringToA2Allowed(t, policy));
  PlanVersion lower = Plan(D(2026, 1, 5), Route::kB1);
  lower.kind = AmendmentKind::kLowerToA2;
  EXPECT_TRUE(LoweringNeedsEffortFinding(lower));
  lower.effort_finding = "every lesson attended, every exam sat twice";
  EXPECT_FALSE(LoweringNeedsEffortFinding(lower));
}

TEST(LoweringToA2Test, OnlyFromTheB1Route) {
  Policy policy;
  Trajectory t = WithHours(QualityMark::kBlikOpWerk, 800);
  t.plans.back().route = Route::kZ;
  EXPECT_FALSE(LoweringToA2Allowed(t, policy));
}

// MvT, Divosa: "up to 28" describes the target group; ECLI:NL:RVS:2024:5413: the college examines
// the route for the person. An advisory, answered by the plan's reason; 0 turns it off.
TEST(EducationRouteAboveTargetAgeTest, AdvisedAbove28UntilThePlanSaysWhy) {
  Policy policy;
  const absl::CivilDay birth = D(1997, 5, 20);
  PlanVersion plan = Plan(D(2026, 5, 19), Route::kEducation);
  EXPECT_FALSE(EducationRouteAboveTargetAge(birth, plan, policy));  // 28
  plan.decision_date = D(2026, 5, 20);
  EXPECT_TRUE(EducationRouteAboveTargetAge(birth, plan, policy));  // 29 today
  plan.education_route_age_reason = "vwo diploma, admitted to an hbo programme";
  EXPECT_FALSE(EducationRouteAboveTargetAge(birth, plan, policy));
  plan.education_route_age_reason.clear();
  policy.education_route_target_age = 30;
  EXPECT_FALSE(EducationRouteAboveTargetAge(birth, plan, policy));
  policy.education_route_target_age = 0;
  EXPECT_FALSE(EducationRouteAboveTargetAge(D(1960, 1, 1), plan, policy));
  plan.route = Route::kB1;
  policy.education_route_target_age = 28;
  EXPECT_FALSE(EducationRouteAboveTargetAge(D(1960, 1, 1), plan, policy));
}

TEST(MapTest, NoMapInTheEducationRoute) {
  EXPECT_FALSE(MapAllowedInRoute(Route::kEducation));
  EXPECT_TRUE(MapAllowedInRoute(Route::kB1));
  EXPECT_TRUE(MapAllowedInRoute(Route::kZ));
}

// Besluit art. 3.14 (secondary): 800 course hours for every target group; 800 participation
// hours for asylum status holders.
TEST(ZRouteHoursSufficientTest, CourseHoursForEveryoneParticipationForAsylumStatusHolders) {
  Policy policy;
  PlanVersion p = Plan(D(2025, 3, 10), Route::kZ);
  p.language_hours = 800;
  p.participation_hours = 400;
  EXPECT_FALSE(ZRouteHoursSufficient(AsylumStatusHolder(), p, policy));
  p.participation_hours = 800;
  EXPECT_TRUE(ZRouteHoursSufficient(AsylumStatusHolder(), p, policy));
  Client family = AsylumStatusHolder();
  family.target_group = TargetGroup::kFamilyMigrant;
  p.participation_hours = 0;
  EXPECT_TRUE(ZRouteHoursSufficient(family, p, policy));
  p.language_hours = 600;
  EXPECT_FALSE(ZRouteHoursSufficient(family, p, policy));
}

// Besluit art. 3.1 (secondary): the PVT takes at least 12 hours including the signing.
TEST(PvtHoursSufficientTest, TwelveHoursOrTheMinimum) {
  PlanVersion p = Plan(D(2025, 3, 10), Route::kB1);
  EXPECT_TRUE(PvtHoursSufficient(p));  // 0: the minimum
  p.pvt_hours = 11;
  EXPECT_FALSE(PvtHoursSufficient(p));
  p.pvt_hours = 12;
  EXPECT_TRUE(PvtHoursSufficient(p));
}

TEST(IntakeTest, CompleteWithItsThreeParts) {
  Trajectory t;
  EXPECT_FALSE(IntakeComplete(t));
  t.intake = Intake{};
  t.intake->education_and_work_history = true;
  t.intake->personal_circumstances = true;
  EXPECT_FALSE(IntakeComplete(t));  // no learnability test yet
  t.learnability_test = LearnabilityTest{D(2025, 2, 1), 60};
  EXPECT_TRUE(IntakeComplete(t));
  t.learnability_test.reset();
  t.learnability_test_exemption = LearnabilityTestExemption{};
  EXPECT_TRUE(IntakeComplete(t));
  t.intake->personal_circumstances = false;
  EXPECT_FALSE(IntakeComplete(t));
}

TEST(DeadlinesTest, StatesFollowToday) {
  Policy policy;
  Client c = AsylumStatusHolder();
  c.obligation_notice_date = D(2025, 1, 6);  // plan due 2025-03-17
  Trajectory t;
  auto plan_state = [&](absl::CivilDay today) { return Deadlines(t, c, policy, today)[0].state; };
  EXPECT_EQ(plan_state(D(2025, 2, 1)), DeadlineState::kUpcoming);
  EXPECT_EQ(plan_state(D(2025, 3, 3)), DeadlineState::kDue);
  EXPECT_EQ(plan_state(D(2025, 3, 17)), DeadlineState::kDue);
  EXPECT_EQ(plan_state(D(2025, 3, 18)), DeadlineState::kOverdue);
  t.plans.push_back(Plan(D(2025, 3, 20), Route::kB1));
  const auto deadlines = Deadlines(t, c, policy, D(2025, 4, 1));
  EXPECT_EQ(deadlines[0].state, DeadlineState::kMet);
  EXPECT_THAT(deadlines[0].met_on, Optional(D(2025, 3, 20)));
  EXPECT_EQ(NextOpenDeadline(t, c, policy), D(2025, 6, 19));  // the first review
}

TEST(DeadlinesTest, ClosedTrajectoryLapsesWhatWasNotMet) {
  Policy policy;
  Client c = AsylumStatusHolder();
  c.obligation_notice_date = D(2025, 1, 6);
  Trajectory t;
  t.closure = Closure{ClosureReason::kLeftCountry, D(2025, 2, 1)};
  EXPECT_EQ(Deadlines(t, c, policy, D(2025, 4, 1))[0].state, DeadlineState::kLapsed);
  EXPECT_EQ(NextOpenDeadline(t, c, policy), std::nullopt);
}

// Wi2021 transitional law; cbs.nl SWI: the Wi2021's clocks, DUO reports and fines are for people
// under the Wi2021 only.
TEST(Wi2021AppliesTest, OnlyToPeopleUnderTheWi2021) {
  Client c = AsylumStatusHolder();
  c.obligation_notice_date = D(2025, 1, 6);
  EXPECT_TRUE(Wi2021Applies(c));
  Trajectory t;
  t.plans.push_back(Plan(D(2025, 3, 10), Route::kB1));
  EXPECT_EQ(Deadlines(t, c, Policy(), D(2025, 4, 1)).size(), 4u);  // plan, start, review, term
  for (Regime outside : {Regime::kWi2013, Regime::kVolunteer}) {
    c.regime = outside;
    EXPECT_FALSE(Wi2021Applies(c));
    EXPECT_FALSE(ProgrammeStartClockApplies(c));
    const std::vector<Deadline> deadlines = Deadlines(t, c, Policy(), D(2025, 4, 1));
    ASSERT_EQ(deadlines.size(), 1u);
    EXPECT_EQ(deadlines[0].kind, DeadlineKind::kProgressReview);
  }
}

// MvT par. 2.5.1-2.5.2, Participatiewet art. 56a: duties towards asylum status holders only.
TEST(AsylumStatusHolderDutyAppliesTest, OnlyToAsylumStatusHolders) {
  Client c = AsylumStatusHolder();
  EXPECT_TRUE(AsylumStatusHolderDutyApplies(c));
  c.regime = Regime::kWi2013;
  EXPECT_TRUE(AsylumStatusHolderDutyApplies(c));
  c.target_group = TargetGroup::kFamilyMigrant;
  EXPECT_FALSE(AsylumStatusHolderDutyApplies(c));
  c.target_group = TargetGroup::kOtherMigrant;
  EXPECT_FALSE(AsylumStatusHolderDutyApplies(c));
}

// MvT par. 2.5.2; Divosa handreiking financieel ontzorgen: at least the first 6 months.
TEST(UnburdeningCoversSixMonthsTest, AtLeastSixMonthsUnlessTheBenefitEnded) {
  Unburdening u;
  u.start_date = D(2025, 2, 1);
  EXPECT_TRUE(UnburdeningCoversSixMonths(u));  // still running
  u.end_date = D(2025, 7, 30);
  EXPECT_FALSE(UnburdeningCoversSixMonths(u));
  u.end_date = D(2025, 7, 31);
  EXPECT_TRUE(UnburdeningCoversSixMonths(u));
  u.end_date = D(2025, 4, 30);
  u.end_reason = UnburdeningEnd::kOffBenefit;
  EXPECT_TRUE(UnburdeningCoversSixMonths(u));
  u.end_reason = UnburdeningEnd::kMovedAway;
  EXPECT_TRUE(UnburdeningCoversSixMonths(u));
}

// Awb 6:7, 7:10 lid 1, 7:13: 6 weeks to object, then 6 weeks to decide (12 with a committee),
// counted from a later filing.
TEST(ObjectionDecisionDueDateTest, SixWeeksAfterTheObjectionPeriodTwelveWithACommittee) {
  EXPECT_EQ(ObjectionDecisionDueDate(D(2025, 3, 10), D(2025, 4, 1), false), D(2025, 6, 2));
  EXPECT_EQ(ObjectionDecisionDueDate(D(2025, 3, 10), D(2025, 4, 1), true), D(2025, 7, 14));
  EXPECT_EQ(ObjectionDecisionDueDate(D(2025, 3, 10), D(2025, 5, 1), false), D(2025, 6, 12));
}

// Divosa Q&A leerroutes: the Z-route ends with the final interview and a decision.
TEST(FinalInterviewHeldTest, AnAttendedFinalInterviewOnOrBeforeTheDecision) {
  Trajectory t;
  Appointment a;
  a.id = "a1";
  a.kind = AppointmentKind::kFinalInterview;
  a.scheduled_at = absl::FromCivil(absl::CivilSecond(2027, 11, 29, 10, 0, 0), absl::UTCTimeZone());
  a.outcome = AppointmentOutcome::kNoShowExcused;
  t.appointments.push_back(a);
  EXPECT_FALSE(FinalInterviewHeld(t, "a1", D(2027, 12, 1)));
  t.appointments[0].outcome = AppointmentOutcome::kAttended;
  EXPECT_TRUE(FinalInterviewHeld(t, "a1", D(2027, 12, 1)));
  EXPECT_FALSE(FinalInterviewHeld(t, "a1", D(2027, 11, 28)));
  EXPECT_FALSE(FinalInterviewHeld(t, "a2", D(2027, 12, 1)));
  t.appointments[0].kind = AppointmentKind::kProgressReview;
  EXPECT_FALSE(FinalInterviewHeld(t, "a1", D(2027, 12, 1)));
}

TEST(ZRouteCompletedTest, TheLatestDecisionCounts) {
  Trajectory t;
  EXPECT_FALSE(ZRouteCompleted(t));
  t.z_route_decisions.push_back(ZRouteDecision{"z1", D(2027, 6, 1), "a1", false, "", ""});
  EXPECT_FALSE(ZRouteCompleted(t));
  t.z_route_decisions.push_back(ZRouteDecision{"z2", D(2027, 12, 1), "a2", true, "", ""});
  EXPECT_TRUE(ZRouteCompleted(t));
}

// Awb 5:51 lid 1 and 7:10 as clocks on the case file, after the trajectory's own.
TEST(DeadlinesTest, TheAwbDecisionClocksOfFinesAndObjections) {
  Policy policy;
  Client c = AsylumStatusHolder();
  Trajectory t;
  t.plans.push_back(Plan(D(2025, 3, 10), Route::kB1));
  Fine plan_fine;
  plan_fine.id = "f1";
  plan_fine.ground = EnforcementGround::kPlanObligation;
  plan_fine.intention_date = D(2025, 9, 1);
  Fine intake_fine = plan_fine;
  intake_fine.id = "f2";
  intake_fine.ground = EnforcementGround::kIntakeNoShow;
  t.fines = {plan_fine, intake_fine};
  PlanObjection objection;
  objection.id = "o1";
  objection.filed_date = D(2025, 4, 1);
  t.plan_objections.push_back(objection);
  std::vector<Deadline> awb;
  for (const Deadline& d : Deadlines(t, c, policy, D(2025, 9, 2))) {
    if (!d.record_id.empty()) awb.push_back(d);
  }
  ASSERT_EQ(awb.size(), 2u);  // no 5:51 clock on the intake ground (at most EUR 250)
  EXPECT_EQ(awb[0].kind, DeadlineKind::kFineDecision);
  EXPECT_EQ(awb[0].record_id, "f1");
  EXPECT_EQ(awb[0].due, D(2025, 12, 1));  // 13 weeks
  EXPECT_EQ(awb[1].kind, DeadlineKind::kPlanObjectionDecision);
  EXPECT_EQ(awb[1].due, D(2025, 6, 2));
  EXPECT_EQ(awb[1].state, DeadlineState::kOverdue);
}

TEST(PhaseTest, FollowsTheRecordedSteps) {
  Trajectory t;
  EXPECT_EQ(PhaseOf(t), Phase::kIntake);
  t.plans.push_back(Plan(D(2025, 3, 10), Route::kB1));
  EXPECT_EQ(PhaseOf(t), Phase::kPlanned);
  // A programme bought at a registered provider, its first lesson not yet reported: planned.
  t.enrollments.push_back(Enrollment{});
  t.enrollments.back().registered_provider = "taalhuis";
  EXPECT_EQ(PhaseOf(t), Phase::kPlanned);
  t.enrollments.back().lessons_start = D(2025, 4, 1);
  EXPECT_EQ(PhaseOf(t), Phase::kProgramme);
  t.closure = Closure{};
  EXPECT_EQ(PhaseOf(t), Phase::kClosed);
}

}  // namespace
}  // namespace inburgering::domain
