// S9 of quality.md, on SQLite and PostgreSQL: every client-list filter is served by an index (the
// query plans are read), and a call's database budget bounds how long it holds a session: a
// lease waits no longer, and a statement still running when it passes is interrupted.

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "persistence/call_budget.h"
#include "persistence/database.h"
#include "persistence/migrations.h"
#include "persistence/soci_errors.h"
#include "persistence/sql_repositories.h"
#include "soci/soci.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace inburgering::persistence {
namespace {

using ::inburgering::testing::AllBackends;
using ::inburgering::testing::BackendParamName;
using ::inburgering::testing::StatusIs;
using ::inburgering::testing::TestDatabase;
using ::testing::HasSubstr;
using ::testing::Not;

class LimitsTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    database_ = ::inburgering::testing::OpenMigrated(*db_);
    ASSERT_NE(database_, nullptr);
  }

  // The plan of a client list with `filter`, as the backend describes it (one line per step).
  std::string PlanOf(const domain::ClientFilter& filter, bool has_cursor) {
    return PlanOf(absl::StrCat("SELECT c.id FROM clients c ", ClientListWhere(filter, has_cursor)));
  }

  // The plan of `sql` with its binds replaced by values.
  std::string PlanOf(std::string sql) {
    sql = absl::StrReplaceAll(sql, {{":municipality", "'0303'"},
                                    {":consultant", "'k1'"},
                                    {":target_group", "'ASYLUM_STATUS_HOLDER'"},
                                    {":phase", "'PROGRAMME'"},
                                    {":today", "'2026-11-01'"},
                                    {":after_family", "'A'"},
                                    {":after_given", "'B'"},
                                    {":after_id", "'c'"},
                                    {":limit", "51"},
                                    {":m0", "'0303'"},
                                    {":before", "0"},
                                    {":since2", "0"},
                                    {":since", "0"}});
    auto lease = database_->Acquire();
    EXPECT_TRUE(lease.ok());
    std::vector<std::string> lines;
    if (GetParam() == Backend::kSqlite) {
      soci::rowset<soci::row> rows = lease->session().prepare << "EXPLAIN QUERY PLAN " + sql;
      for (const soci::row& row : rows) lines.push_back(row.get<std::string>(3));
    } else {
      // The test's tables are nearly empty, where a sequential scan is cheapest: forbid it, so
      // that the plan shows which index the query can use.
      lease->session() << "SET enable_seqscan = off";
      soci::rowset<std::string> rows = lease->session().prepare << "EXPLAIN " + sql;
      for (const std::string& line : rows) lines.push_back(line);
      lease->session() << "RESET enable_seqscan";
    }
    return absl::StrJoin(lines, "\n");
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Database> database_;
};

TEST_P(LimitsTest, EveryClientListFilterIsServedByAnIndex) {
  struct Case {
    const char* name;
    domain::ClientFilter filter;
    std::vector<const char*> indexes;  // one of them must appear
  };
  domain::ClientFilter base;
  base.municipality = "0303";
  std::vector<Case> cases;
  cases.push_back({"no filter", base, {"clients_by_name"}});
  cases.push_back({"consultant", base, {"clients_by_consultant_name"}});
  cases.back().filter.consultant_id = "k1";
  cases.push_back({"target group", base, {"clients_by_target_group_name"}});
  cases.back().filter.target_group = domain::TargetGroup::kAsylumStatusHolder;
  cases.push_back({"phase", base, {"trajectories_by_client_phase"}});
  cases.back().filter.phase = domain::Phase::kProgramme;
  cases.push_back({"overdue", base, {"trajectories_by_client_phase", "trajectories_by_client "}});
  cases.back().filter.overdue_on = absl::CivilDay(2026, 11, 1);
  for (const Case& c : cases) {
    for (bool has_cursor : {false, true}) {
      SCOPED_TRACE(absl::StrCat(c.name, has_cursor ? " (a later page)" : ""));
      const std::string plan = PlanOf(c.filter, has_cursor) + " ";
      // No table read whole: SQLite says SCAN (without an index) and PostgreSQL Seq Scan.
      EXPECT_THAT(plan, Not(HasSubstr("Seq Scan"))) << plan;
      EXPECT_THAT(plan, Not(HasSubstr("SCAN c\n"))) << plan;
      EXPECT_THAT(plan, Not(HasSubstr("SCAN t\n"))) << plan;
      bool uses_index = false;
      for (const char* index : c.indexes)
        uses_index = uses_index || plan.find(index) != std::string::npos;
      EXPECT_TRUE(uses_index) << plan;
      // The trajectories of a filter are looked up by client, never by phase alone.
      if (c.filter.phase || c.filter.overdue_on) {
        EXPECT_THAT(plan, Not(HasSubstr("trajectories_by_deadline"))) << plan;
      }
    }
  }
}

// The CBS file reads each client and their latest trajectory from two indexes alone on SQLite
// (migration 0013 made them carry every column the export reads), never a row (a trajectory's
// holds its document): about 10 page reads a record before, 19 k -> 37 k records/s at 100 k.
TEST_P(LimitsTest, TheCbsExportReadsClientsAndTrajectoriesFromIndexes) {
  domain::CbsSelection selection;
  selection.municipalities = {"0303"};
  selection.from = absl::CivilDay(2026, 7, 1);
  selection.to = absl::CivilDay(2026, 9, 30);
  for (bool correction : {false, true}) {
    SCOPED_TRACE(correction ? "a correction" : "a delivery");
    if (correction) selection.changed_since = absl::UnixEpoch();
    for (const bool count : {false, true}) {
      const std::string plan =
          PlanOf(count ? CbsCountSql(selection) : CbsExportSql(selection, 1000)) + "\n";
      EXPECT_THAT(plan, Not(HasSubstr("Seq Scan"))) << plan;
      EXPECT_THAT(plan, Not(HasSubstr("SCAN c\n"))) << plan;
      EXPECT_THAT(plan, Not(HasSubstr("SCAN t"))) << plan;
      if (GetParam() == Backend::kSqlite) {
        EXPECT_THAT(plan, HasSubstr("SEARCH c USING COVERING INDEX clients_for_cbs (")) << plan;
        // The latest trajectory: found in the index, and (the export) joined from it.
        EXPECT_THAT(plan, HasSubstr("SEARCH t2 USING COVERING INDEX trajectories_by_client ("))
            << plan;
        if (!count) {
          EXPECT_THAT(plan, HasSubstr("SEARCH t USING COVERING INDEX trajectories_by_client ("))
              << plan;
        }
        EXPECT_THAT(plan, Not(HasSubstr("sqlite_autoindex_trajectories"))) << plan;
      }
    }
  }
}

// A lease waits no longer than the call's budget for a free session.
TEST_P(LimitsTest, ALeaseWaitsNoLongerThanTheCallsBudget) {
  auto first = database_->Acquire();
  auto second = database_->Acquire();
  ASSERT_TRUE(first.ok() && second.ok());
  const absl::Time start = absl::Now();
  {
    ScopedCallBudget budget(start + absl::Milliseconds(300));
    EXPECT_THAT(database_->Acquire().status(), StatusIs(absl::StatusCode::kDeadlineExceeded));
  }
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));  // not the 5 s lease timeout
}

// A statement still running when the call's budget runs out is interrupted, and the session
// serves the next call at once.
TEST_P(LimitsTest, AStatementPastTheCallsBudgetIsInterrupted) {
  const std::string slow =
      GetParam() == Backend::kSqlite
          ? "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000000000)"
            " SELECT count(*) FROM n"
          : "SELECT count(*) FROM pg_sleep(20)";
  const absl::Time start = absl::Now();
  {
    ScopedCallBudget budget(start + absl::Milliseconds(300));
    auto lease = database_->Acquire();
    ASSERT_TRUE(lease.ok());
    const absl::Status status = Guard("slow", [&]() -> absl::Status {
      long long count = 0;
      lease->session() << slow, soci::into(count);
      return absl::OkStatus();
    });
    EXPECT_THAT(status, StatusIs(absl::StatusCode::kDeadlineExceeded));
  }
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
  EXPECT_GE(database_->interrupted(), 1);
  // Both sessions work, without a budget too.
  for (int i = 0; i < 2; ++i) {
    auto lease = database_->Acquire();
    ASSERT_TRUE(lease.ok());
    int one = 0;
    lease->session() << "SELECT 1", soci::into(one);
    EXPECT_EQ(one, 1);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, LimitsTest, ::testing::ValuesIn(AllBackends()),
                         BackendParamName());

}  // namespace
}  // namespace inburgering::persistence
