#include "persistence/migrations.h"

#include <openssl/evp.h>

#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "domain/status_macros.h"
#include "persistence/cohort_summary.h"
#include "persistence/soci_errors.h"
#include "soci/soci.h"

namespace inburgering::persistence {
namespace {

// Any fixed number: the key of PostgreSQL's advisory lock that serialises migrators.
constexpr long long kMigrationLockKey = 730320210;

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " checksum TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL)";
// The migrations after whose SQL the server fills a table from the stored rows (the SQL that
// derives it is built from the same tables the server maintains it with).
constexpr int kCohortSummaryMigration = 12;

constexpr const char* kSelectApplied = "SELECT version, checksum FROM schema_migrations";
constexpr const char* kInsertApplied =
    "INSERT INTO schema_migrations (version, name, checksum, applied_at)"
    " VALUES (:version, :name, :checksum, :applied_at)";

std::string Sha256Hex(absl::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), length));
}

bool TableExists(soci::session& session, Backend backend) {
  int count = 0;
  if (backend == Backend::kSqlite) {
    session << "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
               " AND name = 'schema_migrations'",
        soci::into(count);
  } else {
    session << "SELECT count(*) FROM information_schema.tables"
               " WHERE table_schema = current_schema() AND table_name = 'schema_migrations'",
        soci::into(count);
  }
  return count > 0;
}

std::map<int, std::string> AppliedVersions(soci::session& session) {
  std::map<int, std::string> applied;
  int version = 0;
  std::string checksum;
  soci::statement st =
      (session.prepare << kSelectApplied, soci::into(version), soci::into(checksum));
  st.execute();
  while (st.fetch()) applied[version] = checksum;
  return applied;
}

// The migrations still to apply, or FAILED_PRECONDITION when the recorded history does not match
// this build's.
absl::StatusOr<std::vector<const EmbeddedMigration*>> Pending(
    Backend backend, const std::map<int, std::string>& applied) {
  std::vector<const EmbeddedMigration*> pending;
  const auto& known = EmbeddedMigrations(backend);
  for (const EmbeddedMigration& m : known) {
    auto it = applied.find(m.version);
    if (it == applied.end()) {
      pending.push_back(&m);
    } else if (it->second != Sha256Hex(m.sql)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "migration ", m.name, " was changed after it was applied; add a new migration instead"));
    }
  }
  const int newest_known = known.empty() ? 0 : known.back().version;
  if (!applied.empty() && applied.rbegin()->first > newest_known) {
    return absl::FailedPreconditionError(
        absl::StrCat("the database has migration ", applied.rbegin()->first,
                     ", newer than this build knows (", newest_known, "): run a newer build"));
  }
  return pending;
}

}  // namespace

std::vector<std::string> SplitStatements(absl::string_view sql) {
  std::vector<std::string> statements;
  std::string current;
  for (absl::string_view line : absl::StrSplit(sql, '\n')) {
    absl::string_view stripped = absl::StripAsciiWhitespace(line);
    if (stripped.empty() || absl::StartsWith(stripped, "--")) continue;
    absl::StrAppend(&current, line, "\n");
    if (absl::EndsWith(stripped, ";")) {
      current.erase(current.find_last_of(';'));
      statements.push_back(std::string(absl::StripAsciiWhitespace(current)));
      current.clear();
    }
  }
  if (!absl::StripAsciiWhitespace(current).empty()) {
    statements.push_back(std::string(absl::StripAsciiWhitespace(current)));
  }
  return statements;
}

absl::StatusOr<int> Migrate(Database& database) {
  ASSIGN_OR_RETURN(Lease lease, database.Acquire());
  soci::session& session = lease.session();
  const Backend backend = database.backend();
  return Guard("migrate", [&]() -> absl::StatusOr<int> {
    if (backend == Backend::kSqlite) {
      session << "BEGIN IMMEDIATE";
    } else {
      session << "BEGIN";
      long long key = kMigrationLockKey;
      session << "SELECT pg_advisory_xact_lock(:key)", soci::use(key);
    }
    try {
      session << kCreateTable;
      absl::StatusOr<std::vector<const EmbeddedMigration*>> pending =
          Pending(backend, AppliedVersions(session));
      if (!pending.ok()) {
        session << "ROLLBACK";
        return pending.status();
      }
      for (const EmbeddedMigration* m : *pending) {
        for (const std::string& statement : SplitStatements(m->sql)) session << statement;
        if (m->version == kCohortSummaryMigration) RebuildCohortSummary(session);
        int version = m->version;
        std::string name = m->name;
        std::string checksum = Sha256Hex(m->sql);
        long long applied_at = absl::ToUnixMicros(absl::Now());
        session << kInsertApplied, soci::use(version, "version"), soci::use(name, "name"),
            soci::use(checksum, "checksum"), soci::use(applied_at, "applied_at");
      }
      session << "COMMIT";
      return static_cast<int>(pending->size());
    } catch (...) {
      try {
        session << "ROLLBACK";
      } catch (...) {  // the connection is gone: nothing to roll back
      }
      throw;
    }
  });
}

absl::StatusOr<int> PendingMigrations(Database& database) {
  ASSIGN_OR_RETURN(Lease lease, database.Acquire());
  soci::session& session = lease.session();
  return Guard("check migrations", [&]() -> absl::StatusOr<int> {
    std::map<int, std::string> applied;
    if (TableExists(session, database.backend())) applied = AppliedVersions(session);
    ASSIGN_OR_RETURN(auto pending, Pending(database.backend(), applied));
    return static_cast<int>(pending.size());
  });
}

}  // namespace inburgering::persistence
