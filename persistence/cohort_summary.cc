#include "persistence/cohort_summary.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "domain/dates.h"
#include "domain/status_macros.h"
#include "persistence/codec.h"
#include "persistence/facts_columns.h"
#include "persistence/soci_errors.h"

namespace inburgering::persistence {
namespace {

using domain::Counter;

// Which year a counter belongs to: its trajectory's first plan's (the cohort) or its plan's due
// date's (the plan-on-time counters).
enum class YearOf { kFirstPlan, kPlanDue };

// Each counter as SQL over one trajectory row that belongs to the counter's year, in Counter
// order. `settled`: the condition (or, for an amount, the amount) that holds once and for all;
// `pending` and `day`: a condition that counts once the column `day` is before today. {W}: the
// trajectory is under the Wi2021 (rows from before the regime was stored are).
struct CounterSql {
  Counter counter;
  const char* column;  // in cohort_summary
  const char* settled;
  YearOf year = YearOf::kFirstPlan;
  const char* pending = nullptr;
  const char* day = nullptr;
  bool amount = false;    // summed over the cohort's Wi2021 rows rather than counted
  long long divisor = 1;  // an amount kept in thousandths (hours) is read back whole
};

constexpr CounterSql kCounters[] = {
    {domain::kCohort, "cohort", "{W}"},
    {domain::kPlanDue, "plan_due", "{W} AND first_plan_date IS NOT NULL", YearOf::kPlanDue,
     "{W} AND first_plan_date IS NULL", "plan_due"},
    {domain::kPlanInTime, "plan_in_time", "{W} AND first_plan_date <= plan_due", YearOf::kPlanDue},
    {domain::kStartDue, "start_due",
     "{W} AND programme_start_due IS NOT NULL AND programme_start IS NOT NULL", YearOf::kFirstPlan,
     "{W} AND programme_start_due IS NOT NULL AND programme_start IS NULL", "programme_start_due"},
    {domain::kStartInTime, "start_in_time", "{W} AND programme_start <= programme_start_due"},
    {domain::kRouteB1, "route_b1", "{W} AND route = 'B1'"},
    {domain::kRouteEducation, "route_education", "{W} AND route = 'EDUCATION'"},
    {domain::kRouteZ, "route_z", "{W} AND route = 'Z'"},
    {domain::kSwitched, "switched", "{W} AND route_switches > 0"},
    {domain::kLowered, "lowered_b1", "{W} AND lowered <> 0"},
    {domain::kKnmDone, "knm_done", "{W} AND knm_date IS NOT NULL"},
    {domain::kPvtDone, "pvt_done", "{W} AND pvt_date IS NOT NULL"},
    {domain::kMapDue, "map_due", "{W} AND route <> 'EDUCATION'"},
    {domain::kMapDone, "map_done", "{W} AND route <> 'EDUCATION' AND map_date IS NOT NULL"},
    {domain::kReadingPassed, "reading", "{W} AND reading_passed IS NOT NULL"},
    {domain::kListeningPassed, "listening", "{W} AND listening_passed IS NOT NULL"},
    {domain::kWritingPassed, "writing", "{W} AND writing_passed IS NOT NULL"},
    {domain::kSpeakingPassed, "speaking", "{W} AND speaking_passed IS NOT NULL"},
    {domain::kTermEnded, "term_ended", "{W} AND closed_on IS NOT NULL", YearOf::kFirstPlan,
     "{W} AND closed_on IS NULL AND term_last_day IS NOT NULL", "term_last_day"},
    {domain::kFulfilledInTerm, "fulfilled_in_term",
     "{W} AND closure_reason IN ('FULFILLED', 'EXEMPTION') AND closed_on <= term_last_day"},
    {domain::kExtendedIllness, "extended_illness", "{W} AND ext_illness > 0"},
    {domain::kExtendedChildbirth, "extended_childbirth", "{W} AND ext_childbirth > 0"},
    {domain::kExtendedSpecial, "extended_special", "{W} AND ext_special > 0"},
    {domain::kExtendedProgrammeLate, "extended_programme_late", "{W} AND ext_programme_late > 0"},
    {domain::kExtendedOther, "extended_other", "{W} AND ext_other > 0"},
    {domain::kWarned, "warned", "{W} AND warnings > 0"},
    {domain::kFined, "fined", "{W} AND fines_imposed > 0"},
    {domain::kOutcome12, "outcome_12m", "{W} AND (outcome_12 & 8) <> 0"},
    {domain::kWork12, "work_12m", "{W} AND (outcome_12 & 1) <> 0"},
    {domain::kEducation12, "education_12m", "{W} AND (outcome_12 & 2) <> 0"},
    {domain::kOffBenefits12, "off_benefits_12m", "{W} AND (outcome_12 & 4) <> 0"},
    {domain::kOutcome24, "outcome_24m", "{W} AND (outcome_24 & 8) <> 0"},
    {domain::kWork24, "work_24m", "{W} AND (outcome_24 & 1) <> 0"},
    {domain::kEducation24, "education_24m", "{W} AND (outcome_24 & 2) <> 0"},
    {domain::kOffBenefits24, "off_benefits_24m", "{W} AND (outcome_24 & 4) <> 0"},
    {domain::kOutcome36, "outcome_36m", "{W} AND (outcome_36 & 8) <> 0"},
    {domain::kWork36, "work_36m", "{W} AND (outcome_36 & 1) <> 0"},
    {domain::kEducation36, "education_36m", "{W} AND (outcome_36 & 2) <> 0"},
    {domain::kOffBenefits36, "off_benefits_36m", "{W} AND (outcome_36 & 4) <> 0"},
    {domain::kAttendedHours, "attended_millihours", "CAST(ROUND(attended_hours * 1000) AS BIGINT)",
     YearOf::kFirstPlan, nullptr, nullptr, true, 1000},
    {domain::kUnexcusedHours, "unexcused_millihours",
     "CAST(ROUND(unexcused_hours * 1000) AS BIGINT)", YearOf::kFirstPlan, nullptr, nullptr, true,
     1000},
    {domain::kOfferCents, "offer_cents", "offer_cents", YearOf::kFirstPlan, nullptr, nullptr, true},
    {domain::kOutsideWi2021, "outside_wi2021", "NOT {W}"},
};
static_assert(std::size(kCounters) == domain::kCounterCount, "a counter without its SQL");

constexpr int kPresent = domain::kCounterCount;  // the index of `present` in SummaryCounts
constexpr const char* kWi2021 = "(regime IS NULL OR regime = 'WI2021')";
constexpr const char* kKey = "year, target_group, route, provider, due_day";

const char* YearColumn(YearOf year) {
  return year == YearOf::kFirstPlan ? "first_plan_date" : "plan_due";
}

std::string Wi(const char* text) { return absl::StrReplaceAll(text, {{"{W}", kWi2021}}); }

std::string Count(const std::string& condition) {
  return absl::StrCat("CASE WHEN ", condition, " THEN 1 ELSE 0 END");
}

// A counter's value on the main row of its year (the branches' `value` for the main rows).
std::string MainValue(const CounterSql& c) {
  if (c.amount) return absl::StrCat("CASE WHEN ", kWi2021, " THEN ", c.settled, " ELSE 0 END");
  return Count(Wi(c.settled));
}

// One branch of a trajectory's contribution: the rows of `r` where `where` holds, keyed by the
// year of `year` and `due_day`, with `value(c)` for each counter.
template <typename Value>
std::string Branch(YearOf year, const std::string& due_day, int present, const std::string& where,
                   Value value) {
  std::vector<std::string> columns = {
      "municipality",
      absl::StrCat("CAST(substr(", YearColumn(year), ", 1, 4) AS INTEGER) AS year"),
      "COALESCE(target_group, '') AS target_group",
      "COALESCE(route, '') AS route",
      "COALESCE(provider, '') AS provider",
      absl::StrCat(due_day, " AS due_day"),
      absl::StrCat(present, " AS present")};
  for (const CounterSql& c : kCounters) {
    columns.push_back(absl::StrCat(value(c), " AS ", c.column));
  }
  return absl::StrCat("SELECT ", absl::StrJoin(columns, ", "), " FROM r WHERE ", YearColumn(year),
                      " IS NOT NULL AND ", where);
}

// What every stored trajectory counts for, summed per municipality and key (the rebuild; a single
// write reads its one row with OneRowSql instead).
std::string ContributionSql() {
  std::vector<std::string> branches;
  for (YearOf year : {YearOf::kFirstPlan, YearOf::kPlanDue}) {  // the main rows
    branches.push_back(Branch(year, "''", 1, "1 = 1", [&](const CounterSql& c) -> std::string {
      return c.year == year ? MainValue(c) : "0";
    }));
  }
  for (const CounterSql& pending : kCounters) {  // a row per day that is still to come
    if (pending.pending == nullptr) continue;
    branches.push_back(Branch(pending.year, pending.day, 0,
                              absl::StrCat(pending.day, " IS NOT NULL AND ", Wi(pending.pending)),
                              [&](const CounterSql& c) -> std::string {
                                return c.counter == pending.counter ? "1" : "0";
                              }));
  }
  std::vector<std::string> sums = {"CAST(SUM(present) AS BIGINT)"};
  for (const CounterSql& c : kCounters) {
    sums.push_back(absl::StrCat("CAST(SUM(", c.column, ") AS BIGINT)"));
  }
  return absl::StrCat("WITH r AS (SELECT municipality, route, first_plan_date, closed_on, ",
                      FactColumns(), " FROM trajectories) SELECT municipality, ", kKey, ", ",
                      absl::StrJoin(sums, ", "), " FROM (", absl::StrJoin(branches, " UNION ALL "),
                      ") x GROUP BY municipality, ", kKey);
}

std::string CounterColumns() {
  std::vector<std::string> columns = {"present"};
  for (const CounterSql& c : kCounters) columns.emplace_back(c.column);
  return absl::StrJoin(columns, ", ");
}

// One stored trajectory's contribution as a single row, split into keys by CohortSummary::Of
// (the same as ContributionSql's branches, without their union and grouping): the two years'
// dates, the group, each counter's main value, then each pending counter's flag and day.
// With the client as well when it is known: PostgreSQL keeps a prepared statement's generic plan,
// and one made while the table was nearly empty chose an index on (municipality, client_id, ...)
// for `municipality = $1 AND id = $2`, filtering every trajectory of the municipality (4 ms a
// write at 8,000, until autovacuum's next ANALYZE); with the client that index finds the row too.
const std::string& OneRowSql(bool with_client) {
  static const auto* const texts = new std::array<std::string, 2>([] {
    std::vector<std::string> columns = {"first_plan_date", "plan_due", "COALESCE(target_group, '')",
                                        "COALESCE(route, '')", "COALESCE(provider, '')"};
    for (const CounterSql& c : kCounters) columns.push_back(MainValue(c));
    for (const CounterSql& c : kCounters) {
      if (c.pending == nullptr) continue;
      columns.push_back(Count(Wi(c.pending)));
      columns.emplace_back(c.day);
    }
    const std::string select =
        absl::StrCat("SELECT ", absl::StrJoin(columns, ", "),
                     " FROM trajectories WHERE municipality = :municipality");
    return std::array<std::string, 2>{
        absl::StrCat(select, " AND id = :id"),
        absl::StrCat(select, " AND client_id = :client_id AND id = :id")};
  }());
  return (*texts)[with_client ? 1 : 0];
}

long long YearOfDay(const std::string& day) {
  long long year = 0;
  for (size_t i = 0; i < 4 && i < day.size(); ++i) year = year * 10 + (day[i] - '0');
  return year;
}

// The most keys one write can change: a contribution has at most five (two main rows, three
// pending days), before and after.
constexpr int kMaxUpsertRows = 10;

// An upsert of `rows` summary rows in one statement (one round trip on PostgreSQL), built once
// per row count: the statement cache is keyed by the text.
const std::string& UpsertSql(int rows) {
  static const auto* const texts = new std::array<std::string, kMaxUpsertRows + 1>([] {
    std::vector<std::string> names = {"municipality", "year",    "target_group", "route",
                                      "provider",     "due_day", "present"};
    std::vector<std::string> sets = {"present = cohort_summary.present + excluded.present"};
    for (const CounterSql& c : kCounters) {
      names.emplace_back(c.column);
      sets.push_back(
          absl::StrCat(c.column, " = cohort_summary.", c.column, " + excluded.", c.column));
    }
    // Each row's placeholders named apart (SQLite takes one name for one value).
    auto row = [&](int r) {
      std::vector<std::string> values;
      values.reserve(names.size());
      for (const std::string& n : names) values.push_back(absl::StrCat(":r", r, "_", n));
      return absl::StrCat("(", absl::StrJoin(values, ", "), ")");
    };
    std::array<std::string, kMaxUpsertRows + 1> built;
    std::vector<std::string> rows;
    for (int n = 1; n <= kMaxUpsertRows; ++n) {
      rows.push_back(row(n));
      built[n] =
          absl::StrCat("INSERT INTO cohort_summary (municipality, ", kKey, ", ", CounterColumns(),
                       ") VALUES ", absl::StrJoin(rows, ", "), " ON CONFLICT (municipality, ", kKey,
                       ") DO UPDATE SET ", absl::StrJoin(sets, ", "));
    }
    return built;
  }());
  return (*texts)[rows];
}

const std::string& SummaryReadSql() {
  static const std::string sql = [] {
    std::vector<std::string> sums;
    for (const CounterSql& c : kCounters) {
      sums.push_back(absl::StrCat("CAST(SUM(", c.column, ") AS BIGINT)"));
    }
    return absl::StrCat(
        "SELECT target_group, route, provider, ", absl::StrJoin(sums, ", "),
        " FROM cohort_summary WHERE municipality = :municipality AND year = :year AND (due_day ="
        " '' OR due_day < :today) GROUP BY target_group, route, provider HAVING SUM(present) > 0"
        " ORDER BY target_group, route, provider");
  }();
  return sql;
}

// The full scan: each counter over the municipality's trajectories of the year, grouped.
std::string RecountSql(int year, absl::CivilDay today) {
  auto in = [&](YearOf y) {
    return absl::StrCat("(", YearColumn(y), " BETWEEN ", DayLiteral(absl::CivilDay(year, 1, 1)),
                        " AND ", DayLiteral(absl::CivilDay(year, 12, 31)), ")");
  };
  std::vector<std::string> sums;
  for (const CounterSql& c : kCounters) {
    std::string condition = absl::StrCat(in(c.year), " AND ");
    if (c.amount) {
      sums.push_back(absl::StrCat("CAST(SUM(CASE WHEN ", condition, kWi2021, " THEN ", c.settled,
                                  " ELSE 0 END) AS BIGINT)"));
      continue;
    }
    absl::StrAppend(&condition, "((", Wi(c.settled), ")");
    if (c.pending != nullptr) {
      absl::StrAppend(&condition, " OR (", Wi(c.pending), " AND ", c.day, " < ", DayLiteral(today),
                      ")");
    }
    absl::StrAppend(&condition, ")");
    sums.push_back(absl::StrCat("CAST(SUM(", Count(condition), ") AS BIGINT)"));
  }
  return absl::StrCat(
      "SELECT COALESCE(target_group, ''), COALESCE(route, ''), COALESCE(provider, ''), ",
      absl::StrJoin(sums, ", "), " FROM trajectories WHERE municipality = :municipality AND (",
      in(YearOf::kFirstPlan), " OR ", in(YearOf::kPlanDue),
      ") GROUP BY COALESCE(target_group, ''), COALESCE(route, ''), COALESCE(provider, '')"
      " ORDER BY 1, 2, 3");
}

// Reads the groups of a statement selecting target group, route, provider and the counters.
absl::StatusOr<std::vector<domain::CohortGroup>> ReadGroups(
    soci::statement& st, std::string& group, std::string& route, std::string& provider,
    std::array<long long, domain::kCounterCount>& counters) {
  std::vector<domain::CohortGroup> groups;
  while (st.fetch()) {
    domain::CohortGroup g;
    // Trajectories saved before the facts existed have no target group: counted as the first.
    if (!group.empty() && !ParseStored(group, &g.target_group)) {
      return absl::InternalError("unknown stored target group");
    }
    if (!route.empty()) {
      domain::Route r;
      if (!ParseStored(route, &r)) return absl::InternalError("unknown stored route");
      g.route = r;
    }
    g.provider = provider;
    for (const CounterSql& c : kCounters) g.counters[c.counter] = counters[c.counter] / c.divisor;
    groups.push_back(std::move(g));
  }
  return groups;
}

}  // namespace

absl::StatusOr<Contribution> CohortSummary::Of(const std::string& municipality,
                                               const std::string& client_id,
                                               const std::string& id) {
  return Guard("read cohort contribution", [&]() -> absl::StatusOr<Contribution> {
    Nullable first_plan, plan_due;
    std::string group, route, provider;
    SummaryCounts main{};
    struct Pending {
      const CounterSql* counter;
      long long flag = 0;
      Nullable day;
    };
    std::vector<Pending> pending;
    for (const CounterSql& c : kCounters) {
      if (c.pending != nullptr) pending.push_back({&c, 0, {}});
    }
    Statement st = sql_.Prepare(OneRowSql(!client_id.empty()));
    st->exchange(soci::into(first_plan.value, first_plan.ind));
    st->exchange(soci::into(plan_due.value, plan_due.ind));
    st->exchange(soci::into(group));
    st->exchange(soci::into(route));
    st->exchange(soci::into(provider));
    for (const CounterSql& c : kCounters) st->exchange(soci::into(main[c.counter]));
    for (Pending& p : pending) {
      st->exchange(soci::into(p.flag));
      st->exchange(soci::into(p.day.value, p.day.ind));
    }
    std::string municipality_value = municipality, client_value = client_id, id_value = id;
    st->exchange(soci::use(municipality_value));
    if (!client_id.empty()) st->exchange(soci::use(client_value));
    st->exchange(soci::use(id_value));
    st->define_and_bind();
    Contribution rows;
    if (!st->execute(true)) return rows;
    const Nullable* years[] = {&first_plan, &plan_due};  // by YearOf
    for (YearOf y : {YearOf::kFirstPlan, YearOf::kPlanDue}) {
      const Nullable& date = *years[static_cast<int>(y)];
      if (!date.Get()) continue;
      SummaryCounts& counts = rows[SummaryKey(YearOfDay(date.value), group, route, provider, "")];
      counts[kPresent] += 1;
      for (const CounterSql& c : kCounters) {
        if (c.year == y) counts[c.counter] += main[c.counter];
      }
    }
    for (const Pending& p : pending) {
      const Nullable& date = *years[static_cast<int>(p.counter->year)];
      if (p.flag == 0 || !date.Get() || !p.day.Get()) continue;
      rows[SummaryKey(YearOfDay(date.value), group, route, provider, p.day.value)]
          [p.counter->counter] += 1;
    }
    return rows;
  });
}

absl::Status CohortSummary::Apply(const std::string& municipality, const Contribution& before,
                                  const Contribution& after) {
  Contribution delta = after;
  for (const auto& [key, counts] : before) {
    SummaryCounts& d = delta[key];
    for (size_t i = 0; i < d.size(); ++i) d[i] -= counts[i];
  }
  struct Row {
    long long year;
    std::string group, route, provider, due_day;
    SummaryCounts counts;
  };
  std::vector<Row> rows;
  for (const auto& [key, counts] : delta) {
    if (std::all_of(counts.begin(), counts.end(), [](long long v) { return v == 0; })) continue;
    const auto& [year, group, route, provider, due_day] = key;
    rows.push_back({year, group, route, provider, due_day, counts});
  }
  if (rows.empty()) return absl::OkStatus();
  if (rows.size() > static_cast<size_t>(kMaxUpsertRows)) {
    return absl::InternalError("a trajectory changed more cohort summary rows than it can have");
  }
  return Guard("update cohort summary", [&]() -> absl::Status {
    std::string m = municipality;
    Statement st = sql_.Prepare(UpsertSql(static_cast<int>(rows.size())));
    // Bound by position, in the order of UpsertSql's values (a name is looked up among 50).
    for (Row& row : rows) {
      st->exchange(soci::use(m));
      st->exchange(soci::use(row.year));
      st->exchange(soci::use(row.group));
      st->exchange(soci::use(row.route));
      st->exchange(soci::use(row.provider));
      st->exchange(soci::use(row.due_day));
      st->exchange(soci::use(row.counts[kPresent]));
      for (const CounterSql& c : kCounters) st->exchange(soci::use(row.counts[c.counter]));
    }
    st->define_and_bind();
    st->execute(true);
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<domain::CohortGroup>> SummaryCohort(Sql& sql,
                                                               const std::string& municipality,
                                                               int year, absl::CivilDay today) {
  return Guard("read cohort summary", [&]() -> absl::StatusOr<std::vector<domain::CohortGroup>> {
    std::string m = municipality, day = domain::FormatDay(today), group, route, provider;
    long long year_value = year;
    std::array<long long, domain::kCounterCount> counters{};
    Statement st = sql.Prepare(SummaryReadSql());
    st->exchange(soci::into(group));
    st->exchange(soci::into(route));
    st->exchange(soci::into(provider));
    for (long long& c : counters) st->exchange(soci::into(c));
    st->exchange(soci::use(m, "municipality"));
    st->exchange(soci::use(year_value, "year"));
    st->exchange(soci::use(day, "today"));
    st->define_and_bind();
    st->execute(false);
    return ReadGroups(*st, group, route, provider, counters);
  });
}

absl::StatusOr<std::vector<domain::CohortGroup>> RecountCohort(Sql& sql,
                                                               const std::string& municipality,
                                                               int year, absl::CivilDay today) {
  return Guard("recount cohort", [&]() -> absl::StatusOr<std::vector<domain::CohortGroup>> {
    std::string m = municipality, group, route, provider;
    std::array<long long, domain::kCounterCount> counters{};
    // Not kept prepared: its text holds the year and today, and it runs only to check.
    soci::statement st(sql.session());
    st.alloc();
    st.prepare(RecountSql(year, today));
    st.exchange(soci::into(group));
    st.exchange(soci::into(route));
    st.exchange(soci::into(provider));
    for (long long& c : counters) st.exchange(soci::into(c));
    st.exchange(soci::use(m, "municipality"));
    st.define_and_bind();
    st.execute(false);
    return ReadGroups(st, group, route, provider, counters);
  });
}

void RebuildCohortSummary(soci::session& session) {
  session << "DELETE FROM cohort_summary";
  session << absl::StrCat("INSERT INTO cohort_summary (municipality, ", kKey, ", ",
                          CounterColumns(), ") ", ContributionSql());
}

absl::StatusOr<std::vector<std::string>> CohortSummaryDifferences(Sql& sql, absl::CivilDay today) {
  std::vector<std::pair<std::string, long long>> periods;
  RETURN_IF_ERROR(Guard("list cohort periods", [&]() -> absl::Status {
    std::string municipality;
    long long year = 0;
    soci::statement st =
        (sql.session().prepare
             << "SELECT municipality, year FROM cohort_summary UNION SELECT municipality,"
                " CAST(substr(first_plan_date, 1, 4) AS INTEGER) FROM trajectories WHERE"
                " first_plan_date IS NOT NULL UNION SELECT municipality, CAST(substr(plan_due, 1,"
                " 4) AS INTEGER) FROM trajectories WHERE plan_due IS NOT NULL ORDER BY 1, 2",
         soci::into(municipality), soci::into(year));
    st.execute(false);
    while (st.fetch()) periods.emplace_back(municipality, year);
    return absl::OkStatus();
  }));
  std::vector<std::string> differences;
  for (const auto& [municipality, year] : periods) {
    const int y = static_cast<int>(year);
    ASSIGN_OR_RETURN(std::vector<domain::CohortGroup> kept,
                     SummaryCohort(sql, municipality, y, today));
    ASSIGN_OR_RETURN(std::vector<domain::CohortGroup> counted,
                     RecountCohort(sql, municipality, y, today));
    using GroupKey = std::tuple<std::string, std::string, std::string>;
    auto key = [](const domain::CohortGroup& g) {
      return GroupKey(StoredName(g.target_group), g.route ? StoredName(*g.route) : "", g.provider);
    };
    std::map<GroupKey, std::pair<const domain::CohortGroup*, const domain::CohortGroup*>> groups;
    for (const domain::CohortGroup& g : kept) groups[key(g)].first = &g;
    for (const domain::CohortGroup& g : counted) groups[key(g)].second = &g;
    for (const auto& [k, pair] : groups) {
      const domain::CohortGroup none;
      const domain::CohortGroup& a = pair.first ? *pair.first : none;
      const domain::CohortGroup& b = pair.second ? *pair.second : none;
      std::vector<std::string> counters;
      if (!pair.first || !pair.second)
        counters.emplace_back(pair.first ? "only kept" : "only counted");
      for (const CounterSql& c : kCounters) {
        if (a.counters[c.counter] != b.counters[c.counter]) {
          counters.push_back(absl::StrCat(c.column, " kept ", a.counters[c.counter], " counted ",
                                          b.counters[c.counter]));
        }
      }
      if (counters.empty()) continue;
      differences.push_back(absl::StrCat(municipality, " ", year, " ", std::get<0>(k), "/",
                                         std::get<1>(k), "/", std::get<2>(k), ": ",
                                         absl::StrJoin(counters, ", ")));
    }
  }
  return differences;
}

absl::StatusOr<std::vector<std::string>> VerifyCohortSummary(Database& database,
                                                             absl::CivilDay today) {
  ASSIGN_OR_RETURN(Lease lease, database.Acquire());
  Sql sql(lease.session(), lease.statements());
  RETURN_IF_ERROR(Guard("begin", [&]() -> absl::Status {
    lease.session() << (database.backend() == Backend::kSqlite
                            ? "BEGIN"
                            : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    return absl::OkStatus();
  }));
  absl::StatusOr<std::vector<std::string>> differences = CohortSummaryDifferences(sql, today);
  RETURN_IF_ERROR(Guard("end", [&]() -> absl::Status {
    lease.session() << "ROLLBACK";
    return absl::OkStatus();
  }));
  return differences;
}

absl::Status RebuildCohortSummary(Database& database) {
  ASSIGN_OR_RETURN(Lease lease, database.Acquire());
  return Guard("rebuild cohort summary", [&]() -> absl::Status {
    soci::session& session = lease.session();
    session << (database.backend() == Backend::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN");
    try {
      RebuildCohortSummary(session);
      session << "COMMIT";
    } catch (...) {
      session << "ROLLBACK";
      throw;
    }
    return absl::OkStatus();
  });
}

}  // namespace inburgering::persistence
