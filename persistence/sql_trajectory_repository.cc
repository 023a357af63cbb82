// SQL for trajectories: the case data as one document, the facts that lists, the CBS delivery and
// the indicators read as columns, and the cohort summary kept in the same transaction.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "domain/status_macros.h"
#include "persistence/codec.h"
#include "persistence/cohort_summary.h"
#include "persistence/cursor.h"
#include "persistence/facts_columns.h"
#include "persistence/rows.h"
#include "persistence/soci_errors.h"
#include "persistence/sql_repositories.h"
#include "soci/soci.h"

namespace inburgering::persistence {
namespace {

// The statements of this file (each prepared once per session, statements.h).
constexpr const char* kTrajectoryHasOpen =
    "SELECT count(*) FROM trajectories WHERE municipality = :municipality"
    " AND client_id = :client_id AND phase <> :closed";
constexpr const char* kTrajectoryClosedBefore =
    "SELECT municipality, client_id, id FROM trajectories"
    " WHERE closed_on < :cutoff ORDER BY closed_on, id"
    " LIMIT :limit";
constexpr const char* kTrajectoryKeysAfter =
    "SELECT municipality, client_id, id FROM trajectories WHERE"
    " municipality > :m OR (municipality = :m2 AND id > :id)"
    " ORDER BY municipality, id LIMIT :limit";
constexpr const char* kTrajectoryDelete =
    "DELETE FROM trajectories WHERE municipality = :municipality AND id = :id";
// A trajectory purged takes what its providers saw and reported with it.
constexpr const char* kProviderEnrollmentsDelete =
    "DELETE FROM provider_enrollments WHERE municipality = :municipality AND trajectory_id = :id";
constexpr const char* kProviderReportsDelete =
    "DELETE FROM provider_reports WHERE municipality = :municipality AND trajectory_id = :id";

using domain::Trajectory;

constexpr const char* kTrajectoryColumns =
    "municipality, client_id, id, document, create_time, update_time, version";

struct TrajectoryRow {
  std::string municipality, client_id, id, document;
  long long create_time = 0, update_time = 0, version = 0;

  void Into(soci::statement& st) {
    for (std::string* s : {&municipality, &client_id, &id, &document}) st.exchange(soci::into(*s));
    st.exchange(soci::into(create_time));
    st.exchange(soci::into(update_time));
    st.exchange(soci::into(version));
  }

  absl::StatusOr<Trajectory> AsDomain() const {
    Trajectory t;
    t.municipality = municipality;
    t.client_id = client_id;
    t.id = id;
    t.create_time = absl::FromUnixMicros(create_time);
    t.update_time = absl::FromUnixMicros(update_time);
    t.version = version;
    RETURN_IF_ERROR(DecodeTrajectory(document, t));
    return t;
  }
};

// The bound values a trajectory's insert and update share: its index columns, reporting facts,
// document, update time and version.
struct IndexValues {
  std::string phase;
  Nullable route, first_plan, next_deadline, closed_on;
  FactsRow facts;
  std::string document;
  long long update_time, version;

  IndexValues(const Trajectory& t, const domain::TrajectoryIndex& index)
      : phase(StoredName(index.phase)),
        facts(index.facts),
        document(EncodeTrajectory(t)),
        update_time(Micros(t.update_time)),
        version(t.version) {
    route.Set(index.route ? std::optional<std::string>(StoredName(*index.route)) : std::nullopt);
    first_plan.Set(StoredDay(index.first_plan_date));
    next_deadline.Set(StoredDay(index.next_deadline));
    closed_on.Set(StoredDay(index.closed_on));
  }

  // By position (SQLite looks each name up among the statement's 50 or so, one compare at a
  // time), in the order both statements' texts have them: phase ... version, then the facts.
  void Use(soci::statement& st) {
    st.exchange(soci::use(phase));
    st.exchange(soci::use(route.value, route.ind));
    st.exchange(soci::use(first_plan.value, first_plan.ind));
    st.exchange(soci::use(next_deadline.value, next_deadline.ind));
    st.exchange(soci::use(closed_on.value, closed_on.ind));
    st.exchange(soci::use(document));
    st.exchange(soci::use(update_time));
    st.exchange(soci::use(version));
    facts.Use(st);
  }
};

// Built once: the statement cache is keyed by the text, so a call should not rebuild it.
const std::string& TrajectoryInsertSql() {
  static const std::string sql = absl::StrCat(
      "INSERT INTO trajectories (municipality, client_id, id, create_time, phase, route,"
      " first_plan_date, next_deadline, closed_on, document, update_time, version, ",
      FactColumns(),
      ") VALUES (:municipality, :client_id, :id, :create_time, :phase, :route, :first_plan,"
      " :next_deadline, :closed_on, :document, :update_time, :version, ",
      FactPlaceholders(), ")");
  return sql;
}

const std::string& TrajectoryGetSql() {
  static const std::string sql =
      absl::StrCat("SELECT ", kTrajectoryColumns,
                   " FROM trajectories WHERE municipality = :municipality"
                   " AND client_id = :client_id AND id = :id");
  return sql;
}

const std::string& TrajectoryUpdateSql() {
  static const std::string sql = absl::StrCat(
      "UPDATE trajectories SET phase = :phase, route = :route, first_plan_date = :first_plan,"
      " next_deadline = :next_deadline, closed_on = :closed_on, document = :document,"
      " update_time = :update_time, version = :version, ",
      FactAssignments(),
      " WHERE municipality = :municipality AND id = :id AND version = :expected");
  return sql;
}

}  // namespace

// A case file's records in one statement: the trajectory and its client, a row per assignment of
// the client's history (in order; one row with '' when there is none), and the client's
// consultant ('' when none).
const std::string& CaseFileSql() {
  static const std::string sql = absl::StrCat(
      "SELECT t.municipality, t.client_id, t.id, t.document, t.create_time, t.update_time,"
      " t.version, ",
      kClientColumns,
      ", COALESCE(a.consultant_id, ''), COALESCE(a.assigned_at, 0), COALESCE(a.assigned_by, ''),"
      " COALESCE(k.municipality, ''), COALESCE(k.id, ''), COALESCE(k.display_name, ''),"
      " COALESCE(k.email, ''), COALESCE(k.active, 0), COALESCE(k.case_capacity, 0),"
      " COALESCE(k.create_time, 0), COALESCE(k.update_time, 0), COALESCE(k.version, 0)"
      " FROM trajectories t"
      " JOIN clients c ON c.municipality = t.municipality AND c.id = t.client_id"
      " LEFT JOIN consultants k ON k.municipality = c.municipality AND k.id = c.consultant_id"
      " LEFT JOIN client_assignments a ON a.municipality = t.municipality AND a.client_id = "
      "t.client_id"
      " WHERE t.municipality = :municipality AND t.client_id = :client_id AND t.id = :id"
      " ORDER BY a.seq");
  return sql;
}

absl::Status SqlTrajectoryRepository::Insert(const Trajectory& t,
                                             const domain::TrajectoryIndex& index) {
  return Guard("insert trajectory", [&]() -> absl::Status {
    IndexValues v(t, index);
    long long create_time = Micros(t.create_time);
    Statement st = sql_.Prepare(TrajectoryInsertSql());
    st->exchange(soci::use(t.municipality));  // by position, as IndexValues::Use
    st->exchange(soci::use(t.client_id));
    st->exchange(soci::use(t.id));
    st->exchange(soci::use(create_time));
    v.Use(*st);
    st->define_and_bind();
    st->execute(true);
    CohortSummary summary(sql_);
    ASSIGN_OR_RETURN(Contribution after, summary.Of(t.municipality, t.client_id, t.id));
    return summary.Apply(t.municipality, {}, after);
  });
}

absl::StatusOr<Trajectory> SqlTrajectoryRepository::Get(absl::string_view municipality,
                                                        absl::string_view client_id,
                                                        absl::string_view id) {
  return Guard("get trajectory", [&]() -> absl::StatusOr<Trajectory> {
    std::string m(municipality), c(client_id), i(id);
    TrajectoryRow row;
    Statement st = sql_.Prepare(TrajectoryGetSql());
    row.Into(*st);
    st->exchange(soci::use(m, "municipality"));
    st->exchange(soci::use(c, "client_id"));
    st->exchange(soci::use(i, "id"));
    st->define_and_bind();
    if (!st->execute(true)) return domain::NotFound("trajectory not found");
    return row.AsDomain();
  });
}

absl::StatusOr<domain::CaseRecords> SqlTrajectoryRepository::GetCase(absl::string_view municipality,
                                                                     absl::string_view client_id,
                                                                     absl::string_view id) {
  return Guard("get case file", [&]() -> absl::StatusOr<domain::CaseRecords> {
    std::string m(municipality), c(client_id), i(id);
    TrajectoryRow trajectory;
    ClientRow client;
    ConsultantRow consultant;
    domain::ConsultantAssignment assignment;
    long long assigned_at = 0;
    Statement st = sql_.Prepare(CaseFileSql());
    trajectory.Into(*st);
    client.Into(*st);
    st->exchange(soci::into(assignment.consultant_id));
    st->exchange(soci::into(assigned_at));
    st->exchange(soci::into(assignment.assigned_by));
    consultant.IntoAll(*st);
    st->exchange(soci::use(m, "municipality"));
    st->exchange(soci::use(c, "client_id"));
    st->exchange(soci::use(i, "id"));
    st->define_and_bind();
    st->execute(false);
    domain::CaseRecords records;
    bool found = false;
    while (st->fetch()) {
      if (!found) {
        found = true;
        ASSIGN_OR_RETURN(records.trajectory, trajectory.AsDomain());
        ASSIGN_OR_RETURN(records.client, client.AsDomain());
        if (!consultant.id.empty()) records.consultant = consultant.AsDomain();
      }
      if (assignment.consultant_id.empty()) continue;
      assignment.assigned_at = absl::FromUnixMicros(assigned_at);
      records.client.assignments.push_back(assignment);
    }
    if (!found) return domain::NotFound("trajectory not found");
    return records;
  });
}

absl::Status SqlTrajectoryRepository::Update(const Trajectory& t,
                                             const domain::TrajectoryIndex& index,
                                             int64_t expected_version) {
  return Guard("update trajectory", [&]() -> absl::Status {
    IndexValues v(t, index);
    long long expected = expected_version;
    CohortSummary summary(sql_);
    ASSIGN_OR_RETURN(Contribution before, summary.Of(t.municipality, t.client_id, t.id));
    {
      Statement st = sql_.Prepare(TrajectoryUpdateSql());
      v.Use(*st);  // by position: then the WHERE's three
      st->exchange(soci::use(t.municipality));
      st->exchange(soci::use(t.id));
      st->exchange(soci::use(expected));
      st->define_and_bind();
      st->execute(true);
      if (st->get_affected_rows() == 0) return domain::StaleEtag();
    }
    ASSIGN_OR_RETURN(Contribution after, summary.Of(t.municipality, t.client_id, t.id));
    return summary.Apply(t.municipality, before, after);
  });
}

absl::StatusOr<domain::Page<Trajectory>> SqlTrajectoryRepository::List(
    absl::string_view municipality, absl::string_view client_id, const domain::PageRequest& page) {
  std::vector<std::string> after;
  const bool has_cursor = !page.after.empty();
  if (has_cursor && !DecodeCursor(page.after, 2, &after)) {
    return domain::InvalidArgument({{"page_token", "is not valid"}},
                                   domain::reason::kInvalidPageToken);
  }
  return Guard("list trajectories", [&]() -> absl::StatusOr<domain::Page<Trajectory>> {
    std::string m(municipality), c(client_id);
    long long after_time = 0;
    if (has_cursor && !absl::SimpleAtoi(after[0], &after_time)) {
      return domain::InvalidArgument({{"page_token", "is not valid"}},
                                     domain::reason::kInvalidPageToken);
    }
    int limit = page.size + 1;
    TrajectoryRow row;
    Statement st = sql_.Prepare(
        absl::StrCat("SELECT ", kTrajectoryColumns,
                     " FROM trajectories WHERE municipality = :municipality"
                     " AND client_id = :client_id",
                     has_cursor ? " AND (create_time, id) > (:after_time, :after_id)" : "",
                     " ORDER BY create_time, id LIMIT :limit"));
    row.Into(*st);
    st->exchange(soci::use(m, "municipality"));
    st->exchange(soci::use(c, "client_id"));
    if (has_cursor) {
      st->exchange(soci::use(after_time, "after_time"));
      st->exchange(soci::use(after[1], "after_id"));
    }
    st->exchange(soci::use(limit, "limit"));
    st->define_and_bind();
    st->execute(false);
    domain::Page<Trajectory> result;
    while (st->fetch()) {
      if (static_cast<int>(result.items.size()) == page.size) {
        const Trajectory& last = result.items.back();
        result.next_after = EncodeCursor({absl::StrCat(Micros(last.create_time)), last.id});
        break;
      }
      ASSIGN_OR_RETURN(Trajectory t, row.AsDomain());
      result.items.push_back(std::move(t));
    }
    return result;
  });
}

absl::StatusOr<bool> SqlTrajectoryRepository::HasOpen(absl::string_view municipality,
                                                      absl::string_view client_id) {
  return Guard("find open trajectory", [&]() -> absl::StatusOr<bool> {
    std::string m(municipality), c(client_id), closed = StoredName(domain::Phase::kClosed);
    int count = 0;
    sql_.Run(kTrajectoryHasOpen, soci::into(count), soci::use(m, "municipality"),
             soci::use(c, "client_id"), soci::use(closed, "closed"));
    return count > 0;
  });
}

absl::StatusOr<std::optional<Trajectory>> SqlTrajectoryRepository::FindOpen(
    absl::string_view municipality, absl::string_view client_id) {
  return Guard("find open trajectory", [&]() -> absl::StatusOr<std::optional<Trajectory>> {
    std::string m(municipality), c(client_id), closed = StoredName(domain::Phase::kClosed);
    TrajectoryRow row;
    Statement st = sql_.Prepare(absl::StrCat("SELECT ", kTrajectoryColumns,
                                             " FROM trajectories WHERE municipality = :municipality"
                                             " AND client_id = :client_id AND phase <> :closed"));
    row.Into(*st);
    st->exchange(soci::use(m, "municipality"));
    st->exchange(soci::use(c, "client_id"));
    st->exchange(soci::use(closed, "closed"));
    st->define_and_bind();
    if (!st->execute(true)) return std::optional<Trajectory>();
    ASSIGN_OR_RETURN(Trajectory t, row.AsDomain());
    return std::optional<Trajectory>(std::move(t));
  });
}

absl::StatusOr<std::vector<domain::TrajectoryKey>> SqlTrajectoryRepository::ClosedBefore(
    absl::CivilDay cutoff, int limit) {
  return Guard("find trajectories due for destruction",
               [&]() -> absl::StatusOr<std::vector<domain::TrajectoryKey>> {
                 std::string before = *StoredDay(cutoff);
                 domain::TrajectoryKey key;
                 Statement st = sql_.Bind(kTrajectoryClosedBefore, soci::into(key.municipality),
                                          soci::into(key.client_id), soci::into(key.id),
                                          soci::use(before, "cutoff"), soci::use(limit, "limit"));
                 st->execute(false);
                 std::vector<domain::TrajectoryKey> keys;
                 while (st->fetch()) keys.push_back(key);
                 return keys;
               });
}

absl::StatusOr<std::vector<domain::TrajectoryKey>> SqlTrajectoryRepository::KeysAfter(
    const domain::TrajectoryKey& after, int limit) {
  return Guard("list trajectory keys", [&]() -> absl::StatusOr<std::vector<domain::TrajectoryKey>> {
    domain::TrajectoryKey key;
    std::string m = after.municipality, m2 = after.municipality, id = after.id;
    Statement st = sql_.Bind(kTrajectoryKeysAfter, soci::into(key.municipality),
                             soci::into(key.client_id), soci::into(key.id), soci::use(m, "m"),
                             soci::use(m2, "m2"), soci::use(id, "id"), soci::use(limit, "limit"));
    st->execute(false);
    std::vector<domain::TrajectoryKey> keys;
    while (st->fetch()) keys.push_back(key);
    return keys;
  });
}

absl::Status SqlTrajectoryRepository::Delete(absl::string_view municipality, absl::string_view id) {
  return Guard("delete trajectory", [&]() -> absl::Status {
    std::string m(municipality), i(id);
    CohortSummary summary(sql_);
    ASSIGN_OR_RETURN(Contribution before, summary.Of(m, "", i));
    for (const char* sql :
         {kProviderReportsDelete, kProviderEnrollmentsDelete, kTrajectoryDelete}) {
      sql_.Run(sql, soci::use(m, "municipality"), soci::use(i, "id"));
    }
    return summary.Apply(m, before, {});
  });
}

}  // namespace inburgering::persistence
