// The rules of the providers' side (domain/provider.h), one test per rule, named after it.

#include "domain/provider.h"

#include <string>
#include <vector>

#include "domain/errors.h"
#include "domain/rules.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/in_memory_ports.h"

namespace inburgering::domain {
namespace {

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

// A trajectory with a plan and an enrollment "e1" at the registered provider "school".
Trajectory Enrolled() {
  Trajectory t;
  PlanVersion plan;
  plan.decision_date = D(2025, 3, 10);
  plan.route = Route::kB1;
  t.plans.push_back(plan);
  Enrollment e;
  e.id = "e1";
  e.registered_provider = "school";
  t.enrollments.push_back(e);
  return t;
}

ProviderReport Week(const std::string& record, absl::CivilDay monday, double unexcused) {
  ProviderReport r;
  r.provider_id = "school";
  r.record_id = record;
  r.enrollment_id = "e1";
  r.kind = ProviderReportKind::kAttendance;
  r.attendance.period_start = monday;
  r.attendance.period_end = monday + 4;
  r.attendance.attended_hours = 12 - unexcused;
  r.attendance.unexcused_hours = unexcused;
  return r;
}

TEST(ApplyProviderReportTest, ACorrectionReplacesTheRecordTheFirstVersionMade) {
  ::inburgering::testing::SequentialIds ids;
  Trajectory t = Enrolled();
  ASSERT_TRUE(ApplyProviderReport(t, Week("w15", D(2025, 4, 7), 0), ids).ok());
  ASSERT_TRUE(ApplyProviderReport(t, Week("w16", D(2025, 4, 14), 0), ids).ok());
  ASSERT_EQ(t.attendance.size(), 2u);
  const std::string id = t.attendance[0].id;
  ASSERT_TRUE(ApplyProviderReport(t, Week("w15", D(2025, 4, 7), 3), ids).ok());
  ASSERT_EQ(t.attendance.size(), 2u);
  EXPECT_EQ(t.attendance[0].id, id);
  EXPECT_EQ(t.attendance[0].provider_record_id, "w15");
  EXPECT_DOUBLE_EQ(t.attendance[0].unexcused_hours, 3);
  EXPECT_EQ(t.attendance[0].enrollment_id, "e1");
}

TEST(ApplyProviderReportTest, TheFirstLessonIsTheProgrammesStart) {
  ::inburgering::testing::SequentialIds ids;
  Trajectory t = Enrolled();
  EXPECT_EQ(PhaseOf(t), Phase::kPlanned);
  EXPECT_FALSE(FirstProgrammeStart(t).has_value());
  ProviderReport started;
  started.provider_id = "school";
  started.record_id = "start";
  started.enrollment_id = "e1";
  started.kind = ProviderReportKind::kLessonsStarted;
  started.date = D(2025, 4, 7);
  ASSERT_TRUE(ApplyProviderReport(t, started, ids).ok());
  EXPECT_EQ(PhaseOf(t), Phase::kProgramme);
  EXPECT_EQ(FirstProgrammeStart(t), D(2025, 4, 7));
  // The provider's first lesson counts over a start the municipality recorded.
  t.enrollments[0].start_date = D(2025, 4, 1);
  EXPECT_EQ(FirstProgrammeStart(t), D(2025, 4, 7));
}

TEST(ApplyProviderReportTest, AMapResultKeepsTheRuleOfTheOnderwijsroute) {
  ::inburgering::testing::SequentialIds ids;
  Trajectory t = Enrolled();
  t.plans[0].route = Route::kEducation;
  ProviderReport map;
  map.provider_id = "school";
  map.record_id = "map";
  map.enrollment_id = "e1";
  map.kind = ProviderReportKind::kComponentResult;
  map.component_result.component = Component::kMap;
  map.component_result.date = D(2025, 5, 1);
  EXPECT_FALSE(ApplyProviderReport(t, map, ids).ok());
  EXPECT_TRUE(t.components.empty());
}

TEST(UnexcusedAbsenceStreakTest, CountsPeriodsInARowUntilTheConsultantActs) {
  ::inburgering::testing::SequentialIds ids;
  Trajectory t = Enrolled();
  ASSERT_TRUE(ApplyProviderReport(t, Week("w15", D(2025, 4, 7), 2), ids).ok());
  ASSERT_TRUE(ApplyProviderReport(t, Week("w16", D(2025, 4, 14), 1), ids).ok());
  EXPECT_FALSE(UnexcusedAbsenceStreak(t, 3).has_value());
  // Reported out of order: the periods count by their dates.
  ASSERT_TRUE(ApplyProviderReport(t, Week("w14", D(2025, 3, 31), 4), ids).ok());
  EXPECT_EQ(UnexcusedAbsenceStreak(t, 3), D(2025, 4, 18));
  EXPECT_FALSE(UnexcusedAbsenceStreak(t, 0).has_value());  // the policy off
  // A week without unexcused absence breaks the streak.
  ASSERT_TRUE(ApplyProviderReport(t, Week("w17", D(2025, 4, 21), 0), ids).ok());
  EXPECT_FALSE(UnexcusedAbsenceStreak(t, 3).has_value());
  // A new streak, then a warning dated after it: discussed.
  absl::CivilDay monday = D(2025, 4, 28);
  for (const char* week : {"w18", "w19", "w20"}) {
    ASSERT_TRUE(ApplyProviderReport(t, Week(week, monday, 2), ids).ok());
    monday += 7;
  }
  EXPECT_EQ(UnexcusedAbsenceStreak(t, 3), D(2025, 5, 16));
  Warning warning;
  warning.date = D(2025, 5, 19);
  t.warnings.push_back(warning);
  EXPECT_FALSE(UnexcusedAbsenceStreak(t, 3).has_value());
}

TEST(DropoutToDiscussTest, StaysUntilAProgressReviewOnOrAfterIt) {
  Trajectory t = Enrolled();
  EXPECT_FALSE(DropoutToDiscuss(t).has_value());
  t.enrollments[0].dropout_date = D(2025, 6, 2);
  EXPECT_EQ(DropoutToDiscuss(t), D(2025, 6, 2));
  ProgressReview before;
  before.date = D(2025, 6, 1);
  t.reviews.push_back(before);
  EXPECT_EQ(DropoutToDiscuss(t), D(2025, 6, 2));
  ProgressReview after;
  after.date = D(2025, 6, 2);
  t.reviews.push_back(after);
  EXPECT_FALSE(DropoutToDiscuss(t).has_value());
}

TEST(ProviderEnrollmentsChangedTest, OnlyRegisteredEnrollmentsNewOrChanged) {
  Trajectory before = Enrolled();
  Trajectory after = before;
  EXPECT_TRUE(ProviderEnrollmentsChanged(before, after).empty());
  Enrollment typed;
  typed.id = "e2";
  typed.provider = "Taalschool C";  // not registered: no provider sees it
  after.enrollments.push_back(typed);
  EXPECT_TRUE(ProviderEnrollmentsChanged(before, after).empty());
  after.enrollments[0].lessons_start = D(2025, 4, 7);
  const auto changed = ProviderEnrollmentsChanged(before, after);
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].enrollment_id, "e1");
  EXPECT_EQ(changed[0].provider_id, "school");
  EXPECT_EQ(changed[0].lessons_start, D(2025, 4, 7));
}

TEST(ValidateProviderFieldsTest, ANameAndDistinctComponents) {
  Provider p;
  p.components = {OfferComponent::kLanguage, OfferComponent::kLanguage};
  Violations v;
  ValidateProviderFields(p, "provider.", v);
  std::vector<std::string> fields;
  for (const FieldViolation& f : FieldViolationsOf(v.ToStatus())) fields.push_back(f.field);
  EXPECT_THAT(fields, ::testing::ElementsAre("provider.display_name", "provider.components"));
  p.display_name = "Taalschool";
  p.components = {OfferComponent::kLanguage, OfferComponent::kKnm};
  Violations ok;
  ValidateProviderFields(p, "provider.", ok);
  EXPECT_TRUE(ok.empty());
}

}  // namespace
}  // namespace inburgering::domain
