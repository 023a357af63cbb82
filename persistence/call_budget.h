#pragma once

// How long the current call may still keep the database busy: its deadline, capped by the
// server. The RPC frame sets it on the handler's thread for the span of a unary handler. A lease
// (and SQLite's writer queue) waits no longer than that, and a statement still running when it
// passes is interrupted, so that no call holds a pooled session past its budget (S9): a few slow
// calls cannot starve the others. Outside a call (streams, start-up, tools) there is none.

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace inburgering::persistence {

// Lists and reports read many rows: they share the pool's bulk lane, which leaves sessions free
// for the point reads and changes (Database::Acquire), so that however many slow lists run, a
// case file can still be read.
enum class CallLane { kPoint, kBulk };

class ScopedCallBudget {
 public:
  // Until destroyed, this thread's database work ends by `deadline`, in `lane`.
  explicit ScopedCallBudget(absl::Time deadline, CallLane lane = CallLane::kPoint);
  ~ScopedCallBudget();
  ScopedCallBudget(const ScopedCallBudget&) = delete;
  ScopedCallBudget& operator=(const ScopedCallBudget&) = delete;

 private:
  absl::Time previous_;
  CallLane previous_lane_;
};

// This thread's call deadline; absl::InfiniteFuture() outside a budget.
absl::Time CallDeadline();
// This thread's lane; kPoint outside a budget.
CallLane CurrentCallLane();

// DEADLINE_EXCEEDED (reason LIMIT_EXCEEDED): the call's time in the database ran out.
absl::Status CallBudgetExceeded();

}  // namespace inburgering::persistence
