#include "domain/event_use_cases.h"

#include <algorithm>
#include <memory>

#include "domain/errors.h"
#include "domain/status_macros.h"

namespace inburgering::domain {

absl::Status EventUseCases::Authorize(const Caller& caller, EventFilter& filter) const {
  if (filter.municipalities.empty() && !caller.all_municipalities) {
    filter.municipalities.assign(caller.municipalities.begin(), caller.municipalities.end());
    std::sort(filter.municipalities.begin(), filter.municipalities.end());
  }
  if (filter.municipalities.empty()) {
    // An operator following every municipality; a caller acting for none gets NOT_FOUND.
    return AuthorizeStaff(caller, "", Access::kFollowEvents);
  }
  if (filter.municipalities.size() > kMaxEventMunicipalities) {
    return InvalidArgument({{"municipalities", "at most 100"}});
  }
  for (const std::string& m : filter.municipalities) {
    RETURN_IF_ERROR(AuthorizeStaff(caller, m, Access::kFollowEvents));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Event>> EventUseCases::Read(const EventFilter& filter,
                                                       const EventPosition& after, int limit) {
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kReadOnly));
  return work->events().ReadAfter(after, filter, limit);
}

}  // namespace inburgering::domain
