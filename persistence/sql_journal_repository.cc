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
    "INSERT INTO audit_records (time, trace_id, request_id, actor, origin, action,"
    " municipality, object, result, changes) VALUES (:time, :trace_id, :request_id,"
    " :actor, :origin, :action, :municipality, :object, :result, :changes)";
constexpr const char* kJournalAppendProcessing =
    "INSERT INTO processing_records (time, trace_id, operation_id, activity, status,"
    " actor, municipality, subject) VALUES (:time, :trace_id, :operation_id,"
    " :activity, :status, :actor, :municipality, :subject)";
constexpr const char* kJournalAuditOf =
    "SELECT id, time, trace_id, request_id, actor, origin, action, municipality, object,"
    " result, changes FROM audit_records WHERE object = :object ORDER BY id";

}  // namespace

absl::Status SqlJournalRepository::Append(const domain::AuditRecord& r) {
  return Guard("append audit record", [&]() -> absl::Status {
    long long time = absl::ToUnixMicros(r.time);
    sql_.Run(kJournalAppendAudit, soci::use(time, "time"), soci::use(r.trace_id, "trace_id"),
             soci::use(r.request_id, "request_id"), soci::use(r.actor, "actor"),
             soci::use(r.origin, "origin"), soci::use(r.action, "action"),
             soci::use(r.municipality, "municipality"), soci::use(r.object, "object"),
             soci::use(r.result, "result"), soci::use(r.changes, "changes"));
    return absl::OkStatus();
  });
}

absl::Status SqlJournalRepository::Append(const std::vector<domain::ProcessingRecord>& records) {
  return Guard("append processing records", [&]() -> absl::Status {
    domain::ProcessingRecord r;
    long long time = 0;
    Statement insert = sql_.Bind(
        kJournalAppendProcessing, soci::use(time, "time"), soci::use(r.trace_id, "trace_id"),
        soci::use(r.operation_id, "operation_id"), soci::use(r.activity, "activity"),
        soci::use(r.status, "status"), soci::use(r.actor, "actor"),
        soci::use(r.municipality, "municipality"), soci::use(r.subject, "subject"));
    for (const domain::ProcessingRecord& record : records) {
      r = record;
      time = absl::ToUnixMicros(record.time);
      insert->execute(true);
    }
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
        long long id = 0, time = 0;
        int limit = page.size + 1;
        std::string municipality = filter.municipality;
        std::string subject = filter.subject.value_or("");
        Statement st = sql_.Prepare(
            absl::StrCat("SELECT id, time, trace_id, operation_id, activity, status, actor,"
                         " municipality, subject FROM processing_records ",
                         where, " ORDER BY id DESC LIMIT :limit"));
        st->exchange(soci::into(id));
        st->exchange(soci::into(time));
        for (std::string* s : {&r.trace_id, &r.operation_id, &r.activity, &r.status, &r.actor,
                               &r.municipality, &r.subject}) {
          st->exchange(soci::into(*s));
        }
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
          r.id = id;
          r.time = absl::FromUnixMicros(time);
          result.items.push_back(r);
        }
        return result;
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
    for (std::string* s : {&r.trace_id, &r.request_id, &r.actor, &r.origin, &r.action,
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
