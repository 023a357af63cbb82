#pragma once

// The journal of reads and refusals, group-committed: the audit and processing records of calls
// that wrote none in a transaction of their own (reads, refusals) share durable commits.

#include <cstddef>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
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
// the caller's records are committed (a call is never answered without them). A failed batch is
// retried one call at a time, so one call's failure is never another's. Thread-safe.
class JournalGroupCommit {
 public:
  static constexpr size_t kMaxBatch = 256;

  explicit JournalGroupCommit(domain::TransactionManager& transactions)
      : transactions_(transactions) {}

  absl::Status Write(const domain::Caller& caller, domain::CallJournal& journal,
                     absl::string_view result, absl::Time now);

 private:
  struct Pending {
    const domain::Caller* caller;
    domain::CallJournal* journal;
    std::string result;
    absl::Time now;
    absl::Status status;
    bool done = false;
  };
  absl::Status Commit(const std::vector<Pending*>& batch);

  domain::TransactionManager& transactions_;
  absl::Mutex mu_;
  std::vector<Pending*> queue_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace inburgering::persistence
