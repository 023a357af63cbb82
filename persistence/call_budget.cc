#include "persistence/call_budget.h"

#include "domain/errors.h"

namespace inburgering::persistence {
namespace {

thread_local absl::Time t_deadline = absl::InfiniteFuture();
thread_local CallLane t_lane = CallLane::kPoint;

}  // namespace

ScopedCallBudget::ScopedCallBudget(absl::Time deadline, CallLane lane)
    : previous_(t_deadline), previous_lane_(t_lane) {
  t_deadline = deadline;
  t_lane = lane;
}

ScopedCallBudget::~ScopedCallBudget() {
  t_deadline = previous_;
  t_lane = previous_lane_;
}

absl::Time CallDeadline() { return t_deadline; }

CallLane CurrentCallLane() { return t_lane; }

absl::Status CallBudgetExceeded() {
  return domain::WithReason(
      absl::DeadlineExceededError(
          "the call's time in the database ran out (its deadline, or the server's per-call "
          "budget); narrow the request or retry"),
      domain::reason::kLimitExceeded);
}

}  // namespace inburgering::persistence
