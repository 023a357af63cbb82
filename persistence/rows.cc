#include "persistence/rows.h"

#include <optional>

#include "absl/time/time.h"
#include "domain/status_macros.h"
#include "persistence/codec.h"

namespace inburgering::persistence {

void ClientRow::Into(soci::statement& st) {
  for (std::string* s : {&municipality, &id, &bsn, &given_names, &family_name, &birth_date,
                         &target_group, &regime, &source}) {
    st.exchange(soci::into(*s));
  }
  for (Nullable* n : {&notice, &brp, &coa, &consultant}) st.exchange(soci::into(n->value, n->ind));
  st.exchange(soci::into(create_time));
  st.exchange(soci::into(update_time));
  st.exchange(soci::into(version));
}

absl::StatusOr<domain::Client> ClientRow::AsDomain() const {
  domain::Client c;
  c.municipality = municipality;
  c.id = id;
  c.bsn = bsn;
  c.given_names = given_names;
  c.family_name = family_name;
  ASSIGN_OR_RETURN(std::optional<absl::CivilDay> birth, ParseStoredDay(birth_date));
  c.birth_date = *birth;
  if (!ParseStored(target_group, &c.target_group) || !ParseStored(regime, &c.regime) ||
      !ParseStored(source, &c.source)) {
    return absl::InternalError("malformed stored client");
  }
  ASSIGN_OR_RETURN(c.obligation_notice_date, ParseStoredDay(notice.Get()));
  ASSIGN_OR_RETURN(c.brp_registration_date, ParseStoredDay(brp.Get()));
  ASSIGN_OR_RETURN(c.coa_link_date, ParseStoredDay(coa.Get()));
  c.consultant_id = consultant.Get().value_or("");
  c.create_time = absl::FromUnixMicros(create_time);
  c.update_time = absl::FromUnixMicros(update_time);
  c.version = version;
  return c;
}

domain::Consultant ConsultantRow::AsDomain() const {
  return domain::Consultant{municipality,
                            id,
                            display_name,
                            email,
                            active != 0,
                            case_capacity,
                            absl::FromUnixMicros(create_time),
                            absl::FromUnixMicros(update_time),
                            version};
}

}  // namespace inburgering::persistence
