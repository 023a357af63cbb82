// SQL for the audit trail and the processing log.

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "persistence/soci_errors.h"
#include "persistence/sql_repositories.h"
#include "soci/soci.h"

namespace inburgering::persistence {
namespace {

// The statements of this file (each prepared once per session, statements.h).
constexpr const char* kJournalAppendAudit =
    "INSERT INTO audit_records (time, trace_id, span_id, request_id, actor, origin, action,"
    " municipality, object, result, changes) VALUES (:time, :trace_id, :span_id, :request_id,"
    " :actor, :origin, :action, :municipality, :object, :result, :changes)";
constexpr const char* kJournalAppendProcessing =
    "INSERT INTO processing_records (time, start_time, trace_id, span_id, parent_span_id,"
    " operation_id, activity, status, ldv_status, processing_activity_id, municipality, subject,"
    " data_subject_id_type, foreign_span_id, foreign_processor, resource) VALUES (:time,"
    " :start_time, :trace_id, :span_id, :parent_span_id, :operation_id, :activity, :status,"
    " :ldv_status, :processing_activity_id, :municipality, :subject, :data_subject_id_type,"
    " :foreign_span_id, :foreign_processor, :resource)";
constexpr const char* kJournalAuditOf =
    "SELECT id, time, trace_id, span_id, request_id, actor, origin, action, municipality, object,"
    " result, changes FROM audit_records WHERE object = :object ORDER BY id";
// The columns of a processing record, in ProcessingColumns' order.
constexpr const char* kProcessingColumns =
    "SELECT id, time, start_time, trace_id, span_id, parent_span_id, operation_id, activity,"
    " status, ldv_status, processing_activity_id, municipality, subject, data_subject_id_type,"
    " foreign_span_id, foreign_processor, resource FROM processing_records ";
constexpr const char* kJournalMoveHorizon =
    "UPDATE journal_horizons SET before_time = :before WHERE journal = 'processing_records'"
    " AND before_time < :before";
constexpr const char* kJournalPurgeProcessing =
    "DELETE FROM processing_records WHERE time < :before";

// Binds the columns of kProcessingColumns into `r` (its times through `times`).
void IntoProcessing(Statement& st, domain::ProcessingRecord& r, long long* id, long long times[2]) {
  st->exchange(soci::into(*id));
  st->exchange(soci::into(times[0]));
  st->exchange(soci::into(times[1]));
  for (std::string* s :
       {&r.trace_id, &r.span_id, &r.parent_span_id, &r.operation_id, &r.activity, &r.status,
        &r.ldv_status, &r.processing_activity_id, &r.municipality, &r.subject,
        &r.data_subject_id_type, &r.foreign_span_id, &r.foreign_processor, &r.resource}) {
    st->exchange(soci::into(*s));
  }
}

void FinishProcessing(domain::ProcessingRecord& r, long long id, const long long times[2]) {
  r.id = id;
  r.time = absl::FromUnixMicros(times[0]);
  r.start_time = absl::FromUnixMicros(times[1]);
}

// Inserts each record `next` fills in, bound by position (which SQLite does not look up by name
// on every row).
void InsertEach(Sql& sql, const std::function<bool(domain::ProcessingRecord&)>& next) {
  domain::ProcessingRecord r;
  long long time = 0, start_time = 0;
  Statement st =
      sql.Bind(kJournalAppendProcessing, soci::use(time), soci::use(start_time),
               soci::use(r.trace_id), soci::use(r.span_id), soci::use(r.parent_span_id),
               soci::use(r.operation_id), soci::use(r.activity), soci::use(r.status),
               soci::use(r.ldv_status), soci::use(r.processing_activity_id),
               soci::use(r.municipality), soci::use(r.subject), soci::use(r.data_subject_id_type),
               soci::use(r.foreign_span_id), soci::use(r.foreign_processor), soci::use(r.resource));
  while (next(r)) {
    time = absl::ToUnixMicros(r.time);
    start_time = absl::ToUnixMicros(r.start_time);
    st->execute(true);
  }
}

}  // namespace

absl::Status SqlJournalRepository::Append(const domain::AuditRecord& r) {
  return Guard("append audit record", [&]() -> absl::Status {
    long long time = absl::ToUnixMicros(r.time);
    sql_.Run(kJournalAppendAudit, soci::use(time, "time"), soci::use(r.trace_id, "trace_id"),
             soci::use(r.span_id, "span_id"), soci::use(r.request_id, "request_id"),
             soci::use(r.actor, "actor"), soci::use(r.origin, "origin"),
             soci::use(r.action, "action"), soci::use(r.municipality, "municipality"),
             soci::use(r.object, "object"), soci::use(r.result, "result"),
             soci::use(r.changes, "changes"));
    return absl::OkStatus();
  });
}

absl::Status SqlJournalRepository::Append(const std::vector<domain::ProcessingRecord>& records) {
  size_t i = 0;
  return Guard("append processing records", [&]() -> absl::Status {
    InsertEach(sql_, [&](domain::ProcessingRecord& r) {
      if (i == records.size()) return false;
      r = records[i++];
      return true;
    });
    return absl::OkStatus();
  });
}

absl::Status SqlJournalRepository::AppendAll(
    const std::function<bool(domain::ProcessingRecord&)>& next) {
  return Guard("append processing records", [&]() -> absl::Status {
    InsertEach(sql_, next);
    return absl::OkStatus();
  });
}

absl::StatusOr<domain::Page<domain::ProcessingRecord>> SqlJournalRepository::ListProcessing(
    const domain::ProcessingFilter& filter, const domain::PageRequest& page) {
  long long before = 0;
  const bool has_cursor = !page.after.empty();
  if (has_cursor && !absl::SimpleAtoi(page.after, &before)) {
    return domain::InvalidArgument({{"page_token", "is not valid"}},
                                   domain::reason::kInvalidPageToken);
  }
  return Guard(
      "list processing records", [&]() -> absl::StatusOr<domain::Page<domain::ProcessingRecord>> {
        std::string where = "WHERE 1 = 1";
        if (!filter.municipality.empty()) {
          absl::StrAppend(&where, " AND municipality = :municipality");
        }
        if (filter.subject) absl::StrAppend(&where, " AND subject = :subject");
        if (has_cursor) absl::StrAppend(&where, " AND id < :before");
        domain::ProcessingRecord r;
        long long id = 0;
        long long times[2] = {0, 0};
        int limit = page.size + 1;
        std::string municipality = filter.municipality;
        std::string subject = filter.subject.value_or("");
        Statement st =
            sql_.Prepare(absl::StrCat(kProcessingColumns, where, " ORDER BY id DESC LIMIT :limit"));
        IntoProcessing(st, r, &id, times);
        if (!filter.municipality.empty()) {
          st->exchange(soci::use(municipality, "municipality"));
        }
        if (filter.subject) st->exchange(soci::use(subject, "subject"));
        if (has_cursor) st->exchange(soci::use(before, "before"));
        st->exchange(soci::use(limit, "limit"));
        st->define_and_bind();
        st->execute(false);
        domain::Page<domain::ProcessingRecord> result;
        while (st->fetch()) {
          if (static_cast<int>(result.items.size()) == page.size) {
            result.next_after = absl::StrCat(result.items.back().id);
            break;
          }
          FinishProcessing(r, id, times);
          result.items.push_back(r);
        }
        return result;
      });
}

absl::StatusOr<std::vector<domain::ProcessingRecord>> SqlJournalRepository::ExportProcessing(
    const domain::ProcessingFilter& filter, int limit) {
  return Guard(
      "export processing records", [&]() -> absl::StatusOr<std::vector<domain::ProcessingRecord>> {
        const bool all = filter.municipality.empty();
        domain::ProcessingRecord r;
        long long id = 0;
        long long times[2] = {0, 0};
        long long after = filter.after_id;
        std::string municipality = filter.municipality;
        Statement st = sql_.Prepare(absl::StrCat(kProcessingColumns, "WHERE id > :after",
                                                 all ? "" : " AND municipality = :municipality",
                                                 " ORDER BY id LIMIT :limit"));
        IntoProcessing(st, r, &id, times);
        st->exchange(soci::use(after, "after"));
        if (!all) st->exchange(soci::use(municipality, "municipality"));
        st->exchange(soci::use(limit, "limit"));
        st->define_and_bind();
        st->execute(false);
        std::vector<domain::ProcessingRecord> records;
        while (st->fetch()) {
          FinishProcessing(r, id, times);
          records.push_back(r);
        }
        return records;
      });
}

absl::StatusOr<int64_t> SqlJournalRepository::PurgeProcessing(absl::Time before) {
  return Guard("purge processing records", [&]() -> absl::StatusOr<int64_t> {
    long long micros = absl::ToUnixMicros(before);
    sql_.Run(kJournalMoveHorizon, soci::use(micros, "before"));
    Statement st = sql_.Bind(kJournalPurgeProcessing, soci::use(micros, "before"));
    st->execute(true);
    return static_cast<int64_t>(st->get_affected_rows());
  });
}

absl::StatusOr<std::vector<domain::AuditRecord>> SqlJournalRepository::AuditOf(
    absl::string_view object) {
  return Guard("read audit records", [&]() -> absl::StatusOr<std::vector<domain::AuditRecord>> {
    std::string o(object);
    domain::AuditRecord r;
    long long id = 0, time = 0;
    Statement st = sql_.Prepare(kJournalAuditOf);
    st->exchange(soci::into(id));
    st->exchange(soci::into(time));
    for (std::string* s : {&r.trace_id, &r.span_id, &r.request_id, &r.actor, &r.origin, &r.action,
                           &r.municipality, &r.object, &r.result, &r.changes}) {
      st->exchange(soci::into(*s));
    }
    st->exchange(soci::use(o, "object"));
    st->define_and_bind();
    st->execute(false);
    std::vector<domain::AuditRecord> records;
    while (st->fetch()) {
      r.id = id;
      r.time = absl::FromUnixMicros(time);
      records.push_back(r);
    }
    return records;
  });
}

}  // namespace inburgering::persistence
