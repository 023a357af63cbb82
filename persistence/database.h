#pragma once

// The database: a fixed pool of SOCI sessions to SQLite or PostgreSQL, leased one per unit of
// work. Thread-safe.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace soci {
class connection_pool;
class session;
}  // namespace soci

namespace inburgering::persistence {

class StatementCache;

enum class Backend { kSqlite, kPostgresql };

struct DatabaseOptions {
  // `sqlite:PATH` (the file is created if missing) or a libpq URI `postgresql://...` (TCP, or a
  // Unix socket with `?host=/dir`).
  std::string url;
  int pool_size = 8;
  // How long a unit of work waits for a free session before answering UNAVAILABLE.
  absl::Duration lease_timeout = absl::Seconds(5);
  // SQLite: how long a writer waits for another's lock.
  absl::Duration busy_timeout = absl::Seconds(5);
  // PostgreSQL: the longest one statement may run (server-side statement_timeout): a bound on
  // the work any call can make the database do.
  absl::Duration statement_timeout = absl::Seconds(30);
};

// The backend a URL names; INVALID_ARGUMENT for anything else. The message never repeats the URL
// (it may hold a password).
absl::StatusOr<Backend> BackendOf(absl::string_view url);

class Database;

// A session leased from the pool; returns it on destruction. Movable, not copyable.
class Lease {
 public:
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&&) = delete;
  Lease(const Lease&) = delete;
  ~Lease();
  soci::session& session() const;
  // The session's prepared statements (statements.h).
  StatementCache& statements() const;
  // Interrupt the session's statements once `deadline` passes (absl::InfiniteFuture(): never).
  // Acquire() watches the call's budget; a session that serves several calls in turn (SQLite's
  // write batch, unit_of_work.h) is watched anew for each.
  void Watch(absl::Time deadline);

 private:
  friend class Database;
  Lease(Database* database, size_t pos) : database_(database), pos_(pos) {}
  Database* database_;
  size_t pos_;
  bool watched_ = false;  // interrupted when the call's budget runs out (call_budget.h)
  bool bulk_ = false;     // holds a place in the bulk lane
};

// How busy the pool is, for the metrics endpoint.
struct PoolUsage {
  int in_use = 0;   // sessions leased
  int waiting = 0;  // callers waiting for one
};

// Database errors translated since the process started (every backend, every operation).
int64_t DatabaseErrorCount();

class Database {
 public:
  // Opens `pool_size` sessions. UNAVAILABLE when the database cannot be reached.
  static absl::StatusOr<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  ~Database();

  Backend backend() const { return backend_; }
  int pool_size() const { return pool_size_; }
  absl::Duration lease_timeout() const { return lease_timeout_; }

  // UNAVAILABLE when no session becomes free within the lease timeout; DEADLINE_EXCEEDED when the
  // call's budget (call_budget.h) runs out first. Under a budget, a statement of the lease still
  // running when it runs out is interrupted (it fails as CallBudgetExceeded()). A call in the bulk
  // lane waits for a place in it first: the bulk lane holds at most bulk_capacity() sessions,
  // the rest are kept for point calls.
  absl::StatusOr<Lease> Acquire();

  int bulk_capacity() const { return bulk_capacity_; }

  // Runs a trivial query: OK when the database answers.
  absl::Status Ping();

  PoolUsage usage() const { return {in_use_.load(), waiting_.load()}; }

  // Interrupts sent to sessions whose call's budget ran out, since the start.
  int64_t interrupted() const;
  // Statements prepared by all sessions since the start (each SQL text once per session).
  int64_t statements_prepared() const;
  // SQLite: checkpoints of a bulk commit's WAL run on a thread of their own (not in the call that
  // committed) since the start.
  int64_t checkpoints() const;

 private:
  friend class Lease;
  class Watchdog;
  class Checkpointer;
  Database(Backend backend, int pool_size, absl::Duration lease_timeout,
           absl::Duration statement_timeout, std::unique_ptr<soci::connection_pool> pool);

  // PostgreSQL: a session whose connection broke (the server restarted or crashed) connects
  // again before it is used; UNAVAILABLE while the server cannot be reached.
  absl::Status Repair(size_t pos, soci::session& session);
  // Takes a place in the bulk lane, waiting at most `wait`; false when none came free.
  bool EnterBulkLane(absl::Duration wait);
  void LeaveBulkLane();

  Backend backend_;
  int pool_size_;
  absl::Duration lease_timeout_;
  absl::Duration statement_timeout_;
  std::unique_ptr<soci::connection_pool> pool_;
  // One per session, by pool position; destroyed before the sessions close.
  std::vector<std::unique_ptr<StatementCache>> statements_;
  std::atomic<int> in_use_{0};
  std::atomic<int> waiting_{0};
  std::unique_ptr<Watchdog> watchdog_;
  int bulk_capacity_;
  absl::Mutex bulk_mu_;
  int bulk_in_use_ ABSL_GUARDED_BY(bulk_mu_) = 0;
  // SQLite; destroyed first, before the sessions whose commits wake it.
  std::unique_ptr<Checkpointer> checkpointer_;
};

}  // namespace inburgering::persistence
