// The reporting facts CBS and the indicators read, derived from a trajectory.

#include "domain/reporting_facts.h"

#include "gtest/gtest.h"

namespace inburgering::domain {
namespace {

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

// GGM Inburgering: CBS's blameworthiness is the municipality's finding per component, the latest
// per subject; a municipal fine does not make it.
TEST(BlameworthyFactsTest, FollowTheLatestFindingPerComponentNotTheFines) {
  Client client;
  client.target_group = TargetGroup::kFamilyMigrant;
  Trajectory t;
  PlanVersion plan;
  plan.decision_date = D(2025, 3, 10);
  t.plans.push_back(plan);
  Fine fine;
  fine.decision = FineDecision{D(2025, 7, 1), true, 30000, "", ""};
  t.fines.push_back(fine);
  EXPECT_EQ(FactsOf(t, client, Policy()).blameworthy, 0);
  EXPECT_EQ(FactsOf(t, client, Policy()).fines_imposed, 1);

  t.findings.push_back({"b1", NonFulfilmentSubject::kPvt, D(2026, 5, 1), true, "r", "c"});
  t.findings.push_back({"b2", NonFulfilmentSubject::kLearningRoute, D(2026, 5, 1), true, "r", "c"});
  EXPECT_EQ(FactsOf(t, client, Policy()).blameworthy, kBlameworthyPvt | kBlameworthyLearningRoute);
  // A later finding that the PVT's non-completion is not blameworthy after all.
  t.findings.push_back({"b3", NonFulfilmentSubject::kPvt, D(2026, 6, 1), false, "ill", "c"});
  EXPECT_EQ(FactsOf(t, client, Policy()).blameworthy, kBlameworthyLearningRoute);
}

// The programme-start clock is the asylum status holder's only (ProgrammeStartClockApplies).
TEST(ProgrammeStartFactsTest, DueOnlyForAsylumStatusHolders) {
  Trajectory t;
  PlanVersion plan;
  plan.decision_date = D(2025, 3, 10);
  t.plans.push_back(plan);
  Client client;
  client.target_group = TargetGroup::kFamilyMigrant;
  EXPECT_FALSE(FactsOf(t, client, Policy()).programme_start_due.has_value());
  client.target_group = TargetGroup::kAsylumStatusHolder;
  EXPECT_EQ(FactsOf(t, client, Policy()).programme_start_due, D(2025, 6, 10));
}

}  // namespace
}  // namespace inburgering::domain
