#include "persistence/call_budget.h"

#include "domain/errors.h"

namespace inburgering::persistence {
namespace {

thread_local absl::Time t_deadline = absl::InfiniteFuture();

}  // namespace

ScopedCallBudget::ScopedCallBudget(absl::Time deadline) : previous_(t_deadline) {
  t_deadline = deadline;
}

ScopedCallBudget::~ScopedCallBudget() { t_deadline = previous_; }

absl::Time CallDeadline() { return t_deadline; }

absl::Status CallBudgetExceeded() {
  return domain::WithReason(
      absl::DeadlineExceededError(
          "the call's time in the database ran out (its deadline, or the server's per-call "
          "budget); narrow the request or retry"),
      domain::reason::kLimitExceeded);
}

}  // namespace inburgering::persistence
