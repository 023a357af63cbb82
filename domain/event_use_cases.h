#pragma once

// Reading the event log for other back-ends (WatchEvents). Thread-safe.

#include <vector>

#include "absl/status/statusor.h"
#include "domain/caller.h"
#include "domain/journal.h"
#include "domain/outbox.h"
#include "domain/ports.h"

namespace inburgering::domain {

inline constexpr int kMaxEventMunicipalities = 100;

class EventUseCases {
 public:
  explicit EventUseCases(TransactionManager& transactions) : transactions_(transactions) {}

  // Checks that `caller` may follow the events of `filter.municipalities` (NOT_FOUND for one it
  // does not act for) and fills in the caller's own when the filter names none.
  absl::Status Authorize(const Caller& caller, EventFilter& filter) const;

  // Up to `limit` events after `after`, in log order (see EventRepository::ReadAfter); `filter`
  // as Authorize left it.
  absl::StatusOr<std::vector<Event>> Read(const EventFilter& filter, const EventPosition& after,
                                          int limit);

 private:
  TransactionManager& transactions_;
};

}  // namespace inburgering::domain
