#include "tests/testing/test_database.h"

#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "persistence/migrations.h"
#include "soci/postgresql/soci-postgresql.h"
#include "soci/soci.h"

namespace inburgering::testing {
namespace {

std::string PostgresTemplate() {
  const char* url = std::getenv("INBURGERING_TEST_POSTGRES_URL");
  return url == nullptr ? "" : url;
}

std::string PostgresUrl(const std::string& db) {
  return absl::StrReplaceAll(PostgresTemplate(), {{"{db}", db}});
}

}  // namespace

std::vector<persistence::Backend> AllBackends() {
  return {persistence::Backend::kSqlite, persistence::Backend::kPostgresql};
}

std::string BackendName(persistence::Backend backend) {
  return backend == persistence::Backend::kSqlite ? "SQLite" : "PostgreSQL";
}

TestDatabase::TestDatabase(persistence::Backend backend) : backend_(backend) {
  if (backend == persistence::Backend::kSqlite) {
    std::string dir = (std::filesystem::temp_directory_path() / "inburgering-test-XXXXXX").string();
    if (mkdtemp(dir.data()) == nullptr) ADD_FAILURE() << "cannot create a temporary folder";
    cleanup_ = dir;
    url_ = absl::StrCat("sqlite:", dir, "/test.db");
    return;
  }
  if (PostgresTemplate().empty()) {
    ADD_FAILURE() << "INBURGERING_TEST_POSTGRES_URL is not set: run the tests with ctest (make "
                     "test), which starts PostgreSQL";
    url_ = "postgresql://missing";
    return;
  }
  absl::BitGen gen;
  cleanup_ = absl::StrFormat("test_%d_%016x", getpid(), absl::Uniform<uint64_t>(gen));
  soci::session admin(*soci::factory_postgresql(), PostgresUrl("postgres"));
  admin << "CREATE DATABASE " + cleanup_;
  url_ = PostgresUrl(cleanup_);
}

TestDatabase::~TestDatabase() {
  if (cleanup_.empty()) return;
  if (backend_ == persistence::Backend::kSqlite) {
    std::error_code ignored;
    std::filesystem::remove_all(cleanup_, ignored);
    return;
  }
  try {
    soci::session admin(*soci::factory_postgresql(), PostgresUrl("postgres"));
    admin << "DROP DATABASE IF EXISTS " + cleanup_ + " WITH (FORCE)";
  } catch (const std::exception& e) {
    ADD_FAILURE() << "cannot drop the test database: " << e.what();
  }
}

std::unique_ptr<persistence::Database> OpenMigrated(const TestDatabase& db, int pool_size,
                                                    absl::Duration lease_timeout) {
  persistence::DatabaseOptions options;
  options.url = db.url();
  options.pool_size = pool_size;
  options.lease_timeout = lease_timeout;
  auto database = persistence::Database::Open(options);
  if (!database.ok()) {
    ADD_FAILURE() << database.status();
    return nullptr;
  }
  if (absl::StatusOr<int> migrated = persistence::Migrate(**database); !migrated.ok()) {
    ADD_FAILURE() << migrated.status();
    return nullptr;
  }
  return *std::move(database);
}

}  // namespace inburgering::testing
