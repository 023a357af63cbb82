#pragma once

// The columns of a stored client and consultant and their binding to SOCI, shared by the
// statements that read them: their own repositories' and the case file's join
// (SqlTrajectoryRepository::GetCase).

#include <string>

#include "absl/status/statusor.h"
#include "domain/client.h"
#include "domain/consultant.h"
#include "persistence/facts_columns.h"
#include "soci/soci.h"

namespace inburgering::persistence {

// A client's columns, in ClientRow's order, from a table aliased `c`.
inline constexpr const char* kClientColumns =
    "c.municipality, c.id, c.bsn, c.given_names, c.family_name, c.birth_date, c.target_group,"
    " c.regime, c.source, c.obligation_notice_date, c.brp_registration_date, c.coa_link_date,"
    " c.consultant_id, c.create_time, c.update_time, c.version";

struct ClientRow {
  std::string municipality, id, bsn, given_names, family_name, birth_date, target_group, regime,
      source;
  Nullable notice, brp, coa, consultant;
  long long create_time = 0, update_time = 0, version = 0;

  void Into(soci::statement& st);
  // Without the assignment history, which is a table of its own.
  absl::StatusOr<domain::Client> AsDomain() const;
};

// A consultant's columns, in ConsultantRow's order.
inline constexpr const char* kConsultantColumns =
    "municipality, id, display_name, email, active, case_capacity, create_time, update_time,"
    " version";

struct ConsultantRow {
  std::string municipality, id, display_name, email;
  int active = 0, case_capacity = 0;
  long long create_time = 0, update_time = 0, version = 0;

  template <typename Statement>
  void IntoAll(Statement& st) {
    st.exchange(soci::into(municipality));
    st.exchange(soci::into(id));
    st.exchange(soci::into(display_name));
    st.exchange(soci::into(email));
    st.exchange(soci::into(active));
    st.exchange(soci::into(case_capacity));
    st.exchange(soci::into(create_time));
    st.exchange(soci::into(update_time));
    st.exchange(soci::into(version));
  }

  domain::Consultant AsDomain() const;
};

}  // namespace inburgering::persistence
