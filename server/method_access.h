#pragma once

// Who may call each RPC at all: the role check the RPC frame makes before the handler validates
// the request (a caller without the role learns nothing of what a valid request looks like). The
// use case checks again against the resource: its municipality, the citizen's own record.

#include <optional>

#include "absl/strings/string_view.h"
#include "domain/caller.h"

namespace inburgering::server {

// The access an RPC needs, by its request message's name (`CreateClientRequest`); nullopt for a
// message that is no RPC's request (a test checks that every RPC of the API has one).
std::optional<domain::Access> AccessOf(absl::string_view request_message);

// Whether the RPC reads many rows (a list or a report): it runs in the database's bulk lane,
// which leaves sessions for the point reads and changes (persistence/call_budget.h).
bool IsBulk(absl::string_view request_message);

}  // namespace inburgering::server
