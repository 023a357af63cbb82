#include "persistence/unit_of_work.h"

#include <algorithm>
#include <mutex>
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
namespace {

class SociUnitOfWork final : public domain::UnitOfWork {
 public:
  SociUnitOfWork(Lease lease, Backend backend, const std::function<void()>& on_events,
                 std::unique_lock<std::timed_mutex> writer)
      : writer_(std::move(writer)),
        lease_(std::move(lease)),
        sql_(lease_.session(), lease_.statements()),
        consultants_(sql_),
        clients_(sql_),
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
    if (open_) {
      try {
        sql_.Run("ROLLBACK");
      } catch (...) {  // a lost connection rolled back already
      }
    }
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
    RETURN_IF_ERROR(Guard("commit", [&]() -> absl::Status {
      sql_.Run("COMMIT");
      open_ = false;
      if (writer_.owns_lock()) writer_.unlock();
      return absl::OkStatus();
    }));
    if (events_.appended() && on_events_) on_events_();
    return absl::OkStatus();
  }

  void MarkOpen() { open_ = true; }
  Sql& sql() { return sql_; }

 private:
  // Declared first, destroyed last: released after the destructor's ROLLBACK.
  std::unique_lock<std::timed_mutex> writer_;
  Lease lease_;
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
  // SQLite has one writer at a time. Writers of this process queue here, in order, before they
  // lease a session, instead of in SQLite's busy handler, which polls with sleeps of up to 100 ms
  // (seconds-long outliers and a fifth of the disk's commit rate in the benchmark) and would hold
  // a pooled session while it waits.
  std::unique_lock<std::timed_mutex> writer(sqlite_writer_, std::defer_lock);
  const absl::Time deadline = CallDeadline();
  const absl::Duration wait = std::min(database_.lease_timeout(), deadline - absl::Now());
  if (mode == domain::TransactionMode::kReadWrite && database_.backend() == Backend::kSqlite &&
      !writer.try_lock_for(absl::ToChronoMilliseconds(std::max(wait, absl::ZeroDuration())))) {
    if (wait < database_.lease_timeout()) return CallBudgetExceeded();
    return domain::WithReason(
        absl::UnavailableError("another change held the database too long; retry later"),
        domain::reason::kDatabaseUnavailable);
  }
  ASSIGN_OR_RETURN(Lease lease, database_.Acquire());
  auto work = std::make_unique<SociUnitOfWork>(std::move(lease), database_.backend(), on_events_,
                                               std::move(writer));
  RETURN_IF_ERROR(Guard("begin", [&]() -> absl::Status {
    work->sql().Run(BeginStatement(database_.backend(), mode));
    work->MarkOpen();
    return absl::OkStatus();
  }));
  return std::unique_ptr<domain::UnitOfWork>(std::move(work));
}

}  // namespace inburgering::persistence
