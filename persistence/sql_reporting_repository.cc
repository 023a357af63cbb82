// SQL for reporting: the cohort from its summary (cohort_summary.h), a grouped count for the
// caseload, a union of due dates for the work queue, and a streamed query for the CBS delivery.
//
// Dates in these statements are written as literals: they come from absl::CivilDay through
// FormatDay (YYYY-MM-DD, nothing else), and the cohort scan compares against them dozens of
// times. Every value that comes from a request is bound.

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/status_macros.h"
#include "persistence/codec.h"
#include "persistence/cohort_summary.h"
#include "persistence/cursor.h"
#include "persistence/facts_columns.h"
#include "persistence/soci_errors.h"
#include "persistence/sql_repositories.h"
#include "soci/soci.h"

namespace inburgering::persistence {
namespace {

// The statements of this file (each prepared once per session, statements.h).
constexpr const char* kReportingLastDelivery =
    "SELECT municipality, id, quarter, correction, created_by,"
    " create_time, records FROM cbs_deliveries WHERE municipality ="
    " :municipality AND quarter = :quarter ORDER BY create_time DESC"
    " LIMIT 1";
constexpr const char* kReportingListDeliveries =
    "SELECT municipality, id, quarter, correction, created_by, create_time, records"
    " FROM cbs_deliveries WHERE municipality = :municipality AND (:first = 1 OR create_time <"
    " :before OR (create_time = :before2 AND id < :before_id))"
    " ORDER BY create_time DESC, id DESC LIMIT :limit";
constexpr const char* kReportingInsertDelivery =
    "INSERT INTO cbs_deliveries (municipality, id, quarter, correction, created_by,"
    " create_time, records) VALUES (:municipality, :id, :quarter, :correction,"
    " :created_by, :create_time, :records)";

absl::Status BadPageToken() {
  return domain::InvalidArgument({{"page_token", "is not valid"}},
                                 domain::reason::kInvalidPageToken);
}

constexpr struct {
  domain::WorkItemKind kind;
  const char* name;
} kWorkItemKinds[] = {
    {domain::WorkItemKind::kPlanDue, "A_PLAN_DUE"},
    {domain::WorkItemKind::kProgrammeStartDue, "B_PROGRAMME_START_DUE"},
    {domain::WorkItemKind::kReviewDue, "C_REVIEW_DUE"},
    {domain::WorkItemKind::kTermEnding, "D_TERM_ENDING"},
    {domain::WorkItemKind::kExtensionWindowOpen, "E_EXTENSION_WINDOW_OPEN"},
    {domain::WorkItemKind::kDuoReportToSend, "F_DUO_REPORT_TO_SEND"},
    {domain::WorkItemKind::kAbsenceStreak, "G_ABSENCE_STREAK"},
    {domain::WorkItemKind::kDropoutReported, "H_DROPOUT_REPORTED"},
};

}  // namespace

absl::StatusOr<std::vector<domain::CohortGroup>> SqlReportingRepository::Cohort(
    const std::string& municipality, int year, absl::CivilDay today) {
  return SummaryCohort(sql_, municipality, year, today);
}

absl::StatusOr<std::vector<domain::CaseloadRow>> SqlReportingRepository::Caseload(
    const std::string& municipality, absl::CivilDay today) {
  return Guard("compute caseload", [&]() -> absl::StatusOr<std::vector<domain::CaseloadRow>> {
    std::string consultant, phase;
    long long active = 0, overdue = 0;
    Statement st = sql_.Prepare(absl::StrCat(
        "SELECT COALESCE(c.consultant_id, ''), t.phase, COUNT(*),"
        " SUM(CASE WHEN t.next_deadline < ",
        DayLiteral(today),
        " THEN 1 ELSE 0 END) FROM trajectories t JOIN clients c ON c.municipality ="
        " t.municipality AND c.id = t.client_id WHERE t.municipality = :municipality AND"
        " t.phase <> 'CLOSED' GROUP BY COALESCE(c.consultant_id, ''), t.phase"));
    st->exchange(soci::into(consultant));
    st->exchange(soci::into(phase));
    st->exchange(soci::into(active));
    st->exchange(soci::into(overdue));
    st->exchange(soci::use(municipality, "municipality"));
    st->define_and_bind();
    st->execute(false);
    std::vector<domain::CaseloadRow> rows;
    while (st->fetch()) {
      domain::CaseloadRow r;
      r.consultant_id = consultant;
      if (!ParseStored(phase, &r.phase)) return absl::InternalError("unknown stored phase");
      r.active = active;
      r.overdue = overdue;
      rows.push_back(std::move(r));
    }
    return rows;
  });
}

absl::StatusOr<domain::Page<domain::WorkItem>> SqlReportingRepository::WorkItems(
    const domain::WorkItemFilter& filter, const domain::PageRequest& page) {
  std::vector<std::string> after;
  absl::CivilDay after_due;
  const bool has_cursor = !page.after.empty();
  if (has_cursor &&
      (!DecodeCursor(page.after, 4, &after) || !domain::ParseDay(after[0], &after_due))) {
    return BadPageToken();
  }
  return Guard("list work items", [&]() -> absl::StatusOr<domain::Page<domain::WorkItem>> {
    // One branch per kind; each binds the municipality under its own name.
    const std::string join =
        " FROM trajectories t JOIN clients c ON c.municipality = t.municipality AND c.id ="
        " t.client_id WHERE t.municipality = :m";
    auto branch = [&](const char* kind, const char* due, int n, const std::string& where) {
      return absl::StrCat("SELECT '", kind, "' AS kind, ", due,
                          " AS due, t.client_id AS client_id, t.id AS trajectory_id,"
                          " '' AS report_id, COALESCE(c.consultant_id, '') AS consultant",
                          absl::StrReplaceAll(join, {{":m", absl::StrCat(":m", n)}}), " AND ",
                          where);
    };
    const std::string by = DayLiteral(filter.due_by), today = DayLiteral(filter.today);
    std::vector<std::string> branches = {
        branch("A_PLAN_DUE", "t.plan_due", 0,
               absl::StrCat("t.phase = 'INTAKE' AND t.plan_due <= ", by)),
        branch("B_PROGRAMME_START_DUE", "t.programme_start_due", 1,
               absl::StrCat("t.phase = 'PLANNED' AND t.programme_start_due <= ", by)),
        branch("C_REVIEW_DUE", "t.review_due", 2,
               absl::StrCat("t.phase <> 'CLOSED' AND t.review_due <= ", by)),
        branch("D_TERM_ENDING", "t.term_last_day", 3,
               absl::StrCat("t.phase <> 'CLOSED' AND t.term_last_day <= ",
                            DayLiteral(filter.term_ending_by))),
        branch("E_EXTENSION_WINDOW_OPEN", "t.extension_window", 4,
               absl::StrCat("t.phase <> 'CLOSED' AND t.extension_window <= ", today,
                            " AND t.term_last_day >= ", today)),
        branch("G_ABSENCE_STREAK", "t.absence_streak", 6,
               "t.phase <> 'CLOSED' AND t.absence_streak IS NOT NULL"),
        branch("H_DROPOUT_REPORTED", "t.dropout_reported", 7,
               "t.phase <> 'CLOSED' AND t.dropout_reported IS NOT NULL"),
        "SELECT 'F_DUO_REPORT_TO_SEND' AS kind, r.fact_date AS due, r.client_id AS client_id,"
        " r.trajectory_id AS trajectory_id, r.id AS report_id,"
        " COALESCE(c.consultant_id, '') AS consultant FROM duo_reports r JOIN clients c ON"
        " c.municipality = r.municipality AND c.id = r.client_id WHERE r.municipality = :m5 AND"
        " r.state = 'TO_SEND'",
    };
    std::string where = "1 = 1";
    if (filter.consultant_id) absl::StrAppend(&where, " AND consultant = :consultant");
    if (has_cursor) {
      absl::StrAppend(&where,
                      " AND (due, kind, trajectory_id, report_id) > (:after_due, :after_kind,"
                      " :after_trajectory, :after_report)");
    }
    int limit = page.size + 1;
    std::string kind, due, client, trajectory, report, consultant;
    std::string wanted = filter.consultant_id.value_or("");
    std::string cursor_due = has_cursor ? domain::FormatDay(after_due) : "";
    Statement st = sql_.Prepare(
        absl::StrCat("SELECT kind, due, client_id, trajectory_id, report_id, consultant"
                     " FROM (",
                     absl::StrJoin(branches, " UNION ALL "), ") w WHERE ", where,
                     " ORDER BY due, kind, trajectory_id, report_id LIMIT :limit"));
    for (std::string* s : {&kind, &due, &client, &trajectory, &report, &consultant}) {
      st->exchange(soci::into(*s));
    }
    const std::string names[] = {"m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7"};
    for (const std::string& name : names) st->exchange(soci::use(filter.municipality, name));
    if (filter.consultant_id) st->exchange(soci::use(wanted, "consultant"));
    if (has_cursor) {
      st->exchange(soci::use(cursor_due, "after_due"));
      st->exchange(soci::use(after[1], "after_kind"));
      st->exchange(soci::use(after[2], "after_trajectory"));
      st->exchange(soci::use(after[3], "after_report"));
    }
    st->exchange(soci::use(limit, "limit"));
    st->define_and_bind();
    st->execute(false);
    domain::Page<domain::WorkItem> result;
    std::string last_kind;
    while (st->fetch()) {
      if (static_cast<int>(result.items.size()) == page.size) {
        const domain::WorkItem& l = result.items.back();
        result.next_after =
            EncodeCursor({domain::FormatDay(l.due), last_kind, l.trajectory_id, l.duo_report_id});
        break;
      }
      domain::WorkItem item;
      bool known = false;
      for (const auto& k : kWorkItemKinds) {
        if (kind == k.name) {
          item.kind = k.kind;
          known = true;
        }
      }
      if (!known || !domain::ParseDay(due, &item.due)) {
        return absl::InternalError("unreadable work item");
      }
      item.client_id = client;
      item.trajectory_id = trajectory;
      item.duo_report_id = report;
      item.consultant_id = consultant;
      last_kind = kind;
      result.items.push_back(std::move(item));
    }
    return result;
  });
}

namespace {

// The day a person was linked to the municipality (koppeling): the earlier of the COA link and the
// BRP registration, else DUO's notice; NULL when none is known (then the day the BSN became known,
// the registration here, counts).
constexpr char kLinkDay[] =
    "COALESCE(CASE WHEN c.coa_link_date IS NOT NULL AND (c.brp_registration_date IS NULL OR"
    " c.coa_link_date <= c.brp_registration_date) THEN c.coa_link_date"
    " ELSE c.brp_registration_date END, c.obligation_notice_date)";

struct SelectionBinds {
  explicit SelectionBinds(const domain::CbsSelection& selection)
      : selection(selection),
        before(absl::ToUnixMicros(selection.quarter_end)),
        since(selection.changed_since ? absl::ToUnixMicros(*selection.changed_since) : 0),
        since2(since) {
    for (size_t i = 0; i < selection.municipalities.size(); ++i) {
      names.push_back(absl::StrCat("m", i));
    }
  }
  void Use(soci::statement& st) {
    for (size_t i = 0; i < selection.municipalities.size(); ++i) {
      st.exchange(soci::use(selection.municipalities[i], names[i]));
    }
    st.exchange(soci::use(before, "before"));
    if (selection.changed_since) {
      st.exchange(soci::use(since, "since"));
      st.exchange(soci::use(since2, "since2"));
    }
  }

  const domain::CbsSelection& selection;
  std::vector<std::string> names;
  long long before, since, since2;
};

// A column of the client's latest trajectory (NULL when they have none), from
// trajectories_by_client: one probe of the index.
std::string Latest(absl::string_view column) {
  return absl::StrCat(
      "(SELECT t2.", column,
      " FROM trajectories t2 WHERE t2.municipality = c.municipality AND t2.client_id = c.id"
      " ORDER BY t2.create_time DESC, t2.id DESC LIMIT 1)");
}

// CBS's unit is the person (cbs.nl SWI; domain.md, "The CBS delivery"): one record per client, with
// their latest trajectory here if any, from the quarter of the link on, until the quarter after
// their latest trajectory closed. Selected by these legal dates, not by when they were entered.
// The latest trajectory's columns are `closed` and `updated` (the export joins it as `t`; the
// count, which needs no more, reads them one probe each), each named once: a subquery is run as
// often as it is written.
std::string SelectionWhere(const domain::CbsSelection& selection, absl::string_view closed,
                           absl::string_view updated) {
  std::vector<std::string> placeholders;
  for (size_t i = 0; i < selection.municipalities.size(); ++i) {
    placeholders.push_back(absl::StrCat(":m", i));
  }
  return absl::StrCat(" WHERE c.municipality IN (", absl::StrJoin(placeholders, ", "), ") AND (",
                      kLinkDay, " <= ", DayLiteral(selection.to), " OR (", kLinkDay,
                      " IS NULL AND c.create_time < :before)) AND COALESCE(", closed,
                      ", '9999-12-31') >= ", DayLiteral(selection.from),
                      // CBS's Statistiek Wet Inburgering covers the Wi2021 only (cbs.nl SWI).
                      " AND c.regime = 'WI2021'",
                      selection.changed_since
                          ? absl::StrCat(" AND (", updated, " > :since OR c.update_time > :since2)")
                          : "");
}

}  // namespace

// The export joins the latest trajectory found in trajectories_by_client, which on SQLite carries
// every column the export reads (migration 0013): `t.id || ''` keeps the planner from looking it
// up by primary key instead, which would read each trajectory's row with its document.
std::string CbsExportSql(const domain::CbsSelection& selection, int chunk) {
  return absl::StrCat(
      "SELECT c.municipality, COALESCE(t.id, ''), c.id, c.bsn, c.birth_date, c.regime,"
      " c.target_group, t.route, t.first_plan_date, t.closed_on, ",
      kLinkDay, ", c.create_time, ", FactColumnsOrZero("t."),
      " FROM clients c LEFT JOIN trajectories t ON t.municipality = c.municipality AND"
      " t.client_id = c.id AND t.id || '' = ",
      Latest("id"), SelectionWhere(selection, "t.closed_on", "t.update_time"),
      " AND c.id > :after_id ORDER BY c.id LIMIT ", chunk);
}

std::string CbsCountSql(const domain::CbsSelection& selection) {
  return absl::StrCat("SELECT COUNT(*) FROM clients c",
                      SelectionWhere(selection, Latest("closed_on"), Latest("update_time")));
}

absl::StatusOr<int64_t> SqlReportingRepository::CountRecords(
    const domain::CbsSelection& selection) {
  return Guard("count CBS records", [&]() -> absl::StatusOr<int64_t> {
    SelectionBinds binds(selection);
    long long count = 0;
    Statement st = sql_.Prepare(CbsCountSql(selection));
    st->exchange(soci::into(count));
    binds.Use(*st);
    st->define_and_bind();
    st->execute(true);
    return static_cast<int64_t>(count);
  });
}

absl::Status SqlReportingRepository::ExportRecords(
    const domain::CbsSelection& selection,
    const std::function<absl::Status(const domain::CbsRecord&)>& each) {
  // Chunks in primary-key order, each continuing after the last: memory holds one chunk, on
  // both backends, inside the caller's (snapshot) transaction. One municipality at a time, so
  // that each chunk seeks to its first key (municipality = ? AND id > ?) instead of passing over
  // every row before it: the last chunk of 1 M costs what the first does.
  constexpr int kChunk = 1000;
  std::vector<std::string> municipalities = selection.municipalities;
  std::sort(municipalities.begin(), municipalities.end());
  for (const std::string& municipality : municipalities) {
    domain::CbsSelection one = selection;
    one.municipalities = {municipality};
    RETURN_IF_ERROR(ExportMunicipality(one, kChunk, each));
  }
  return absl::OkStatus();
}

absl::Status SqlReportingRepository::ExportMunicipality(
    const domain::CbsSelection& selection, int chunk,
    const std::function<absl::Status(const domain::CbsRecord&)>& each) {
  const std::string sql = CbsExportSql(selection, chunk);
  std::string after_id;
  SelectionBinds binds(selection);
  while (true) {
    int rows = 0;
    RETURN_IF_ERROR(Guard("export CBS records", [&]() -> absl::Status {
      domain::CbsRecord r;
      std::string birth, regime, group;
      Nullable route, first_plan, closed_on, link;
      long long registered = 0;
      FactsRow facts;
      Statement st = sql_.Prepare(sql);
      for (std::string* v :
           {&r.municipality, &r.trajectory_id, &r.client_id, &r.bsn, &birth, &regime, &group}) {
        st->exchange(soci::into(*v));
      }
      st->exchange(soci::into(route.value, route.ind));
      st->exchange(soci::into(first_plan.value, first_plan.ind));
      st->exchange(soci::into(closed_on.value, closed_on.ind));
      st->exchange(soci::into(link.value, link.ind));
      st->exchange(soci::into(registered));
      facts.Into(*st);
      binds.Use(*st);
      st->exchange(soci::use(after_id, "after_id"));
      st->define_and_bind();
      st->execute(false);
      while (st->fetch()) {
        ++rows;
        ASSIGN_OR_RETURN(r.facts, facts.Facts());
        absl::StatusOr<std::optional<absl::CivilDay>> day = ParseStoredDay(birth);
        if (!day.ok() || !*day || !ParseStored(regime, &r.regime) ||
            !ParseStored(group, &r.facts.target_group)) {
          return absl::InternalError("unreadable CBS record");
        }
        r.birth_date = **day;
        r.route.reset();
        if (route.Get()) {
          domain::Route value;
          if (!ParseStored(*route.Get(), &value)) return absl::InternalError("unknown route");
          r.route = value;
        }
        ASSIGN_OR_RETURN(r.first_plan_date, ParseStoredDay(first_plan.Get()));
        ASSIGN_OR_RETURN(r.closed_on, ParseStoredDay(closed_on.Get()));
        ASSIGN_OR_RETURN(std::optional<absl::CivilDay> link_day, ParseStoredDay(link.Get()));
        r.link_date = link_day ? *link_day
                               : absl::ToCivilDay(absl::FromUnixMicros(registered), selection.zone);
        RETURN_IF_ERROR(each(r));
        after_id = r.client_id;
      }
      return absl::OkStatus();
    }));
    if (rows < chunk) return absl::OkStatus();
  }
}

absl::StatusOr<std::optional<domain::CbsDelivery>> SqlReportingRepository::LastDelivery(
    const std::string& municipality, const std::string& quarter) {
  return Guard(
      "find the last CBS delivery", [&]() -> absl::StatusOr<std::optional<domain::CbsDelivery>> {
        domain::CbsDelivery d;
        int correction = 0;
        long long create_time = 0, records = 0;
        Statement st =
            sql_.Bind(kReportingLastDelivery, soci::into(d.municipality), soci::into(d.id),
                      soci::into(d.quarter), soci::into(correction), soci::into(d.created_by),
                      soci::into(create_time), soci::into(records),
                      soci::use(municipality, "municipality"), soci::use(quarter, "quarter"));
        if (!st->execute(true)) return std::optional<domain::CbsDelivery>();
        d.correction = correction != 0;
        d.create_time = absl::FromUnixMicros(create_time);
        d.records = records;
        return std::optional<domain::CbsDelivery>(std::move(d));
      });
}

absl::Status SqlReportingRepository::InsertDelivery(const domain::CbsDelivery& d) {
  return Guard("record a CBS delivery", [&]() -> absl::Status {
    int correction = d.correction ? 1 : 0;
    long long create_time = absl::ToUnixMicros(d.create_time), records = d.records;
    sql_.Run(kReportingInsertDelivery, soci::use(d.municipality, "municipality"),
             soci::use(d.id, "id"), soci::use(d.quarter, "quarter"),
             soci::use(correction, "correction"), soci::use(d.created_by, "created_by"),
             soci::use(create_time, "create_time"), soci::use(records, "records"));
    return absl::OkStatus();
  });
}

absl::StatusOr<domain::Page<domain::CbsDelivery>> SqlReportingRepository::ListDeliveries(
    const std::string& municipality, const domain::PageRequest& page) {
  // The cursor: the last delivery's create_time and id.
  long long before = 0;
  std::string before_id;
  const int first = page.after.empty() ? 1 : 0;
  if (!first) {
    std::vector<std::string> parts;
    if (!DecodeCursor(page.after, 2, &parts) || !absl::SimpleAtoi(parts[0], &before)) {
      return domain::InvalidArgument({{"page_token", "is not valid"}},
                                     domain::reason::kInvalidPageToken);
    }
    before_id = parts[1];
  }
  return Guard("list CBS deliveries", [&]() -> absl::StatusOr<domain::Page<domain::CbsDelivery>> {
    domain::CbsDelivery d;
    int correction = 0;
    long long create_time = 0, records = 0, before2 = before;
    int limit = page.size + 1;
    Statement st = sql_.Bind(kReportingListDeliveries, soci::into(d.municipality), soci::into(d.id),
                             soci::into(d.quarter), soci::into(correction),
                             soci::into(d.created_by), soci::into(create_time), soci::into(records),
                             soci::use(municipality, "municipality"), soci::use(first, "first"),
                             soci::use(before, "before"), soci::use(before2, "before2"),
                             soci::use(before_id, "before_id"), soci::use(limit, "limit"));
    domain::Page<domain::CbsDelivery> out;
    st->execute(false);
    while (st->fetch()) {
      d.correction = correction != 0;
      d.create_time = absl::FromUnixMicros(create_time);
      d.records = records;
      out.items.push_back(d);
    }
    if (out.items.size() > static_cast<size_t>(page.size)) {
      out.items.pop_back();
      const domain::CbsDelivery& last = out.items.back();
      out.next_after = EncodeCursor({absl::StrCat(absl::ToUnixMicros(last.create_time)), last.id});
    }
    return out;
  });
}

}  // namespace inburgering::persistence
