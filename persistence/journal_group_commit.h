#pragma once

// The journal of reads and refusals, group-committed: the audit and processing records of calls
// that wrote none in a transaction of their own (reads, refusals) share durable commits.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "domain/caller.h"
#include "domain/journal.h"
#include "domain/ports.h"

namespace inburgering::persistence {

// Writes the journals of reads and refusals with group commit: calls arriving while a
// transaction is being committed wait and go together in the next one (up to kMaxBatch), so
// concurrent reads share one durable commit instead of paying one each. Write returns only once
// the caller's records are committed (a call is never answered without them); WriteThen returns
// at once and calls its continuation once they are. A failed batch is retried one call at a time,
// so one call's failure is never another's. Thread-safe.
class JournalGroupCommit {
 public:
  static constexpr size_t kMaxBatch = 256;

  explicit JournalGroupCommit(domain::TransactionManager& transactions)
      : transactions_(transactions) {}
  // Waits for the writer to have committed every queued journal and run its continuations.
  ~JournalGroupCommit();
  JournalGroupCommit(const JournalGroupCommit&) = delete;
  JournalGroupCommit& operator=(const JournalGroupCommit&) = delete;

  absl::Status Write(const domain::Caller& caller, domain::CallJournal& journal,
                     absl::string_view result, absl::Time now);

  // A call answered without a waiting thread (gRPC's callback API): its records go in the next
  // commit, and `then` is called with that commit's outcome on the committing thread (a thread of
  // this class's own, or a caller of Write that leads the batch). `caller` and `journal` must
  // stay until then; `then` must not block.
  void WriteThen(const domain::Caller& caller, domain::CallJournal& journal, std::string result,
                 absl::Time now, absl::AnyInvocable<void(absl::Status) &&> then);

  // Transactions that wrote journals, and the calls' journals they carried: their ratio is how
  // many calls share a commit (the metrics; the bench's floor of a read is measured at it).
  int64_t commits() const { return commits_.load(std::memory_order_relaxed); }
  int64_t journals_committed() const { return journals_.load(std::memory_order_relaxed); }

 private:
  struct Pending {
    const domain::Caller* caller;
    domain::CallJournal* journal;
    std::string result;
    absl::Time now;
    absl::Status status;
    bool done = false;
    absl::AnyInvocable<void(absl::Status) &&> then;  // set for WriteThen's
  };
  // With writing_ taken: commits the front of the queue, then marks the waiting writers done and
  // runs the continuations (without mu_).
  void CommitFront() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  absl::Status Commit(const std::vector<Pending*>& batch);
  // The committing thread of WriteThen's journals when no caller of Write leads.
  void RunWriter();

  domain::TransactionManager& transactions_;
  absl::Mutex mu_;
  std::vector<Pending*> queue_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread writer_ ABSL_GUARDED_BY(mu_);
  std::atomic<int64_t> commits_{0};
  std::atomic<int64_t> journals_{0};
};

}  // namespace inburgering::persistence
