#pragma once

// The council's cohort counters (domain/reporting.h, Counter) kept in `cohort_summary` as the
// trajectories change, so that the indicators read O(groups) rows at any size (R5) instead of
// scanning a year's trajectories.
//
// A row of the summary is keyed by municipality, year, target group, route, provider and a due
// day. The main rows (due day '') hold what a trajectory counts for once and for all; the three
// counters that also depend on today (a plan, a programme start or a term that is due) add a row
// per due day, counted once that day has passed. A trajectory's contribution is derived in SQL
// from its stored row, read before and after each write; the difference is added in the write's
// transaction, so the summary never holds half a change. A full recount (the reference, and the
// only form that reads every row) checks it: `reindex --verify` and the tests.

#include <array>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "domain/reporting.h"
#include "persistence/database.h"
#include "persistence/statements.h"
#include "soci/soci.h"

namespace inburgering::persistence {

// What one stored trajectory counts for: per summary key (year, target group, route, provider,
// due day), its counters followed by `present` (1 on a main row of a year it belongs to).
using SummaryKey = std::tuple<long long, std::string, std::string, std::string, std::string>;
using SummaryCounts = std::array<long long, domain::kCounterCount + 1>;
using Contribution = std::map<SummaryKey, SummaryCounts>;

class CohortSummary {
 public:
  explicit CohortSummary(Sql& sql) : sql_(sql) {}

  // What the stored trajectory (municipality, id) counts for now; empty when there is none.
  // `client_id` (the trajectory's client) may be empty when unknown; given, the lookup cannot
  // degrade into a scan of the municipality (cohort_summary.cc, OneRowSql).
  absl::StatusOr<Contribution> Of(const std::string& municipality, const std::string& client_id,
                                  const std::string& id);
  // Adds `after - before` to the municipality's summary, skipping keys where nothing changed.
  absl::Status Apply(const std::string& municipality, const Contribution& before,
                     const Contribution& after);

 private:
  Sql& sql_;
};

// The groups of `year`'s cohort from the summary, as of `today`.
absl::StatusOr<std::vector<domain::CohortGroup>> SummaryCohort(Sql& sql,
                                                               const std::string& municipality,
                                                               int year, absl::CivilDay today);
// The same by a full scan of the municipality's trajectories of that year.
absl::StatusOr<std::vector<domain::CohortGroup>> RecountCohort(Sql& sql,
                                                               const std::string& municipality,
                                                               int year, absl::CivilDay today);

// Replaces the summary by one derived from every stored trajectory, in the session's open
// transaction (a migration that adds the summary, or rows written outside the server).
void RebuildCohortSummary(soci::session& session);

// Where the summary and a full recount disagree, for every municipality and year that has a
// trajectory or a summary row: one line per group that differs (municipality, year, group,
// counters), never a person's data. Empty when they agree.
absl::StatusOr<std::vector<std::string>> CohortSummaryDifferences(Sql& sql, absl::CivilDay today);

// The two above in a transaction of their own (the `reindex` command): the differences read in
// one snapshot; the rebuild committed whole.
absl::StatusOr<std::vector<std::string>> VerifyCohortSummary(Database& database,
                                                             absl::CivilDay today);
absl::Status RebuildCohortSummary(Database& database);

}  // namespace inburgering::persistence
