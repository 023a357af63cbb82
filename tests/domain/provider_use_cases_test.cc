// ProviderUseCases on the in-memory ports: a provider's batch applied all or none, replayed
// without change, corrected as a new version, and refused to any other provider, without a
// database.

#include "domain/provider_use_cases.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/in_memory_ports.h"
#include "tests/testing/status_matchers.h"

namespace inburgering::domain {
namespace {

using ::inburgering::testing::FakeClock;
using ::inburgering::testing::InMemoryData;
using ::inburgering::testing::InMemoryTransactionManager;
using ::inburgering::testing::IsOk;
using ::inburgering::testing::SequentialIds;
using ::inburgering::testing::StatusIs;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

SubmittedReport Started(const std::string& record, const std::string& enrollment,
                        absl::CivilDay day, const std::string& fingerprint) {
  SubmittedReport s;
  s.report.record_id = record;
  s.report.enrollment_id = enrollment;
  s.report.kind = ProviderReportKind::kLessonsStarted;
  s.report.date = day;
  s.report.fingerprint = fingerprint;
  s.field = "reports[0]";
  return s;
}

class ProviderUseCasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    transactions_.Seed([&](InMemoryData& data) {
      Client client;
      client.municipality = "0303";
      client.id = "c1";
      client.birth_date = D(1990, 1, 1);
      data.clients[{"0303", "c1"}] = client;
      Trajectory t;
      t.municipality = "0303";
      t.client_id = "c1";
      t.id = "t1";
      t.version = 3;
      PlanVersion plan;
      plan.decision_date = D(2025, 2, 3);
      t.plans.push_back(plan);
      Enrollment e;
      e.id = "e1";
      e.registered_provider = "school";
      t.enrollments.push_back(e);
      data.trajectories[{"0303", "c1", "t1"}] = {t, TrajectoryIndex{}};
      ProviderEnrollment row;
      row.municipality = "0303";
      row.provider_id = "school";
      row.enrollment_id = "e1";
      row.client_id = "c1";
      row.trajectory_id = "t1";
      data.provider_enrollments[{"0303", "school", "e1"}] = row;
    });
    school_.subject = "school-system";
    school_.municipalities = {"0303"};
    school_.roles = {Role::kProvider};
    school_.provider_id = "school";
    other_ = school_;
    other_.provider_id = "other";
  }

  Trajectory Stored() const {
    return transactions_.data().trajectories.at({"0303", "c1", "t1"}).first;
  }

  FakeClock clock_;  // 2025-03-03 09:00 UTC
  SequentialIds ids_;
  Policy policy_;
  InMemoryTransactionManager transactions_;
  ProviderUseCases providers_{transactions_, clock_, ids_, policy_};
  Caller school_, other_;
  CallJournal journal_;
};

TEST_F(ProviderUseCasesTest, AReportIsRecordedReplayedAndCorrectedAsANewVersion) {
  auto first = providers_.Submit(school_, journal_, "0303", "school",
                                 {Started("s1", "e1", D(2025, 3, 3), "a")});
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ((*first)[0].outcome, ProviderReportOutcome::kRecorded);
  EXPECT_EQ(Stored().enrollments[0].lessons_start, D(2025, 3, 3));
  EXPECT_EQ(Stored().version, 4);
  EXPECT_THAT(journal_.subjects, ::testing::ElementsAre("c1"));

  auto replay = providers_.Submit(school_, journal_, "0303", "school",
                                  {Started("s1", "e1", D(2025, 3, 3), "a")});
  ASSERT_THAT(replay, IsOk());
  EXPECT_EQ((*replay)[0].outcome, ProviderReportOutcome::kReplayed);
  EXPECT_EQ(Stored().version, 4);

  auto corrected = providers_.Submit(school_, journal_, "0303", "school",
                                     {Started("s1", "e1", D(2025, 3, 1), "b")});
  ASSERT_THAT(corrected, IsOk());
  EXPECT_EQ((*corrected)[0].outcome, ProviderReportOutcome::kCorrected);
  EXPECT_EQ((*corrected)[0].version, 2);
  EXPECT_EQ(Stored().enrollments[0].lessons_start, D(2025, 3, 1));
  const std::vector<ProviderReport> history = transactions_.data().provider_reports;
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].date, D(2025, 3, 3));
  EXPECT_EQ(history[1].date, D(2025, 3, 1));
  EXPECT_LT(history[0].sequence, history[1].sequence);
}

TEST_F(ProviderUseCasesTest, ABatchIsAllOrNone) {
  SubmittedReport unknown = Started("s2", "e9", D(2025, 3, 3), "c");
  unknown.field = "reports[1]";
  EXPECT_THAT(providers_
                  .Submit(school_, journal_, "0303", "school",
                          {Started("s1", "e1", D(2025, 3, 3), "a"), unknown})
                  .status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_FALSE(Stored().enrollments[0].lessons_start.has_value());
  EXPECT_TRUE(transactions_.data().provider_reports.empty());
}

TEST_F(ProviderUseCasesTest, AnotherProviderFindsNothing) {
  EXPECT_THAT(
      providers_
          .Submit(other_, journal_, "0303", "school", {Started("s1", "e1", D(2025, 3, 3), "a")})
          .status(),
      StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(
      providers_
          .Submit(other_, journal_, "0303", "other", {Started("s1", "e1", D(2025, 3, 3), "a")})
          .status(),
      StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(providers_.Enrollments(other_, journal_, "0303", "school", {}).status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_TRUE(transactions_.data().provider_reports.empty());
}

TEST_F(ProviderUseCasesTest, AFirstLessonAfterTodayIsRefusedBeforeAnythingIsRead) {
  EXPECT_THAT(
      providers_
          .Submit(school_, journal_, "0303", "school", {Started("s1", "e1", D(2025, 3, 4), "a")})
          .status(),
      StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(transactions_.commits(), 0);
}

}  // namespace
}  // namespace inburgering::domain
