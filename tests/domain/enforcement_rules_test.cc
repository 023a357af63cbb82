// Municipal enforcement (domain/enforcement_rules.h): each refusal is named after its rule, and
// the intake no-show ladder follows from the recorded appointment outcomes.

#include "domain/enforcement_rules.h"

#include <string>

#include "domain/errors.h"
#include "domain/rules.h"
#include "domain/trajectory_rules.h"
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

Client Person(TargetGroup group = TargetGroup::kFamilyMigrant) {
  Client c;
  c.birth_date = D(1990, 1, 1);
  c.target_group = group;
  return c;
}

// An intake invitation `number`, on day `day` of February 2025, with `outcome`.
void Invite(Trajectory& t, int number, AppointmentOutcome outcome) {
  Appointment a;
  a.id = "inv" + std::to_string(number);
  a.kind = AppointmentKind::kIntakeInvitation;
  a.invitation_number = number;
  a.scheduled_at =
      absl::FromCivil(absl::CivilSecond(2025, 2, number * 7, 10, 0, 0), absl::UTCTimeZone());
  ASSERT_THAT(ScheduleAppointment(t, a), IsOk());
  ASSERT_THAT(RecordAppointmentOutcome(t, a.id, outcome), IsOk());
}

Warning IntakeWarning(const std::string& appointment, absl::CivilDay date) {
  Warning w;
  w.id = "w-" + appointment;
  w.ground = EnforcementGround::kIntakeNoShow;
  w.appointment_id = appointment;
  w.date = date;
  return w;
}

Fine IntakeFine(const std::string& appointment, absl::CivilDay date, int64_t cents = 25000) {
  Fine f;
  f.id = "f-" + appointment;
  f.ground = EnforcementGround::kIntakeNoShow;
  f.appointment_id = appointment;
  f.offence_date = date;
  f.intention_date = date;
  f.blameworthy = true;
  f.blameworthiness_reasons = "no excuse given for missing the invitation";
  f.intended_amount_cents = cents;
  return f;
}

Trajectory Planned() {
  Trajectory t;
  Intake intake;
  intake.date = D(2025, 2, 3);
  intake.education_and_work_history = true;
  intake.personal_circumstances = true;
  EXPECT_THAT(RecordIntake(t, intake), IsOk());
  EXPECT_THAT(RecordLearnabilityTest(t, {D(2025, 2, 10), 55}), IsOk());
  PlanVersion p;
  p.decision_date = D(2025, 3, 10);
  EXPECT_THAT(EstablishPlan(t, Person(), p, Policy()), IsOk());
  return t;
}

Warning PlanWarning(absl::CivilDay date) {
  Warning w;
  w.id = "w1";
  w.ground = EnforcementGround::kPlanObligation;
  w.date = date;
  return w;
}

Fine PlanFine(absl::CivilDay offence, absl::CivilDay intention, int64_t cents) {
  Fine f;
  f.id = "f1";
  f.ground = EnforcementGround::kPlanObligation;
  f.offence_date = offence;
  f.intention_date = intention;
  f.blameworthy = true;
  f.blameworthiness_reasons = "missed 12 of 20 lessons without excuse after the warning";
  f.intended_amount_cents = cents;
  return f;
}

TEST(NoShowLadderTest, FirstUnexcusedNoShowCallsForAWarningWithASecondInvitation) {
  Trajectory t;
  Invite(t, 1, AppointmentOutcome::kNoShowUnexcused);
  const NoShowAdvice advice = NextNoShowStep(t, Policy());
  EXPECT_EQ(advice.step, NoShowStep::kWarningWithSecondInvitation);
  EXPECT_EQ(advice.appointment_id, "inv1");
  EXPECT_EQ(advice.amount_cents, 0);
}

TEST(NoShowLadderTest, ExcusedNoShowsAndAttendanceCallForNothing) {
  Trajectory t;
  Invite(t, 1, AppointmentOutcome::kNoShowExcused);
  Invite(t, 2, AppointmentOutcome::kAttended);
  EXPECT_EQ(NextNoShowStep(t, Policy()).step, NoShowStep::kNone);
}

TEST(NoShowLadderTest, SecondNoShowAfterTheWarningCallsForAFineOfThePolicyAmount) {
  Trajectory t;
  Invite(t, 1, AppointmentOutcome::kNoShowUnexcused);
  ASSERT_THAT(RecordWarning(t, IntakeWarning("inv1", D(2025, 2, 8))), IsOk());
  Invite(t, 2, AppointmentOutcome::kNoShowUnexcused);
  Policy policy;
  policy.intake_no_show_fine_cents = 20000;
  const NoShowAdvice advice = NextNoShowStep(t, policy);
  EXPECT_EQ(advice.step, NoShowStep::kFineWithThirdInvitation);
  EXPECT_EQ(advice.appointment_id, "inv2");
  EXPECT_EQ(advice.amount_cents, 20000);
}

TEST(NoShowLadderTest, ThirdNoShowCallsForTheSecondFineAndTheLadderEndsThere) {
  Trajectory t;
  Invite(t, 1, AppointmentOutcome::kNoShowUnexcused);
  ASSERT_THAT(RecordWarning(t, IntakeWarning("inv1", D(2025, 2, 8))), IsOk());
  Invite(t, 2, AppointmentOutcome::kNoShowUnexcused);
  ASSERT_THAT(RecordFineIntention(t, Person(), IntakeFine("inv2", D(2025, 2, 15)), Policy()),
              IsOk());
  Invite(t, 3, AppointmentOutcome::kNoShowUnexcused);
  EXPECT_EQ(NextNoShowStep(t, Policy()).step, NoShowStep::kSecondFine);
  ASSERT_THAT(RecordFineIntention(t, Person(), IntakeFine("inv3", D(2025, 2, 22)), Policy()),
              IsOk());
  EXPECT_EQ(NextNoShowStep(t, Policy()).step, NoShowStep::kNone);
}

TEST(NoShowLadderTest, AWithdrawnFineLeavesItsStepOpen) {
  Trajectory t;
  Invite(t, 1, AppointmentOutcome::kNoShowUnexcused);
  ASSERT_THAT(RecordWarning(t, IntakeWarning("inv1", D(2025, 2, 8))), IsOk());
  Invite(t, 2, AppointmentOutcome::kNoShowUnexcused);
  ASSERT_THAT(RecordFineIntention(t, Person(), IntakeFine("inv2", D(2025, 2, 15)), Policy()),
              IsOk());
  ASSERT_THAT(DecideFine(t, Person(), "f-inv2", {D(2025, 2, 20), false, 0, "excuse after all", ""},
                         Policy()),
              IsOk());
  EXPECT_EQ(NextNoShowStep(t, Policy()).step, NoShowStep::kFineWithThirdInvitation);
}

TEST(NoShowLadderTest, NothingIsDueOnceThePlanIsEstablished) {
  Trajectory t = Planned();
  Invite(t, 1, AppointmentOutcome::kNoShowUnexcused);
  EXPECT_EQ(NextNoShowStep(t, Policy()).step, NoShowStep::kNone);
}

TEST(NoShowLadderTest, TheFirstNoShowIsNotFined) {
  Trajectory t;
  Invite(t, 1, AppointmentOutcome::kNoShowUnexcused);
  EXPECT_THAT(RecordFineIntention(t, Person(), IntakeFine("inv1", D(2025, 2, 8)), Policy()),
              RefusedBy(reason::kFineLadderStep));
}

TEST(WarningTest, APlanWarningNeedsAPlan) {
  Trajectory t;
  EXPECT_THAT(RecordWarning(t, PlanWarning(D(2025, 1, 1))), RefusedBy(reason::kNoPlanYet));
}

TEST(NoShowLadderTest, AFourthNoShowIsNotFined) {
  Trajectory t;
  Invite(t, 1, AppointmentOutcome::kNoShowUnexcused);
  ASSERT_THAT(RecordWarning(t, IntakeWarning("inv1", D(2025, 2, 8))), IsOk());
  for (int n = 2; n <= 3; ++n) {
    Invite(t, n, AppointmentOutcome::kNoShowUnexcused);
    ASSERT_THAT(RecordFineIntention(
                    t, Person(), IntakeFine("inv" + std::to_string(n), D(2025, 2, 25)), Policy()),
                IsOk());
  }
  Invite(t, 4, AppointmentOutcome::kNoShowUnexcused);
  EXPECT_THAT(RecordFineIntention(t, Person(), IntakeFine("inv4", D(2025, 3, 1)), Policy()),
              RefusedBy(reason::kFineLadderStep));
}

TEST(NoShowLadderTest, EachNoShowIsAnsweredOnce) {
  Trajectory t;
  Invite(t, 1, AppointmentOutcome::kNoShowUnexcused);
  ASSERT_THAT(RecordWarning(t, IntakeWarning("inv1", D(2025, 2, 8))), IsOk());
  EXPECT_THAT(RecordWarning(t, IntakeWarning("inv1", D(2025, 2, 9))),
              RefusedBy(reason::kFineLadderStep));
}

TEST(WarningTest, AnIntakeWarningNeedsAnUnexcusedNoShow) {
  Trajectory t;
  Invite(t, 1, AppointmentOutcome::kNoShowExcused);
  EXPECT_THAT(RecordWarning(t, IntakeWarning("inv1", D(2025, 2, 8))),
              RefusedBy(reason::kNoShowNotRecorded));
  EXPECT_THAT(RecordWarning(t, IntakeWarning("nope", D(2025, 2, 8))),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(FineTest, NoFineWithoutAPriorWarning) {
  Trajectory t = Planned();
  EXPECT_THAT(
      RecordFineIntention(t, Person(), PlanFine(D(2025, 5, 1), D(2025, 5, 10), 30000), Policy()),
      RefusedBy(reason::kFineWithoutWarning));
  // A warning dated after the intention does not count either.
  ASSERT_THAT(RecordWarning(t, PlanWarning(D(2025, 5, 20))), IsOk());
  EXPECT_THAT(
      RecordFineIntention(t, Person(), PlanFine(D(2025, 5, 1), D(2025, 5, 10), 30000), Policy()),
      RefusedBy(reason::kFineWithoutWarning));
}

TEST(FineTest, NoFineUnlessThePersonIsToBlame) {
  Trajectory t = Planned();
  ASSERT_THAT(RecordWarning(t, PlanWarning(D(2025, 5, 1))), IsOk());
  Fine fine = PlanFine(D(2025, 5, 1), D(2025, 6, 1), 30000);
  fine.blameworthy = false;
  EXPECT_THAT(RecordFineIntention(t, Person(), fine, Policy()),
              RefusedBy(reason::kFineNotBlameworthy));
}

TEST(FineTest, APlanFineIsAtMostTheConfiguredMaximum) {
  Trajectory t = Planned();
  ASSERT_THAT(RecordWarning(t, PlanWarning(D(2025, 5, 1))), IsOk());
  EXPECT_THAT(
      RecordFineIntention(t, Person(), PlanFine(D(2025, 5, 1), D(2025, 6, 1), 80001), Policy()),
      RefusedBy(reason::kFineOverMaximum));
  Policy strict;
  strict.max_plan_fine_cents = 50000;
  EXPECT_THAT(
      RecordFineIntention(t, Person(), PlanFine(D(2025, 5, 1), D(2025, 6, 1), 60000), strict),
      RefusedBy(reason::kFineOverMaximum));
  EXPECT_THAT(
      RecordFineIntention(t, Person(), PlanFine(D(2025, 5, 1), D(2025, 6, 1), 80000), Policy()),
      IsOk());
  EXPECT_EQ(t.fines.back().warning_id, "w1");
}

TEST(FineTest, AnIntakeFineIsAtMostTheLadderAmount) {
  Trajectory t;
  Invite(t, 1, AppointmentOutcome::kNoShowUnexcused);
  ASSERT_THAT(RecordWarning(t, IntakeWarning("inv1", D(2025, 2, 8))), IsOk());
  Invite(t, 2, AppointmentOutcome::kNoShowUnexcused);
  EXPECT_THAT(RecordFineIntention(t, Person(), IntakeFine("inv2", D(2025, 2, 15), 25001), Policy()),
              RefusedBy(reason::kFineOverMaximum));
}

// Divosa; CVDR707332: the warning before a fine is municipal policy, not statute.
TEST(FineNeedsPriorWarningTest, IsThePolicysChoice) {
  Trajectory t = Planned();
  Policy policy;
  EXPECT_TRUE(FineNeedsPriorWarning(policy));
  EXPECT_THAT(
      RecordFineIntention(t, Person(), PlanFine(D(2025, 5, 1), D(2025, 6, 1), 30000), policy),
      RefusedBy(reason::kFineWithoutWarning));
  policy.fine_needs_prior_warning = false;
  ASSERT_THAT(
      RecordFineIntention(t, Person(), PlanFine(D(2025, 5, 1), D(2025, 6, 1), 30000), policy),
      IsOk());
  EXPECT_TRUE(t.fines[0].warning_id.empty());
}

TEST(FineTest, FiningCanBeSwitchedOffPerTargetGroup) {
  Trajectory t = Planned();
  ASSERT_THAT(RecordWarning(t, PlanWarning(D(2025, 5, 1))), IsOk());
  Policy policy;
  policy.no_fines_for.insert(TargetGroup::kAsylumStatusHolder);
  EXPECT_THAT(RecordFineIntention(t, Person(TargetGroup::kAsylumStatusHolder),
                                  PlanFine(D(2025, 5, 1), D(2025, 6, 1), 30000), policy),
              RefusedBy(reason::kFiningSwitchedOff));
  EXPECT_THAT(RecordFineIntention(t, Person(TargetGroup::kFamilyMigrant),
                                  PlanFine(D(2025, 5, 1), D(2025, 6, 1), 30000), policy),
              IsOk());
}

// Awb 5:45 lid 1-2: 5 years where a fine above EUR 340 can be imposed (Awb 5:53), else 3.
TEST(FinePowerLapseYearsTest, FiveYearsAboveEur340ThreeOtherwise) {
  EXPECT_EQ(StatutoryMaximumFineCents(EnforcementGround::kPlanObligation), 80000);
  EXPECT_EQ(FinePowerLapseYears(EnforcementGround::kPlanObligation), 5);
  EXPECT_EQ(StatutoryMaximumFineCents(EnforcementGround::kIntakeNoShow), 25000);
  EXPECT_EQ(FinePowerLapseYears(EnforcementGround::kIntakeNoShow), 3);
}

TEST(FinePowerLapsedTest, FiveYearsAfterThePlanOffence) {
  const Trajectory t = Planned();
  const auto plan = EnforcementGround::kPlanObligation;
  EXPECT_FALSE(FinePowerLapsed(t, plan, D(2025, 4, 1), D(2030, 4, 1)));
  EXPECT_TRUE(FinePowerLapsed(t, plan, D(2025, 4, 1), D(2030, 4, 2)));
  EXPECT_FALSE(FinePowerLapsed(t, EnforcementGround::kIntakeNoShow, D(2025, 2, 1), D(2028, 2, 1)));
  EXPECT_TRUE(FinePowerLapsed(t, EnforcementGround::kIntakeNoShow, D(2025, 2, 1), D(2028, 2, 2)));
}

// Awb 5:45 lid 3: the time an objection against a fine for the same offence ran does not count.
TEST(FinePowerLapsedTest, SuspendedWhileAnObjectionAgainstAFineForTheOffenceRuns) {
  Trajectory t = Planned();
  const auto plan = EnforcementGround::kPlanObligation;
  Fine first = PlanFine(D(2025, 4, 1), D(2025, 5, 1), 30000);
  first.objection = FineObjection{D(2025, 7, 1), ObjectionOutcome::kAnnulled, D(2025, 12, 28), 0};
  t.fines.push_back(first);
  // 180 days suspended: 2030-04-01 + 180 days = 2030-09-28.
  EXPECT_FALSE(FinePowerLapsed(t, plan, D(2025, 4, 1), D(2030, 9, 28)));
  EXPECT_TRUE(FinePowerLapsed(t, plan, D(2025, 4, 1), D(2030, 9, 29)));
  // Another offence is not suspended by it.
  EXPECT_TRUE(FinePowerLapsed(t, plan, D(2025, 4, 2), D(2030, 4, 3)));
  // A pending objection suspends up to the day asked about.
  t.fines[0].objection->outcome = ObjectionOutcome::kPending;
  t.fines[0].objection->outcome_date.reset();
  EXPECT_FALSE(FinePowerLapsed(t, plan, D(2025, 4, 1), D(2031, 1, 1)));
}

TEST(FineTest, AnIntentionAfterTheLapseIsRefused) {
  Trajectory t = Planned();
  ASSERT_THAT(RecordWarning(t, PlanWarning(D(2025, 3, 20))), IsOk());
  EXPECT_THAT(
      RecordFineIntention(t, Person(), PlanFine(D(2025, 4, 1), D(2030, 4, 2), 30000), Policy()),
      RefusedBy(reason::kFinePowerLapsed));
  EXPECT_THAT(
      RecordFineIntention(t, Person(), PlanFine(D(2025, 4, 1), D(2030, 3, 1), 30000), Policy()),
      IsOk());
}

TEST(FineTest, ThePolicyMaximumNeverExceedsTheStatutoryOne) {
  Policy policy;
  policy.max_plan_fine_cents = 150000;
  EXPECT_EQ(MaximumFineCents(EnforcementGround::kPlanObligation, policy), 80000);
  policy.max_plan_fine_cents = 50000;
  EXPECT_EQ(MaximumFineCents(EnforcementGround::kPlanObligation, policy), 50000);
}

TEST(FineTest, TheDecisionComesAfterThePersonsView) {
  Trajectory t = Planned();
  ASSERT_THAT(RecordWarning(t, PlanWarning(D(2025, 5, 1))), IsOk());
  ASSERT_THAT(
      RecordFineIntention(t, Person(), PlanFine(D(2025, 5, 1), D(2025, 6, 1), 30000), Policy()),
      IsOk());
  const FineDecision impose{D(2025, 7, 1), true, 30000, "as intended", "c1"};
  EXPECT_THAT(DecideFine(t, Person(), "f1", impose, Policy()),
              RefusedBy(reason::kFineDecisionBeforeView));
  ASSERT_THAT(RecordFineView(t, "f1", {D(2025, 6, 15), true, "", "c1"}), IsOk());
  EXPECT_THAT(DecideFine(t, Person(), "f1", {D(2025, 7, 1), true, 30001, "", "c1"}, Policy()),
              RefusedBy(reason::kFineOverMaximum));
  ASSERT_THAT(DecideFine(t, Person(), "f1", impose, Policy()), IsOk());
  EXPECT_TRUE(t.fines[0].Standing());
  EXPECT_THAT(DecideFine(t, Person(), "f1", impose, Policy()),
              RefusedBy(reason::kFineStepOutOfOrder));
}

TEST(FineTest, AnObjectionIsAgainstAnImposedFineAndDecidedOnce) {
  Trajectory t = Planned();
  ASSERT_THAT(RecordWarning(t, PlanWarning(D(2025, 5, 1))), IsOk());
  ASSERT_THAT(
      RecordFineIntention(t, Person(), PlanFine(D(2025, 5, 1), D(2025, 6, 1), 30000), Policy()),
      IsOk());
  EXPECT_THAT(RecordFineObjection(t, "f1", D(2025, 6, 5)), RefusedBy(reason::kFineStepOutOfOrder));
  ASSERT_THAT(RecordFineView(t, "f1", {D(2025, 6, 15), false, "", "c1"}), IsOk());
  ASSERT_THAT(DecideFine(t, Person(), "f1", {D(2025, 7, 1), true, 30000, "", "c1"}, Policy()),
              IsOk());
  ASSERT_THAT(RecordFineObjection(t, "f1", D(2025, 7, 20)), IsOk());
  EXPECT_THAT(DecideFineObjection(t, "f1", ObjectionOutcome::kReduced, D(2025, 9, 1), 30000),
              StatusIs(absl::StatusCode::kInvalidArgument));
  ASSERT_THAT(DecideFineObjection(t, "f1", ObjectionOutcome::kAnnulled, D(2025, 9, 1), 0), IsOk());
  EXPECT_FALSE(t.fines[0].Standing());
  EXPECT_THAT(DecideFineObjection(t, "f1", ObjectionOutcome::kUpheld, D(2025, 9, 2), 0),
              RefusedBy(reason::kFineStepOutOfOrder));
}

TEST(ProgrammeLateStatementTest, OnlyWhenTheProgrammeStartedLate) {
  const Client holder = Person(TargetGroup::kAsylumStatusHolder);
  Trajectory t = Planned();  // plan 2025-03-10, B1: start due 2025-06-10
  EXPECT_THAT(IssueProgrammeLateStatement(t, holder, {"s1", D(2025, 6, 10), {}, {}, {}, "c1"}),
              RefusedBy(reason::kProgrammeNotLate));
  ASSERT_THAT(IssueProgrammeLateStatement(t, holder, {"s1", D(2025, 6, 11), {}, {}, {}, "c1"}),
              IsOk());
  EXPECT_EQ(t.late_statements[0].start_due, D(2025, 6, 10));
  EXPECT_EQ(t.late_statements[0].plan_date, D(2025, 3, 10));
  EXPECT_FALSE(t.late_statements[0].programme_start.has_value());

  Trajectory on_time = Planned();
  Enrollment e;
  e.start_date = D(2025, 6, 1);
  ASSERT_THAT(RecordEnrollment(on_time, e), IsOk());
  EXPECT_THAT(IssueProgrammeLateStatement(on_time, holder, {"s2", D(2025, 9, 1), {}, {}, {}, "c1"}),
              RefusedBy(reason::kProgrammeNotLate));
}

TEST(ProgrammeLateStatementTest, SixMonthsOnTheEducationRoute) {
  const Client holder = Person(TargetGroup::kAsylumStatusHolder);
  Trajectory t = Planned();
  t.plans[0].route = Route::kEducation;
  EXPECT_FALSE(ProgrammeStartedLate(t, holder, D(2025, 9, 10)));
  EXPECT_TRUE(ProgrammeStartedLate(t, holder, D(2025, 9, 11)));
}

// Stimulansz, "Verlenging van de inburgeringstermijn" (secondary): the programme-start clock is
// the municipality's, for the asylum status holders whose programme it buys.
TEST(ProgrammeStartClockAppliesTest, ToAsylumStatusHoldersOnly) {
  EXPECT_TRUE(ProgrammeStartClockApplies(Person(TargetGroup::kAsylumStatusHolder)));
  EXPECT_FALSE(ProgrammeStartClockApplies(Person(TargetGroup::kFamilyMigrant)));
  EXPECT_FALSE(ProgrammeStartClockApplies(Person(TargetGroup::kOtherMigrant)));

  Trajectory t = Planned();  // plan 2025-03-10, nothing started a year on
  const Client family = Person(TargetGroup::kFamilyMigrant);
  EXPECT_FALSE(ProgrammeStartedLate(t, family, D(2026, 3, 10)));
  EXPECT_THAT(IssueProgrammeLateStatement(t, family, {"s1", D(2026, 3, 10), {}, {}, {}, "c1"}),
              RefusedBy(reason::kProgrammeClockNotApplicable));
  EXPECT_TRUE(t.late_statements.empty());
  Policy policy;
  for (const Deadline& d : Deadlines(t, family, policy, D(2026, 3, 10))) {
    EXPECT_NE(d.kind, DeadlineKind::kProgrammeStart);
  }
  bool holder_has_clock = false;
  for (const Deadline& d :
       Deadlines(t, Person(TargetGroup::kAsylumStatusHolder), policy, D(2026, 3, 10))) {
    holder_has_clock |= d.kind == DeadlineKind::kProgrammeStart;
  }
  EXPECT_TRUE(holder_has_clock);
}

}  // namespace
}  // namespace inburgering::domain
