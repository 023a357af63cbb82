#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "domain/status_macros.h"
#include "persistence/codec.h"
#include "persistence/cursor.h"
#include "persistence/facts_columns.h"
#include "persistence/soci_errors.h"
#include "persistence/sql_repositories.h"
#include "soci/soci.h"

namespace inburgering::persistence {
namespace {

// The statements of this file (each prepared once per session, statements.h).
constexpr const char* kProviderColumns =
    "municipality, id, display_name, quality_mark, components, contract_reference, create_time";
constexpr const char* kProviderInsert =
    "INSERT INTO providers (municipality, id, display_name, quality_mark, components,"
    " contract_reference, create_time) VALUES (:municipality, :id, :display_name, :quality_mark,"
    " :components, :contract_reference, :create_time)";
constexpr const char* kProviderGet =
    "SELECT municipality, id, display_name, quality_mark, components, contract_reference,"
    " create_time FROM providers WHERE municipality = :municipality AND id = :id";
constexpr const char* kEnrollmentUpsert =
    "INSERT INTO provider_enrollments (municipality, provider_id, enrollment_id, client_id,"
    " trajectory_id, component, planned_hours, start_date, lessons_start, dropout_date,"
    " contract_reference, seq) VALUES (:municipality, :provider_id, :enrollment_id, :client_id,"
    " :trajectory_id, :component, :planned_hours, :start_date, :lessons_start, :dropout_date,"
    " :contract_reference, :seq) ON CONFLICT (municipality, provider_id, enrollment_id) DO UPDATE"
    " SET component = excluded.component, planned_hours = excluded.planned_hours,"
    " start_date = excluded.start_date, lessons_start = excluded.lessons_start,"
    " dropout_date = excluded.dropout_date, contract_reference = excluded.contract_reference";
constexpr const char* kEnrollmentColumns =
    "e.municipality, e.provider_id, e.enrollment_id, e.client_id, e.trajectory_id, e.component,"
    " e.planned_hours, e.start_date, e.lessons_start, e.dropout_date, e.contract_reference, e.seq";
constexpr const char* kReportColumns =
    "municipality, provider_id, record_id, version, enrollment_id, client_id, trajectory_id, kind,"
    " body, fingerprint, receive_time, seq";
constexpr const char* kReportInsert =
    "INSERT INTO provider_reports (municipality, provider_id, record_id, version, enrollment_id,"
    " client_id, trajectory_id, kind, body, fingerprint, receive_time, seq) VALUES"
    " (:municipality, :provider_id, :record_id, :version, :enrollment_id, :client_id,"
    " :trajectory_id, :kind, :body, :fingerprint, :receive_time, :seq)";

constexpr const char* kReportLastSequence =
    "SELECT COALESCE(MAX(seq), 0) FROM provider_reports WHERE municipality = :municipality AND"
    " provider_id = :provider_id";

absl::Status BadPageToken() {
  return domain::InvalidArgument({{"page_token", "is not valid"}},
                                 domain::reason::kInvalidPageToken);
}

struct ProviderRow {
  std::string municipality, id, display_name, quality_mark, components, contract_reference;
  long long create_time = 0;

  void IntoAll(soci::statement& st) {
    for (std::string* s :
         {&municipality, &id, &display_name, &quality_mark, &components, &contract_reference}) {
      st.exchange(soci::into(*s));
    }
    st.exchange(soci::into(create_time));
  }
  absl::StatusOr<domain::Provider> AsDomain() const {
    domain::Provider p;
    p.municipality = municipality;
    p.id = id;
    p.display_name = display_name;
    if (!ParseStored(quality_mark, &p.quality_mark)) {
      return absl::InternalError("unknown stored quality mark");
    }
    RETURN_IF_ERROR(DecodeComponents(components, p.components));
    p.contract_reference = contract_reference;
    p.create_time = absl::FromUnixMicros(create_time);
    return p;
  }
};

struct EnrollmentRow {
  std::string municipality, provider_id, enrollment_id, client_id, trajectory_id, component;
  int planned_hours = 0;
  Nullable start_date, lessons_start, dropout_date;
  std::string contract_reference;
  long long seq = 0;

  void IntoAll(soci::statement& st) {
    for (std::string* s :
         {&municipality, &provider_id, &enrollment_id, &client_id, &trajectory_id, &component}) {
      st.exchange(soci::into(*s));
    }
    st.exchange(soci::into(planned_hours));
    for (Nullable* n : {&start_date, &lessons_start, &dropout_date}) {
      st.exchange(soci::into(n->value, n->ind));
    }
    st.exchange(soci::into(contract_reference));
    st.exchange(soci::into(seq));
  }
  absl::StatusOr<domain::ProviderEnrollment> AsDomain() const {
    domain::ProviderEnrollment e;
    e.municipality = municipality;
    e.provider_id = provider_id;
    e.enrollment_id = enrollment_id;
    e.client_id = client_id;
    e.trajectory_id = trajectory_id;
    if (!ParseStored(component, &e.component)) return absl::InternalError("unknown component");
    e.planned_hours = planned_hours;
    ASSIGN_OR_RETURN(e.start_date, ParseStoredDay(start_date.Get()));
    ASSIGN_OR_RETURN(e.lessons_start, ParseStoredDay(lessons_start.Get()));
    ASSIGN_OR_RETURN(e.dropout_date, ParseStoredDay(dropout_date.Get()));
    e.contract_reference = contract_reference;
    return e;
  }
};

struct ReportRow {
  std::string municipality, provider_id, record_id;
  int version = 0;
  std::string enrollment_id, client_id, trajectory_id, kind, body, fingerprint;
  long long receive_time = 0, seq = 0;

  void IntoAll(soci::statement& st) {
    st.exchange(soci::into(municipality));
    st.exchange(soci::into(provider_id));
    st.exchange(soci::into(record_id));
    st.exchange(soci::into(version));
    for (std::string* s :
         {&enrollment_id, &client_id, &trajectory_id, &kind, &body, &fingerprint}) {
      st.exchange(soci::into(*s));
    }
    st.exchange(soci::into(receive_time));
    st.exchange(soci::into(seq));
  }
  absl::StatusOr<domain::ProviderReport> AsDomain() const {
    domain::ProviderReport r;
    r.municipality = municipality;
    r.provider_id = provider_id;
    r.record_id = record_id;
    r.version = version;
    r.enrollment_id = enrollment_id;
    r.client_id = client_id;
    r.trajectory_id = trajectory_id;
    if (!ParseStored(kind, &r.kind)) return absl::InternalError("unknown stored report kind");
    RETURN_IF_ERROR(DecodeProviderReportBody(body, r));
    r.fingerprint = fingerprint;
    r.receive_time = absl::FromUnixMicros(receive_time);
    r.sequence = seq;
    return r;
  }
};

}  // namespace

absl::Status SqlProviderRepository::Insert(const domain::Provider& p) {
  return Guard("insert provider", [&]() -> absl::Status {
    std::string mark = StoredName(p.quality_mark), components = EncodeComponents(p.components);
    long long create_time = absl::ToUnixMicros(p.create_time);
    sql_.Run(kProviderInsert, soci::use(p.municipality, "municipality"), soci::use(p.id, "id"),
             soci::use(p.display_name, "display_name"), soci::use(mark, "quality_mark"),
             soci::use(components, "components"),
             soci::use(p.contract_reference, "contract_reference"),
             soci::use(create_time, "create_time"));
    return absl::OkStatus();
  });
}

absl::StatusOr<domain::Provider> SqlProviderRepository::Get(absl::string_view municipality,
                                                            absl::string_view id) {
  return Guard("get provider", [&]() -> absl::StatusOr<domain::Provider> {
    std::string m(municipality), i(id);
    ProviderRow row;
    Statement st = sql_.Prepare(kProviderGet);
    row.IntoAll(*st);
    st->exchange(soci::use(m, "municipality"));
    st->exchange(soci::use(i, "id"));
    st->define_and_bind();
    if (!st->execute(true)) return domain::NotFound("provider not found");
    return row.AsDomain();
  });
}

absl::StatusOr<domain::Page<domain::Provider>> SqlProviderRepository::List(
    absl::string_view municipality, const domain::PageRequest& page) {
  std::vector<std::string> after;
  const bool has_cursor = !page.after.empty();
  if (has_cursor && !DecodeCursor(page.after, 1, &after)) return BadPageToken();
  return Guard("list providers", [&]() -> absl::StatusOr<domain::Page<domain::Provider>> {
    std::string m(municipality);
    int limit = page.size + 1;
    ProviderRow row;
    Statement st = sql_.Prepare(absl::StrCat(
        "SELECT ", kProviderColumns, " FROM providers WHERE municipality = :municipality",
        has_cursor ? " AND id > :after_id" : "", " ORDER BY id LIMIT :limit"));
    row.IntoAll(*st);
    st->exchange(soci::use(m, "municipality"));
    if (has_cursor) st->exchange(soci::use(after[0], "after_id"));
    st->exchange(soci::use(limit, "limit"));
    st->define_and_bind();
    st->execute(false);
    domain::Page<domain::Provider> result;
    while (st->fetch()) {
      if (static_cast<int>(result.items.size()) == page.size) {
        result.next_after = EncodeCursor({result.items.back().id});
        break;
      }
      ASSIGN_OR_RETURN(domain::Provider p, row.AsDomain());
      result.items.push_back(std::move(p));
    }
    return result;
  });
}

absl::Status SqlProviderRepository::SaveEnrollment(const domain::ProviderEnrollment& e) {
  return Guard("save provider enrollment", [&]() -> absl::Status {
    std::string component = StoredName(e.component);
    int hours = e.planned_hours;
    Nullable start, lessons, dropout;
    start.Set(StoredDay(e.start_date));
    lessons.Set(StoredDay(e.lessons_start));
    dropout.Set(StoredDay(e.dropout_date));
    long long seq = e.sequence;
    sql_.Run(kEnrollmentUpsert, soci::use(e.municipality, "municipality"),
             soci::use(e.provider_id, "provider_id"), soci::use(e.enrollment_id, "enrollment_id"),
             soci::use(e.client_id, "client_id"), soci::use(e.trajectory_id, "trajectory_id"),
             soci::use(component, "component"), soci::use(hours, "planned_hours"),
             soci::use(start.value, start.ind, "start_date"),
             soci::use(lessons.value, lessons.ind, "lessons_start"),
             soci::use(dropout.value, dropout.ind, "dropout_date"),
             soci::use(e.contract_reference, "contract_reference"), soci::use(seq, "seq"));
    return absl::OkStatus();
  });
}

absl::StatusOr<std::optional<domain::ProviderEnrollment>> SqlProviderRepository::FindEnrollment(
    absl::string_view municipality, absl::string_view provider_id,
    absl::string_view enrollment_id) {
  using Result = std::optional<domain::ProviderEnrollment>;
  return Guard("find provider enrollment", [&]() -> absl::StatusOr<Result> {
    std::string m(municipality), p(provider_id), e(enrollment_id);
    EnrollmentRow row;
    Statement st = sql_.Prepare(absl::StrCat(
        "SELECT ", kEnrollmentColumns,
        " FROM provider_enrollments e WHERE e.municipality = :municipality AND e.provider_id ="
        " :provider_id AND e.enrollment_id = :enrollment_id"));
    row.IntoAll(*st);
    st->exchange(soci::use(m, "municipality"));
    st->exchange(soci::use(p, "provider_id"));
    st->exchange(soci::use(e, "enrollment_id"));
    st->define_and_bind();
    if (!st->execute(true)) return Result();
    ASSIGN_OR_RETURN(domain::ProviderEnrollment found, row.AsDomain());
    return Result(std::move(found));
  });
}

absl::StatusOr<domain::Page<domain::ProviderEnrollment>> SqlProviderRepository::ListEnrollments(
    absl::string_view municipality, absl::string_view provider_id,
    const domain::PageRequest& page) {
  std::vector<std::string> after;
  long long after_seq = 0;
  const bool has_cursor = !page.after.empty();
  if (has_cursor &&
      (!DecodeCursor(page.after, 2, &after) || !absl::SimpleAtoi(after[0], &after_seq))) {
    return BadPageToken();
  }
  using Result = domain::Page<domain::ProviderEnrollment>;
  return Guard("list provider enrollments", [&]() -> absl::StatusOr<Result> {
    std::string m(municipality), p(provider_id), given, family, phase;
    int limit = page.size + 1;
    EnrollmentRow row;
    Statement st = sql_.Prepare(absl::StrCat(
        "SELECT ", kEnrollmentColumns,
        ", c.given_names, c.family_name, t.phase FROM provider_enrollments e JOIN clients c ON"
        " c.municipality = e.municipality AND c.id = e.client_id JOIN trajectories t ON"
        " t.municipality = e.municipality AND t.id = e.trajectory_id WHERE e.municipality ="
        " :municipality AND e.provider_id = :provider_id",
        has_cursor ? " AND (e.seq, e.enrollment_id) > (:after_seq, :after_id)" : "",
        " ORDER BY e.seq, e.enrollment_id LIMIT :limit"));
    row.IntoAll(*st);
    st->exchange(soci::into(given));
    st->exchange(soci::into(family));
    st->exchange(soci::into(phase));
    st->exchange(soci::use(m, "municipality"));
    st->exchange(soci::use(p, "provider_id"));
    if (has_cursor) {
      st->exchange(soci::use(after_seq, "after_seq"));
      st->exchange(soci::use(after[1], "after_id"));
    }
    st->exchange(soci::use(limit, "limit"));
    st->define_and_bind();
    st->execute(false);
    Result result;
    long long last_seq = 0;
    while (st->fetch()) {
      if (static_cast<int>(result.items.size()) == page.size) {
        result.next_after =
            EncodeCursor({absl::StrCat(last_seq), result.items.back().enrollment_id});
        break;
      }
      ASSIGN_OR_RETURN(domain::ProviderEnrollment e, row.AsDomain());
      e.given_names = given;
      e.family_name = family;
      e.closed = phase == "CLOSED";
      last_seq = row.seq;
      result.items.push_back(std::move(e));
    }
    return result;
  });
}

absl::StatusOr<std::optional<domain::ProviderReport>> SqlProviderRepository::LatestReport(
    absl::string_view municipality, absl::string_view provider_id, absl::string_view record_id) {
  using Result = std::optional<domain::ProviderReport>;
  return Guard("find provider report", [&]() -> absl::StatusOr<Result> {
    std::string m(municipality), p(provider_id), r(record_id);
    ReportRow row;
    Statement st = sql_.Prepare(
        absl::StrCat("SELECT ", kReportColumns,
                     " FROM provider_reports WHERE municipality = :municipality AND provider_id ="
                     " :provider_id AND record_id = :record_id ORDER BY version DESC LIMIT 1"));
    row.IntoAll(*st);
    st->exchange(soci::use(m, "municipality"));
    st->exchange(soci::use(p, "provider_id"));
    st->exchange(soci::use(r, "record_id"));
    st->define_and_bind();
    if (!st->execute(true)) return Result();
    ASSIGN_OR_RETURN(domain::ProviderReport found, row.AsDomain());
    return Result(std::move(found));
  });
}

absl::Status SqlProviderRepository::InsertReport(const domain::ProviderReport& r) {
  return Guard("insert provider report", [&]() -> absl::Status {
    int version = r.version;
    std::string kind = StoredName(r.kind), body = EncodeProviderReportBody(r);
    long long receive_time = absl::ToUnixMicros(r.receive_time), seq = r.sequence;
    sql_.Run(kReportInsert, soci::use(r.municipality, "municipality"),
             soci::use(r.provider_id, "provider_id"), soci::use(r.record_id, "record_id"),
             soci::use(version, "version"), soci::use(r.enrollment_id, "enrollment_id"),
             soci::use(r.client_id, "client_id"), soci::use(r.trajectory_id, "trajectory_id"),
             soci::use(kind, "kind"), soci::use(body, "body"),
             soci::use(r.fingerprint, "fingerprint"), soci::use(receive_time, "receive_time"),
             soci::use(seq, "seq"));
    return absl::OkStatus();
  });
}

absl::StatusOr<int64_t> SqlProviderRepository::LastReportSequence(absl::string_view municipality,
                                                                  absl::string_view provider_id) {
  return Guard("read provider report sequence", [&]() -> absl::StatusOr<int64_t> {
    std::string m(municipality), p(provider_id);
    long long last = 0;
    sql_.Run(kReportLastSequence, soci::into(last), soci::use(m, "municipality"),
             soci::use(p, "provider_id"));
    return last;
  });
}

absl::StatusOr<domain::Page<domain::ProviderReport>> SqlProviderRepository::ListReports(
    const domain::ProviderReportFilter& filter, const domain::PageRequest& page) {
  std::vector<std::string> after;
  long long after_seq = 0;
  int after_version = 0;
  const bool has_cursor = !page.after.empty();
  if (has_cursor &&
      (!DecodeCursor(page.after, 3, &after) || !absl::SimpleAtoi(after[0], &after_seq) ||
       !absl::SimpleAtoi(after[2], &after_version))) {
    return BadPageToken();
  }
  using Result = domain::Page<domain::ProviderReport>;
  return Guard("list provider reports", [&]() -> absl::StatusOr<Result> {
    std::string m = filter.municipality, p = filter.provider_id, e = filter.enrollment_id;
    const bool by_enrollment = !e.empty();
    int limit = page.size + 1;
    ReportRow row;
    Statement st = sql_.Prepare(absl::StrCat(
        "SELECT ", kReportColumns,
        " FROM provider_reports WHERE municipality = :municipality AND provider_id = :provider_id",
        by_enrollment ? " AND enrollment_id = :enrollment_id" : "",
        // Two batches of one provider committed concurrently (PostgreSQL) may share a sequence
        // number: the record id and version order them.
        has_cursor ? " AND (seq, record_id, version) > (:after_seq, :after_record, :after_version)"
                   : "",
        " ORDER BY seq, record_id, version LIMIT :limit"));
    row.IntoAll(*st);
    st->exchange(soci::use(m, "municipality"));
    st->exchange(soci::use(p, "provider_id"));
    if (by_enrollment) st->exchange(soci::use(e, "enrollment_id"));
    if (has_cursor) {
      st->exchange(soci::use(after_seq, "after_seq"));
      st->exchange(soci::use(after[1], "after_record"));
      st->exchange(soci::use(after_version, "after_version"));
    }
    st->exchange(soci::use(limit, "limit"));
    st->define_and_bind();
    st->execute(false);
    Result result;
    while (st->fetch()) {
      if (static_cast<int>(result.items.size()) == page.size) {
        const domain::ProviderReport& last = result.items.back();
        result.next_after =
            EncodeCursor({absl::StrCat(last.sequence), last.record_id, absl::StrCat(last.version)});
        break;
      }
      ASSIGN_OR_RETURN(domain::ProviderReport r, row.AsDomain());
      result.items.push_back(std::move(r));
    }
    return result;
  });
}

}  // namespace inburgering::persistence
