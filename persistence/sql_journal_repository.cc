// SQL for the audit trail and the processing log.

#include <array>
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

// The statements of this file (each prepared once per session, statements.h); the two inserts'
// heads are in sql_repositories.h: MultiRowInserts adds their rows of placeholders.
constexpr const char* kJournalAuditOf =
    "SELECT id, time, trace_id, span_id, request_id, actor, origin, action, municipality, object,"
    " result, changes FROM audit_records WHERE object = :object ORDER BY id";
// The columns of a processing record, in IntoProcessing's order.
constexpr const char* kProcessingSelect =
    "SELECT id, time, start_time, trace_id, span_id, parent_span_id, operation_id, activity,"
    " status, ldv_status, processing_activity_id, municipality, subject, data_subject_id_type,"
    " foreign_span_id, foreign_processor, resource FROM processing_records ";
constexpr const char* kJournalMoveHorizon =
    "UPDATE journal_horizons SET before_time = :before WHERE journal = 'processing_records'"
    " AND before_time < :before";
constexpr const char* kJournalPurgeProcessing =
    "DELETE FROM processing_records WHERE time < :before";

// Binds the columns of kProcessingSelect into `r` (its times through `times`).
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

constexpr int kChunks[] = {32, 16, 8, 4, 2, 1};
constexpr size_t kChunkCount = sizeof(kChunks) / sizeof(kChunks[0]);

// `head` followed by kChunks[k] rows of `columns` placeholders, for each k. The placeholders are
// named apart (:p<row>_<column>) so that they bind by position on both backends.
std::array<std::string, kChunkCount> MultiRowInserts(const char* head, int columns) {
  std::array<std::string, kChunkCount> texts;
  for (size_t k = 0; k < kChunkCount; ++k) {
    texts[k] = head;
    for (int r = 0; r < kChunks[k]; ++r) {
      texts[k] += r == 0 ? "(" : ", (";
      for (int c = 0; c < columns; ++c) {
        absl::StrAppend(&texts[k], c == 0 ? "" : ", ", ":p", r, "_", c);
      }
      texts[k] += ")";
    }
  }
  return texts;
}

const std::array<std::string, kChunkCount>& AuditInserts() {
  static const auto* texts =
      new std::array<std::string, kChunkCount>(MultiRowInserts(kJournalAppendAudit, kAuditColumns));
  return *texts;
}

const std::array<std::string, kChunkCount>& ProcessingInserts() {
  static const auto* texts = new std::array<std::string, kChunkCount>(
      MultiRowInserts(kJournalAppendProcessing, kProcessingColumns));
  return *texts;
}

// Inserts `count` rows in statements of 32, 16, 8, 4, 2 or 1 rows (as many of the largest as fit,
// then the rest: a batch of journals costs a few statements, and each of the six texts is
// prepared once per session). `bind(st, i)` binds row i's columns by position.
template <typename BindRow>
void InsertRows(Sql& sql, const std::array<std::string, kChunkCount>& texts, size_t count,
                const BindRow& bind) {
  size_t done = 0;
  for (size_t k = 0; k < kChunkCount; ++k) {
    const auto chunk = static_cast<size_t>(kChunks[k]);
    while (count - done >= chunk) {
      Statement st = sql.Prepare(texts[k]);
      for (size_t i = done; i < done + chunk; ++i) bind(*st, i);
      st->define_and_bind();
      st->execute(true);
      done += chunk;
    }
  }
}

// A processing record's columns bound by position; its two times through `times`.
void UseProcessing(soci::statement& st, const domain::ProcessingRecord& r, long long times[2]) {
  times[0] = absl::ToUnixMicros(r.time);
  times[1] = absl::ToUnixMicros(r.start_time);
  st.exchange(soci::use(times[0]));
  st.exchange(soci::use(times[1]));
  for (const std::string* s :
       {&r.trace_id, &r.span_id, &r.parent_span_id, &r.operation_id, &r.activity, &r.status,
        &r.ldv_status, &r.processing_activity_id, &r.municipality, &r.subject,
        &r.data_subject_id_type, &r.foreign_span_id, &r.foreign_processor, &r.resource}) {
    st.exchange(soci::use(*s));
  }
}

}  // namespace

absl::Status SqlJournalRepository::Append(const std::vector<domain::AuditRecord>& records) {
  return Guard("append audit records", [&]() -> absl::Status {
    std::vector<long long> times(records.size());
    InsertRows(sql_, AuditInserts(), records.size(), [&](soci::statement& st, size_t i) {
      const domain::AuditRecord& r = records[i];
      times[i] = absl::ToUnixMicros(r.time);
      st.exchange(soci::use(times[i]));
      for (const std::string* s : {&r.trace_id, &r.span_id, &r.request_id, &r.actor, &r.origin,
                                   &r.action, &r.municipality, &r.object, &r.result, &r.changes}) {
        st.exchange(soci::use(*s));
      }
    });
    return absl::OkStatus();
  });
}

absl::Status SqlJournalRepository::Append(const std::vector<domain::ProcessingRecord>& records) {
  return Guard("append processing records", [&]() -> absl::Status {
    std::vector<long long> times(2 * records.size());
    InsertRows(sql_, ProcessingInserts(), records.size(), [&](soci::statement& st, size_t i) {
      UseProcessing(st, records[i], &times[2 * i]);
    });
    return absl::OkStatus();
  });
}

absl::Status SqlJournalRepository::AppendAll(
    const std::function<bool(domain::ProcessingRecord&)>& next) {
  return Guard("append processing records", [&]() -> absl::Status {
    // In pages of 32, so that a million records are never held at once.
    std::vector<domain::ProcessingRecord> page(32);
    std::vector<long long> times(2 * page.size());
    for (;;) {
      size_t n = 0;
      while (n < page.size() && next(page[n])) ++n;
      InsertRows(sql_, ProcessingInserts(), n,
                 [&](soci::statement& st, size_t i) { UseProcessing(st, page[i], &times[2 * i]); });
      if (n < page.size()) return absl::OkStatus();
    }
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
            sql_.Prepare(absl::StrCat(kProcessingSelect, where, " ORDER BY id DESC LIMIT :limit"));
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
        Statement st = sql_.Prepare(absl::StrCat(kProcessingSelect, "WHERE id > :after",
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
