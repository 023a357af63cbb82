#pragma once

// Versioned schema migrations, compiled in from persistence/migrations/<backend>/NNNN_name.sql and
// recorded in the table schema_migrations (version, name, checksum, applied_at). Migrate() holds a
// database-wide lock while it works (PostgreSQL: an advisory transaction lock; SQLite: BEGIN
// IMMEDIATE), so replicas that start together apply each migration exactly once.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "persistence/database.h"

namespace inburgering::persistence {

struct EmbeddedMigration {
  int version;
  const char* name;
  const char* sql;
};

// The migrations of `backend`, in version order (generated at build time).
const std::vector<EmbeddedMigration>& EmbeddedMigrations(Backend backend);

// Applies every pending migration, each with its row in schema_migrations, in one transaction.
// Returns how many it applied. FAILED_PRECONDITION when an applied migration's text has changed
// since, or the database has a version this build does not know (a newer build migrated it).
absl::StatusOr<int> Migrate(Database& database);

// How many migrations Migrate() would apply; the same FAILED_PRECONDITION cases.
absl::StatusOr<int> PendingMigrations(Database& database);

// Splits a migration into statements at semicolons that end a line (migrations keep one statement
// per `;`-terminated line group and no `;` at a line's end inside a statement); drops comments.
std::vector<std::string> SplitStatements(absl::string_view sql);

}  // namespace inburgering::persistence
