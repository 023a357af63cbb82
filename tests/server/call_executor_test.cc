// The executor of callback calls (server/call_executor.h): every task it takes runs, a full queue
// refuses at once (the caller sheds the call), and it stops only after what it took.

#include "server/call_executor.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace inburgering::server {
namespace {

TEST(CallExecutorTest, AFullQueueRefusesAtOnceAndEveryTakenTaskRuns) {
  std::atomic<int> ran{0};
  absl::Notification started, release;
  {
    CallExecutor executor(1, 2);
    absl::AnyInvocable<void()&&> blocker = [&] {
      started.Notify();
      release.WaitForNotification();
      ++ran;
    };
    ASSERT_TRUE(executor.Post(blocker));
    started.WaitForNotification();  // the one thread is busy: the next two wait in the queue
    for (int i = 0; i < 2; ++i) {
      absl::AnyInvocable<void()&&> task = [&] { ++ran; };
      EXPECT_TRUE(executor.Post(task));
    }
    absl::AnyInvocable<void()&&> refused = [&] { ran += 100; };
    EXPECT_FALSE(executor.Post(refused));
    EXPECT_TRUE(refused != nullptr) << "a refused task stays with its caller";
    release.Notify();
  }  // the destructor runs what was taken, then stops
  EXPECT_EQ(ran.load(), 3);
}

TEST(CallExecutorTest, TasksRunOnAsManyThreadsAsItWasGiven) {
  constexpr int kThreads = 3;
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  absl::Notification all_in;
  {
    CallExecutor executor(kThreads, 16);
    for (int i = 0; i < kThreads; ++i) {
      absl::AnyInvocable<void()&&> task = [&] {
        const int now = ++running;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        if (now == kThreads) all_in.Notify();
        all_in.WaitForNotification();
        --running;
      };
      ASSERT_TRUE(executor.Post(task));
    }
  }
  EXPECT_EQ(most.load(), kThreads);
}

// Changes wait for their commit on the thread that runs them, and concurrent ones share it: an
// executor of changes starts threads as tasks find every thread busy, up to its maximum, where
// further tasks queue.
TEST(CallExecutorTest, BusyThreadsStartMoreUpToTheMaximum) {
  constexpr int kMax = 4;
  std::atomic<int> running{0};
  std::atomic<int> ran{0};
  absl::Notification release;
  {
    CallExecutor executor(1, 8, kMax);
    for (int i = 0; i < kMax + 2; ++i) {
      absl::AnyInvocable<void()&&> task = [&] {
        ++running;
        release.WaitForNotification();
        ++ran;
      };
      ASSERT_TRUE(executor.Post(task));
    }
    const absl::Time give_up = absl::Now() + absl::Seconds(10);
    while (running.load() < kMax && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(1));
    absl::SleepFor(absl::Milliseconds(50));  // a fifth thread would have started by now
    EXPECT_EQ(running.load(), kMax) << "one thread a task, up to the maximum; the rest wait";
    release.Notify();
  }
  EXPECT_EQ(ran.load(), kMax + 2);
}

}  // namespace
}  // namespace inburgering::server
