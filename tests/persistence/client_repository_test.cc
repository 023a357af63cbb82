// The client and trajectory repositories' contract, on SQLite and PostgreSQL.

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "persistence/database.h"
#include "persistence/migrations.h"
#include "persistence/unit_of_work.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace inburgering::persistence {
namespace {

using ::inburgering::testing::AllBackends;
using ::inburgering::testing::BackendParamName;
using ::inburgering::testing::IsOk;
using ::inburgering::testing::IsOkAndHolds;
using ::inburgering::testing::StatusIs;
using ::inburgering::testing::TestDatabase;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

using domain::Client;
using domain::Trajectory;
using domain::TransactionMode;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

class ClientRepositoryTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    database_ = ::inburgering::testing::OpenMigrated(*db_);
    ASSERT_NE(database_, nullptr);
    transactions_ = std::make_unique<SociTransactionManager>(*database_);
    auto work = Begin();
    const absl::Time t = absl::FromUnixSeconds(1735689600);
    for (const char* id : {"k1", "k2"}) {
      ASSERT_THAT(work->consultants().Insert({"0303", id, id, "", true, 50, t, t, 1}), IsOk());
    }
    ASSERT_THAT(work->Commit(), IsOk());
  }

  std::unique_ptr<domain::UnitOfWork> Begin(TransactionMode mode = TransactionMode::kReadWrite) {
    auto work = transactions_->Begin(mode);
    EXPECT_TRUE(work.ok()) << work.status();
    return *std::move(work);
  }

  static Client Make(const std::string& id, const std::string& bsn, const std::string& family,
                     const std::string& consultant = "") {
    Client c;
    c.municipality = "0303";
    c.id = id;
    c.bsn = bsn;
    c.given_names = "Amal";
    c.family_name = family;
    c.birth_date = D(1990, 4, 2);
    c.target_group = domain::TargetGroup::kAsylumStatusHolder;
    c.regime = domain::Regime::kWi2021;
    c.source = domain::Source::kCoaLink;
    c.obligation_notice_date = D(2025, 1, 6);
    c.coa_link_date = D(2024, 12, 20);
    c.consultant_id = consultant;
    if (!consultant.empty()) {
      c.assignments.push_back({consultant, absl::FromUnixSeconds(1736000000), "lead"});
    }
    c.create_time = c.update_time = absl::FromUnixMicros(1736000000123456);
    c.version = 1;
    return c;
  }

  void InsertAll(const std::vector<Client>& clients) {
    auto work = Begin();
    for (const Client& c : clients) ASSERT_THAT(work->clients().Insert(c), IsOk());
    ASSERT_THAT(work->Commit(), IsOk());
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Database> database_;
  std::unique_ptr<SociTransactionManager> transactions_;
};

TEST_P(ClientRepositoryTest, ClientReadsBackWithDatesHistoryAndNulls) {
  InsertAll({Make("c1", "111222333", "Haddad", "k1")});
  auto work = Begin(TransactionMode::kReadOnly);
  absl::StatusOr<Client> read = work->clients().Get("0303", "c1");
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->bsn, "111222333");
  EXPECT_EQ(read->birth_date, D(1990, 4, 2));
  EXPECT_EQ(read->target_group, domain::TargetGroup::kAsylumStatusHolder);
  EXPECT_EQ(read->source, domain::Source::kCoaLink);
  EXPECT_EQ(read->obligation_notice_date, D(2025, 1, 6));
  EXPECT_EQ(read->brp_registration_date, std::nullopt);
  EXPECT_EQ(read->consultant_id, "k1");
  ASSERT_EQ(read->assignments.size(), 1u);
  EXPECT_EQ(read->assignments[0].assigned_by, "lead");
  EXPECT_EQ(read->create_time, absl::FromUnixMicros(1736000000123456));
}

TEST_P(ClientRepositoryTest, SecondClientWithTheSameBsnInTheMunicipalityIsRefused) {
  InsertAll({Make("c1", "111222333", "Haddad")});
  EXPECT_THAT(Begin()->clients().Insert(Make("c2", "111222333", "Other")),
              StatusIs(absl::StatusCode::kAlreadyExists, Not(HasSubstr("111222333"))));
  // Another municipality may register the same person (after a move).
  Client elsewhere = Make("c3", "111222333", "Haddad");
  elsewhere.municipality = "0344";
  EXPECT_THAT(Begin()->clients().Insert(elsewhere), IsOk());
}

TEST_P(ClientRepositoryTest, FindsByBsnWithinTheMunicipalityOnly) {
  InsertAll({Make("c1", "111222333", "Haddad")});
  auto work = Begin(TransactionMode::kReadOnly);
  auto found = work->clients().FindByBsn("0303", "111222333");
  ASSERT_THAT(found, IsOk());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, "c1");
  EXPECT_THAT(work->clients().FindByBsn("0344", "111222333"),
              IsOkAndHolds(::testing::Property(&std::optional<Client>::has_value, false)));
}

TEST_P(ClientRepositoryTest, UpdateKeepsTheHistoryAndChecksTheVersion) {
  InsertAll({Make("c1", "111222333", "Haddad", "k1")});
  Client c = Make("c1", "111222333", "Haddad-Saleh", "k2");
  c.assignments.push_back({"k2", absl::FromUnixSeconds(1737000000), "lead"});
  c.brp_registration_date = D(2025, 2, 1);
  c.version = 2;
  {
    auto work = Begin();
    ASSERT_THAT(work->clients().Update(c, 1), IsOk());
    EXPECT_THAT(work->clients().Update(c, 1), StatusIs(absl::StatusCode::kAborted));
    ASSERT_THAT(work->Commit(), IsOk());
  }
  auto work = Begin(TransactionMode::kReadOnly);
  auto read = work->clients().Get("0303", "c1");
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->family_name, "Haddad-Saleh");
  EXPECT_EQ(read->brp_registration_date, D(2025, 2, 1));
  EXPECT_EQ(read->consultant_id, "k2");
  ASSERT_EQ(read->assignments.size(), 2u);
  EXPECT_EQ(read->assignments[0].consultant_id, "k1");
  EXPECT_EQ(read->assignments[1].consultant_id, "k2");
}

std::vector<std::string> Ids(const domain::Page<Client>& page) {
  std::vector<std::string> ids;
  for (const Client& c : page.items) ids.push_back(c.id);
  return ids;
}

// A page is read with its clients' histories in one statement: a page counts clients, not
// assignments, and each client carries its own history in order.
TEST_P(ClientRepositoryTest, AListPageCarriesEachClientsOwnHistoryAndCountsClients) {
  Client moved = Make("c2", "123456782", "Bakr", "k1");
  moved.assignments.push_back({"k2", absl::FromUnixSeconds(1737000000), "intake"});
  moved.assignments.push_back({"k1", absl::FromUnixSeconds(1738000000), "lead"});
  InsertAll({Make("c1", "111222333", "Haddad"), moved, Make("c3", "234567891", "Ahmadi", "k2")});
  domain::ClientFilter filter;
  filter.municipality = "0303";
  auto work = Begin(TransactionMode::kReadOnly);
  auto first = work->clients().List(filter, {2, ""});
  ASSERT_THAT(first, IsOk());
  EXPECT_THAT(Ids(*first), ElementsAre("c3", "c2"));
  ASSERT_EQ(first->items[0].assignments.size(), 1u);
  EXPECT_EQ(first->items[0].assignments[0].consultant_id, "k2");
  ASSERT_EQ(first->items[1].assignments.size(), 3u);
  EXPECT_EQ(first->items[1].assignments[0].consultant_id, "k1");
  EXPECT_EQ(first->items[1].assignments[1].consultant_id, "k2");
  EXPECT_EQ(first->items[1].assignments[1].assigned_by, "intake");
  EXPECT_EQ(first->items[1].assignments[2].assigned_at, absl::FromUnixSeconds(1738000000));
  ASSERT_FALSE(first->next_after.empty());
  auto second = work->clients().List(filter, {2, first->next_after});
  ASSERT_THAT(second, IsOk());
  EXPECT_THAT(Ids(*second), ElementsAre("c1"));
  EXPECT_TRUE(second->items[0].assignments.empty());
  EXPECT_TRUE(second->next_after.empty());
}

TEST_P(ClientRepositoryTest, ListFiltersByConsultantAndTargetGroupInNameOrder) {
  Client family = Make("c3", "123456782", "Ahmadi", "k2");
  family.target_group = domain::TargetGroup::kFamilyMigrant;
  InsertAll(
      {Make("c1", "111222333", "Yilmaz", "k1"), Make("c2", "111222345", "Bakr", "k1"), family});
  auto work = Begin(TransactionMode::kReadOnly);
  domain::ClientFilter filter;
  filter.municipality = "0303";
  auto all = work->clients().List(filter, {50, ""});
  ASSERT_THAT(all, IsOk());
  EXPECT_THAT(Ids(*all), ElementsAre("c3", "c2", "c1"));
  filter.consultant_id = "k1";
  auto mine = work->clients().List(filter, {50, ""});
  ASSERT_THAT(mine, IsOk());
  EXPECT_THAT(Ids(*mine), ElementsAre("c2", "c1"));
  filter.consultant_id.reset();
  filter.target_group = domain::TargetGroup::kFamilyMigrant;
  auto families = work->clients().List(filter, {50, ""});
  ASSERT_THAT(families, IsOk());
  EXPECT_THAT(Ids(*families), ElementsAre("c3"));
}

TEST_P(ClientRepositoryTest, ListPagesWithoutGapsOrRepeats) {
  InsertAll({Make("c1", "111222333", "Smit"), Make("c2", "111222345", "Smit"),
             Make("c3", "123456782", "Jansen"), Make("c4", "100000009", "de Vries")});
  std::vector<std::string> seen;
  std::string after;
  do {
    auto work = Begin(TransactionMode::kReadOnly);
    domain::ClientFilter filter;
    filter.municipality = "0303";
    auto page = work->clients().List(filter, {3, after});
    ASSERT_THAT(page, IsOk());
    for (const std::string& id : Ids(*page)) seen.push_back(id);
    after = page->next_after;
  } while (!after.empty() && seen.size() < 10);
  EXPECT_THAT(seen, ElementsAre("c3", "c1", "c2", "c4"));
}

Trajectory MakeTrajectory(const std::string& client, const std::string& id, int64_t micros) {
  Trajectory t;
  t.municipality = "0303";
  t.client_id = client;
  t.id = id;
  t.create_time = t.update_time = absl::FromUnixMicros(micros);
  t.version = 1;
  return t;
}

TEST_P(ClientRepositoryTest, TrajectoryDocumentRoundTripsEveryPart) {
  InsertAll({Make("c1", "111222333", "Haddad")});
  Trajectory t = MakeTrajectory("c1", "t1", 1736000000000000);
  t.intake =
      domain::Intake{D(2025, 2, 3), true, true, true, true, "teacher in Aleppo", true, "knee"};
  t.learnability_test = domain::LearnabilityTest{D(2025, 2, 10), 61};
  domain::PlanVersion plan;
  plan.decision_date = D(2025, 3, 10);
  plan.route = domain::Route::kZ;
  plan.routes_considered = {domain::Route::kB1, domain::Route::kZ};
  plan.target_level = domain::Level::kA1;
  plan.language_hours = plan.participation_hours = 800;
  plan.route_reasons = "B1 considered; learnability \"low\"";
  t.plans = {plan};
  t.enrollments = {
      {"e1", "Taalschool Dronten", domain::QualityMark::kBlikOpWerk, "C-1", 800, D(2025, 4, 1),
       domain::OfferComponent::kLanguage, 0, "", std::nullopt, std::nullopt, std::nullopt},
      {"e2", "Taalhuis", domain::QualityMark::kBlikOpWerk, "C-2", 400, std::nullopt,
       domain::OfferComponent::kLiteracy, 120000, "taalhuis-1", D(2025, 5, 2), D(2025, 8, 1),
       domain::DropoutReason::kMoved}};
  t.attendance = {{"a1", "e1", D(2025, 4, 1), D(2025, 4, 30), 40.5, 2, 1.5, "week-17"}};
  t.exams = {{"x1", domain::Skill::kSpeaking, domain::Level::kA1, 2, D(2025, 9, 1), true, ""}};
  t.components = {{"p1", domain::Component::kPvt, D(2025, 6, 1), true, "signed", ""}};
  t.provider_progress = {
      {"pp1", "e2", "prog-1", D(2025, 6, 1), domain::Skill::kReading, domain::Level::kA2, true}};
  t.reviews = {{"r1", D(2025, 6, 15), false, "more hours"}};
  t.appointments = {{"ap1", domain::AppointmentKind::kIntakeInvitation, 1,
                     absl::FromUnixSeconds(1738000000),
                     domain::AppointmentOutcome::kNoShowUnexcused}};
  t.extensions = {{"ext1", domain::ExtensionGround::kChildbirth, 16, D(2026, 1, 1), std::nullopt},
                  {"ext2", domain::ExtensionGround::kOther, 0, D(2026, 1, 5), D(2029, 6, 30)}};
  t.exemptions = {{"ex1", domain::ExemptionKind::kMedical, D(2026, 2, 1)}};
  t.closure = domain::Closure{domain::ClosureReason::kExemption, D(2026, 2, 2)};
  domain::TrajectoryIndex index;
  index.phase = domain::Phase::kClosed;
  {
    auto work = Begin();
    ASSERT_THAT(work->trajectories().Insert(t, index), IsOk());
    ASSERT_THAT(work->Commit(), IsOk());
  }
  auto work = Begin(TransactionMode::kReadOnly);
  auto read = work->trajectories().Get("0303", "c1", "t1");
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->intake->medical_note, "knee");
  EXPECT_EQ(read->learnability_test->score, 61);
  ASSERT_EQ(read->plans.size(), 1u);
  EXPECT_EQ(read->plans[0].route_reasons, plan.route_reasons);
  EXPECT_THAT(read->plans[0].routes_considered, ElementsAre(domain::Route::kB1, domain::Route::kZ));
  EXPECT_EQ(read->enrollments[0].quality_mark, domain::QualityMark::kBlikOpWerk);
  ASSERT_EQ(read->enrollments.size(), 2u);
  EXPECT_FALSE(read->enrollments[1].start_date.has_value());
  EXPECT_EQ(read->enrollments[1].registered_provider, "taalhuis-1");
  EXPECT_EQ(read->enrollments[1].lessons_start, D(2025, 5, 2));
  EXPECT_EQ(read->enrollments[1].dropout_date, D(2025, 8, 1));
  EXPECT_EQ(read->enrollments[1].dropout_reason, domain::DropoutReason::kMoved);
  EXPECT_DOUBLE_EQ(read->attendance[0].attended_hours, 40.5);
  EXPECT_EQ(read->attendance[0].provider_record_id, "week-17");
  ASSERT_EQ(read->provider_progress.size(), 1u);
  EXPECT_EQ(read->provider_progress[0].level, domain::Level::kA2);
  EXPECT_EQ(read->provider_progress[0].provider_record_id, "prog-1");
  EXPECT_EQ(read->exams[0].skill, domain::Skill::kSpeaking);
  EXPECT_EQ(read->components[0].note, "signed");
  EXPECT_FALSE(read->reviews[0].on_track);
  EXPECT_EQ(read->appointments[0].scheduled_at, absl::FromUnixSeconds(1738000000));
  EXPECT_EQ(read->appointments[0].outcome, domain::AppointmentOutcome::kNoShowUnexcused);
  EXPECT_EQ(read->extensions[0].weeks, 16);
  EXPECT_FALSE(read->extensions[0].new_term_last_day.has_value());
  EXPECT_EQ(read->extensions[1].new_term_last_day, D(2029, 6, 30));
  EXPECT_EQ(read->exemptions[0].kind, domain::ExemptionKind::kMedical);
  EXPECT_EQ(read->closure->reason, domain::ClosureReason::kExemption);
  EXPECT_FALSE(read->learnability_test_exemption.has_value());
}

TEST_P(ClientRepositoryTest, TrajectoryUpdateChecksTheVersionAndOpenOnesAreFound) {
  InsertAll({Make("c1", "111222333", "Haddad")});
  Trajectory t = MakeTrajectory("c1", "t1", 1736000000000000);
  domain::TrajectoryIndex open;
  {
    auto work = Begin();
    ASSERT_THAT(work->trajectories().Insert(t, open), IsOk());
    ASSERT_THAT(work->Commit(), IsOk());
  }
  auto work = Begin();
  EXPECT_THAT(work->trajectories().HasOpen("0303", "c1"), IsOkAndHolds(true));
  t.version = 2;
  t.closure = domain::Closure{domain::ClosureReason::kDied, D(2025, 5, 1)};
  domain::TrajectoryIndex closed;
  closed.phase = domain::Phase::kClosed;
  EXPECT_THAT(work->trajectories().Update(t, closed, 2), StatusIs(absl::StatusCode::kAborted));
  ASSERT_THAT(work->trajectories().Update(t, closed, 1), IsOk());
  EXPECT_THAT(work->trajectories().HasOpen("0303", "c1"), IsOkAndHolds(false));
  EXPECT_THAT(work->trajectories().Get("0303", "c2", "t1"), StatusIs(absl::StatusCode::kNotFound));
}

// GetCase reads in one statement what Get, clients().Get and consultants().Get read apart.
TEST_P(ClientRepositoryTest, ACaseReadsTheTrajectoryItsClientWithHistoryAndItsConsultant) {
  Client moved = Make("c1", "111222333", "Haddad", "k1");
  moved.assignments.insert(moved.assignments.begin(),
                           {"k2", absl::FromUnixSeconds(1735000000), "intake"});
  InsertAll({moved, Make("c2", "444555666", "Bakr")});
  Trajectory t1 = MakeTrajectory("c1", "t1", 1736000000000000);
  t1.learnability_test = domain::LearnabilityTest{D(2025, 2, 10), 61};
  {
    auto work = Begin();
    ASSERT_THAT(work->trajectories().Insert(t1, {}), IsOk());
    ASSERT_THAT(work->trajectories().Insert(MakeTrajectory("c2", "t2", 1736000000000001), {}),
                IsOk());
    ASSERT_THAT(work->Commit(), IsOk());
  }
  auto work = Begin(TransactionMode::kReadOnly);
  absl::StatusOr<domain::CaseRecords> read = work->trajectories().GetCase("0303", "c1", "t1");
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->trajectory.id, "t1");
  ASSERT_TRUE(read->trajectory.learnability_test.has_value());  // the document decoded
  EXPECT_EQ(read->trajectory.learnability_test->date, D(2025, 2, 10));
  EXPECT_EQ(read->trajectory.version, 1);
  EXPECT_EQ(read->client.bsn, "111222333");
  EXPECT_EQ(read->client.consultant_id, "k1");
  ASSERT_EQ(read->client.assignments.size(), 2u);  // in the order given, as clients().Get has it
  EXPECT_EQ(read->client.assignments[0].consultant_id, "k2");
  EXPECT_EQ(read->client.assignments[0].assigned_by, "intake");
  EXPECT_EQ(read->client.assignments[0].assigned_at, absl::FromUnixSeconds(1735000000));
  EXPECT_EQ(read->client.assignments[1].consultant_id, "k1");
  absl::StatusOr<Client> alone = work->clients().Get("0303", "c1");
  ASSERT_THAT(alone, IsOk());
  EXPECT_EQ(read->client.create_time, alone->create_time);
  EXPECT_EQ(read->client.obligation_notice_date, alone->obligation_notice_date);
  ASSERT_TRUE(read->consultant.has_value());
  EXPECT_EQ(read->consultant->id, "k1");
  EXPECT_EQ(read->consultant->case_capacity, 50);
  EXPECT_TRUE(read->consultant->active);

  absl::StatusOr<domain::CaseRecords> alone_client =
      work->trajectories().GetCase("0303", "c2", "t2");
  ASSERT_THAT(alone_client, IsOk());
  EXPECT_TRUE(alone_client->client.assignments.empty());
  EXPECT_FALSE(alone_client->consultant.has_value());
  EXPECT_THAT(work->trajectories().GetCase("0303", "c2", "t1"),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(work->trajectories().GetCase("0050", "c1", "t1"),
              StatusIs(absl::StatusCode::kNotFound));
}

// The retention purge deletes a trajectory: what its providers saw and reported goes with it.
TEST_P(ClientRepositoryTest, DeletingATrajectoryDeletesItsProviderEnrollmentsAndReports) {
  InsertAll({Make("c1", "111222333", "Haddad")});
  Trajectory t = MakeTrajectory("c1", "t1", 1736000000000000);
  domain::ProviderEnrollment row;
  row.municipality = "0303";
  row.provider_id = "school";
  row.enrollment_id = "e1";
  row.client_id = "c1";
  row.trajectory_id = "t1";
  row.start_date = D(2025, 4, 1);
  domain::ProviderReport report;
  report.municipality = "0303";
  report.provider_id = "school";
  report.record_id = "w15";
  report.enrollment_id = "e1";
  report.client_id = "c1";
  report.trajectory_id = "t1";
  report.kind = domain::ProviderReportKind::kAttendance;
  report.attendance.attended_hours = 12;
  report.sequence = 1;
  {
    auto work = Begin();
    ASSERT_THAT(work->trajectories().Insert(t, domain::TrajectoryIndex{}), IsOk());
    ASSERT_THAT(work->providers().SaveEnrollment(row), IsOk());
    ASSERT_THAT(work->providers().InsertReport(report), IsOk());
    ASSERT_THAT(work->Commit(), IsOk());
  }
  {
    auto work = Begin(TransactionMode::kReadOnly);
    auto found = work->providers().FindEnrollment("0303", "school", "e1");
    ASSERT_THAT(found, IsOk());
    ASSERT_TRUE(found->has_value());
    EXPECT_EQ((*found)->start_date, D(2025, 4, 1));
    auto latest = work->providers().LatestReport("0303", "school", "w15");
    ASSERT_THAT(latest, IsOk());
    ASSERT_TRUE(latest->has_value());
    EXPECT_DOUBLE_EQ((*latest)->attendance.attended_hours, 12);
  }
  {
    auto work = Begin();
    ASSERT_THAT(work->trajectories().Delete("0303", "t1"), IsOk());
    ASSERT_THAT(work->Commit(), IsOk());
  }
  auto work = Begin(TransactionMode::kReadOnly);
  auto found = work->providers().FindEnrollment("0303", "school", "e1");
  ASSERT_THAT(found, IsOk());
  EXPECT_FALSE(found->has_value());
  auto latest = work->providers().LatestReport("0303", "school", "w15");
  ASSERT_THAT(latest, IsOk());
  EXPECT_FALSE(latest->has_value());
}

TEST_P(ClientRepositoryTest, ListFiltersByTrajectoryPhaseAndOverdueDeadline) {
  InsertAll({Make("c1", "111222333", "Haddad"), Make("c2", "111222345", "Bakr"),
             Make("c3", "123456782", "Ahmadi")});
  domain::TrajectoryIndex planned;
  planned.phase = domain::Phase::kPlanned;
  planned.next_deadline = D(2025, 6, 10);
  domain::TrajectoryIndex intake;
  intake.phase = domain::Phase::kIntake;
  intake.next_deadline = D(2025, 3, 17);
  {
    auto work = Begin();
    ASSERT_THAT(work->trajectories().Insert(MakeTrajectory("c1", "t1", 1), planned), IsOk());
    ASSERT_THAT(work->trajectories().Insert(MakeTrajectory("c2", "t2", 2), intake), IsOk());
    ASSERT_THAT(work->Commit(), IsOk());
  }
  auto work = Begin(TransactionMode::kReadOnly);
  domain::ClientFilter filter;
  filter.municipality = "0303";
  filter.phase = domain::Phase::kPlanned;
  auto by_phase = work->clients().List(filter, {50, ""});
  ASSERT_THAT(by_phase, IsOk());
  EXPECT_THAT(Ids(*by_phase), ElementsAre("c1"));
  filter.phase.reset();
  filter.overdue_on = D(2025, 4, 1);
  auto overdue = work->clients().List(filter, {50, ""});
  ASSERT_THAT(overdue, IsOk());
  EXPECT_THAT(Ids(*overdue), ElementsAre("c2"));
  filter.overdue_on = D(2025, 7, 1);
  auto later = work->clients().List(filter, {50, ""});
  ASSERT_THAT(later, IsOk());
  EXPECT_THAT(Ids(*later), ElementsAre("c2", "c1"));
}

TEST_P(ClientRepositoryTest, TrajectoriesListOldestFirstAcrossPages) {
  InsertAll({Make("c1", "111222333", "Haddad")});
  {
    auto work = Begin();
    for (int i = 0; i < 3; ++i) {
      ASSERT_THAT(work->trajectories().Insert(MakeTrajectory("c1", absl::StrCat("t", i), 100 + i),
                                              domain::TrajectoryIndex{}),
                  IsOk());
    }
    ASSERT_THAT(work->Commit(), IsOk());
  }
  auto work = Begin(TransactionMode::kReadOnly);
  auto first = work->trajectories().List("0303", "c1", {2, ""});
  ASSERT_THAT(first, IsOk());
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].id, "t0");
  auto second = work->trajectories().List("0303", "c1", {2, first->next_after});
  ASSERT_THAT(second, IsOk());
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].id, "t2");
  EXPECT_TRUE(second->next_after.empty());
}

// The CBS delivery reads its records in chunks of 1,000 per municipality: across a chunk's end
// and from one municipality to the next, every record comes once, in (municipality, id) order.
TEST_P(ClientRepositoryTest, TheCbsRecordsComeOnceEachInKeyOrderAcrossChunksAndMunicipalities) {
  std::vector<Client> clients;
  std::vector<std::string> expected;
  for (int i = 0; i < 1050; ++i) {
    clients.push_back(Make(absl::StrFormat("c%05d", (i * 7919) % 100000),
                           absl::StrFormat("%09d", 100000000 + i), "Haddad"));
  }
  for (int i = 0; i < 3; ++i) {
    Client c = Make(absl::StrCat("a", i), absl::StrFormat("%09d", 200000000 + i), "Bakker");
    c.municipality = "0034";
    clients.push_back(c);
  }
  for (const Client& c : clients) expected.push_back(absl::StrCat(c.municipality, "/", c.id));
  std::sort(expected.begin(), expected.end());
  InsertAll(clients);

  domain::CbsSelection selection;
  selection.municipalities = {"0303", "0034"};  // not in key order: the export sorts them
  selection.from = D(2025, 1, 1);
  selection.to = D(2025, 3, 31);
  selection.zone = absl::UTCTimeZone();
  selection.quarter_end = absl::FromCivil(D(2025, 4, 1), selection.zone);
  auto work = Begin(TransactionMode::kReadOnly);
  std::vector<std::string> exported;
  ASSERT_THAT(work->reporting().ExportRecords(selection,
                                              [&](const domain::CbsRecord& r) {
                                                exported.push_back(
                                                    absl::StrCat(r.municipality, "/", r.client_id));
                                                return absl::OkStatus();
                                              }),
              IsOk());
  EXPECT_EQ(exported, expected);
  EXPECT_THAT(work->reporting().CountRecords(selection), IsOkAndHolds(1053));
}

INSTANTIATE_TEST_SUITE_P(Backends, ClientRepositoryTest, ::testing::ValuesIn(AllBackends()),
                         BackendParamName());

}  // namespace
}  // namespace inburgering::persistence
