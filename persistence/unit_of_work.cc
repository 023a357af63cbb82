#include "persistence/unit_of_work.h"

#include <algorithm>
#include <optional>
#include <utility>

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
  bool done = false;    // committed or rolled back; `status` says which
};

namespace {

using Turn = SociTransactionManager::Turn;

class SociUnitOfWork final : public domain::UnitOfWork {
 public:
  // A transaction of its own on `lease` (PostgreSQL, and SQLite's reads; none for a read of one
  // statement, which is never marked open), or, with `batch`, one change in SQLite's open write
  // transaction, in a savepoint if the batch holds others' changes.
  SociUnitOfWork(std::optional<Lease> lease, std::shared_ptr<SociTransactionManager::Batch> batch,
                 bool savepoint, SociTransactionManager& manager, Backend backend,
                 const std::function<void()>& on_events)
      : lease_(std::move(lease)),
        batch_(std::move(batch)),
        savepoint_(savepoint),
        manager_(manager),
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
    if (!open_) return;
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
    manager_.EndTurn(batch_, turn).IgnoreError();
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
      RETURN_IF_ERROR(manager_.EndTurn(batch_, released.ok() ? Turn::kKept : Turn::kLost));
      RETURN_IF_ERROR(released);
    } else if (open_) {
      RETURN_IF_ERROR(Guard("commit", [&]() -> absl::Status {
        sql_.Run("COMMIT");
        open_ = false;
        return absl::OkStatus();
      }));
    }
    if (events_.appended() && on_events_) on_events_();
    return absl::OkStatus();
  }

  void MarkOpen() { open_ = true; }
  Sql& sql() { return sql_; }

 private:
  Lease& Leased() { return lease_.has_value() ? *lease_ : *batch_->lease; }

  std::optional<Lease> lease_;
  std::shared_ptr<SociTransactionManager::Batch> batch_;
  bool savepoint_;
  SociTransactionManager& manager_;
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
    return BeginSqliteChange();
  }
  ASSIGN_OR_RETURN(Lease lease, database_.Acquire());
  auto work = std::make_unique<SociUnitOfWork>(std::move(lease), nullptr, false, *this,
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

absl::StatusOr<std::unique_ptr<domain::UnitOfWork>> SociTransactionManager::BeginSqliteChange() {
  // The writers of this process wait for their turn here, in order, instead of in SQLite's busy
  // handler, which polls with sleeps of up to 100 ms and would hold a pooled session meanwhile.
  const absl::Time deadline = CallDeadline();
  const absl::Duration wait = std::min(database_.lease_timeout(), deadline - absl::Now());
  std::shared_ptr<Batch> batch;
  {
    absl::MutexLock lock(&mu_);
    ++waiting_;
    const bool turn = mu_.AwaitWithTimeout(absl::Condition(
                                               +[](bool* writing) { return !*writing; }, &writing_),
                                           std::max(wait, absl::ZeroDuration()));
    --waiting_;
    if (!turn) {
      if (wait < database_.lease_timeout()) return CallBudgetExceeded();
      return domain::WithReason(
          absl::UnavailableError("another change held the database too long; retry later"),
          domain::reason::kDatabaseUnavailable);
    }
    writing_ = true;
    batch = open_;
  }
  // A list or report's change (a CBS delivery writes a record per person) may take seconds: the
  // changes already done are committed first rather than wait for it.
  if (batch != nullptr && CurrentCallLane() == CallLane::kBulk) {
    {
      absl::MutexLock lock(&mu_);
      open_ = nullptr;
    }
    CommitBatch(batch);
    batch = nullptr;
  }
  if (batch == nullptr) {
    absl::StatusOr<Lease> lease = database_.Acquire();
    absl::Status begun = lease.status();
    if (lease.ok()) {
      batch = std::make_shared<Batch>(*std::move(lease));
      begun = Guard("begin", [&]() -> absl::Status {
        Sql(batch->lease->session(), batch->lease->statements()).Run("BEGIN IMMEDIATE");
        return absl::OkStatus();
      });
    }
    absl::MutexLock lock(&mu_);
    if (!begun.ok()) {
      writing_ = false;
      return begun;
    }
    open_ = batch;
  }
  batch->lease->Watch(deadline);
  // The first change of a batch needs no savepoint (rolling it back ends the batch), and takes no
  // copies of the pages it changes: a CBS delivery changes thousands.
  bool savepoint = false;
  {
    absl::MutexLock lock(&mu_);
    savepoint = batch->kept > 0;
  }
  auto work = std::make_unique<SociUnitOfWork>(std::nullopt, batch, savepoint, *this,
                                               database_.backend(), on_events_);
  absl::Status begun = Guard("begin", [&]() -> absl::Status {
    if (savepoint) work->sql().Run("SAVEPOINT change");
    work->MarkOpen();
    return absl::OkStatus();
  });
  if (!begun.ok()) {
    work.reset();
    EndTurn(batch, Turn::kLost).IgnoreError();
    return begun;
  }
  return std::unique_ptr<domain::UnitOfWork>(std::move(work));
}

absl::Status SociTransactionManager::EndTurn(const std::shared_ptr<Batch>& batch, Turn turn) {
  batch->lease->Watch(absl::InfiniteFuture());  // a commit is never interrupted
  absl::MutexLock lock(&mu_);
  if (turn == Turn::kKept) ++batch->kept;
  if (turn == Turn::kLost && batch->status.ok()) {
    batch->status = domain::WithReason(
        absl::UnavailableError("the database rolled back the transaction this change shared "
                               "with others; retry"),
        domain::reason::kDatabaseUnavailable);
  }
  if (waiting_ == 0 || batch->kept >= kMaxBatch || !batch->status.ok()) {
    // Committed without mu_ (others may queue meanwhile) but still with the turn.
    open_ = nullptr;
    mu_.Unlock();
    CommitBatch(batch);
    mu_.Lock();
  }
  writing_ = false;
  if (turn != Turn::kKept) return absl::OkStatus();
  mu_.Await(absl::Condition(&batch->done));
  return batch->status;
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
  batch->done = true;
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
