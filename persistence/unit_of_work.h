#pragma once

// The SOCI implementation of the domain's TransactionManager: each unit of work leases a session
// and runs one transaction on it. PostgreSQL writers run at READ COMMITTED with optimistic version
// checks, readers at REPEATABLE READ READ ONLY (one snapshot for a whole case file).
//
// SQLite has one writer at a time. Change() queues a change's body, and the caller that gets the
// writer's turn runs the queued bodies one after another on its own thread in one transaction
// (BEGIN IMMEDIATE), each after the first in a savepoint of its own (a failed change is rolled
// back alone; a failed first one ends the batch and the queue goes on in a new one), and commits
// them with one durable commit. Begin(kReadWrite) takes the writer's turn for a transaction of its
// own, shared with nobody, until it commits or rolls back (a CBS delivery, the reindex and purge
// tools; the bulk lane's changes go this way too). Change() and Commit() return only once the
// commit is durable, so no change is answered before it is on disk. If the shared transaction
// itself is lost (a statement interrupted at its call's deadline, a full disk), every change in it
// fails (UNAVAILABLE, retry) and none is half kept.

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/synchronization/mutex.h"
#include "domain/ports.h"
#include "persistence/database.h"

namespace inburgering::persistence {

class SociTransactionManager final : public domain::TransactionManager {
 public:
  explicit SociTransactionManager(Database& database) : database_(database) {}
  absl::StatusOr<std::unique_ptr<domain::UnitOfWork>> Begin(domain::TransactionMode mode) override;
  // SQLite: the change waits in a queue for the writer; the thread that gets the turn runs the
  // queued changes one after another in one open transaction (up to kMaxBatch kept; each after
  // the first in a savepoint), commits them with one durable commit and wakes their callers. A
  // change is thus never handed from one sleeping thread to the next (a wake-up took about 54 us of
  // the writer's time a change under 32 concurrent writers). PostgreSQL, and SQLite's bulk lane:
  // Begin, `change`, Commit.
  absl::Status Change(absl::FunctionRef<absl::Status(domain::UnitOfWork&)> change) override;

  // Called after each commit that appended events (WatchEvents wakes its streams). Set it before
  // the first Begin; it must be thread-safe and quick.
  void OnEventsCommitted(std::function<void()> listener) { on_events_ = std::move(listener); }

  // SQLite: durable commits of changes, and the changes they carried, since start (a Begin's
  // transaction counts as one of each).
  int64_t batches_committed() const { return batches_.load(); }
  int64_t changes_committed() const { return changes_.load(); }
  // SQLite: changes waiting for their turn to write or in the queue of Change (for tests).
  int writers_waiting() const;

  // The most changes one durable commit carries; the next waits for the one after.
  static constexpr int kMaxBatch = 64;

  struct Batch;  // SQLite: the open write transaction and the changes it carries
  // How a SQLite change's turn ended: kept, rolled back alone (its savepoint), or gone with the
  // whole transaction (the batch ends; those kept in it fail).
  enum class Turn { kKept, kRolledBack, kLost };

 private:
  struct Queued;  // a change waiting in Change's queue
  // With the turn: runs the queued changes from the front in a new batch until the queue is
  // empty, the batch full or lost, then commits it and marks them done.
  void RunQueued() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Runs one queued change in `batch` (opened first if null), in a savepoint if asked; `turn`
  // says how it ended and `events` whether it appended events.
  absl::Status RunOne(std::shared_ptr<Batch>& batch, Queued& change, bool savepoint, Turn& turn,
                      bool& events);
  // Counts a change's end in its batch: kept, or the whole transaction lost.
  static void Settle(Batch& batch, Turn turn);
  // SQLite's Begin(kReadWrite): waits for the writer's turn and keeps it until the unit of work
  // commits or rolls back.
  absl::StatusOr<std::unique_ptr<domain::UnitOfWork>> BeginSqliteAlone();
  // Commits (or, if broken or empty, rolls back) `batch` and marks it done; the caller holds the
  // turn and keeps it.
  void CommitBatch(const std::shared_ptr<Batch>& batch);

  Database& database_;
  std::function<void()> on_events_;
  mutable absl::Mutex mu_;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;  // a queue's runner or a Begin has the turn
  int waiting_ ABSL_GUARDED_BY(mu_) = 0;       // Begins waiting for the turn, changes queued
  std::deque<Queued*> queue_ ABSL_GUARDED_BY(mu_);
  std::atomic<int64_t> batches_{0};
  std::atomic<int64_t> changes_{0};
};

}  // namespace inburgering::persistence
