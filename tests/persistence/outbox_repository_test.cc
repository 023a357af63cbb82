// The event log, DUO's report items and DUO's signals on SQLite and PostgreSQL.

#include <memory>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "persistence/database.h"
#include "persistence/migrations.h"
#include "persistence/unit_of_work.h"
#include "soci/soci.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace inburgering::persistence {
namespace {

using ::inburgering::testing::AllBackends;
using ::inburgering::testing::BackendParamName;
using ::inburgering::testing::IsOk;
using ::inburgering::testing::StatusIs;
using ::inburgering::testing::TestDatabase;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

using domain::DuoReport;
using domain::DuoReportKind;
using domain::DuoReportState;
using domain::Event;
using domain::EventFilter;
using domain::EventPosition;
using domain::EventType;
using domain::TransactionMode;

const absl::Time kTime =
    absl::FromCivil(absl::CivilSecond(2025, 3, 10, 9, 0, 0), absl::UTCTimeZone());

class Store {
 public:
  explicit Store(Backend backend) : db_(backend) {
    database_ = ::inburgering::testing::OpenMigrated(db_, 3, absl::Milliseconds(500));
    EXPECT_NE(database_, nullptr);
    transactions_ = std::make_unique<SociTransactionManager>(*database_);
  }

  std::unique_ptr<domain::UnitOfWork> Begin(TransactionMode mode = TransactionMode::kReadWrite) {
    auto work = transactions_->Begin(mode);
    EXPECT_TRUE(work.ok()) << work.status();
    return *std::move(work);
  }

  std::vector<Event> Read(const EventPosition& after, const EventFilter& filter = {},
                          int limit = 100) {
    WaitForOtherDatabases();
    auto work = Begin(TransactionMode::kReadOnly);
    auto events = work->events().ReadAfter(after, filter, limit);
    EXPECT_TRUE(events.ok()) << events.status();
    return events.ok() ? *events : std::vector<Event>();
  }

  SociTransactionManager& transactions() { return *transactions_; }

 private:
  // PostgreSQL shows an event once every transaction older than its own has ended, in the whole
  // cluster: tests running beside this one (in their own databases) must not make it flaky.
  // Waits (at most 5 s) until no transaction of another database is older than now. This
  // test's own transactions are the test's business.
  void WaitForOtherDatabases() {
    if (db_.backend() != Backend::kPostgresql) return;
    auto lease = database_->Acquire();
    ASSERT_TRUE(lease.ok());
    long long now = 0;
    lease->session() << "SELECT txid_current() % 4294967296", soci::into(now);
    const absl::Time give_up = absl::Now() + absl::Seconds(5);
    for (int older = 1; older > 0 && absl::Now() < give_up;) {
      lease->session() << "SELECT count(*) FROM pg_stat_activity WHERE datname IS DISTINCT FROM"
                          " current_database() AND backend_xid IS NOT NULL AND"
                          " backend_xid::text::bigint < :now",
          soci::use(now), soci::into(older);
      if (older > 0) absl::SleepFor(absl::Milliseconds(5));
    }
  }

  TestDatabase db_;
  std::unique_ptr<Database> database_;
  std::unique_ptr<SociTransactionManager> transactions_;
};

Event MakeEvent(const std::string& municipality, EventType type, const std::string& client) {
  Event e;
  e.municipality = municipality;
  e.type = type;
  e.client_id = client;
  e.trajectory_id = "t-" + client;
  e.time = kTime;
  return e;
}

std::vector<std::string> Clients(const std::vector<Event>& events) {
  std::vector<std::string> out;
  for (const Event& e : events) out.push_back(e.client_id);
  return out;
}

class OutboxRepositoryTest : public ::testing::TestWithParam<Backend> {
 protected:
  OutboxRepositoryTest() : store_(GetParam()) {}

  void Append(const std::vector<Event>& events) {
    auto work = store_.Begin();
    for (const Event& e : events) ASSERT_THAT(work->events().Append(e), IsOk());
    ASSERT_THAT(work->Commit(), IsOk());
  }

  static DuoReport Report(const std::string& id, absl::Duration later) {
    DuoReport r;
    r.municipality = "0303";
    r.id = id;
    r.client_id = "c1";
    r.trajectory_id = "t1";
    r.kind = DuoReportKind::kPlanEstablished;
    r.fact_date = absl::CivilDay(2025, 3, 10);
    r.plan_version = 1;
    r.route = domain::Route::kZ;
    r.level = domain::Level::kA1;
    r.create_time = kTime + later;
    r.update_time = kTime + later;
    return r;
  }

  Store store_;
};

TEST_P(OutboxRepositoryTest, EventsReadBackInCommitOrderWithTheirDetails) {
  Event plan = MakeEvent("0303", EventType::kPlanEstablished, "a");
  plan.date = absl::CivilDay(2025, 3, 10);
  plan.plan_version = 1;
  plan.route = domain::Route::kB1;
  plan.ontzorgen_reference = "PW-17";
  plan.kind = "INITIAL";
  Append({MakeEvent("0303", EventType::kClientRegistered, "a"), plan});
  Append({MakeEvent("0050", EventType::kClientRegistered, "b")});
  const std::vector<Event> all = store_.Read({});
  ASSERT_THAT(Clients(all), ElementsAre("a", "a", "b"));
  EXPECT_TRUE(all[0].position < all[1].position);
  EXPECT_TRUE(all[1].position < all[2].position);
  const Event& read = all[1];
  EXPECT_EQ(read.type, EventType::kPlanEstablished);
  EXPECT_EQ(read.municipality, "0303");
  EXPECT_EQ(read.trajectory_id, "t-a");
  EXPECT_EQ(read.time, kTime);
  EXPECT_EQ(read.date, absl::CivilDay(2025, 3, 10));
  EXPECT_EQ(read.plan_version, 1);
  EXPECT_EQ(read.route, domain::Route::kB1);
  EXPECT_EQ(read.ontzorgen_reference, "PW-17");
  EXPECT_EQ(read.kind, "INITIAL");
}

TEST_P(OutboxRepositoryTest, AReaderContinuesAfterItsLastEventAndFilters) {
  Append({MakeEvent("0303", EventType::kClientRegistered, "a"),
          MakeEvent("0050", EventType::kClientRegistered, "b"),
          MakeEvent("0303", EventType::kTrajectoryStarted, "c"),
          MakeEvent("0303", EventType::kTrajectoryClosed, "d")});
  const std::vector<Event> first = store_.Read({}, {}, 2);
  ASSERT_THAT(Clients(first), ElementsAre("a", "b"));
  EXPECT_THAT(Clients(store_.Read(first.back().position)), ElementsAre("c", "d"));
  EXPECT_THAT(Clients(store_.Read({}, {{"0303"}, {}})), ElementsAre("a", "c", "d"));
  EXPECT_THAT(
      Clients(store_.Read({}, {{}, {EventType::kClientRegistered, EventType::kTrajectoryClosed}})),
      ElementsAre("a", "b", "d"));
  EXPECT_THAT(Clients(store_.Read({}, {{"0050", "0303"}, {EventType::kTrajectoryStarted}})),
              ElementsAre("c"));
  EXPECT_THAT(store_.Read(store_.Read({}).back().position), IsEmpty());
}

TEST_P(OutboxRepositoryTest, ARolledBackChangeLeavesNoEvent) {
  {
    auto work = store_.Begin();
    ASSERT_THAT(work->events().Append(MakeEvent("0303", EventType::kClientRegistered, "gone")),
                IsOk());
  }
  Append({MakeEvent("0303", EventType::kClientRegistered, "kept")});
  EXPECT_THAT(Clients(store_.Read({})), ElementsAre("kept"));
}

TEST_P(OutboxRepositoryTest, DuoReportsReadBackUpdateByVersionAndListOldestFirst) {
  {
    auto work = store_.Begin();
    for (int i = 0; i < 5; ++i) {
      ASSERT_THAT(work->duo_reports().Insert(Report("r" + std::to_string(i), absl::Seconds(i))),
                  IsOk());
    }
    ASSERT_THAT(work->Commit(), IsOk());
  }
  auto work = store_.Begin();
  auto read = work->duo_reports().Get("0303", "r2");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->kind, DuoReportKind::kPlanEstablished);
  EXPECT_EQ(read->state, DuoReportState::kToSend);
  EXPECT_EQ(read->route, domain::Route::kZ);
  EXPECT_EQ(read->level, domain::Level::kA1);
  EXPECT_EQ(read->fact_date, absl::CivilDay(2025, 3, 10));
  EXPECT_EQ(read->create_time, kTime + absl::Seconds(2));
  DuoReport sent = *read;
  sent.state = DuoReportState::kSent;
  sent.sent_by = "consultant-1";
  sent.sent_time = kTime + absl::Hours(1);
  sent.version = 2;
  ASSERT_THAT(work->duo_reports().Update(sent, 1), IsOk());
  EXPECT_THAT(work->duo_reports().Update(sent, 1), StatusIs(absl::StatusCode::kAborted));
  auto again = work->duo_reports().Get("0303", "r2");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->state, DuoReportState::kSent);
  EXPECT_EQ(again->sent_by, "consultant-1");
  EXPECT_EQ(again->sent_time, kTime + absl::Hours(1));
  EXPECT_EQ(again->version, 2);
  EXPECT_THAT(work->duo_reports().Get("0303", "nope"), StatusIs(absl::StatusCode::kNotFound));

  domain::DuoReportFilter to_send{"0303", DuoReportState::kToSend, std::nullopt};
  auto page1 = work->duo_reports().List(to_send, {2, ""});
  ASSERT_TRUE(page1.ok()) << page1.status();
  std::vector<std::string> ids;
  for (const DuoReport& r : page1->items) ids.push_back(r.id);
  auto page2 = work->duo_reports().List(to_send, {2, page1->next_after});
  ASSERT_TRUE(page2.ok());
  for (const DuoReport& r : page2->items) ids.push_back(r.id);
  EXPECT_THAT(ids, ElementsAre("r0", "r1", "r3", "r4"));
  EXPECT_TRUE(page2->next_after.empty());
}

TEST_P(OutboxRepositoryTest, ASignalIsRecordedOnce) {
  domain::DuoSignalRecord r;
  r.municipality = "0303";
  r.signal_id = "duo-1";
  r.kind = domain::DuoSignalKind::kCorrection;
  r.fingerprint = "f";
  r.client_id = "c1";
  r.outcome = domain::DuoSignalOutcome::kClientCorrected;
  r.changes = "birth_date: 1990-01-01 -> 1990-02-01; ";
  r.reason = "DUO corrected the birth date";
  r.received_time = kTime;
  auto work = store_.Begin();
  ASSERT_THAT(work->duo_signals().Insert(r), IsOk());
  auto found = work->duo_signals().Find("0303", "duo-1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->outcome, domain::DuoSignalOutcome::kClientCorrected);
  EXPECT_EQ((*found)->changes, r.changes);
  EXPECT_EQ((*found)->received_time, kTime);
  auto missing = work->duo_signals().Find("0050", "duo-1");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  EXPECT_THAT(work->duo_signals().Insert(r), StatusIs(absl::StatusCode::kAlreadyExists));
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxRepositoryTest, ::testing::ValuesIn(AllBackends()),
                         BackendParamName());

// PostgreSQL's writers run concurrently and draw `seq` in another order than they commit; SQLite
// serialises its writers (BEGIN IMMEDIATE), so there this cannot happen.
TEST(PostgresEventLogTest, AReaderNeverSkipsAnEventThatCommitsLate) {
  Store store(Backend::kPostgresql);
  auto early = store.Begin();  // draws its seq first, commits last
  ASSERT_THAT(early->events().Append(MakeEvent("0303", EventType::kClientRegistered, "early")),
              IsOk());
  {
    auto late = store.Begin();
    ASSERT_THAT(late->events().Append(MakeEvent("0303", EventType::kClientRegistered, "late")),
                IsOk());
    ASSERT_THAT(late->Commit(), IsOk());
  }
  // While `early` is open, `late`'s place in the order is not final: a reader that took it and
  // continued after it would never see `early`.
  EXPECT_THAT(store.Read({}), IsEmpty());
  ASSERT_THAT(early->Commit(), IsOk());
  EXPECT_THAT(Clients(store.Read({})), ElementsAre("early", "late"));
}

}  // namespace
}  // namespace inburgering::persistence
