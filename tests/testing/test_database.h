#pragma once

// Fresh, empty databases for tests: a new SQLite file in a temporary folder, or a new database in
// the test run's PostgreSQL cluster (INBURGERING_TEST_POSTGRES_URL, with `{db}` where the
// database name goes). A PostgreSQL test without that variable fails: it is never skipped.

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "persistence/database.h"

namespace inburgering::testing {

// The backends every repository and server suite runs on.
std::vector<persistence::Backend> AllBackends();
std::string BackendName(persistence::Backend backend);

// The URL of a new empty database; dropped (PostgreSQL) or deleted (SQLite) on destruction.
class TestDatabase {
 public:
  explicit TestDatabase(persistence::Backend backend);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& url() const { return url_; }
  persistence::Backend backend() const { return backend_; }

 private:
  persistence::Backend backend_;
  std::string url_;
  std::string cleanup_;  // the SQLite folder, or the PostgreSQL database name
};

// `db` opened with a pool of `pool_size` sessions and `lease_timeout`, its migrations applied;
// nullptr, with a test failure saying why, when either fails.
std::unique_ptr<persistence::Database> OpenMigrated(
    const TestDatabase& db, int pool_size = 2, absl::Duration lease_timeout = absl::Seconds(5));

// gtest's name generator for TEST_P over AllBackends().
struct BackendParamName {
  template <typename ParamInfo>
  std::string operator()(const ParamInfo& info) const {
    return BackendName(info.param);
  }
};

}  // namespace inburgering::testing
