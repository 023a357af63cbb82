// What DUO and the event log hear of each change (domain/outbox.h): derived from the state
// before and after, so exactly once per change.

#include "domain/outbox.h"

#include <string>
#include <vector>

#include "domain/enforcement_rules.h"
#include "domain/trajectory_rules.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace inburgering::domain {
namespace {

using ::inburgering::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

std::vector<DuoReportKind> Kinds(const Outbox& o) {
  std::vector<DuoReportKind> kinds;
  for (const DuoReport& r : o.reports) kinds.push_back(r.kind);
  return kinds;
}

std::vector<EventType> Types(const Outbox& o) {
  std::vector<EventType> types;
  for (const Event& e : o.events) types.push_back(e.type);
  return types;
}

Trajectory Base() {
  Trajectory t;
  t.municipality = "0303";
  t.client_id = "c1";
  t.id = "t1";
  return t;
}

Trajectory WithPlan(Route route = Route::kB1) {
  Trajectory t = Base();
  PlanVersion p;
  p.decision_date = D(2025, 3, 10);
  p.route = route;
  p.target_level = Level::kB1;
  p.ontzorgen_reference = "PW-2025-17";
  t.plans.push_back(p);
  return t;
}

TEST(DuoReportTest, TheFirstPlanIsReportedWithItsDateRouteAndLevel) {
  const Outbox o = TrajectoryOutbox(Base(), WithPlan(Route::kZ));
  ASSERT_THAT(Kinds(o), ElementsAre(DuoReportKind::kPlanEstablished));
  EXPECT_EQ(o.reports[0].fact_date, D(2025, 3, 10));
  EXPECT_EQ(o.reports[0].route, Route::kZ);
  EXPECT_EQ(o.reports[0].level, Level::kB1);
  EXPECT_EQ(o.reports[0].municipality, "0303");
  EXPECT_EQ(o.reports[0].client_id, "c1");
  EXPECT_EQ(o.reports[0].trajectory_id, "t1");
  ASSERT_THAT(Types(o), ElementsAre(EventType::kPlanEstablished));
  EXPECT_EQ(o.events[0].ontzorgen_reference, "PW-2025-17");
}

TEST(DuoReportTest, ARouteSwitchLoweringAndOtherAmendmentsAreReported) {
  const Trajectory before = WithPlan();
  Trajectory after = before;
  PlanVersion p = before.plans[0];
  for (AmendmentKind kind :
       {AmendmentKind::kRouteSwitch, AmendmentKind::kLowerToA2, AmendmentKind::kMove}) {
    p.version++;
    p.kind = kind;
    after.plans.push_back(p);
  }
  const Outbox o = TrajectoryOutbox(before, after);
  EXPECT_THAT(Kinds(o), ElementsAre(DuoReportKind::kRouteSwitch, DuoReportKind::kLoweringToA2,
                                    DuoReportKind::kPlanAmended));
  EXPECT_THAT(Types(o), ElementsAre(EventType::kPlanAmended, EventType::kPlanAmended,
                                    EventType::kPlanAmended));
  EXPECT_EQ(o.events[0].kind, "ROUTE_SWITCH");
}

TEST(DuoReportTest, PvtSigningAndMapCompletionAreReportedKnmIsNot) {
  const Trajectory before = WithPlan();
  Trajectory after = before;
  after.components.push_back({"k", Component::kKnm, D(2025, 9, 1), true, "", ""});
  after.components.push_back({"p", Component::kPvt, D(2025, 9, 2), true, "", ""});
  after.components.push_back({"m", Component::kMap, D(2025, 9, 3), true, "", ""});
  after.components.push_back({"m2", Component::kMap, D(2025, 9, 4), false, "", ""});
  const Outbox o = TrajectoryOutbox(before, after);
  EXPECT_THAT(Kinds(o), ElementsAre(DuoReportKind::kPvtSigned, DuoReportKind::kMapCompleted));
  EXPECT_EQ(o.reports[0].record_id, "p");
  EXPECT_EQ(o.reports[1].fact_date, D(2025, 9, 3));
  EXPECT_EQ(o.events.size(), 3u);
}

// Wi2021 art. 22-23 against art. 31-35: a municipal fine is not the finding DUO's fines depend on.
TEST(ReportedToDuoTest, AMunicipalFineIsNotReportedAsBlameworthyNonFulfilment) {
  Trajectory before = WithPlan();
  Fine fine;
  fine.id = "f1";
  fine.intention_date = D(2025, 6, 1);
  fine.intended_amount_cents = 30000;
  before.fines.push_back(fine);
  Trajectory withdrawn = before;
  withdrawn.fines[0].decision = FineDecision{D(2025, 7, 1), false, 0, "", ""};
  EXPECT_THAT(Kinds(TrajectoryOutbox(before, withdrawn)), IsEmpty());
  Trajectory imposed = before;
  imposed.fines[0].decision = FineDecision{D(2025, 7, 1), true, 30000, "", ""};
  const Outbox o = TrajectoryOutbox(before, imposed);
  EXPECT_THAT(Kinds(o), IsEmpty());
  ASSERT_THAT(Types(o), ElementsAre(EventType::kFineDecided));
  EXPECT_EQ(o.events[0].kind, "IMPOSED");
  EXPECT_EQ(o.events[0].amount_cents, 30000);
}

// GGM Inburgering (VerwijtbaarNietVoldaan, IndicatorVerwijtbaar): the finding that not completing
// a component is blameworthy is reported; a finding that it is not, only recorded as an event.
TEST(ReportedToDuoTest, AFindingOfBlameworthyNonFulfilmentIsReported) {
  const Trajectory before = WithPlan();
  Trajectory after = before;
  after.findings.push_back(BlameworthinessFinding{"b1", NonFulfilmentSubject::kPvt, D(2026, 5, 1),
                                                  true, "no PVT sessions attended", "c1"});
  after.findings.push_back(BlameworthinessFinding{"b2", NonFulfilmentSubject::kMap, D(2026, 5, 1),
                                                  false, "ill for six months", "c1"});
  EXPECT_TRUE(ReportedToDuo(after.findings[0]));
  EXPECT_FALSE(ReportedToDuo(after.findings[1]));
  const Outbox o = TrajectoryOutbox(before, after);
  ASSERT_THAT(Kinds(o), ElementsAre(DuoReportKind::kBlameworthyNonFulfilment));
  EXPECT_EQ(o.reports[0].record_id, "b1");
  EXPECT_EQ(o.reports[0].fact_date, D(2026, 5, 1));
  ASSERT_THAT(Types(o),
              ElementsAre(EventType::kBlameworthinessFound, EventType::kBlameworthinessFound));
  EXPECT_EQ(o.events[1].kind, "MAP");
}

TEST(DuoReportTest, TheLearnabilityTestExemptionIsReported) {
  Trajectory after = Base();
  after.learnability_test_exemption =
      LearnabilityTestExemption{D(2025, 2, 1), TestExemptionReason::kVisualImpairment};
  EXPECT_THAT(Kinds(TrajectoryOutbox(Base(), after)),
              ElementsAre(DuoReportKind::kLearnabilityTestExemption));
}

TEST(DuoReportTest, TheProgrammeLateStatementIsReported) {
  const Trajectory before = WithPlan();
  Trajectory after = before;
  after.late_statements.push_back({"s1", D(2025, 7, 1), D(2025, 3, 10), D(2025, 6, 10), {}, ""});
  const Outbox o = TrajectoryOutbox(before, after);
  EXPECT_THAT(Kinds(o), ElementsAre(DuoReportKind::kProgrammeLateStatement));
  EXPECT_THAT(Types(o), ElementsAre(EventType::kProgrammeLateStatementIssued));
}

TEST(DuoReportTest, AnUnchangedTrajectoryReportsNothing) {
  const Trajectory t = WithPlan();
  const Outbox o = TrajectoryOutbox(t, t);
  EXPECT_THAT(o.reports, IsEmpty());
  EXPECT_THAT(o.events, IsEmpty());
}

TEST(EventTest, ProgrammeStartAndClosureAreEvents) {
  const Trajectory before = WithPlan();
  Trajectory after = before;
  Enrollment e;
  e.start_date = D(2025, 5, 1);
  after.enrollments.push_back(e);
  after.closure = Closure{ClosureReason::kObligationRetracted, D(2025, 6, 1)};
  const Outbox o = TrajectoryOutbox(before, after);
  ASSERT_THAT(Types(o), ElementsAre(EventType::kProgrammeStarted, EventType::kTrajectoryClosed));
  EXPECT_EQ(o.events[1].kind, "OBLIGATION_RETRACTED");
  EXPECT_EQ(o.events[1].date, D(2025, 6, 1));
  EXPECT_THAT(o.reports, IsEmpty());
}

}  // namespace
}  // namespace inburgering::domain
