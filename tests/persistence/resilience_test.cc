// What the benchmarks and reliability tests (bench/, tests/reliability/) made us change in the
// persistence layer, each on SQLite and PostgreSQL: journals of concurrent reads share
// transactions and none is lost; SQLite writers queue in the process instead of failing busy and
// share their durable commits, a failed change rolled back alone; a PostgreSQL session whose
// connection broke connects again.

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "domain/journal.h"
#include "domain/status_macros.h"
#include "gtest/gtest.h"
#include "persistence/call_budget.h"
#include "persistence/database.h"
#include "persistence/journal_group_commit.h"
#include "persistence/migrations.h"
#include "persistence/unit_of_work.h"
#include "soci/postgresql/soci-postgresql.h"
#include "soci/soci.h"
#include "tests/testing/test_database.h"

namespace inburgering::persistence {
namespace {

using ::inburgering::testing::AllBackends;
using ::inburgering::testing::BackendParamName;
using ::inburgering::testing::TestDatabase;

// Counts transactions begun, and makes every commit slow, so that callers pile up behind it.
class SlowCommits final : public domain::TransactionManager {
 public:
  explicit SlowCommits(domain::TransactionManager& inner) : inner_(inner) {}
  absl::StatusOr<std::unique_ptr<domain::UnitOfWork>> Begin(domain::TransactionMode mode) override {
    ++begun;
    absl::SleepFor(absl::Milliseconds(20));
    return inner_.Begin(mode);
  }
  std::atomic<int> begun{0};

 private:
  domain::TransactionManager& inner_;
};

class DatabaseFixture : public ::testing::Test {
 protected:
  void Open(Backend backend, int pool_size, absl::Duration busy_timeout = absl::Seconds(5)) {
    db_ = std::make_unique<TestDatabase>(backend);
    DatabaseOptions options;
    options.url = db_->url();
    options.pool_size = pool_size;
    options.busy_timeout = busy_timeout;
    auto database = Database::Open(options);
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    ASSERT_TRUE(Migrate(*database_).ok());
    transactions_ = std::make_unique<SociTransactionManager>(*database_);
  }

  int64_t Count(const std::string& table) {
    auto lease = database_->Acquire();
    EXPECT_TRUE(lease.ok());
    long long n = 0;
    lease->session() << "SELECT count(*) FROM " + table, soci::into(n);
    return n;
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Database> database_;
  std::unique_ptr<SociTransactionManager> transactions_;
};

class ResilienceTest : public DatabaseFixture, public ::testing::WithParamInterface<Backend> {};

TEST_P(ResilienceTest, ConcurrentReadJournalsShareTransactionsAndNoneIsLost) {
  Open(GetParam(), 4);
  SlowCommits slow(*transactions_);
  JournalGroupCommit journals(slow);
  constexpr int kThreads = 16;
  constexpr int kCalls = 10;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCalls; ++i) {
        domain::CallJournal journal;
        journal.action = "ClientService/GetClient";
        journal.municipality = "0303";
        journal.subjects = {absl::StrCat("client-", t, "-", i), "consultant-1"};
        domain::Caller caller;
        caller.subject = absl::StrCat("consultant-", t);
        caller.request_id = absl::StrCat("r", t, "-", i);
        if (!journals.Write(caller, journal, "OK", absl::Now()).ok() || !journal.written) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count("audit_records"), kThreads * kCalls);
  EXPECT_EQ(Count("processing_records"), 2 * kThreads * kCalls);
  // With every commit taking 20 ms, the calls that arrive meanwhile go in the next one.
  EXPECT_LT(slow.begun.load(), kThreads * kCalls / 2);
}

TEST_P(ResilienceTest, ConcurrentWritersQueueInsteadOfFailingBusy) {
  // A busy timeout of 1 ms: SQLite's own handler would give up at once; the queue must not.
  Open(GetParam(), 8, absl::Milliseconds(1));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        auto work = transactions_->Begin(domain::TransactionMode::kReadWrite);
        if (!work.ok()) {
          ++failures;
          continue;
        }
        domain::AuditRecord record;
        record.time = absl::Now();
        record.action = "test";
        record.actor = absl::StrCat("writer-", t);
        record.result = "OK";
        if (!(*work)->journal().Append(std::vector<domain::AuditRecord>{record}).ok() ||
            !(*work)->Commit().ok())
          ++failures;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count("audit_records"), 8 * 20);
}

// SQLite's writer (unit_of_work.h): Change() queues changes that share durable commits;
// Begin(kReadWrite) takes the writer alone.
class SqliteGroupCommitTest : public DatabaseFixture {
 protected:
  static absl::Status Append(domain::UnitOfWork& work, const std::string& actor) {
    domain::AuditRecord record;
    record.time = absl::Now();
    record.action = "test";
    record.actor = actor;
    record.result = "OK";
    return work.journal().Append(std::vector<domain::AuditRecord>{record});
  }

  // A change of Begin() that has written one audit record by `actor` (null, with a failure, if it
  // could not).
  std::unique_ptr<domain::UnitOfWork> ChangeBy(const std::string& actor) {
    auto work = transactions_->Begin(domain::TransactionMode::kReadWrite);
    EXPECT_TRUE(work.ok()) << work.status();
    if (!work.ok()) return nullptr;
    EXPECT_TRUE(Append(**work, actor).ok());
    return *std::move(work);
  }
};

TEST_F(SqliteGroupCommitTest, ABeginTakesTheWriterAloneAndQueuedChangesWaitForItsCommit) {
  Open(Backend::kSqlite, 4);
  std::unique_ptr<domain::UnitOfWork> alone = ChangeBy("alone");
  ASSERT_NE(alone, nullptr);
  std::atomic<bool> ran{false};
  absl::Status queued = absl::UnknownError("not run");
  std::thread caller([&] {
    queued = transactions_->Change([&](domain::UnitOfWork& work) -> absl::Status {
      ran = true;
      return Append(work, "queued");
    });
  });
  while (transactions_->writers_waiting() == 0) absl::SleepFor(absl::Milliseconds(1));
  absl::SleepFor(absl::Milliseconds(20));
  EXPECT_FALSE(ran.load()) << "a queued change ran inside another's transaction";
  EXPECT_TRUE(alone->Commit().ok());
  caller.join();
  EXPECT_TRUE(queued.ok()) << queued;
  EXPECT_TRUE(ran.load());
  // Two commits of one change each: the Begin's, then the queue's.
  EXPECT_EQ(transactions_->batches_committed(), 2);
  EXPECT_EQ(transactions_->changes_committed(), 2);
  EXPECT_EQ(Count("audit_records"), 2);
  EXPECT_EQ(transactions_->writers_waiting(), 0);
}

TEST_F(SqliteGroupCommitTest, ConcurrentChangesCommitFewerTimesThanTheyChange) {
  Open(Backend::kSqlite, 8);
  constexpr int kThreads = 16;
  constexpr int kChanges = 20;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kChanges; ++i) {
        const bool refused = i % 5 == 4;  // every fifth rolled back
        absl::Status status = transactions_->Change([&](domain::UnitOfWork& work) -> absl::Status {
          RETURN_IF_ERROR(Append(work, absl::StrCat("writer-", t)));
          return refused ? absl::FailedPreconditionError("refused") : absl::OkStatus();
        });
        if (status.ok() == refused) ++failures;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count("audit_records"), kThreads * kChanges * 4 / 5);
  EXPECT_EQ(transactions_->changes_committed(), kThreads * kChanges * 4 / 5);
  EXPECT_LT(transactions_->batches_committed(), transactions_->changes_committed());
}

// Change(): the changes that wait for SQLite's writer are run, one after another, by the thread
// that has the turn (no wake-up between them), in one transaction and one durable commit.
class SqliteChangeQueueTest : public SqliteGroupCommitTest {
 protected:
  struct Caller {
    std::thread thread;
    absl::Status status = absl::UnknownError("not run");
    std::thread::id ran_on;
  };

  // Starts a caller whose change writes one audit record by `actor` and returns `outcome` (or,
  // with `keep_nothing`, asks for nothing to be kept), with `budget` left to its call.
  void Start(Caller& caller, const std::string& actor, absl::Status outcome = absl::OkStatus(),
             bool keep_nothing = false, absl::Duration budget = absl::InfiniteDuration()) {
    caller.thread = std::thread([this, &caller, actor, outcome, keep_nothing, budget] {
      ScopedCallBudget call(absl::Now() + budget);
      caller.status = transactions_->Change([&](domain::UnitOfWork& work) -> absl::Status {
        caller.ran_on = std::this_thread::get_id();
        RETURN_IF_ERROR(Append(work, actor));
        if (keep_nothing) work.KeepNothing();
        return outcome;
      });
    });
  }

  // Holds the writer's turn with a change of Begin() until `waiting` changes queue behind it, then
  // commits it (alone: the queue runs after it).
  void HoldTheTurnUntil(int waiting, const std::function<void()>& start) {
    std::unique_ptr<domain::UnitOfWork> first = ChangeBy("first");
    ASSERT_NE(first, nullptr);
    start();
    while (transactions_->writers_waiting() < waiting) absl::SleepFor(absl::Milliseconds(1));
    EXPECT_TRUE(first->Commit().ok());
  }
};

TEST_F(SqliteChangeQueueTest, QueuedChangesRunOnTheThreadWithTheTurnAndShareOneDurableCommit) {
  Open(Backend::kSqlite, 4);
  constexpr int kCallers = 6;
  std::vector<Caller> callers(kCallers);
  HoldTheTurnUntil(kCallers, [&] {
    for (int i = 0; i < kCallers; ++i) Start(callers[i], absl::StrCat("queued-", i));
  });
  for (Caller& c : callers) c.thread.join();
  std::vector<std::thread::id> threads;
  for (const Caller& c : callers) {
    EXPECT_TRUE(c.status.ok()) << c.status;
    EXPECT_NE(c.ran_on, std::thread::id());
    threads.push_back(c.ran_on);
  }
  // All run by the one caller that took the turn when the first change gave it back.
  std::sort(threads.begin(), threads.end());
  EXPECT_EQ(std::unique(threads.begin(), threads.end()) - threads.begin(), 1);
  // The Begin's commit, then one for the whole queue.
  EXPECT_EQ(transactions_->batches_committed(), 2);
  EXPECT_EQ(transactions_->changes_committed(), kCallers + 1);
  EXPECT_EQ(Count("audit_records"), kCallers + 1);
  EXPECT_EQ(transactions_->writers_waiting(), 0);
}

TEST_F(SqliteChangeQueueTest, AQueuedChangeThatFailsIsRolledBackAloneAndItsCallerGetsItsError) {
  Open(Backend::kSqlite, 4);
  std::vector<Caller> callers(3);
  HoldTheTurnUntil(3, [&] {
    Start(callers[0], "kept-0");
    Start(callers[1], "refused", absl::FailedPreconditionError("refused by its rule"));
    Start(callers[2], "kept-2");
  });
  for (Caller& c : callers) c.thread.join();
  EXPECT_TRUE(callers[0].status.ok()) << callers[0].status;
  EXPECT_EQ(callers[1].status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(callers[2].status.ok()) << callers[2].status;
  EXPECT_EQ(Count("audit_records WHERE actor = 'refused'"), 0);
  EXPECT_EQ(Count("audit_records WHERE actor LIKE 'kept-%'"), 2);
  EXPECT_EQ(transactions_->batches_committed(), 2);  // the Begin's, then the queue's
  EXPECT_EQ(transactions_->changes_committed(), 3);
}

TEST_F(SqliteChangeQueueTest, AFailedFirstChangeEndsItsBatchAndTheQueueGoesOnInANewOne) {
  Open(Backend::kSqlite, 4);
  std::unique_ptr<domain::UnitOfWork> first = ChangeBy("rolled back");
  ASSERT_NE(first, nullptr);
  std::vector<Caller> callers(3);
  Start(callers[0], "refused", absl::FailedPreconditionError("refused by its rule"));
  while (transactions_->writers_waiting() < 1) absl::SleepFor(absl::Milliseconds(1));
  Start(callers[1], "replayed", absl::OkStatus(), /*keep_nothing=*/true);
  while (transactions_->writers_waiting() < 2) absl::SleepFor(absl::Milliseconds(1));
  Start(callers[2], "kept");
  while (transactions_->writers_waiting() < 3) absl::SleepFor(absl::Milliseconds(1));
  first.reset();  // the turn's holder refused: rolled back alone, and the queue runs after it
  for (Caller& c : callers) c.thread.join();
  // The first two run without a savepoint, each the first of a batch that its end rolls back.
  EXPECT_EQ(callers[0].status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(callers[1].status.ok()) << callers[1].status;
  EXPECT_TRUE(callers[2].status.ok()) << callers[2].status;
  EXPECT_EQ(Count("audit_records"), 1);
  EXPECT_EQ(Count("audit_records WHERE actor = 'kept'"), 1);
  EXPECT_EQ(transactions_->changes_committed(), 1);
  EXPECT_EQ(transactions_->writers_waiting(), 0);
}

TEST_F(SqliteChangeQueueTest, AQueuedChangeWhoseBudgetRunsOutLeavesTheQueueWithoutRunning) {
  Open(Backend::kSqlite, 4);
  std::unique_ptr<domain::UnitOfWork> first = ChangeBy("first");
  ASSERT_NE(first, nullptr);
  Caller late;
  Start(late, "late", absl::OkStatus(), false, absl::Milliseconds(50));
  late.thread.join();  // gives up while `first` holds the turn
  EXPECT_EQ(late.status.code(), absl::StatusCode::kDeadlineExceeded) << late.status;
  EXPECT_EQ(late.ran_on, std::thread::id());
  EXPECT_EQ(transactions_->writers_waiting(), 0);
  EXPECT_TRUE(first->Commit().ok());
  EXPECT_EQ(Count("audit_records WHERE actor = 'late'"), 0);
  EXPECT_EQ(Count("audit_records WHERE actor = 'first'"), 1);
}

TEST_P(ResilienceTest, AChangeThatKeepsNothingIsAnsweredAndRolledBack) {
  Open(GetParam(), 4);
  auto write_by = [](const std::string& actor, bool keep_nothing) {
    return [actor, keep_nothing](domain::UnitOfWork& work) -> absl::Status {
      domain::AuditRecord record;
      record.time = absl::Now();
      record.action = "test";
      record.actor = actor;
      record.result = "OK";
      RETURN_IF_ERROR(work.journal().Append(std::vector<domain::AuditRecord>{record}));
      if (keep_nothing) work.KeepNothing();
      return absl::OkStatus();
    };
  };
  absl::Status kept = transactions_->Change(write_by("kept", false));
  absl::Status replayed = transactions_->Change(write_by("replayed", true));
  EXPECT_TRUE(kept.ok()) << kept;
  EXPECT_TRUE(replayed.ok()) << replayed;
  EXPECT_EQ(Count("audit_records WHERE actor = 'kept'"), 1);
  EXPECT_EQ(Count("audit_records WHERE actor = 'replayed'"), 0);
}

using PostgresSessionTest = DatabaseFixture;

TEST_F(PostgresSessionTest, ABrokenConnectionConnectsAgain) {
  Open(Backend::kPostgresql, 1);
  int pid = 0;
  {
    auto lease = database_->Acquire();
    ASSERT_TRUE(lease.ok());
    lease->session() << "SELECT pg_backend_pid()", soci::into(pid);
  }
  {
    // Another connection ends ours, as a database restart would.
    soci::session admin(*soci::factory_postgresql(), db_->url());
    admin << "SELECT pg_terminate_backend(" << pid << ")";
  }
  // The first use notices the broken connection: UNAVAILABLE, never INTERNAL.
  auto broken = transactions_->Begin(domain::TransactionMode::kReadOnly);
  if (broken.ok()) {
    auto listed = (*broken)->journal().ListProcessing({}, {10, ""});
    EXPECT_EQ(listed.status().code(), absl::StatusCode::kUnavailable) << listed.status();
  } else {
    EXPECT_EQ(broken.status().code(), absl::StatusCode::kUnavailable) << broken.status();
  }
  // The next one connects again, with the statement timeout set.
  auto lease = database_->Acquire();
  ASSERT_TRUE(lease.ok()) << lease.status();
  int again = 0;
  std::string timeout;
  lease->session() << "SELECT pg_backend_pid()", soci::into(again);
  lease->session() << "SHOW statement_timeout", soci::into(timeout);
  EXPECT_NE(again, pid);
  EXPECT_EQ(timeout, "30s");
}

// SQLite: a WAL of 1000 pages is checkpointed by the call that committed (as SQLite does), one
// of 64 MB or more (a bulk commit) by a thread of its own, so that the call answers without copying
// it all first. Nothing is lost either way, and afterwards every frame has been checkpointed.
class SqliteCheckpointTest : public DatabaseFixture {
 protected:
  // Commits `pages` pages of blobs into table `name`.
  void CommitPages(const std::string& name, int pages) {
    auto lease = database_->Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    soci::session& sql = lease->session();
    sql << "CREATE TABLE " + name + " (x BLOB)";
    soci::transaction tx(sql);
    sql << absl::StrCat("INSERT INTO ", name,
                        " WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                        " WHERE i < ",
                        pages, ") SELECT randomblob(3500) FROM n");
    tx.commit();
  }

  // Every frame of the WAL checkpointed (a PASSIVE checkpoint now finds nothing left to copy).
  void ExpectCheckpointed() {
    auto lease = database_->Acquire();
    ASSERT_TRUE(lease.ok()) << lease.status();
    int busy = -1, log = -1, done = -1;
    lease->session() << "PRAGMA wal_checkpoint(PASSIVE)", soci::into(busy), soci::into(log),
        soci::into(done);
    EXPECT_EQ(busy, 0);
    EXPECT_EQ(done, log);
  }
};

TEST_F(SqliteCheckpointTest, ASmallCommitIsCheckpointedByItsCallAndABulkOneOffItsThread) {
  Open(Backend::kSqlite, 2);
  CommitPages("small", 1500);
  EXPECT_EQ(database_->checkpoints(), 0);
  ExpectCheckpointed();
  CommitPages("bulk", 17000);
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (database_->checkpoints() == 0 && absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_EQ(database_->checkpoints(), 1);
  EXPECT_EQ(Count("small"), 1500);
  EXPECT_EQ(Count("bulk"), 17000);
  ExpectCheckpointed();
}

INSTANTIATE_TEST_SUITE_P(Backends, ResilienceTest, ::testing::ValuesIn(AllBackends()),
                         BackendParamName());

}  // namespace
}  // namespace inburgering::persistence
