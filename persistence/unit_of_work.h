#pragma once

// The SOCI implementation of the domain's TransactionManager: each unit of work leases a session
// and runs one transaction on it. SQLite writers start with BEGIN IMMEDIATE (taking the write lock
// up front, so two writers never deadlock upgrading a read lock); PostgreSQL writers run at READ
// COMMITTED with optimistic version checks, readers at REPEATABLE READ READ ONLY (one snapshot
// for a whole case file).

#include <functional>
#include <memory>
#include <mutex>
#include <utility>

#include "domain/ports.h"
#include "persistence/database.h"

namespace inburgering::persistence {

class SociTransactionManager final : public domain::TransactionManager {
 public:
  explicit SociTransactionManager(Database& database) : database_(database) {}
  absl::StatusOr<std::unique_ptr<domain::UnitOfWork>> Begin(domain::TransactionMode mode) override;

  // Called after each commit that appended events (WatchEvents wakes its streams). Set it before
  // the first Begin; it must be thread-safe and quick.
  void OnEventsCommitted(std::function<void()> listener) { on_events_ = std::move(listener); }

 private:
  Database& database_;
  std::function<void()> on_events_;
  std::timed_mutex sqlite_writer_;  // SQLite: the one write transaction of this process
};

}  // namespace inburgering::persistence
