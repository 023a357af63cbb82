#include "persistence/unit_of_work.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "domain/errors.h"
#include "domain/status_macros.h"
#include "persistence/call_budget.h"
#include "persistence/soci_errors.h"
#include "persistence/sql_repositories.h"
#include "persistence/statements.h"
#include "soci/soci.h"

namespace inburgering::persistence {

struct SociTransactionManager::Batch {
  explicit Batch(Lease leased) : lease(std::move(leased)) {}
  // The session of the open transaction, used by one change (or the commit) at a time: whoever
  // has the turn. Returned to the pool by the commit.
  std::optional<Lease> lease;
  // Guarded by the manager's mu_:
  int kept = 0;         // released savepoints, waiting for the commit
  absl::Status status;  // not OK once the transaction is lost, then the commit's outcome
};

struct SociTransactionManager::Queued {
  Queued(absl::FunctionRef<absl::Status(domain::UnitOfWork&)> run, absl::Time until)
      : change(run), deadline(until) {}
  absl::FunctionRef<absl::Status(domain::UnitOfWork&)> change;
  absl::Time deadline;  // the caller's (its statements are interrupted by it)
  // Guarded by the manager's mu_:
  bool started = false;  // taken from the queue: its caller waits for `done`, whatever its budget
  bool done = false;     // committed or failed; `status` says which
  absl::Status status;
};

namespace {

using Turn = SociTransactionManager::Turn;

absl::Status NoTurnInTime(bool budget_bound) {
  if (budget_bound) return CallBudgetExceeded();
  return domain::WithReason(
      absl::UnavailableError("another change held the database too long; retry later"),
      domain::reason::kDatabaseUnavailable);
}

class SociUnitOfWork final : public domain::UnitOfWork {
 public:
  // A transaction of its own on `lease` (PostgreSQL, and SQLite's reads; none for a read of one
  // statement, which is never marked open), or, with `batch`, one change in SQLite's open write
  // transaction, in a savepoint if the batch holds others' changes; how its turn ended is written
  // to `settled` for SociTransactionManager::RunQueued to count. `release`, if given, is called
  // once the transaction is committed (true) or rolled back (false): SQLite's writer's turn, taken
  // for it.
  SociUnitOfWork(std::optional<Lease> lease, std::shared_ptr<SociTransactionManager::Batch> batch,
                 bool savepoint, Backend backend, const std::function<void()>& on_events,
                 Turn* settled = nullptr, std::function<void(bool)> release = nullptr)
      : lease_(std::move(lease)),
        batch_(std::move(batch)),
        savepoint_(savepoint),
        settled_(settled),
        release_(std::move(release)),
        sql_(Leased().session(), Leased().statements()),
        consultants_(sql_),
        clients_(sql_, backend),
        trajectories_(sql_),
        idempotency_(sql_),
        journal_(sql_),
        events_(sql_, backend),
        duo_reports_(sql_),
        duo_signals_(sql_),
        reporting_(sql_),
        providers_(sql_),
        on_events_(on_events) {}

  ~SociUnitOfWork() override {
    if (open_) RollBack();
    if (release_) release_(false);
  }

  domain::ConsultantRepository& consultants() override { return consultants_; }
  domain::ClientRepository& clients() override { return clients_; }
  domain::TrajectoryRepository& trajectories() override { return trajectories_; }
  domain::IdempotencyRepository& idempotency() override { return idempotency_; }
  domain::JournalRepository& journal() override { return journal_; }
  domain::EventRepository& events() override { return events_; }
  domain::DuoReportRepository& duo_reports() override { return duo_reports_; }
  domain::DuoSignalRepository& duo_signals() override { return duo_signals_; }
  domain::ReportingRepository& reporting() override { return reporting_; }
  domain::ProviderRepository& providers() override { return providers_; }

  absl::Status Commit() override {
    if (batch_ != nullptr) {
      absl::Status released = Guard("commit", [&]() -> absl::Status {
        if (savepoint_) sql_.Run("RELEASE change");
        return absl::OkStatus();
      });
      open_ = false;
      *settled_ = released.ok() ? Turn::kKept : Turn::kLost;
      return released;  // durable with its batch; the events are announced after that commit
    }
    if (open_) {
      if (release_) lease_->Watch(absl::InfiniteFuture());  // the writer's commit runs to its end
      RETURN_IF_ERROR(Guard("commit", [&]() -> absl::Status {
        sql_.Run("COMMIT");
        open_ = false;
        return absl::OkStatus();
      }));
      if (release_) std::exchange(release_, nullptr)(true);
    }
    if (events_.appended() && on_events_) on_events_();
    return absl::OkStatus();
  }

  void MarkOpen() { open_ = true; }
  Sql& sql() { return sql_; }
  bool appended_events() const { return events_.appended(); }

 private:
  Lease& Leased() { return lease_.has_value() ? *lease_ : *batch_->lease; }

  void RollBack() {
    if (batch_ == nullptr) {
      try {
        sql_.Run("ROLLBACK");
      } catch (...) {  // a lost connection rolled back already
      }
      return;
    }
    Turn turn = Turn::kRolledBack;
    try {
      if (savepoint_) {
        sql_.Run("ROLLBACK TO change");
        sql_.Run("RELEASE change");
      } else {
        turn = Turn::kLost;  // the batch held nothing else: the whole transaction goes
        sql_.Run("ROLLBACK");
      }
    } catch (...) {  // the savepoint is gone: SQLite rolled the whole transaction back
      turn = Turn::kLost;
    }
    *settled_ = turn;
  }

  std::optional<Lease> lease_;
  std::shared_ptr<SociTransactionManager::Batch> batch_;
  bool savepoint_;
  Turn* settled_;
  std::function<void(bool)> release_;
  Sql sql_;
  SqlConsultantRepository consultants_;
  SqlClientRepository clients_;
  SqlTrajectoryRepository trajectories_;
  SqlIdempotencyRepository idempotency_;
  SqlJournalRepository journal_;
  SqlEventRepository events_;
  SqlDuoReportRepository duo_reports_;
  SqlDuoSignalRepository duo_signals_;
  SqlReportingRepository reporting_;
  SqlProviderRepository providers_;
  const std::function<void()>& on_events_;
  bool open_ = false;
};

const char* BeginStatement(Backend backend, domain::TransactionMode mode) {
  const bool write = mode == domain::TransactionMode::kReadWrite;
  if (backend == Backend::kSqlite) return write ? "BEGIN IMMEDIATE" : "BEGIN";
  return write ? "BEGIN ISOLATION LEVEL READ COMMITTED"
               : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
}

}  // namespace

absl::StatusOr<std::unique_ptr<domain::UnitOfWork>> SociTransactionManager::Begin(
    domain::TransactionMode mode) {
  if (mode == domain::TransactionMode::kReadWrite && database_.backend() == Backend::kSqlite) {
    return BeginSqliteAlone();
  }
  ASSIGN_OR_RETURN(Lease lease, database_.Acquire());
  auto work = std::make_unique<SociUnitOfWork>(std::move(lease), nullptr, false,
                                               database_.backend(), on_events_);
  // One statement runs in the database's own autocommit, its snapshot the statement's.
  if (mode == domain::TransactionMode::kOneStatement) {
    return std::unique_ptr<domain::UnitOfWork>(std::move(work));
  }
  RETURN_IF_ERROR(Guard("begin", [&]() -> absl::Status {
    work->sql().Run(BeginStatement(database_.backend(), mode));
    work->MarkOpen();
    return absl::OkStatus();
  }));
  return std::unique_ptr<domain::UnitOfWork>(std::move(work));
}

absl::StatusOr<std::unique_ptr<domain::UnitOfWork>> SociTransactionManager::BeginSqliteAlone() {
  // The writers of this process wait for their turn here, in order, instead of in SQLite's busy
  // handler, which polls with sleeps of up to 100 ms and would hold a pooled session meanwhile.
  const absl::Time deadline = CallDeadline();
  const absl::Duration wait = std::min(database_.lease_timeout(), deadline - absl::Now());
  {
    absl::MutexLock lock(&mu_);
    ++waiting_;
    const bool turn = mu_.AwaitWithTimeout(absl::Condition(
                                               +[](bool* writing) { return !*writing; }, &writing_),
                                           std::max(wait, absl::ZeroDuration()));
    --waiting_;
    if (!turn) return NoTurnInTime(wait < database_.lease_timeout());
    writing_ = true;
  }
  std::function<void(bool)> release = [this](bool committed) {
    if (committed) {
      ++batches_;
      ++changes_;
    }
    absl::MutexLock lock(&mu_);
    writing_ = false;
  };
  absl::StatusOr<Lease> lease = database_.Acquire();
  if (!lease.ok()) {
    release(false);
    return lease.status();
  }
  auto work =
      std::make_unique<SociUnitOfWork>(*std::move(lease), nullptr, false, database_.backend(),
                                       on_events_, nullptr, std::move(release));
  RETURN_IF_ERROR(Guard("begin", [&]() -> absl::Status {
    work->sql().Run("BEGIN IMMEDIATE");
    work->MarkOpen();
    return absl::OkStatus();
  }));
  return std::unique_ptr<domain::UnitOfWork>(std::move(work));
}

void SociTransactionManager::Settle(Batch& batch, Turn turn) {
  if (turn == Turn::kKept) ++batch.kept;
  if (turn == Turn::kLost && batch.status.ok()) {
    batch.status = domain::WithReason(
        absl::UnavailableError("the database rolled back the transaction this change shared "
                               "with others; retry"),
        domain::reason::kDatabaseUnavailable);
  }
}

absl::Status SociTransactionManager::Change(
    absl::FunctionRef<absl::Status(domain::UnitOfWork&)> change) {
  if (database_.backend() != Backend::kSqlite || CurrentCallLane() == CallLane::kBulk) {
    return domain::TransactionManager::Change(change);
  }
  const absl::Time deadline = CallDeadline();
  const absl::Time waited_out = absl::Now() + database_.lease_timeout();
  const bool budget_bound = deadline < waited_out;
  Queued mine(change, deadline);
  absl::MutexLock lock(&mu_);
  queue_.push_back(&mine);
  ++waiting_;
  while (!mine.done) {
    if (!writing_ && !mine.started) {
      writing_ = true;
      RunQueued();
      writing_ = false;
      continue;
    }
    if (!mine.started) {
      std::pair<const Queued*, const bool*> state(&mine, &writing_);
      const bool woken =
          mu_.AwaitWithDeadline(absl::Condition(
                                    +[](std::pair<const Queued*, const bool*>* s) {
                                      return s->first->done || (!s->first->started && !*s->second);
                                    },
                                    &state),
                                std::min(deadline, waited_out));
      if (woken || mine.started) continue;
      queue_.erase(std::find(queue_.begin(), queue_.end(), &mine));
      --waiting_;
      return NoTurnInTime(budget_bound);
    }
    mu_.Await(absl::Condition(&mine.done));  // being run by the thread with the turn
  }
  return mine.status;
}

void SociTransactionManager::RunQueued() {
  std::shared_ptr<Batch> batch;
  std::vector<Queued*> ran;
  bool events = false;
  while (!queue_.empty() && (batch == nullptr || (batch->kept < kMaxBatch && batch->status.ok()))) {
    Queued* next = queue_.front();
    queue_.pop_front();
    --waiting_;
    next->started = true;
    ran.push_back(next);
    // The first change of a batch runs without a savepoint, which would copy every page it
    // changes (a list's journal writes hundreds of processing records).
    const bool savepoint = batch != nullptr && batch->kept > 0;
    mu_.Unlock();
    Turn turn = Turn::kRolledBack;
    absl::Status status = RunOne(batch, *next, savepoint, turn, events);
    mu_.Lock();
    next->status = std::move(status);
    if (batch == nullptr) break;  // no transaction to be had: the next in the queue tries anew
    Settle(*batch, turn);
    if (!batch->status.ok() && batch->kept == 0) {
      // The first change failed (or kept nothing) and its rollback ended the transaction, which
      // held nothing else kept: its callers have their own outcomes; go on in a new one.
      mu_.Unlock();
      CommitBatch(batch);  // rolls back, and gives the session back
      mu_.Lock();
      for (Queued* q : ran) q->done = true;
      ran.clear();
      batch = nullptr;
    }
  }
  if (batch != nullptr) {
    mu_.Unlock();
    CommitBatch(batch);
    mu_.Lock();
  }
  const bool committed = batch != nullptr && batch->status.ok();
  for (Queued* q : ran) {
    if (q->status.ok() && batch != nullptr) q->status = batch->status;
    q->done = true;
  }
  if (committed && events && on_events_) {
    mu_.Unlock();
    on_events_();
    mu_.Lock();
  }
}

absl::Status SociTransactionManager::RunOne(std::shared_ptr<Batch>& batch, Queued& change,
                                            bool savepoint, Turn& turn, bool& events) {
  ScopedCallBudget budget(change.deadline);  // its caller's, on this thread
  if (change.deadline <= absl::Now()) return CallBudgetExceeded();
  if (batch == nullptr) {
    ASSIGN_OR_RETURN(Lease lease, database_.Acquire());
    auto fresh = std::make_shared<Batch>(std::move(lease));
    RETURN_IF_ERROR(Guard("begin", [&]() -> absl::Status {
      Sql(fresh->lease->session(), fresh->lease->statements()).Run("BEGIN IMMEDIATE");
      return absl::OkStatus();
    }));
    batch = std::move(fresh);
  }
  batch->lease->Watch(change.deadline);
  absl::Status status;
  try {
    SociUnitOfWork work(std::nullopt, batch, savepoint, database_.backend(), on_events_, &turn);
    status = Guard("begin", [&]() -> absl::Status {
      if (savepoint) work.sql().Run("SAVEPOINT change");
      work.MarkOpen();
      return absl::OkStatus();
    });
    if (!status.ok()) {
      turn = Turn::kLost;
    } else {
      status = change.change(work);
      if (status.ok() && !work.keeps_nothing()) status = work.Commit();
      if (status.ok()) events = events || work.appended_events();
    }
  } catch (...) {  // the work's destructor has rolled its savepoint back
    status = absl::InternalError("a change failed unexpectedly");
  }
  batch->lease->Watch(absl::InfiniteFuture());  // a commit is never interrupted
  return status;
}

void SociTransactionManager::CommitBatch(const std::shared_ptr<Batch>& batch) {
  absl::Status status;
  int kept = 0;
  {
    absl::MutexLock lock(&mu_);
    status = batch->status;
    kept = batch->kept;
  }
  Sql sql(batch->lease->session(), batch->lease->statements());
  if (status.ok() && kept > 0) {
    status = Guard("commit", [&]() -> absl::Status {
      sql.Run("COMMIT");
      return absl::OkStatus();
    });
  }
  if (!status.ok() || kept == 0) {
    try {
      sql.Run("ROLLBACK");
    } catch (...) {  // rolled back already
    }
  }
  batch->lease.reset();
  absl::MutexLock lock(&mu_);
  batch->status = status;
  if (status.ok() && kept > 0) {
    ++batches_;
    changes_ += kept;
  }
}

int SociTransactionManager::writers_waiting() const {
  absl::MutexLock lock(&mu_);
  return waiting_;
}

}  // namespace inburgering::persistence
