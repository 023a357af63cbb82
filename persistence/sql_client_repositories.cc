// SQL for clients (with their consultant history).

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "domain/status_macros.h"
#include "persistence/codec.h"
#include "persistence/cursor.h"
#include "persistence/facts_columns.h"
#include "persistence/rows.h"
#include "persistence/soci_errors.h"
#include "persistence/sql_repositories.h"
#include "soci/soci.h"

namespace inburgering::persistence {
namespace {

// The statements of this file (each prepared once per session, statements.h).
constexpr const char* kClientInsertAssignments =
    "INSERT INTO client_assignments (municipality, client_id, seq, consultant_id,"
    " assigned_at, assigned_by) VALUES (:municipality, :client_id, :seq,"
    " :consultant_id, :assigned_at, :assigned_by)";
constexpr const char* kClientInsert =
    "INSERT INTO clients (municipality, id, bsn, given_names, family_name, birth_date,"
    " target_group, regime, source, obligation_notice_date, brp_registration_date,"
    " coa_link_date, consultant_id, create_time, update_time, version) VALUES"
    " (:municipality, :id, :bsn, :given_names, :family_name, :birth_date,"
    " :target_group, :regime, :source, :notice, :brp, :coa, :consultant,"
    " :create_time, :update_time, :version)";
constexpr const char* kClientUpdate =
    "UPDATE clients SET given_names = :given_names,"
    " family_name = :family_name, birth_date = :birth_date,"
    " target_group = :target_group, obligation_notice_date = :notice,"
    " brp_registration_date = :brp, coa_link_date = :coa,"
    " consultant_id = :consultant, update_time = :update_time,"
    " version = :version WHERE municipality = :municipality"
    " AND id = :id AND version = :expected";
constexpr const char* kClientCountAssignments =
    "SELECT count(*) FROM client_assignments WHERE municipality = :municipality"
    " AND client_id = :client_id";
constexpr const char* kClientDelete =
    "DELETE FROM clients WHERE municipality = :municipality AND id = :id";

using domain::Client;

// The bound values of a client's writable columns.
struct ClientValues {
  std::string birth_date, target_group, regime, source;
  Nullable notice, brp, coa, consultant;
  long long create_time, update_time, version;

  explicit ClientValues(const Client& c)
      : birth_date(*StoredDay(c.birth_date)),
        target_group(StoredName(c.target_group)),
        regime(StoredName(c.regime)),
        source(StoredName(c.source)),
        create_time(Micros(c.create_time)),
        update_time(Micros(c.update_time)),
        version(c.version) {
    notice.Set(StoredDay(c.obligation_notice_date));
    brp.Set(StoredDay(c.brp_registration_date));
    coa.Set(StoredDay(c.coa_link_date));
    consultant.Set(c.consultant_id.empty() ? std::nullopt
                                           : std::optional<std::string>(c.consultant_id));
  }
};

}  // namespace

absl::Status SqlClientRepository::InsertAssignments(const Client& c, size_t from) {
  for (size_t i = from; i < c.assignments.size(); ++i) {
    const domain::ConsultantAssignment& a = c.assignments[i];
    int seq = static_cast<int>(i);
    long long at = Micros(a.assigned_at);
    sql_.Run(kClientInsertAssignments, soci::use(c.municipality, "municipality"),
             soci::use(c.id, "client_id"), soci::use(seq, "seq"),
             soci::use(a.consultant_id, "consultant_id"), soci::use(at, "assigned_at"),
             soci::use(a.assigned_by, "assigned_by"));
  }
  return absl::OkStatus();
}

absl::Status SqlClientRepository::Insert(const Client& c) {
  return Guard("insert client", [&]() -> absl::Status {
    ClientValues v(c);
    sql_.Run(kClientInsert, soci::use(c.municipality, "municipality"), soci::use(c.id, "id"),
             soci::use(c.bsn, "bsn"), soci::use(c.given_names, "given_names"),
             soci::use(c.family_name, "family_name"), soci::use(v.birth_date, "birth_date"),
             soci::use(v.target_group, "target_group"), soci::use(v.regime, "regime"),
             soci::use(v.source, "source"), soci::use(v.notice.value, v.notice.ind, "notice"),
             soci::use(v.brp.value, v.brp.ind, "brp"), soci::use(v.coa.value, v.coa.ind, "coa"),
             soci::use(v.consultant.value, v.consultant.ind, "consultant"),
             soci::use(v.create_time, "create_time"), soci::use(v.update_time, "update_time"),
             soci::use(v.version, "version"));
    return InsertAssignments(c, 0);
  });
}

std::string ClientSelectSql(absl::string_view where_and_order, absl::string_view order,
                            Backend backend) {
  // The clients and their assignment history in one statement: a row per assignment (or one
  // with empty history columns), a client's rows together and in order. On PostgreSQL the
  // history is joined in the default collation of its key: joined on `clients.id`, which is
  // COLLATE "C", the planner cannot use that key and reads every assignment.
  const absl::string_view id =
      backend == Backend::kPostgresql ? "c.id COLLATE \"default\"" : "c.id";
  return absl::StrCat(
      "SELECT ", kClientColumns,
      ", COALESCE(a.consultant_id, ''), COALESCE(a.assigned_at, 0), COALESCE(a.assigned_by, '')"
      " FROM (SELECT c.* FROM clients c ",
      where_and_order,
      ") c LEFT JOIN client_assignments a ON a.municipality = c.municipality AND a.client_id = ",
      id, " ORDER BY ", order, ", a.seq");
}

absl::StatusOr<std::vector<Client>> SqlClientRepository::Select(
    const std::string& where_and_order, absl::string_view order,
    const std::function<void(soci::statement&)>& bind) {
  return Guard("select clients", [&]() -> absl::StatusOr<std::vector<Client>> {
    Statement st = sql_.Prepare(ClientSelectSql(where_and_order, order, backend_));
    ClientRow row;
    domain::ConsultantAssignment a;
    long long at = 0;
    row.Into(*st);
    st->exchange(soci::into(a.consultant_id));
    st->exchange(soci::into(at));
    st->exchange(soci::into(a.assigned_by));
    bind(*st);
    st->define_and_bind();
    st->execute(false);
    std::vector<Client> clients;
    while (st->fetch()) {
      if (clients.empty() || clients.back().id != row.id) {
        ASSIGN_OR_RETURN(Client c, row.AsDomain());
        clients.push_back(std::move(c));
      }
      if (a.consultant_id.empty()) continue;
      a.assigned_at = absl::FromUnixMicros(at);
      clients.back().assignments.push_back(a);
    }
    return clients;
  });
}

absl::StatusOr<Client> SqlClientRepository::Get(absl::string_view municipality,
                                                absl::string_view id) {
  std::string m(municipality), i(id);
  ASSIGN_OR_RETURN(std::vector<Client> found,
                   Select("WHERE c.municipality = :municipality AND c.id = :id", "c.id",
                          [&](soci::statement& st) {
                            st.exchange(soci::use(m, "municipality"));
                            st.exchange(soci::use(i, "id"));
                          }));
  if (found.empty()) return domain::NotFound("client not found");
  return std::move(found.front());
}

absl::StatusOr<std::optional<Client>> SqlClientRepository::FindByBsn(absl::string_view municipality,
                                                                     absl::string_view bsn) {
  std::string m(municipality), b(bsn);
  ASSIGN_OR_RETURN(std::vector<Client> found,
                   Select("WHERE c.municipality = :municipality AND c.bsn = :bsn", "c.id",
                          [&](soci::statement& st) {
                            st.exchange(soci::use(m, "municipality"));
                            st.exchange(soci::use(b, "bsn"));
                          }));
  if (found.empty()) return std::optional<Client>();
  return std::optional<Client>(std::move(found.front()));
}

absl::Status SqlClientRepository::Update(const Client& c, int64_t expected_version) {
  return Guard("update client", [&]() -> absl::Status {
    ClientValues v(c);
    long long expected = expected_version;
    Statement st = sql_.Bind(
        kClientUpdate, soci::use(c.given_names, "given_names"),
        soci::use(c.family_name, "family_name"), soci::use(v.birth_date, "birth_date"),
        soci::use(v.target_group, "target_group"),
        soci::use(v.notice.value, v.notice.ind, "notice"), soci::use(v.brp.value, v.brp.ind, "brp"),
        soci::use(v.coa.value, v.coa.ind, "coa"),
        soci::use(v.consultant.value, v.consultant.ind, "consultant"),
        soci::use(v.update_time, "update_time"), soci::use(v.version, "version"),
        soci::use(c.municipality, "municipality"), soci::use(c.id, "id"),
        soci::use(expected, "expected"));
    st->execute(true);
    if (st->get_affected_rows() == 0) return domain::StaleEtag();
    int stored = 0;
    sql_.Run(kClientCountAssignments, soci::into(stored), soci::use(c.municipality, "municipality"),
             soci::use(c.id, "client_id"));
    return InsertAssignments(c, static_cast<size_t>(stored));
  });
}

std::string ClientListWhere(const domain::ClientFilter& filter, bool has_cursor) {
  std::string where = "WHERE c.municipality = :municipality";
  if (filter.consultant_id) absl::StrAppend(&where, " AND c.consultant_id = :consultant");
  if (filter.target_group) absl::StrAppend(&where, " AND c.target_group = :target_group");
  if (filter.phase) {
    absl::StrAppend(&where,
                    " AND EXISTS (SELECT 1 FROM trajectories t WHERE t.municipality ="
                    " c.municipality AND t.client_id = c.id AND t.phase = :phase)");
  }
  if (filter.overdue_on) {
    absl::StrAppend(&where,
                    " AND EXISTS (SELECT 1 FROM trajectories t WHERE t.municipality ="
                    " c.municipality AND t.client_id = c.id AND t.next_deadline < :today)");
  }
  if (has_cursor) {
    absl::StrAppend(&where,
                    " AND (c.family_name, c.given_names, c.id) > (:after_family, :after_given,"
                    " :after_id)");
  }
  absl::StrAppend(&where, " ORDER BY ", kClientListOrder, " LIMIT :limit");
  return where;
}

absl::StatusOr<domain::Page<Client>> SqlClientRepository::List(const domain::ClientFilter& filter,
                                                               const domain::PageRequest& page) {
  std::vector<std::string> after;
  const bool has_cursor = !page.after.empty();
  if (has_cursor && !DecodeCursor(page.after, 3, &after)) {
    return domain::InvalidArgument({{"page_token", "is not valid"}},
                                   domain::reason::kInvalidPageToken);
  }
  const std::string where = ClientListWhere(filter, has_cursor);
  std::string municipality = filter.municipality;
  std::string consultant = filter.consultant_id.value_or("");
  std::string target_group = filter.target_group ? StoredName(*filter.target_group) : "";
  std::string phase = filter.phase ? StoredName(*filter.phase) : "";
  std::string today = filter.overdue_on ? *StoredDay(filter.overdue_on) : "";
  int limit = page.size + 1;
  ASSIGN_OR_RETURN(std::vector<Client> rows,
                   Select(where, kClientListOrder, [&](soci::statement& st) {
                     st.exchange(soci::use(municipality, "municipality"));
                     if (filter.consultant_id) st.exchange(soci::use(consultant, "consultant"));
                     if (filter.target_group) st.exchange(soci::use(target_group, "target_group"));
                     if (filter.phase) st.exchange(soci::use(phase, "phase"));
                     if (filter.overdue_on) st.exchange(soci::use(today, "today"));
                     if (has_cursor) {
                       st.exchange(soci::use(after[0], "after_family"));
                       st.exchange(soci::use(after[1], "after_given"));
                       st.exchange(soci::use(after[2], "after_id"));
                     }
                     st.exchange(soci::use(limit, "limit"));
                   }));
  domain::Page<Client> result;
  for (Client& c : rows) {
    if (static_cast<int>(result.items.size()) == page.size) {
      const Client& last = result.items.back();
      result.next_after = EncodeCursor({last.family_name, last.given_names, last.id});
      break;
    }
    result.items.push_back(std::move(c));
  }
  return result;
}

absl::Status SqlClientRepository::Delete(absl::string_view municipality, absl::string_view id) {
  return Guard("delete client", [&]() -> absl::Status {
    std::string m(municipality), i(id);
    // The client's rows in the outbox, the signal record and the event log go with them.
    for (const char* table : {"client_assignments", "duo_reports", "duo_signals", "events"}) {
      sql_.Run(absl::StrCat("DELETE FROM ", table,
                            " WHERE municipality = :municipality AND client_id = :id"),
               soci::use(m, "municipality"), soci::use(i, "id"));
    }
    sql_.Run(kClientDelete, soci::use(m, "municipality"), soci::use(i, "id"));
    return absl::OkStatus();
  });
}

}  // namespace inburgering::persistence
