#include "server/event_notifier.h"

namespace inburgering::server {

void EventNotifier::Notify() {
  absl::MutexLock lock(&mu_);
  ++generation_;
}

void EventNotifier::Stop() {
  absl::MutexLock lock(&mu_);
  stopped_ = true;
}

bool EventNotifier::stopped() const {
  absl::MutexLock lock(&mu_);
  return stopped_;
}

uint64_t EventNotifier::generation() const {
  absl::MutexLock lock(&mu_);
  return generation_;
}

void EventNotifier::WaitFor(uint64_t seen, absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  auto changed = [this, seen]()
                     ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopped_ || generation_ != seen; };
  mu_.AwaitWithTimeout(absl::Condition(&changed), timeout);
}

}  // namespace inburgering::server
