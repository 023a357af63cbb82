#pragma once

// How the domain says what went wrong, without knowing gRPC: an absl::Status whose code is the
// gRPC code to answer with, plus payloads for the machine-readable reason (google.rpc.ErrorInfo)
// and the invalid fields (google.rpc.BadRequest). server/status_conversion.h turns both into
// google.rpc details; nothing else reads the payloads.
//
// Messages must never contain personal data (a BSN, a name, a health detail): they reach logs and
// other teams' screens.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace inburgering::domain {

// The reasons of api/proto/inburgering/v1/error_reason.proto; a server test checks that every
// one used here is declared there.
namespace reason {
inline constexpr absl::string_view kInvalidRequest = "INVALID_REQUEST";
inline constexpr absl::string_view kNotFound = "RESOURCE_NOT_FOUND";
inline constexpr absl::string_view kAlreadyExists = "RESOURCE_ALREADY_EXISTS";
inline constexpr absl::string_view kStaleEtag = "STALE_ETAG";
inline constexpr absl::string_view kRequestIdReused = "REQUEST_ID_REUSED";
inline constexpr absl::string_view kUnauthenticated = "UNAUTHENTICATED";
inline constexpr absl::string_view kPermissionDenied = "PERMISSION_DENIED";
inline constexpr absl::string_view kDatabaseUnavailable = "DATABASE_UNAVAILABLE";
inline constexpr absl::string_view kConcurrentChange = "CONCURRENT_CHANGE";
inline constexpr absl::string_view kInternal = "INTERNAL_ERROR";
inline constexpr absl::string_view kInvalidPageToken = "INVALID_PAGE_TOKEN";
inline constexpr absl::string_view kLimitExceeded = "LIMIT_EXCEEDED";
inline constexpr absl::string_view kServerShuttingDown = "SERVER_SHUTTING_DOWN";
}  // namespace reason

// One invalid request field: its path in the request (e.g. `consultant.display_name`) and why.
struct FieldViolation {
  std::string field;
  std::string description;

  bool operator==(const FieldViolation& other) const {
    return field == other.field && description == other.description;
  }
};

// Returns `status` carrying `reason`. An OK status stays OK.
absl::Status WithReason(absl::Status status, absl::string_view reason);

// The reason carried by `status`, or a default one derived from its code when none was set.
std::string ReasonOf(const absl::Status& status);

// INVALID_ARGUMENT naming every violation; its message lists the fields (never their values).
absl::Status InvalidArgument(std::vector<FieldViolation> violations,
                             absl::string_view reason = reason::kInvalidRequest);

// The field violations carried by `status` (empty when there are none).
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

// Shorthands that set the reason along with the code.
absl::Status NotFound(absl::string_view message);
absl::Status AlreadyExists(absl::string_view message);
absl::Status StaleEtag();
// OK when `stored` is still at `expected_version` (the etag the caller read); StaleEtag otherwise.
// The one version check of every change.
template <typename T>
absl::Status RequireVersion(const T& stored, int64_t expected_version) {
  return stored.version == expected_version ? absl::OkStatus() : StaleEtag();
}
// FAILED_PRECONDITION because a legal or business rule forbids the change; `rule_reason` names the
// rule (e.g. ROUTE_SWITCH_AFTER_18_MONTHS) and the message cites it.
absl::Status RuleViolated(absl::string_view rule_reason, absl::string_view message);

}  // namespace inburgering::domain
