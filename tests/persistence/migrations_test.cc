#include "persistence/migrations.h"

#include <future>
#include <memory>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "soci/soci.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace inburgering::persistence {
namespace {

using ::inburgering::testing::AllBackends;
using ::inburgering::testing::BackendParamName;
using ::inburgering::testing::IsOkAndHolds;
using ::inburgering::testing::StatusIs;
using ::inburgering::testing::TestDatabase;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::unique_ptr<Database> OpenDatabase(const TestDatabase& db, int pool_size = 2) {
  DatabaseOptions options;
  options.url = db.url();
  options.pool_size = pool_size;
  auto database = Database::Open(options);
  EXPECT_TRUE(database.ok()) << database.status();
  return database.ok() ? *std::move(database) : nullptr;
}

int RecordedMigrations(Database& database) {
  auto lease = database.Acquire();
  int count = -1;
  lease->session() << "SELECT count(*) FROM schema_migrations", soci::into(count);
  return count;
}

class MigrationsTest : public ::testing::TestWithParam<Backend> {};

TEST_P(MigrationsTest, AppliesEveryMigrationOnceAndNothingTheSecondTime) {
  TestDatabase db(GetParam());
  auto database = OpenDatabase(db);
  ASSERT_NE(database, nullptr);
  const int known = static_cast<int>(EmbeddedMigrations(GetParam()).size());
  ASSERT_GT(known, 0);
  EXPECT_THAT(PendingMigrations(*database), IsOkAndHolds(known));
  EXPECT_THAT(Migrate(*database), IsOkAndHolds(known));
  EXPECT_THAT(Migrate(*database), IsOkAndHolds(0));
  EXPECT_THAT(PendingMigrations(*database), IsOkAndHolds(0));
  EXPECT_EQ(RecordedMigrations(*database), known);
}

TEST_P(MigrationsTest, TwoReplicasStartingTogetherApplyEachMigrationExactlyOnce) {
  TestDatabase db(GetParam());
  auto first = OpenDatabase(db);
  auto second = OpenDatabase(db);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  auto a = std::async(std::launch::async, [&] { return Migrate(*first); });
  auto b = std::async(std::launch::async, [&] { return Migrate(*second); });
  absl::StatusOr<int> applied_a = a.get();
  absl::StatusOr<int> applied_b = b.get();
  ASSERT_TRUE(applied_a.ok()) << applied_a.status();
  ASSERT_TRUE(applied_b.ok()) << applied_b.status();
  const int known = static_cast<int>(EmbeddedMigrations(GetParam()).size());
  EXPECT_EQ(*applied_a + *applied_b, known);
  EXPECT_EQ(RecordedMigrations(*first), known);
}

TEST_P(MigrationsTest, RefusesADatabaseMigratedByANewerBuild) {
  TestDatabase db(GetParam());
  auto database = OpenDatabase(db);
  ASSERT_NE(database, nullptr);
  ASSERT_TRUE(Migrate(*database).ok());
  {
    auto lease = database->Acquire();
    lease->session() << "INSERT INTO schema_migrations (version, name, checksum, applied_at)"
                        " VALUES (9999, '9999_future', 'x', 0)";
  }
  EXPECT_THAT(PendingMigrations(*database),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("newer")));
  EXPECT_THAT(Migrate(*database), StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_P(MigrationsTest, RefusesAMigrationChangedAfterItWasApplied) {
  TestDatabase db(GetParam());
  auto database = OpenDatabase(db);
  ASSERT_NE(database, nullptr);
  ASSERT_TRUE(Migrate(*database).ok());
  {
    auto lease = database->Acquire();
    lease->session() << "UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1";
  }
  EXPECT_THAT(Migrate(*database),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("changed")));
}

// Migration 0010 (Logboek Dataverwerkingen 1.0): processing records written before it become
// spans of their own, keep their time as start and end, get the LDV status of their gRPC code and
// their subject's type, and lose the actor (the audit trail keeps who).
TEST_P(MigrationsTest, ProcessingRecordsWrittenBeforeLdvMigrate) {
  TestDatabase db(GetParam());
  auto database = OpenDatabase(db);
  ASSERT_NE(database, nullptr);
  auto lease = database->Acquire();
  for (const EmbeddedMigration& m : EmbeddedMigrations(GetParam())) {
    if (m.version == 10) {
      lease->session() << "INSERT INTO processing_records (time, trace_id, operation_id, activity,"
                          " status, actor, municipality, subject) VALUES"
                          " (1000, 't1', 'r1', 'GetClient', 'OK', 'consultant-9', '0303', 'p1'),"
                          " (2000, 't2', 'r2', 'GetConsultant', 'NOT_FOUND', 'lead', '0303', 'p2'),"
                          " (3000, 't3', 'r3', 'GetCaseFile', 'INTERNAL', 'x', '0303', 'p1')";
    }
    for (const std::string& statement : SplitStatements(m.sql)) lease->session() << statement;
  }
  std::vector<std::string> statuses, types, spans;
  soci::rowset<soci::row> rows =
      (lease->session().prepare << "SELECT span_id, ldv_status, data_subject_id_type, start_time"
                                   " FROM processing_records ORDER BY time");
  std::vector<long long> starts;
  for (const soci::row& row : rows) {
    spans.push_back(row.get<std::string>(0));
    statuses.push_back(row.get<std::string>(1));
    types.push_back(row.get<std::string>(2));
    starts.push_back(row.get<long long>(3));
  }
  ASSERT_EQ(spans.size(), 3u);
  for (const std::string& s : spans) EXPECT_THAT(s, ::testing::MatchesRegex("[0-9a-f]{16}"));
  EXPECT_NE(spans[0], spans[1]);
  EXPECT_THAT(statuses, ElementsAre("Ok", "Unset", "Error"));
  EXPECT_THAT(
      types, ElementsAre("urn:inburgering:pseudonym:client", "urn:inburgering:pseudonym:consultant",
                         "urn:inburgering:pseudonym:client"));
  EXPECT_THAT(starts, ElementsAre(1000, 2000, 3000));
  EXPECT_ANY_THROW(lease->session() << "SELECT actor FROM processing_records");
  // Append-only again afterwards.
  EXPECT_ANY_THROW(lease->session() << "UPDATE processing_records SET subject = 'p9'");
  EXPECT_ANY_THROW(lease->session() << "DELETE FROM processing_records");
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationsTest, ::testing::ValuesIn(AllBackends()),
                         BackendParamName());

TEST(SplitStatementsTest, SplitsAtLineEndingSemicolonsAndDropsComments) {
  EXPECT_THAT(SplitStatements("-- a comment\nCREATE TABLE a (\n  x INTEGER\n);\n\n"
                              "CREATE INDEX i ON a (x);\nINSERT INTO a VALUES (1)"),
              ElementsAre("CREATE TABLE a (\n  x INTEGER\n)", "CREATE INDEX i ON a (x)",
                          "INSERT INTO a VALUES (1)"));
}

TEST(DatabaseUrlTest, NamesTheBackendOrRefusesWithoutRepeatingTheUrl) {
  EXPECT_THAT(BackendOf("sqlite:var/x.db"), IsOkAndHolds(Backend::kSqlite));
  EXPECT_THAT(BackendOf("postgresql://u@h:5432/db"), IsOkAndHolds(Backend::kPostgresql));
  EXPECT_THAT(BackendOf("postgres://u@h/db"), IsOkAndHolds(Backend::kPostgresql));
  absl::StatusOr<Backend> bad = BackendOf("mysql://user:secret@host/db");
  EXPECT_THAT(bad, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(std::string(bad.status().message()), ::testing::Not(HasSubstr("secret")));
  EXPECT_THAT(BackendOf("sqlite:"), StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(DatabaseTest, UnreachablePostgresqlIsUnavailable) {
  DatabaseOptions options;
  options.url = "postgresql://nobody@/nowhere?host=/nonexistent-socket-dir&connect_timeout=1";
  options.pool_size = 1;
  EXPECT_THAT(Database::Open(options), StatusIs(absl::StatusCode::kUnavailable));
}

}  // namespace
}  // namespace inburgering::persistence
