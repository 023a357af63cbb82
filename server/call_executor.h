#pragma once

// The threads that run the database work of calls served on gRPC's callback API, so that gRPC's
// own threads (two on a two-core machine) never wait on a session, a PostgreSQL round trip or a
// lock: they take the request, hand it here, and go back to the network.

#include <deque>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"

namespace inburgering::server {

class CallExecutor {
 public:
  // `threads` run tasks (as many as the database has sessions: more would wait for one); at most
  // `max_queued` wait for a thread. With `max_threads` above `threads`, a task posted while every
  // thread is busy starts another, up to `max_threads` (changes: each waits for its commit, and
  // the commits are shared by the changes waiting together); threads once started stay.
  CallExecutor(int threads, int max_queued, int max_threads = 0);
  // Runs what was posted, then stops the threads.
  ~CallExecutor();
  CallExecutor(const CallExecutor&) = delete;
  CallExecutor& operator=(const CallExecutor&) = delete;

  // Queues `task`; false, with `task` not taken, when `max_queued` tasks wait already (the
  // caller sheds the call as RESOURCE_EXHAUSTED) or the executor is stopping.
  bool Post(absl::AnyInvocable<void() &&>& task);

 private:
  void StartThread() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void Run();

  const size_t max_queued_;
  const size_t max_threads_;
  absl::Mutex mu_;
  std::deque<absl::AnyInvocable<void() &&>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  size_t idle_ ABSL_GUARDED_BY(mu_) = 0;  // threads waiting for a task, or starting
  std::vector<std::thread> threads_ ABSL_GUARDED_BY(mu_);
};

}  // namespace inburgering::server
