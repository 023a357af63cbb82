#include "persistence/database.h"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "domain/errors.h"
#include "domain/status_macros.h"
#include "persistence/call_budget.h"
#include "persistence/soci_errors.h"
#include "persistence/statements.h"
#include "soci/connection-pool.h"
#include "soci/postgresql/soci-postgresql.h"
#include "soci/soci.h"
#include "soci/sqlite3/soci-sqlite3.h"

namespace inburgering::persistence {
namespace {

constexpr absl::string_view kSqlitePrefix = "sqlite:";

absl::Status OpenSqlite(soci::session& session, absl::string_view path,
                        absl::Duration busy_timeout) {
  // A session is leased to one call at a time (the pool), so SQLite needs no mutex of its own
  // around every call on a connection (serialized mode took one per column read: about 4 % of a
  // CBS delivery's CPU). Process-wide, before the first connection; refused (and harmless) if
  // SQLite was started already. A change that shares its transaction with others keeps the
  // pages it touches in a savepoint journal (unit_of_work.h); SQLite writes one to a temporary
  // file beyond 64 KiB (a journal batch of a busy list load passes that), here beyond 4 MiB.
  // Without memory statistics (nothing here reads them) SQLite takes no process-wide mutex
  // around each of its allocations: under 32 case-file reads in flight, threads slept on it
  // about once in six calls.
  static std::once_flag multithread;
  std::call_once(multithread, [] {
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite_api::sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 4 << 20);
  });
  session.open(*soci::factory_sqlite3(), absl::StrCat("db=", path));
  // Extended result codes tell a unique violation from other constraint failures.
  auto* backend = static_cast<soci::sqlite3_session_backend*>(session.get_backend());
  sqlite_api::sqlite3_extended_result_codes(backend->conn_, 1);
  // busy_timeout first: switching to WAL needs a lock that another process may hold.
  session << absl::StrCat("PRAGMA busy_timeout = ", absl::ToInt64Milliseconds(busy_timeout));
  // Switching a new file to WAL needs an exclusive lock for which SQLite does not call the busy
  // handler: a replica starting at the same moment as another retries here instead.
  const absl::Time give_up = absl::Now() + busy_timeout;
  for (;;) {
    try {
      session << "PRAGMA journal_mode = WAL";
      break;
    } catch (const soci::sqlite3_soci_error& e) {
      const int code = e.result() & 0xff;
      if ((code != 5 && code != 6) || absl::Now() > give_up) throw;  // SQLITE_BUSY, SQLITE_LOCKED
      absl::SleepFor(absl::Milliseconds(10));
    }
  }
  // FULL: an acknowledged commit survives power loss (NORMAL may lose the last ones in WAL mode).
  session << "PRAGMA synchronous = FULL";
  session << "PRAGMA foreign_keys = ON";
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Backend> BackendOf(absl::string_view url) {
  if (absl::StartsWith(url, kSqlitePrefix) && url.size() > kSqlitePrefix.size()) {
    const absl::string_view path = url.substr(kSqlitePrefix.size());
    if (absl::StrContains(path, ' ')) {
      return domain::InvalidArgument({{"database_url", "the SQLite path may not contain spaces"}});
    }
    return Backend::kSqlite;
  }
  if (absl::StartsWith(url, "postgresql://") || absl::StartsWith(url, "postgres://")) {
    return Backend::kPostgresql;
  }
  return domain::InvalidArgument(
      {{"database_url", "must be sqlite:PATH or postgresql://USER@HOST:PORT/DB"}});
}

// Interrupts the statements of leases whose call budget ran out: one thread that sleeps until
// the earliest deadline of a watched lease. SQLite's sqlite3_interrupt and libpq's PQcancel are
// both made to be called from another thread; a lease is unwatched (under the same lock) before
// its session goes back to the pool, so an interrupt never reaches the next call's work.
class Database::Watchdog {
 public:
  explicit Watchdog(Database& database) : database_(database) {
    deadlines_.assign(static_cast<size_t>(database.pool_size_), absl::InfiniteFuture());
    cancels_.assign(deadlines_.size(), nullptr);
    thread_ = std::thread([this] { Run(); });
  }

  ~Watchdog() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    thread_.join();
    for (PGcancel* cancel : cancels_) PQfreeCancel(cancel);
  }

  void Watch(size_t pos, absl::Time deadline) {
    absl::MutexLock lock(&mu_);
    deadlines_[pos] = deadline;
    if (deadline < next_wake_) woken_ = true;
  }

  void Unwatch(size_t pos) {
    absl::MutexLock lock(&mu_);
    deadlines_[pos] = absl::InfiniteFuture();
  }

  // PostgreSQL: the session's (new) connection, for cancelling its statements.
  void SetConnection(size_t pos, PGconn* connection) {
    absl::MutexLock lock(&mu_);
    PQfreeCancel(cancels_[pos]);
    cancels_[pos] = connection != nullptr ? PQgetCancel(connection) : nullptr;
  }

  int64_t interrupted() const { return interrupted_.load(); }

 private:
  void Run() {
    absl::MutexLock lock(&mu_);
    while (!stopping_) {
      const absl::Time now = absl::Now();
      next_wake_ = absl::InfiniteFuture();
      for (size_t pos = 0; pos < deadlines_.size(); ++pos) {
        if (deadlines_[pos] <= now) {
          // Again shortly, until the lease is returned: an interrupt finds no statement if it
          // comes between two (or before the first), and that one must end too.
          Interrupt(pos);
          deadlines_[pos] = now + kInterruptAgain;
        }
        next_wake_ = std::min(next_wake_, deadlines_[pos]);
      }
      woken_ = false;
      mu_.AwaitWithDeadline(absl::Condition(
                                +[](Watchdog* w) { return w->woken_ || w->stopping_; }, this),
                            next_wake_);
    }
  }

  void Interrupt(size_t pos) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    ++interrupted_;
    if (database_.backend_ == Backend::kSqlite) {
      auto* backend =
          static_cast<soci::sqlite3_session_backend*>(database_.pool_->at(pos).get_backend());
      if (backend != nullptr) sqlite_api::sqlite3_interrupt(backend->conn_);
    } else if (cancels_[pos] != nullptr) {
      char error[256];
      PQcancel(cancels_[pos], error, sizeof error);
    }
  }

  static constexpr absl::Duration kInterruptAgain = absl::Milliseconds(50);

  Database& database_;
  absl::Mutex mu_;
  std::vector<absl::Time> deadlines_ ABSL_GUARDED_BY(mu_);  // per session; infinite: unwatched
  std::vector<PGcancel*> cancels_ ABSL_GUARDED_BY(mu_);
  absl::Time next_wake_ ABSL_GUARDED_BY(mu_) = absl::InfiniteFuture();
  bool woken_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::atomic<int64_t> interrupted_{0};
  std::thread thread_;
};

// SQLite: checkpoints the WAL as SQLite's automatic checkpoint does (PASSIVE, in the committing
// call, once the WAL holds 1000 pages), except after a bulk commit: a WAL of 64 MB or more is moved
// into the database file on a thread and a session of its own, so that the call that wrote it (a
// CBS delivery at 1 M writes about 500 MB in one commit) answers without copying it all first
// (13 % of that call's time). The commit is durable in the WAL either way. Small commits stay
// inline: a background checkpoint that lags a stream of small commits never lets SQLite restart
// the WAL from its beginning, and the file grew by 25 MB a second under a list load.
class Database::Checkpointer {
 public:
  explicit Checkpointer(std::unique_ptr<soci::session> session) : session_(std::move(session)) {
    thread_ = std::thread([this] { Run(); });
  }

  ~Checkpointer() {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    thread_.join();
  }

  // Every pool session's WAL hook (replacing SQLite's automatic checkpoint): called after each
  // commit with the pages the WAL holds.
  static int OnCommit(void* self, sqlite_api::sqlite3* db, const char* name, int pages) {
    if (pages < kPages) return 0;  // SQLITE_OK
    if (pages < kBulkPages) {
      sqlite_api::sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      return 0;
    }
    auto* checkpointer = static_cast<Checkpointer*>(self);
    absl::MutexLock lock(&checkpointer->mu_);
    checkpointer->due_ = true;
    return 0;
  }

  int64_t checkpoints() const { return checkpoints_.load(); }

 private:
  static constexpr int kPages = 1000;       // SQLite's own threshold
  static constexpr int kBulkPages = 16384;  // 64 MB of 4 KB pages

  void Run() {
    auto* backend = static_cast<soci::sqlite3_session_backend*>(session_->get_backend());
    for (;;) {
      {
        absl::MutexLock lock(&mu_);
        mu_.Await(absl::Condition(
            +[](Checkpointer* c)
                 ABSL_EXCLUSIVE_LOCKS_REQUIRED(c->mu_) { return c->due_ || c->stopping_; },
            this));
        if (stopping_) return;
        due_ = false;
      }
      sqlite_api::sqlite3_wal_checkpoint_v2(backend->conn_, nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                            nullptr, nullptr);
      ++checkpoints_;
    }
  }

  std::unique_ptr<soci::session> session_;
  absl::Mutex mu_;
  bool due_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::atomic<int64_t> checkpoints_{0};
  std::thread thread_;
};

namespace {
// Places in the bulk lane this thread holds: a bulk call's second lease (a use case may hold two
// units of work) does not wait for a place it already has.
thread_local int t_bulk_places = 0;
}  // namespace

Lease::Lease(Lease&& other) noexcept
    : database_(other.database_), pos_(other.pos_), watched_(other.watched_), bulk_(other.bulk_) {
  other.database_ = nullptr;
}

Lease::~Lease() {
  if (database_ == nullptr) return;
  if (watched_) database_->watchdog_->Unwatch(pos_);
  database_->pool_->give_back(pos_);
  --database_->in_use_;
  if (bulk_) database_->LeaveBulkLane();
}

bool Database::EnterBulkLane(absl::Duration wait) {
  const int capacity = bulk_capacity_;
  auto has_room = [this, capacity]()
                      ABSL_EXCLUSIVE_LOCKS_REQUIRED(bulk_mu_) { return bulk_in_use_ < capacity; };
  absl::MutexLock lock(&bulk_mu_);
  if (!bulk_mu_.AwaitWithTimeout(absl::Condition(&has_room), wait)) return false;
  ++bulk_in_use_;
  ++t_bulk_places;
  return true;
}

void Database::LeaveBulkLane() {
  absl::MutexLock lock(&bulk_mu_);
  --bulk_in_use_;
  --t_bulk_places;
}

soci::session& Lease::session() const { return database_->pool_->at(pos_); }

StatementCache& Lease::statements() const { return *database_->statements_[pos_]; }

void Lease::Watch(absl::Time deadline) {
  if (deadline == absl::InfiniteFuture()) {
    if (watched_) database_->watchdog_->Unwatch(pos_);
    watched_ = false;
    return;
  }
  database_->watchdog_->Watch(pos_, deadline);
  watched_ = true;
}

Database::Database(Backend backend, int pool_size, absl::Duration lease_timeout,
                   absl::Duration statement_timeout, std::unique_ptr<soci::connection_pool> pool)
    : backend_(backend),
      pool_size_(pool_size),
      lease_timeout_(lease_timeout),
      statement_timeout_(statement_timeout),
      pool_(std::move(pool)),
      // Two sessions (one in a pool of two) stay for point calls and journal writes.
      bulk_capacity_(std::max(1, pool_size - std::min(2, pool_size - 1))) {
  watchdog_ = std::make_unique<Watchdog>(*this);
  for (int pos = 0; pos < pool_size_; ++pos) {
    statements_.push_back(std::make_unique<StatementCache>(pool_->at(pos), backend_));
  }
  if (backend_ == Backend::kPostgresql) {
    for (int pos = 0; pos < pool_size_; ++pos) {
      auto* session = static_cast<soci::postgresql_session_backend*>(pool_->at(pos).get_backend());
      watchdog_->SetConnection(static_cast<size_t>(pos), session->conn_);
    }
  }
}

Database::~Database() {
  if (checkpointer_ != nullptr) {
    for (int pos = 0; pos < pool_size_; ++pos) {
      auto* backend = static_cast<soci::sqlite3_session_backend*>(pool_->at(pos).get_backend());
      sqlite_api::sqlite3_wal_hook(backend->conn_, nullptr, nullptr);
    }
    checkpointer_.reset();
  }
  statements_.clear();
}

int64_t Database::statements_prepared() const {
  int64_t total = 0;
  for (const auto& cache : statements_) total += cache->prepares();
  return total;
}

int64_t Database::interrupted() const { return watchdog_->interrupted(); }

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  absl::StatusOr<Backend> backend = BackendOf(options.url);
  if (!backend.ok()) return backend.status();
  if (options.pool_size < 1) {
    return domain::InvalidArgument({{"pool_size", "must be at least 1"}});
  }
  if (*backend == Backend::kPostgresql) {
    // A connection attempt to a hung server must end (libpq waits for ever by default); the
    // operator's own PGCONNECT_TIMEOUT, when set, wins.
    setenv("PGCONNECT_TIMEOUT", "5", /*overwrite=*/0);
  }
  // Opens one session; whatever went wrong, a server that cannot open its database cannot serve.
  auto open = [&](soci::session& session) -> absl::Status {
    absl::Status opened = Guard("open", [&]() -> absl::Status {
      if (*backend == Backend::kSqlite) {
        return OpenSqlite(session, absl::string_view(options.url).substr(kSqlitePrefix.size()),
                          options.busy_timeout);
      }
      session.open(*soci::factory_postgresql(), options.url);
      session << absl::StrCat("SET statement_timeout = ",
                              absl::ToInt64Milliseconds(options.statement_timeout));
      return absl::OkStatus();
    });
    if (opened.ok()) return opened;
    return domain::WithReason(
        absl::UnavailableError(absl::StrCat("cannot open the database: ", opened.message())),
        domain::reason::kDatabaseUnavailable);
  };
  auto pool = std::make_unique<soci::connection_pool>(options.pool_size);
  for (int i = 0; i < options.pool_size; ++i) {
    RETURN_IF_ERROR(open(pool->at(i)));
  }
  std::unique_ptr<Database> database(new Database(*backend, options.pool_size,
                                                  options.lease_timeout, options.statement_timeout,
                                                  std::move(pool)));
  if (*backend == Backend::kSqlite) {
    auto session = std::make_unique<soci::session>();
    RETURN_IF_ERROR(open(*session));
    database->checkpointer_ = std::make_unique<Checkpointer>(std::move(session));
    for (int pos = 0; pos < options.pool_size; ++pos) {
      auto* session_backend =
          static_cast<soci::sqlite3_session_backend*>(database->pool_->at(pos).get_backend());
      sqlite_api::sqlite3_wal_hook(session_backend->conn_, &Checkpointer::OnCommit,
                                   database->checkpointer_.get());
    }
  }
  return database;
}

int64_t Database::checkpoints() const {
  return checkpointer_ != nullptr ? checkpointer_->checkpoints() : 0;
}

absl::StatusOr<Lease> Database::Acquire() {
  const absl::Time deadline = CallDeadline();
  absl::Duration wait = lease_timeout_;
  if (deadline != absl::InfiniteFuture()) {
    const absl::Duration left = deadline - absl::Now();
    if (left <= absl::ZeroDuration()) return CallBudgetExceeded();
    wait = std::min(wait, left);
  }
  const bool budget_bound = wait < lease_timeout_;  // the budget, not the lease timeout, limits
  const bool bulk = CurrentCallLane() == CallLane::kBulk && t_bulk_places == 0;
  const absl::Time wait_start = absl::Now();
  if (bulk && !EnterBulkLane(wait)) {
    if (budget_bound) return CallBudgetExceeded();
    return domain::WithReason(
        absl::UnavailableError("the lists and reports in progress hold their share of the "
                               "database; retry later"),
        domain::reason::kDatabaseUnavailable);
  }
  wait -= absl::Now() - wait_start;
  size_t pos = 0;
  ++waiting_;
  const bool leased = pool_->try_lease(
      pos, static_cast<int>(std::max<int64_t>(1, absl::ToInt64Milliseconds(wait))));
  --waiting_;
  if (!leased) {
    if (bulk) LeaveBulkLane();
    if (budget_bound) return CallBudgetExceeded();
    return domain::WithReason(
        absl::UnavailableError("no database session became free in time; retry later"),
        domain::reason::kDatabaseUnavailable);
  }
  ++in_use_;
  Lease lease(this, pos);
  lease.bulk_ = bulk;
  if (absl::Status repaired = Repair(pos, lease.session()); !repaired.ok()) return repaired;
  if (deadline != absl::InfiniteFuture()) {
    if (absl::Now() >= deadline) return CallBudgetExceeded();
    lease.Watch(deadline);
  }
  return lease;
}

absl::Status Database::Repair(size_t pos, soci::session& session) {
  if (backend_ != Backend::kPostgresql) return absl::OkStatus();
  auto* backend = static_cast<soci::postgresql_session_backend*>(session.get_backend());
  if (backend != nullptr && PQstatus(backend->conn_) == CONNECTION_OK) return absl::OkStatus();
  // The statements belong to the broken connection.
  statements_[pos]->Clear();
  absl::Status reconnected = Guard("reconnect", [&]() -> absl::Status {
    session.reconnect();
    session << absl::StrCat("SET statement_timeout = ",
                            absl::ToInt64Milliseconds(statement_timeout_));
    watchdog_->SetConnection(
        pos, static_cast<soci::postgresql_session_backend*>(session.get_backend())->conn_);
    return absl::OkStatus();
  });
  if (reconnected.ok()) return reconnected;
  // Whatever the driver said, the database cannot be reached now: retry later.
  return domain::WithReason(absl::UnavailableError("the database cannot be reached; retry later"),
                            domain::reason::kDatabaseUnavailable);
}

absl::Status Database::Ping() {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  return Guard("ping", [&]() -> absl::Status {
    int one = 0;
    lease->session() << "SELECT 1", soci::into(one);
    return absl::OkStatus();
  });
}

}  // namespace inburgering::persistence
