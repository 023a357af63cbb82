#include "persistence/sql_repositories.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "persistence/codec.h"
#include "persistence/cursor.h"
#include "persistence/rows.h"
#include "persistence/soci_errors.h"
#include "soci/soci.h"

namespace inburgering::persistence {
namespace {

// The statements of this file (each prepared once per session, statements.h).
constexpr const char* kIdempotencyFind =
    "SELECT operation, fingerprint, resource_id, create_time FROM idempotency_keys"
    " WHERE municipality = :municipality AND request_id = :request_id";
constexpr const char* kIdempotencyInsert =
    "INSERT INTO idempotency_keys (municipality, request_id, operation, fingerprint,"
    " resource_id, create_time) VALUES (:municipality, :request_id, :operation,"
    " :fingerprint, :resource_id, :create_time)";

using domain::Consultant;

constexpr const char* kInsertConsultant =
    "INSERT INTO consultants (municipality, id, display_name, email, active, case_capacity,"
    " create_time, update_time, version) VALUES (:municipality, :id, :display_name, :email,"
    " :active, :case_capacity, :create_time, :update_time, :version)";

constexpr const char* kUpdateConsultant =
    "UPDATE consultants SET display_name = :display_name, email = :email, active = :active,"
    " case_capacity = :case_capacity, update_time = :update_time, version = :version"
    " WHERE municipality = :municipality AND id = :id AND version = :expected_version";

}  // namespace

absl::Status SqlConsultantRepository::Insert(const Consultant& c) {
  return Guard("insert consultant", [&]() -> absl::Status {
    int active = c.active ? 1 : 0;
    int capacity = c.case_capacity;
    long long create_time = Micros(c.create_time), update_time = Micros(c.update_time);
    long long version = c.version;
    sql_.Run(kInsertConsultant, soci::use(c.municipality, "municipality"), soci::use(c.id, "id"),
             soci::use(c.display_name, "display_name"), soci::use(c.email, "email"),
             soci::use(active, "active"), soci::use(capacity, "case_capacity"),
             soci::use(create_time, "create_time"), soci::use(update_time, "update_time"),
             soci::use(version, "version"));
    return absl::OkStatus();
  });
}

absl::StatusOr<Consultant> SqlConsultantRepository::Get(absl::string_view municipality,
                                                        absl::string_view id) {
  return Guard("get consultant", [&]() -> absl::StatusOr<Consultant> {
    std::string m(municipality), i(id);
    ConsultantRow row;
    Statement st = sql_.Prepare(
        absl::StrCat("SELECT ", kConsultantColumns,
                     " FROM consultants WHERE municipality = :municipality AND id = :id"));
    row.IntoAll(*st);
    st->exchange(soci::use(m, "municipality"));
    st->exchange(soci::use(i, "id"));
    st->define_and_bind();
    if (!st->execute(true)) return domain::NotFound("consultant not found");
    return row.AsDomain();
  });
}

absl::Status SqlConsultantRepository::Update(const Consultant& c, int64_t expected_version) {
  return Guard("update consultant", [&]() -> absl::Status {
    int active = c.active ? 1 : 0;
    int capacity = c.case_capacity;
    long long update_time = Micros(c.update_time);
    long long version = c.version;
    long long expected = expected_version;
    Statement st =
        sql_.Bind(kUpdateConsultant, soci::use(c.display_name, "display_name"),
                  soci::use(c.email, "email"), soci::use(active, "active"),
                  soci::use(capacity, "case_capacity"), soci::use(update_time, "update_time"),
                  soci::use(version, "version"), soci::use(c.municipality, "municipality"),
                  soci::use(c.id, "id"), soci::use(expected, "expected_version"));
    st->execute(true);
    if (st->get_affected_rows() == 0) return domain::StaleEtag();
    return absl::OkStatus();
  });
}

absl::StatusOr<domain::Page<Consultant>> SqlConsultantRepository::List(
    const domain::ConsultantFilter& filter, const domain::PageRequest& page) {
  std::vector<std::string> after;
  const bool has_cursor = !page.after.empty();
  if (has_cursor && !DecodeCursor(page.after, 2, &after)) {
    return domain::InvalidArgument({{"page_token", "is not valid"}},
                                   domain::reason::kInvalidPageToken);
  }
  return Guard("list consultants", [&]() -> absl::StatusOr<domain::Page<Consultant>> {
    std::string municipality = filter.municipality;
    int include_inactive = filter.include_inactive ? 1 : 0;
    // One row more than the page: its presence says whether there is a next page.
    int limit = page.size + 1;
    ConsultantRow row;
    Statement st = sql_.Prepare(
        absl::StrCat("SELECT ", kConsultantColumns,
                     " FROM consultants WHERE municipality = :municipality"
                     " AND (active = 1 OR :include_inactive = 1)",
                     has_cursor ? " AND (display_name, id) > (:after_name, :after_id)" : "",
                     " ORDER BY display_name, id LIMIT :limit"));
    row.IntoAll(*st);
    st->exchange(soci::use(municipality, "municipality"));
    st->exchange(soci::use(include_inactive, "include_inactive"));
    if (has_cursor) {
      st->exchange(soci::use(after[0], "after_name"));
      st->exchange(soci::use(after[1], "after_id"));
    }
    st->exchange(soci::use(limit, "limit"));
    st->define_and_bind();
    st->execute(false);
    domain::Page<Consultant> result;
    while (st->fetch()) {
      if (static_cast<int>(result.items.size()) == page.size) {
        result.next_after =
            EncodeCursor({result.items.back().display_name, result.items.back().id});
        break;
      }
      result.items.push_back(row.AsDomain());
    }
    return result;
  });
}

absl::StatusOr<std::optional<domain::IdempotencyRecord>> SqlIdempotencyRepository::Find(
    absl::string_view municipality, absl::string_view request_id) {
  return Guard(
      "find request id", [&]() -> absl::StatusOr<std::optional<domain::IdempotencyRecord>> {
        domain::IdempotencyRecord r;
        r.municipality = std::string(municipality);
        r.request_id = std::string(request_id);
        long long create_time = 0;
        const bool found = sql_.Run(
            kIdempotencyFind, soci::into(r.operation), soci::into(r.fingerprint),
            soci::into(r.resource_id), soci::into(create_time),
            soci::use(r.municipality, "municipality"), soci::use(r.request_id, "request_id"));
        if (!found) return std::optional<domain::IdempotencyRecord>();
        r.create_time = absl::FromUnixMicros(create_time);
        return std::optional<domain::IdempotencyRecord>(std::move(r));
      });
}

absl::Status SqlIdempotencyRepository::Insert(const domain::IdempotencyRecord& r) {
  absl::Status status = Guard("remember request id", [&]() -> absl::Status {
    long long create_time = Micros(r.create_time);
    sql_.Run(kIdempotencyInsert, soci::use(r.municipality, "municipality"),
             soci::use(r.request_id, "request_id"), soci::use(r.operation, "operation"),
             soci::use(r.fingerprint, "fingerprint"), soci::use(r.resource_id, "resource_id"),
             soci::use(create_time, "create_time"));
    return absl::OkStatus();
  });
  // A concurrent call with the same request_id committed first: this one must not commit too.
  if (absl::IsAlreadyExists(status)) {
    return domain::WithReason(
        absl::AbortedError("a concurrent call with the same request_id is in progress; retry"),
        domain::reason::kConcurrentChange);
  }
  return status;
}

}  // namespace inburgering::persistence
