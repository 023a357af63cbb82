#include "server/mapping.h"

#include "absl/strings/ascii.h"
#include "server/api_support.h"

namespace inburgering::server {

std::string EnumValuePrefix(absl::string_view enum_name) {
  std::string prefix;
  for (size_t i = 0; i < enum_name.size(); ++i) {
    const char c = enum_name[i];
    if (i > 0 && absl::ascii_isupper(c) &&
        (absl::ascii_islower(enum_name[i - 1]) || absl::ascii_isdigit(enum_name[i - 1]))) {
      prefix.push_back('_');
    }
    prefix.push_back(absl::ascii_toupper(c));
  }
  prefix.push_back('_');
  return prefix;
}

namespace {}  // namespace

bool ParseDate(const google::type::Date& date, absl::string_view field,
               domain::Violations& violations, absl::CivilDay* out) {
  const absl::CivilDay day(date.year(), date.month(), date.day());
  const bool valid = date.year() >= 1900 && date.year() <= 2199 && date.month() >= 1 &&
                     date.month() <= 12 && date.day() >= 1 && day.year() == date.year() &&
                     day.month() == date.month() && day.day() == date.day();
  if (!violations.Check(valid, field, "must be a whole calendar date (1900-2199)")) return false;
  *out = day;
  return true;
}

bool ParseRequiredDate(bool has, const google::type::Date& date, absl::string_view field,
                       domain::Violations& violations, absl::CivilDay* out) {
  return violations.Check(has, field, "required") && ParseDate(date, field, violations, out);
}

bool ParsePastDate(const google::type::Date& date, absl::CivilDay today, absl::string_view field,
                   domain::Violations& violations, absl::CivilDay* out) {
  absl::CivilDay day;
  if (!ParseDate(date, field, violations, &day)) return false;
  if (!violations.Check(day <= today, field, "must not be in the future")) return false;
  *out = day;
  return true;
}

void ToProto(absl::CivilDay day, google::type::Date* out) {
  out->set_year(static_cast<int32_t>(day.year()));
  out->set_month(day.month());
  out->set_day(day.day());
}

void CheckText(const std::string& text, size_t max_chars, absl::string_view field,
               domain::Violations& violations) {
  violations.Check(domain::IsCleanText(text, max_chars, /*multiline=*/true), field,
                   absl::StrCat("must be at most ", max_chars,
                                " characters of text without control characters"));
}

void ConsultantToProto(const domain::Consultant& c, v1::Consultant* out) {
  out->set_name(ChildName(c.municipality, kConsultants, c.id));
  out->set_display_name(c.display_name);
  out->set_email(c.email);
  out->set_active(c.active);
  out->set_case_capacity(c.case_capacity);
  ToProto(c.create_time, out->mutable_create_time());
  ToProto(c.update_time, out->mutable_update_time());
  out->set_etag(Etag(c.version));
}

domain::Client ClientFromProto(const v1::Client& in, const std::string& municipality,
                               domain::Violations& violations) {
  domain::Client c;
  c.municipality = municipality;
  c.bsn = in.bsn();
  c.given_names = in.given_names();
  c.family_name = in.family_name();
  if (violations.Check(in.has_birth_date(), "client.birth_date", "required")) {
    ParseDate(in.birth_date(), "client.birth_date", violations, &c.birth_date);
  }
  ParseEnum(in.target_group(), "client.target_group", violations, &c.target_group);
  ParseEnum(in.regime(), "client.regime", violations, &c.regime);
  ParseEnum(in.source(), "client.source", violations, &c.source);
  absl::CivilDay day;
  if (in.has_obligation_notice_date() &&
      ParseDate(in.obligation_notice_date(), "client.obligation_notice_date", violations, &day)) {
    c.obligation_notice_date = day;
  }
  if (in.has_brp_registration_date() &&
      ParseDate(in.brp_registration_date(), "client.brp_registration_date", violations, &day)) {
    c.brp_registration_date = day;
  }
  if (in.has_coa_link_date() &&
      ParseDate(in.coa_link_date(), "client.coa_link_date", violations, &day)) {
    c.coa_link_date = day;
  }
  if (!in.consultant().empty()) {
    std::string consultant_municipality;
    if (ParseChildName(in.consultant(), kConsultants, "client.consultant", violations,
                       &consultant_municipality, &c.consultant_id)) {
      violations.Check(consultant_municipality == municipality, "client.consultant",
                       "must be a consultant of the client's municipality");
    }
  }
  return c;
}

void ClientToProto(const domain::Client& c, v1::Client* out) {
  out->set_name(ChildName(c.municipality, kClients, c.id));
  out->set_bsn(c.bsn);
  out->set_given_names(c.given_names);
  out->set_family_name(c.family_name);
  ToProto(c.birth_date, out->mutable_birth_date());
  out->set_target_group(ToProtoEnum<v1::TargetGroup>(c.target_group));
  out->set_regime(ToProtoEnum<v1::Regime>(c.regime));
  out->set_source(ToProtoEnum<v1::RegistrationSource>(c.source));
  if (c.obligation_notice_date)
    ToProto(*c.obligation_notice_date, out->mutable_obligation_notice_date());
  if (c.brp_registration_date)
    ToProto(*c.brp_registration_date, out->mutable_brp_registration_date());
  if (c.coa_link_date) ToProto(*c.coa_link_date, out->mutable_coa_link_date());
  if (!c.consultant_id.empty()) {
    out->set_consultant(ChildName(c.municipality, kConsultants, c.consultant_id));
  }
  for (const domain::ConsultantAssignment& a : c.assignments) {
    auto* history = out->add_consultant_history();
    history->set_consultant(ChildName(c.municipality, kConsultants, a.consultant_id));
    ToProto(a.assigned_at, history->mutable_assign_time());
    history->set_assigned_by(a.assigned_by);
  }
  ToProto(c.create_time, out->mutable_create_time());
  ToProto(c.update_time, out->mutable_update_time());
  out->set_etag(Etag(c.version));
}

}  // namespace inburgering::server
