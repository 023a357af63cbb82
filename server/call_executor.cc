#include "server/call_executor.h"

#include <algorithm>
#include <utility>

namespace inburgering::server {

CallExecutor::CallExecutor(int threads, int max_queued, int max_threads)
    : max_queued_(static_cast<size_t>(std::max(1, max_queued))),
      max_threads_(static_cast<size_t>(std::max({1, threads, max_threads}))) {
  absl::MutexLock lock(&mu_);
  threads_.reserve(max_threads_);
  for (int i = 0; i < std::max(1, threads); ++i) StartThread();
}

CallExecutor::~CallExecutor() {
  std::vector<std::thread> threads;
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    threads.swap(threads_);
  }
  for (std::thread& t : threads) t.join();
}

bool CallExecutor::Post(absl::AnyInvocable<void() &&>& task) {
  absl::MutexLock lock(&mu_);
  if (stopping_ || queue_.size() >= max_queued_) return false;
  queue_.push_back(std::move(task));
  if (idle_ < queue_.size() && threads_.size() < max_threads_) StartThread();
  return true;
}

void CallExecutor::StartThread() {
  ++idle_;  // counted from its start, so that the next Post does not start another for its task
  threads_.emplace_back([this] { Run(); });
}

void CallExecutor::Run() {
  absl::MutexLock lock(&mu_);
  while (true) {
    mu_.Await(absl::Condition(
        +[](CallExecutor* self)
             ABSL_NO_THREAD_SAFETY_ANALYSIS { return !self->queue_.empty() || self->stopping_; },
        this));
    --idle_;
    if (queue_.empty()) return;  // stopping, and nothing is left
    absl::AnyInvocable<void()&&> task = std::move(queue_.front());
    queue_.pop_front();
    mu_.Unlock();
    std::move(task)();
    mu_.Lock();
    ++idle_;
  }
}

}  // namespace inburgering::server
