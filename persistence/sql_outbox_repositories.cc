// SQL for the event log, DUO's report items and DUO's signals.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "domain/status_macros.h"
#include "persistence/codec.h"
#include "persistence/soci_errors.h"
#include "persistence/sql_repositories.h"
#include "soci/soci.h"

namespace inburgering::persistence {
namespace {

// The statements of this file (each prepared once per session, statements.h).
constexpr const char* kEventAppend =
    "INSERT INTO events (municipality, type, client_id, trajectory_id, time, details)"
    " VALUES (:municipality, :type, :client_id, :trajectory_id, :time, :details)";
constexpr const char* kDuoReportInsert =
    "INSERT INTO duo_reports (municipality, id, client_id, trajectory_id, kind, state,"
    " fact_date, details, create_time, update_time, version) VALUES (:municipality,"
    " :id, :client_id, :trajectory_id, :kind, :state, :fact_date, :details,"
    " :create_time, :update_time, :version)";
constexpr const char* kDuoReportUpdate =
    "UPDATE duo_reports SET state = :state, details = :details,"
    " update_time = :update_time, version = :version"
    " WHERE municipality = :municipality AND id = :id"
    " AND version = :expected";
constexpr const char* kDuoReportCountInState =
    "SELECT COUNT(*) FROM duo_reports WHERE state = :state";
constexpr const char* kDuoSignalFind =
    "SELECT municipality, signal_id, kind, fingerprint, client_id,"
    " outcome, changes, reason, closed_trajectory_id, received_time"
    " FROM duo_signals WHERE municipality = :municipality"
    " AND signal_id = :signal_id";
constexpr const char* kDuoSignalInsert =
    "INSERT INTO duo_signals (municipality, signal_id, kind, fingerprint, client_id,"
    " outcome, changes, reason, closed_trajectory_id, received_time) VALUES"
    " (:municipality, :signal_id, :kind, :fingerprint, :client_id, :outcome,"
    " :changes, :reason, :closed_trajectory_id, :received_time)";

absl::Status BadPageToken() {
  return domain::InvalidArgument({{"page_token", "is not valid"}},
                                 domain::reason::kInvalidPageToken);
}

// ` AND column IN (:prefix0, :prefix1, ...)` for `count` values; nothing for none.
std::string InList(absl::string_view column, absl::string_view prefix, size_t count) {
  if (count == 0) return "";
  std::string sql = absl::StrCat(" AND ", column, " IN (");
  for (size_t i = 0; i < count; ++i) absl::StrAppend(&sql, i ? ", :" : ":", prefix, i);
  return absl::StrCat(sql, ")");
}

}  // namespace

absl::Status SqlEventRepository::Append(const domain::Event& e) {
  return Guard("append event", [&]() -> absl::Status {
    std::string type = StoredName(e.type), details = EncodeEventDetails(e);
    long long time = absl::ToUnixMicros(e.time);
    // PostgreSQL fills `tx` with the transaction's id by default.
    sql_.Run(kEventAppend, soci::use(e.municipality, "municipality"), soci::use(type, "type"),
             soci::use(e.client_id, "client_id"), soci::use(e.trajectory_id, "trajectory_id"),
             soci::use(time, "time"), soci::use(details, "details"));
    appended_ = true;
    return absl::OkStatus();
  });
}

absl::StatusOr<std::vector<domain::Event>> SqlEventRepository::ReadAfter(
    const domain::EventPosition& after, const domain::EventFilter& filter, int limit) {
  return Guard("read events", [&]() -> absl::StatusOr<std::vector<domain::Event>> {
    std::vector<std::string> types;
    for (domain::EventType t : filter.types) types.emplace_back(StoredName(t));
    const bool postgres = backend_ == Backend::kPostgresql;
    // PostgreSQL: only events of transactions older than every one still running, whose place
    // in (tx, seq) order is final. SQLite commits its single writer's events in `seq` order.
    const std::string where =
        postgres ? "(tx, seq) > (:tx, :seq) AND tx < txid_snapshot_xmin(txid_current_snapshot())"
                 : "seq > :seq";
    Statement st = sql_.Prepare(absl::StrCat(
        "SELECT seq, tx, municipality, type, client_id, trajectory_id, time, details FROM events"
        " WHERE ",
        where, InList("municipality", "m", filter.municipalities.size()),
        InList("type", "t", types.size()), postgres ? " ORDER BY tx, seq" : " ORDER BY seq",
        " LIMIT :limit"));
    long long seq = 0, tx = 0, time = 0;
    std::string municipality, type, client_id, trajectory_id, details;
    st->exchange(soci::into(seq));
    st->exchange(soci::into(tx));
    for (std::string* s : {&municipality, &type, &client_id, &trajectory_id}) {
      st->exchange(soci::into(*s));
    }
    st->exchange(soci::into(time));
    st->exchange(soci::into(details));
    long long after_tx = after.tx, after_seq = after.seq;
    if (postgres) st->exchange(soci::use(after_tx, "tx"));
    st->exchange(soci::use(after_seq, "seq"));
    std::vector<std::string> names;
    for (size_t i = 0; i < filter.municipalities.size(); ++i) names.push_back(absl::StrCat("m", i));
    for (size_t i = 0; i < types.size(); ++i) names.push_back(absl::StrCat("t", i));
    for (size_t i = 0; i < filter.municipalities.size(); ++i) {
      st->exchange(soci::use(filter.municipalities[i], names[i]));
    }
    for (size_t i = 0; i < types.size(); ++i) {
      st->exchange(soci::use(types[i], names[filter.municipalities.size() + i]));
    }
    st->exchange(soci::use(limit, "limit"));
    st->define_and_bind();
    st->execute(false);
    std::vector<domain::Event> events;
    while (st->fetch()) {
      domain::Event e;
      e.position = {tx, seq};
      e.municipality = municipality;
      if (!ParseStored(type, &e.type)) return absl::InternalError("unknown stored event type");
      e.client_id = client_id;
      e.trajectory_id = trajectory_id;
      e.time = absl::FromUnixMicros(time);
      RETURN_IF_ERROR(DecodeEventDetails(details, e));
      events.push_back(std::move(e));
    }
    return events;
  });
}

namespace {

constexpr const char* kDuoReportColumns =
    "municipality, id, client_id, trajectory_id, kind, state, details, create_time, update_time,"
    " version";

struct DuoReportRow {
  std::string municipality, id, client_id, trajectory_id, kind, state, details;
  long long create_time = 0, update_time = 0, version = 0;

  void Into(soci::statement& st) {
    for (std::string* s :
         {&municipality, &id, &client_id, &trajectory_id, &kind, &state, &details}) {
      st.exchange(soci::into(*s));
    }
    st.exchange(soci::into(create_time));
    st.exchange(soci::into(update_time));
    st.exchange(soci::into(version));
  }

  absl::StatusOr<domain::DuoReport> AsDomain() const {
    domain::DuoReport r;
    r.municipality = municipality;
    r.id = id;
    r.client_id = client_id;
    r.trajectory_id = trajectory_id;
    if (!ParseStored(kind, &r.kind) || !ParseStored(state, &r.state)) {
      return absl::InternalError("unknown stored DUO report kind or state");
    }
    r.create_time = absl::FromUnixMicros(create_time);
    r.update_time = absl::FromUnixMicros(update_time);
    r.version = version;
    RETURN_IF_ERROR(DecodeDuoReportDetails(details, r));
    return r;
  }
};

}  // namespace

absl::Status SqlDuoReportRepository::Insert(const domain::DuoReport& r) {
  return Guard("insert DUO report", [&]() -> absl::Status {
    std::string kind = StoredName(r.kind), state = StoredName(r.state);
    std::string details = EncodeDuoReportDetails(r);
    long long create_time = absl::ToUnixMicros(r.create_time);
    long long update_time = absl::ToUnixMicros(r.update_time), version = r.version;
    std::string fact_date = *StoredDay(r.fact_date);
    sql_.Run(kDuoReportInsert, soci::use(fact_date, "fact_date"),
             soci::use(r.municipality, "municipality"), soci::use(r.id, "id"),
             soci::use(r.client_id, "client_id"), soci::use(r.trajectory_id, "trajectory_id"),
             soci::use(kind, "kind"), soci::use(state, "state"), soci::use(details, "details"),
             soci::use(create_time, "create_time"), soci::use(update_time, "update_time"),
             soci::use(version, "version"));
    return absl::OkStatus();
  });
}

absl::StatusOr<domain::DuoReport> SqlDuoReportRepository::Get(absl::string_view municipality,
                                                              absl::string_view id) {
  return Guard("get DUO report", [&]() -> absl::StatusOr<domain::DuoReport> {
    std::string m(municipality), i(id);
    DuoReportRow row;
    Statement st = sql_.Prepare(
        absl::StrCat("SELECT ", kDuoReportColumns,
                     " FROM duo_reports WHERE municipality = :municipality AND id = :id"));
    row.Into(*st);
    st->exchange(soci::use(m, "municipality"));
    st->exchange(soci::use(i, "id"));
    st->define_and_bind();
    if (!st->execute(true)) return domain::NotFound("DUO report not found");
    return row.AsDomain();
  });
}

absl::Status SqlDuoReportRepository::Update(const domain::DuoReport& r, int64_t expected_version) {
  return Guard("update DUO report", [&]() -> absl::Status {
    std::string state = StoredName(r.state), details = EncodeDuoReportDetails(r);
    long long update_time = absl::ToUnixMicros(r.update_time), version = r.version;
    long long expected = expected_version;
    Statement st =
        sql_.Bind(kDuoReportUpdate, soci::use(state, "state"), soci::use(details, "details"),
                  soci::use(update_time, "update_time"), soci::use(version, "version"),
                  soci::use(r.municipality, "municipality"), soci::use(r.id, "id"),
                  soci::use(expected, "expected"));
    st->execute(true);
    if (st->get_affected_rows() == 0) return domain::StaleEtag();
    return absl::OkStatus();
  });
}

absl::StatusOr<int64_t> SqlDuoReportRepository::CountInState(domain::DuoReportState state) {
  return Guard("count DUO reports", [&]() -> absl::StatusOr<int64_t> {
    std::string stored = StoredName(state);
    long long count = 0;
    sql_.Run(kDuoReportCountInState, soci::into(count), soci::use(stored, "state"));
    return static_cast<int64_t>(count);
  });
}

absl::StatusOr<domain::Page<domain::DuoReport>> SqlDuoReportRepository::List(
    const domain::DuoReportFilter& filter, const domain::PageRequest& page) {
  long long after = 0;
  const bool has_cursor = !page.after.empty();
  if (has_cursor && !absl::SimpleAtoi(page.after, &after)) return BadPageToken();
  return Guard("list DUO reports", [&]() -> absl::StatusOr<domain::Page<domain::DuoReport>> {
    std::string state = filter.state ? StoredName(*filter.state) : "";
    std::string client = filter.client_id.value_or("");
    int limit = page.size + 1;
    long long seq = 0;
    DuoReportRow row;
    Statement st = sql_.Prepare(absl::StrCat(
        "SELECT seq, ", kDuoReportColumns, " FROM duo_reports WHERE municipality = :municipality",
        filter.state ? " AND state = :state" : "",
        filter.client_id ? " AND client_id = :client" : "", has_cursor ? " AND seq > :after" : "",
        " ORDER BY seq LIMIT :limit"));
    st->exchange(soci::into(seq));
    row.Into(*st);
    st->exchange(soci::use(filter.municipality, "municipality"));
    if (filter.state) st->exchange(soci::use(state, "state"));
    if (filter.client_id) st->exchange(soci::use(client, "client"));
    if (has_cursor) st->exchange(soci::use(after, "after"));
    st->exchange(soci::use(limit, "limit"));
    st->define_and_bind();
    st->execute(false);
    domain::Page<domain::DuoReport> result;
    long long last = 0;
    while (st->fetch()) {
      if (static_cast<int>(result.items.size()) == page.size) {
        result.next_after = absl::StrCat(last);
        break;
      }
      ASSIGN_OR_RETURN(domain::DuoReport r, row.AsDomain());
      result.items.push_back(std::move(r));
      last = seq;
    }
    return result;
  });
}

absl::StatusOr<std::optional<domain::DuoSignalRecord>> SqlDuoSignalRepository::Find(
    absl::string_view municipality, absl::string_view signal_id) {
  return Guard("find DUO signal", [&]() -> absl::StatusOr<std::optional<domain::DuoSignalRecord>> {
    std::string m(municipality), s(signal_id), kind, outcome;
    domain::DuoSignalRecord r;
    long long received = 0;
    Statement st = sql_.Bind(kDuoSignalFind, soci::into(r.municipality), soci::into(r.signal_id),
                             soci::into(kind), soci::into(r.fingerprint), soci::into(r.client_id),
                             soci::into(outcome), soci::into(r.changes), soci::into(r.reason),
                             soci::into(r.closed_trajectory_id), soci::into(received),
                             soci::use(m, "municipality"), soci::use(s, "signal_id"));
    if (!st->execute(true)) return std::optional<domain::DuoSignalRecord>();
    if (!ParseStored(kind, &r.kind) || !ParseStored(outcome, &r.outcome)) {
      return absl::InternalError("unknown stored DUO signal kind or outcome");
    }
    r.received_time = absl::FromUnixMicros(received);
    return std::optional<domain::DuoSignalRecord>(std::move(r));
  });
}

absl::Status SqlDuoSignalRepository::Insert(const domain::DuoSignalRecord& r) {
  return Guard("insert DUO signal", [&]() -> absl::Status {
    std::string kind = StoredName(r.kind), outcome = StoredName(r.outcome);
    long long received = absl::ToUnixMicros(r.received_time);
    sql_.Run(kDuoSignalInsert, soci::use(r.municipality, "municipality"),
             soci::use(r.signal_id, "signal_id"), soci::use(kind, "kind"),
             soci::use(r.fingerprint, "fingerprint"), soci::use(r.client_id, "client_id"),
             soci::use(outcome, "outcome"), soci::use(r.changes, "changes"),
             soci::use(r.reason, "reason"),
             soci::use(r.closed_trajectory_id, "closed_trajectory_id"),
             soci::use(received, "received_time"));
    return absl::OkStatus();
  });
}

}  // namespace inburgering::persistence
