// Issue 14: every SQL text is prepared once per pooled session and reused (statements.h), on
// SQLite and PostgreSQL; a statement returned to the cache holds no read open.

#include "persistence/statements.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "persistence/database.h"
#include "persistence/unit_of_work.h"
#include "soci/soci.h"
#include "soci/sqlite3/soci-sqlite3.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace inburgering::persistence {
namespace {

using domain::TransactionMode;
using ::inburgering::testing::AllBackends;
using ::inburgering::testing::BackendParamName;
using ::inburgering::testing::IsOk;
using ::inburgering::testing::TestDatabase;

class StatementCacheTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    // One session, so that every unit of work runs on the same one.
    database_ = ::inburgering::testing::OpenMigrated(*db_, 1);
    ASSERT_NE(database_, nullptr);
    transactions_ = std::make_unique<SociTransactionManager>(*database_);
    auto work = transactions_->Begin(TransactionMode::kReadWrite);
    ASSERT_THAT(work, IsOk());
    const absl::Time t = absl::FromUnixSeconds(1735689600);
    for (const char* id : {"k1", "k2", "k3"}) {
      ASSERT_THAT((*work)->consultants().Insert({"0303", id, id, "", true, 50, t, t, 1}), IsOk());
    }
    ASSERT_THAT((*work)->Commit(), IsOk());
  }

  // A read as a case file makes it: a consultant by id, a missing client, a list page.
  void Read(const std::string& consultant) {
    auto work = transactions_->Begin(TransactionMode::kReadOnly);
    ASSERT_THAT(work, IsOk());
    EXPECT_THAT((*work)->consultants().Get("0303", consultant), IsOk());
    EXPECT_FALSE((*work)->clients().Get("0303", "nobody").ok());
    EXPECT_THAT((*work)->consultants().List({"0303", false}, {2, ""}), IsOk());
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Database> database_;
  std::unique_ptr<SociTransactionManager> transactions_;
};

TEST_P(StatementCacheTest, RepeatingAReadPreparesNoStatementAgain) {
  const int64_t before = database_->statements_prepared();
  Read("k1");
  const int64_t first = database_->statements_prepared();
  EXPECT_GT(first, before) << "the first read prepares its statements";
  Read("k2");
  Read("k3");
  EXPECT_EQ(database_->statements_prepared(), first);
}

// A read of one statement needs no transaction around it: it prepares (and so runs) its own
// statement and no BEGIN or ROLLBACK, where a read-only unit of work prepares all three.
TEST_P(StatementCacheTest, AOneStatementReadRunsNoTransactionAroundIt) {
  const int64_t before = database_->statements_prepared();
  {
    auto work = transactions_->Begin(TransactionMode::kOneStatement);
    ASSERT_THAT(work, IsOk());
    EXPECT_THAT((*work)->consultants().Get("0303", "k1"), IsOk());
    EXPECT_THAT((*work)->Commit(), IsOk());
  }
  EXPECT_EQ(database_->statements_prepared(), before + 1);
  {
    auto work = transactions_->Begin(TransactionMode::kReadOnly);
    ASSERT_THAT(work, IsOk());
    EXPECT_THAT((*work)->consultants().Get("0303", "k2"), IsOk());
  }
  EXPECT_EQ(database_->statements_prepared(), before + 3) << "BEGIN and ROLLBACK, once each";
  auto again = transactions_->Begin(TransactionMode::kOneStatement);
  ASSERT_THAT(again, IsOk());
  EXPECT_THAT((*again)->consultants().Get("0303", "k3"), IsOk());
}

TEST_P(StatementCacheTest, AStatementNestedInItselfIsPreparedApartAndNotKept) {
  auto lease = database_->Acquire();
  ASSERT_THAT(lease, IsOk());
  Sql sql(lease->session(), lease->statements());
  const std::string kSelect = "SELECT id FROM consultants WHERE municipality = :m ORDER BY id";
  const std::string municipality = "0303";
  const int64_t before = lease->statements().prepares();
  {
    std::string outer, inner;
    Statement a = sql.Bind(kSelect, soci::into(outer), soci::use(municipality, "m"));
    ASSERT_TRUE(a->execute(true));
    // The same SQL again while the first is still being read: its own statement.
    Statement b = sql.Bind(kSelect, soci::into(inner), soci::use(municipality, "m"));
    ASSERT_TRUE(b->execute(true));
    EXPECT_EQ(outer, "k1");
    EXPECT_EQ(inner, "k1");
    ASSERT_TRUE(a->fetch());
    EXPECT_EQ(outer, "k2");
  }
  EXPECT_EQ(lease->statements().prepares(), before + 2);
  std::string id;
  EXPECT_TRUE(sql.Run(kSelect, soci::into(id), soci::use(municipality, "m")));
  EXPECT_EQ(lease->statements().prepares(), before + 2) << "the kept one is reused";
}

INSTANTIATE_TEST_SUITE_P(Backends, StatementCacheTest, ::testing::ValuesIn(AllBackends()),
                         BackendParamName());

// SQLite keeps a read open while a statement has rows left; a statement given back to the cache
// is reset, so no read outlives its unit of work (it would pin an old snapshot of the WAL).
TEST(SqliteStatementTest, AStatementGivenBackHoldsNoReadOpen) {
  TestDatabase db(Backend::kSqlite);
  std::unique_ptr<Database> database = ::inburgering::testing::OpenMigrated(db, 1);
  ASSERT_NE(database, nullptr);
  auto lease = database->Acquire();
  ASSERT_THAT(lease, IsOk());
  auto* backend = static_cast<soci::sqlite3_session_backend*>(lease->session().get_backend());
  auto busy = [&] {
    int running = 0;
    for (sqlite_api::sqlite3_stmt* st = sqlite_api::sqlite3_next_stmt(backend->conn_, nullptr);
         st != nullptr; st = sqlite_api::sqlite3_next_stmt(backend->conn_, st)) {
      running += sqlite_api::sqlite3_stmt_busy(st);
    }
    return running;
  };
  Sql sql(lease->session(), lease->statements());
  sql.Run(
      "INSERT INTO consultants (municipality, id, display_name, email, active, case_capacity,"
      " create_time, update_time, version) VALUES ('0303', 'k1', 'k1', '', 1, 5, 0, 0, 1),"
      " ('0303', 'k2', 'k2', '', 1, 5, 0, 0, 1)");
  {
    std::string id;
    Statement st = sql.Bind("SELECT id FROM consultants ORDER BY id", soci::into(id));
    ASSERT_TRUE(st->execute(true));  // one row read, one left
    EXPECT_EQ(busy(), 1);
  }
  EXPECT_EQ(busy(), 0);
}

}  // namespace
}  // namespace inburgering::persistence
