// TrajectoryUseCases on the in-memory ports (tests/testing/in_memory_ports.h): how a step is
// recorded (dates checked against today, ids, actor and time stamped, one commit, the outbox and
// the journal written), without a database.

#include "domain/trajectory_use_cases.h"

#include <string>
#include <utility>

#include "domain/errors.h"
#include "domain/journal.h"
#include "domain/steps.h"
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
using ::testing::ElementsAre;
using ::testing::IsEmpty;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

class TrajectoryUseCasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Client client;
    client.municipality = "0303";
    client.id = "c1";
    client.bsn = "111222333";
    client.given_names = "Amal";
    client.family_name = "Haddad";
    client.birth_date = D(1995, 6, 15);
    client.target_group = TargetGroup::kAsylumStatusHolder;
    client.obligation_notice_date = D(2025, 1, 6);
    client.version = 1;
    transactions_.Seed([&](InMemoryData& data) { data.clients[{"0303", "c1"}] = client; });
    consultant_.subject = "k1";
    consultant_.municipalities = {"0303"};
    consultant_.roles = {Role::kConsultant};
    absl::StatusOr<CaseFile> created =
        trajectories_.Create(consultant_, journal_, "0303", "c1", {});
    ASSERT_THAT(created, IsOk());
    ref_ = {"0303", "c1", created->trajectory.id};
  }

  static Step Intake(absl::CivilDay date) {
    steps::RecordIntake step;
    step.intake.date = date;
    step.intake.education_and_work_history = true;
    step.intake.personal_circumstances = true;
    return step;
  }

  FakeClock clock_;  // 2025-03-03 09:00 UTC
  SequentialIds ids_;
  Policy policy_;
  InMemoryTransactionManager transactions_;
  TrajectoryUseCases trajectories_{transactions_, clock_, ids_, policy_};
  Caller consultant_;
  CallJournal journal_;  // what the calls noted (the frame opens one per call)
  TrajectoryRef ref_;
};

TEST_F(TrajectoryUseCasesTest, AStepIsAppliedStampedAndCommittedOnce) {
  const int commits = transactions_.commits();
  absl::StatusOr<CaseFile> file = trajectories_.Record(
      consultant_, journal_, ref_, 1, {"r1", "RecordIntake", "f"}, Intake(D(2025, 3, 1)));
  ASSERT_THAT(file, IsOk());
  EXPECT_EQ(transactions_.commits(), commits + 1);
  EXPECT_EQ(file->trajectory.version, 2);
  EXPECT_EQ(file->trajectory.update_time, clock_.Now());
  ASSERT_TRUE(file->trajectory.intake.has_value());
  EXPECT_EQ(file->trajectory.intake->date, D(2025, 3, 1));
  const InMemoryData data = transactions_.data();
  EXPECT_TRUE(data.idempotency.count({"0303", "r1"}));
}

TEST_F(TrajectoryUseCasesTest, TheDomainStampsTheActorAndNewIdsOfSubRecords) {
  ASSERT_THAT(trajectories_.Record(consultant_, journal_, ref_, 1, {}, Intake(D(2025, 3, 1))),
              IsOk());
  steps::RecordWarning warning;
  warning.warning.ground = EnforcementGround::kPlanObligation;
  warning.warning.date = D(2025, 3, 3);
  warning.warning.issued_by = "someone else";  // the domain decides who issued it
  // A warning on the plan ground needs a plan: refused, and nothing is written.
  EXPECT_THAT(trajectories_.Record(consultant_, journal_, ref_, 2, {}, warning),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  steps::ScheduleAppointment appointment;
  appointment.appointment.kind = AppointmentKind::kProgressReview;
  appointment.appointment.scheduled_at = clock_.Now() + absl::Hours(48);
  absl::StatusOr<CaseFile> file =
      trajectories_.Record(consultant_, journal_, ref_, 2, {}, appointment);
  ASSERT_THAT(file, IsOk());
  ASSERT_EQ(file->trajectory.appointments.size(), 1u);
  EXPECT_FALSE(file->trajectory.appointments[0].id.empty());
  EXPECT_NE(file->trajectory.appointments[0].id, ref_.id);
}

TEST_F(TrajectoryUseCasesTest, DatesAfterTodayAreNamedWithTheMappingsViolationsAndNothingIsRead) {
  Violations found;
  found.Add("etag", "required");
  const int begun = transactions_.begun();
  absl::Status refused =
      trajectories_.Record(consultant_, journal_, ref_, 1, {}, Intake(D(2025, 3, 4)), found)
          .status();
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument));
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(refused)) fields.push_back(v.field);
  EXPECT_THAT(fields, ElementsAre("etag", "intake.date"));
  EXPECT_EQ(transactions_.begun(), begun) << "no unit of work for an invalid request";
}

TEST_F(TrajectoryUseCasesTest, TodayIsTheMunicipalitysDayNotUtcs) {
  // 23:30 UTC on 3 March is already 4 March in Amsterdam: a date of 4 March is not in the future.
  policy_.time_zone = absl::FixedTimeZone(3600);
  clock_.Set(absl::FromCivil(absl::CivilSecond(2025, 3, 3, 23, 30, 0), absl::UTCTimeZone()));
  EXPECT_THAT(trajectories_.Record(consultant_, journal_, ref_, 1, {}, Intake(D(2025, 3, 4))),
              IsOk());
}

TEST_F(TrajectoryUseCasesTest, AStaleVersionIsAbortedAndChangesNothing) {
  const InMemoryData before = transactions_.data();
  EXPECT_THAT(trajectories_.Record(consultant_, journal_, ref_, 7, {}, Intake(D(2025, 3, 1))),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(transactions_.data().events.size(), before.events.size());
  EXPECT_EQ(transactions_.data().audit.size(), before.audit.size());
}

TEST_F(TrajectoryUseCasesTest, ARetriedRequestIdAnswersTheCaseFileWithoutApplyingAgain) {
  ASSERT_THAT(trajectories_.Record(consultant_, journal_, ref_, 1, {"r1", "RecordIntake", "f"},
                                   Intake(D(2025, 3, 1))),
              IsOk());
  const int commits = transactions_.commits();
  absl::StatusOr<CaseFile> replay = trajectories_.Record(
      consultant_, journal_, ref_, 1, {"r1", "RecordIntake", "f"}, Intake(D(2025, 3, 1)));
  ASSERT_THAT(replay, IsOk());
  EXPECT_EQ(replay->trajectory.version, 2);
  EXPECT_EQ(transactions_.commits(), commits);
}

TEST_F(TrajectoryUseCasesTest, AnotherMunicipalitysConsultantIsRefusedBeforeAnythingIsWritten) {
  Caller other = consultant_;
  other.municipalities = {"0034"};
  const int commits = transactions_.commits();
  EXPECT_FALSE(trajectories_.Record(other, journal_, ref_, 1, {}, Intake(D(2025, 3, 1))).ok());
  EXPECT_EQ(transactions_.commits(), commits);
}

TEST_F(TrajectoryUseCasesTest, TheRecordedStepLeavesItsAuditAndProcessingRecords) {
  CallJournal journal;
  journal.action = "RecordIntake";
  ASSERT_THAT(trajectories_.Record(consultant_, journal, ref_, 1, {}, Intake(D(2025, 3, 1))),
              IsOk());
  const InMemoryData data = transactions_.data();
  ASSERT_FALSE(data.audit.empty());
  EXPECT_EQ(data.audit.back().action, "RecordIntake");
  EXPECT_EQ(data.audit.back().actor, "k1");
  EXPECT_FALSE(data.processing.empty());
  EXPECT_THAT(journal.subjects, ElementsAre("c1"));
}

TEST_F(TrajectoryUseCasesTest, NothingIsRecordedOnAClosedTrajectory) {
  steps::CloseTrajectory close;
  close.closure.reason = ClosureReason::kLeftCountry;
  close.closure.date = D(2025, 3, 2);
  ASSERT_THAT(trajectories_.Record(consultant_, journal_, ref_, 1, {}, close), IsOk());
  EXPECT_THAT(trajectories_.Record(consultant_, journal_, ref_, 2, {}, Intake(D(2025, 3, 1))),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(transactions_.data().duo_reports, IsEmpty());
}

}  // namespace
}  // namespace inburgering::domain
