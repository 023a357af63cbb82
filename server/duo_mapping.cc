#include "server/duo_mapping.h"

#include <optional>
#include <tuple>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/api_support.h"
#include "server/mapping.h"

namespace inburgering::server {
namespace {

using domain::Violations;

std::string TrajectoryName(const std::string& municipality, const std::string& client_id,
                           const std::string& id) {
  return absl::StrCat(ChildName(municipality, kClients, client_id), "/", kTrajectories, "/", id);
}

}  // namespace

void DuoReportToProto(const domain::DuoReport& r, v1::DuoReport* out) {
  out->set_name(ChildName(r.municipality, kDuoReports, r.id));
  out->set_client(ChildName(r.municipality, kClients, r.client_id));
  out->set_trajectory(TrajectoryName(r.municipality, r.client_id, r.trajectory_id));
  out->set_kind(ToProtoEnum<v1::DuoReportKind>(r.kind));
  out->set_state(ToProtoEnum<v1::DuoReportState>(r.state));
  ToProto(r.fact_date, out->mutable_fact_date());
  out->set_plan_version(r.plan_version);
  if (r.route) out->set_route(ToProtoEnum<v1::LearningRoute>(*r.route));
  if (r.level) out->set_level(ToProtoEnum<v1::LanguageLevel>(*r.level));
  out->set_record_id(r.record_id);
  ToProto(r.create_time, out->mutable_create_time());
  out->set_sent_by(r.sent_by);
  if (r.sent_time) ToProto(*r.sent_time, out->mutable_sent_time());
  out->set_confirmed_by(r.confirmed_by);
  if (r.confirm_time) ToProto(*r.confirm_time, out->mutable_confirm_time());
  out->set_confirmation_reference(r.confirmation_reference);
  out->set_etag(Etag(r.version));
}

bool DuoReportStateFromProto(v1::DuoReportState in, absl::string_view field, Violations& v,
                             domain::DuoReportState* out) {
  if (in == v1::DUO_REPORT_STATE_UNSPECIFIED) return false;
  return ParseEnum(in, field, v, out);
}

domain::DuoSignal DuoSignalFromProto(const v1::DuoSignal& in, const std::string& municipality,
                                     const std::string& field, Violations& v) {
  auto f = [&](absl::string_view name) { return absl::StrCat(field, ".", name); };
  domain::DuoSignal out;
  out.municipality = municipality;
  if (v.Check(!in.signal_id().empty(), f("signal_id"), "required")) {
    v.Check(domain::IsValidToken(in.signal_id()), f("signal_id"),
            "must be 1 to 64 characters of [A-Za-z0-9_-]");
  }
  out.signal_id = in.signal_id();
  ParseEnum(in.kind(), f("kind"), v, &out.kind);
  if (v.Check(in.has_signal_date(), f("signal_date"), "required")) {
    ParseDate(in.signal_date(), f("signal_date"), v, &out.signal_date);
  }
  if (v.Check(!in.bsn().empty(), f("bsn"), "required")) {
    v.Check(domain::IsValidBsn(in.bsn()), f("bsn"),
            "must be 9 digits that pass the BSN eleven-test");
  }
  out.bsn = in.bsn();
  const bool notice = out.kind == domain::DuoSignalKind::kObligationNotice;
  const bool retraction = out.kind == domain::DuoSignalKind::kRetraction;
  for (const auto& [name, value, target] :
       {std::tuple<const char*, const std::string*, std::optional<std::string>*>{
            "given_names", &in.given_names(), &out.given_names},
        {"family_name", &in.family_name(), &out.family_name}}) {
    if (notice) v.Check(!value->empty(), f(name), "required in a notice");
    if (retraction) v.Check(value->empty(), f(name), "not in a retraction");
    if (!value->empty()) {
      v.Check(domain::IsCleanText(*value, domain::kMaxPersonNameChars), f(name),
              "must be at most 200 characters of text without control characters");
      *target = *value;
    }
  }
  absl::CivilDay day;
  if (notice) v.Check(in.has_birth_date(), f("birth_date"), "required in a notice");
  if (in.has_birth_date()) {
    if (retraction) v.Add(f("birth_date"), "not in a retraction");
    if (ParseDate(in.birth_date(), f("birth_date"), v, &day)) out.birth_date = day;
  }
  if (notice)
    v.Check(in.has_obligation_notice_date(), f("obligation_notice_date"), "required in a notice");
  if (in.has_obligation_notice_date()) {
    if (retraction) v.Add(f("obligation_notice_date"), "not in a retraction");
    if (ParseDate(in.obligation_notice_date(), f("obligation_notice_date"), v, &day)) {
      v.Check(day >= absl::CivilDay(2000, 1, 1), f("obligation_notice_date"),
              "must be a date between 2000-01-01 and today");
      out.obligation_notice_date = day;
    }
  }
  if (notice || in.target_group() != v1::TARGET_GROUP_UNSPECIFIED) {
    if (retraction) v.Add(f("target_group"), "not in a retraction");
    domain::TargetGroup group;
    if (ParseEnum(in.target_group(), f("target_group"), v, &group)) {
      out.target_group = group;
    }
  }
  if (in.regime() != v1::REGIME_UNSPECIFIED) {
    if (notice) {
      ParseEnum(in.regime(), f("regime"), v, &out.regime);
    } else {
      v.Add(f("regime"), "only in a notice");
    }
  }
  if (notice) {
    v.Check(in.reason().empty(), f("reason"), "only in a correction or retraction");
  } else if (v.Check(!in.reason().empty(), f("reason"), "required: DUO's reason")) {
    CheckText(in.reason(), 1000, f("reason"), v);
  }
  out.reason = in.reason();
  if (out.kind == domain::DuoSignalKind::kCorrection) {
    v.Check(out.given_names || out.family_name || out.birth_date || out.target_group ||
                out.obligation_notice_date,
            field, "a correction changes at least one fact");
  }
  return out;
}

void DuoSignalResultToProto(const domain::DuoSignalRecord& r, v1::DuoSignalResult* out) {
  out->set_signal_id(r.signal_id);
  out->set_outcome(ToProtoEnum<v1::DuoSignalOutcome>(r.outcome));
  out->set_client(ChildName(r.municipality, kClients, r.client_id));
  out->set_changes(r.changes);
  if (!r.closed_trajectory_id.empty()) {
    out->set_closed_trajectory(TrajectoryName(r.municipality, r.client_id, r.closed_trajectory_id));
  }
  ToProto(r.received_time, out->mutable_apply_time());
}

void EventToProto(const domain::Event& e, v1::Event* out) {
  out->set_cursor(EventCursor(e.position));
  out->set_type(ToProtoEnum<v1::EventType>(e.type));
  ToProto(e.time, out->mutable_time());
  out->set_client(ChildName(e.municipality, kClients, e.client_id));
  if (!e.trajectory_id.empty()) {
    out->set_trajectory(TrajectoryName(e.municipality, e.client_id, e.trajectory_id));
  }
  if (e.date) ToProto(*e.date, out->mutable_date());
  out->set_plan_version(e.plan_version);
  if (e.route) out->set_route(ToProtoEnum<v1::LearningRoute>(*e.route));
  out->set_ontzorgen_reference(e.ontzorgen_reference);
  out->set_amount_euro_cents(e.amount_cents);
  out->set_kind(e.kind);
  out->set_record_id(e.record_id);
}

bool EventTypeFromProto(v1::EventType in, const std::string& field, Violations& v,
                        domain::EventType* out) {
  return ParseEnum(in, field, v, out);
}

std::string EventCursor(const domain::EventPosition& position) {
  return absl::StrCat(position.tx, ".", position.seq);
}

bool ParseEventCursor(absl::string_view cursor, domain::EventPosition* position) {
  const std::vector<absl::string_view> parts = absl::StrSplit(cursor, '.');
  int64_t tx = 0, seq = 0;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &tx) || !absl::SimpleAtoi(parts[1], &seq) ||
      tx < 0 || seq < 0) {
    return false;
  }
  *position = {tx, seq};
  return true;
}

}  // namespace inburgering::server
