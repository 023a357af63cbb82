#pragma once

// The one place where database exceptions become absl::Status. Messages name the operation and
// the error class only: a driver's message can quote the values of a row (PostgreSQL's DETAIL
// does), and those may be personal data.

#include <exception>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace inburgering::persistence {

// UNAVAILABLE for connection loss and lock time-outs, ALREADY_EXISTS for unique violations,
// ABORTED for serialization failures and deadlocks, FAILED_PRECONDITION for other constraint
// violations, INTERNAL otherwise.
absl::Status TranslateError(const std::exception& error, absl::string_view operation);

// Runs `body`, translating any exception it throws. `body` returns absl::Status or StatusOr.
template <typename Body>
auto Guard(absl::string_view operation, Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const std::exception& e) {
    return TranslateError(e, operation);
  }
}

}  // namespace inburgering::persistence
