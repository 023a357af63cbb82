#include "persistence/soci_errors.h"

#include <atomic>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "persistence/call_budget.h"
#include "persistence/database.h"
#include "soci/postgresql/soci-postgresql.h"
#include "soci/soci.h"
#include "soci/sqlite3/soci-sqlite3.h"

namespace inburgering::persistence {
namespace {

namespace reason = domain::reason;

// SQLite result codes (primary code in the low byte), from sqlite3.h.
constexpr int kSqliteBusy = 5;
constexpr int kSqliteLocked = 6;
constexpr int kSqliteReadOnly = 8;
constexpr int kSqliteInterrupt = 9;
constexpr int kSqliteIoErr = 10;
constexpr int kSqliteFull = 13;
constexpr int kSqliteCantOpen = 14;
constexpr int kSqliteConstraint = 19;
constexpr int kSqliteConstraintPrimaryKey = 19 | (6 << 8);
constexpr int kSqliteConstraintUnique = 19 | (8 << 8);

absl::Status Unavailable(absl::string_view operation, absl::string_view why) {
  return domain::WithReason(
      absl::UnavailableError(absl::StrCat("database unavailable during ", operation, ": ", why)),
      reason::kDatabaseUnavailable);
}

absl::Status FromSqlite(int result, absl::string_view operation) {
  switch (result & 0xff) {
    case kSqliteBusy:
    case kSqliteLocked:
      return Unavailable(operation, "database is locked");
    case kSqliteReadOnly:
      return Unavailable(operation, "database is read-only");
    case kSqliteInterrupt:  // the call's budget ran out (database.cc's watchdog)
      return CallBudgetExceeded();
    case kSqliteFull:
      return Unavailable(operation, "disk is full");
    case kSqliteIoErr:
    case kSqliteCantOpen:
      return Unavailable(operation, "I/O error");
    case kSqliteConstraint:
      if (result == kSqliteConstraintPrimaryKey || result == kSqliteConstraintUnique) {
        return domain::AlreadyExists(absl::StrCat("duplicate key in ", operation));
      }
      return absl::FailedPreconditionError(absl::StrCat("constraint violated in ", operation));
    default:
      return absl::InternalError(absl::StrCat("database error ", result, " in ", operation));
  }
}

absl::Status FromPostgresql(const std::string& sqlstate, absl::string_view operation) {
  const std::string cls = sqlstate.substr(0, 2);
  if (sqlstate == "23505") {
    return domain::AlreadyExists(absl::StrCat("duplicate key in ", operation));
  }
  if (cls == "23") {
    return absl::FailedPreconditionError(absl::StrCat("constraint violated in ", operation));
  }
  if (sqlstate == "57014") {  // query_canceled: the call's budget or statement_timeout ran out
    return CallBudgetExceeded();
  }
  if (sqlstate == "40001" || sqlstate == "40P01") {
    return domain::WithReason(
        absl::AbortedError(absl::StrCat("concurrent change in ", operation, "; retry")),
        reason::kConcurrentChange);
  }
  // 08: connection exception; 53: insufficient resources; 57P0x: shutdown; 25006: read-only.
  // No SQLSTATE at all: libpq itself failed, the connection is gone (the server crashed).
  if (sqlstate.empty() || cls == "08" || cls == "53" || sqlstate.rfind("57P0", 0) == 0 ||
      sqlstate == "25006") {
    return Unavailable(operation, absl::StrCat("SQLSTATE ", sqlstate));
  }
  return absl::InternalError(absl::StrCat("database error SQLSTATE ", sqlstate, " in ", operation));
}

}  // namespace

namespace {
std::atomic<int64_t> database_errors{0};
}  // namespace

int64_t DatabaseErrorCount() { return database_errors.load(); }

absl::Status TranslateError(const std::exception& error, absl::string_view operation) {
  ++database_errors;
  if (const auto* e = dynamic_cast<const soci::sqlite3_soci_error*>(&error)) {
    return FromSqlite(e->result(), operation);
  }
  if (const auto* e = dynamic_cast<const soci::postgresql_soci_error*>(&error)) {
    return FromPostgresql(e->sqlstate(), operation);
  }
  if (const auto* e = dynamic_cast<const soci::soci_error*>(&error)) {
    if (e->get_error_category() == soci::soci_error::connection_error) {
      return Unavailable(operation, "connection error");
    }
    return absl::InternalError(
        absl::StrCat("database error (category ", e->get_error_category(), ") in ", operation));
  }
  return absl::InternalError(absl::StrCat("unexpected error in ", operation));
}

}  // namespace inburgering::persistence
