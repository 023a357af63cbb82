#pragma once

// Wakes the WatchEvents streams when this process committed events (the transaction manager
// calls Notify after such a commit), so a follower hears of a change at once rather than at its
// next poll. Events other replicas commit are found by polling. Thread-safe.

#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace inburgering::server {

class EventNotifier {
 public:
  void Notify();
  // Ends every wait now and from now on (the server is shutting down).
  void Stop();
  bool stopped() const;
  uint64_t generation() const;
  // Returns once Notify was called after `seen` was read, `timeout` passed, or Stop was called.
  void WaitFor(uint64_t seen, absl::Duration timeout) const;

 private:
  mutable absl::Mutex mu_;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  bool stopped_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace inburgering::server
