#include "server/duties_mapping.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/mapping.h"
#include "server/trajectory_mapping.h"

namespace inburgering::server {
namespace {

using domain::Violations;

// A repeated enum field: each value known, none twice.
template <typename D, typename P>
std::vector<D> ParseEnumList(const google::protobuf::RepeatedField<int>& in,
                             absl::string_view field, Violations& v) {
  std::vector<D> out;
  for (int i = 0; i < in.size(); ++i) {
    D value;
    const std::string item = absl::StrCat(field, "[", i, "]");
    if (!ParseEnum(static_cast<P>(in.Get(i)), item, v, &value)) continue;
    if (!v.Check(std::find(out.begin(), out.end(), value) == out.end(), item, "given twice")) {
      continue;
    }
    out.push_back(value);
  }
  return out;
}

// Reasons a decision must give: 1 to 4,000 characters.
void RequiredReasons(const std::string& text, absl::string_view field, Violations& v) {
  if (v.Check(!text.empty(), field, "required")) CheckText(text, 4000, field, v);
}

std::optional<absl::CivilDay> OptionalDate(bool has, const google::type::Date& in,
                                           absl::string_view field, Violations& v) {
  absl::CivilDay day;
  if (has && ParseDate(in, field, v, &day)) return day;
  return std::nullopt;
}

}  // namespace

domain::SocialGuidance SocialGuidanceFromProto(bool has, const v1::SocialGuidance& in,
                                               Violations& v) {
  domain::SocialGuidance out;
  if (!v.Check(has, "guidance", "required")) return out;
  ParseRequiredDate(in.has_offered_date(), in.offered_date(), "guidance.offered_date", v,
                    &out.offered_date);
  if (v.Check(!in.provider().empty(), "guidance.provider", "required")) {
    CheckText(in.provider(), 200, "guidance.provider", v);
  }
  out.provider = in.provider();
  out.start_date = OptionalDate(in.has_start_date(), in.start_date(), "guidance.start_date", v);
  out.end_date = OptionalDate(in.has_end_date(), in.end_date(), "guidance.end_date", v);
  if (out.start_date) {
    v.Check(*out.start_date >= out.offered_date, "guidance.start_date",
            "must not be before offered_date");
  }
  if (out.end_date) {
    v.Check(out.start_date.has_value(), "guidance.start_date", "required with end_date");
    v.Check(!out.start_date || *out.end_date >= *out.start_date, "guidance.end_date",
            "must not be before start_date");
  }
  out.parts =
      ParseEnumList<domain::GuidancePart, v1::GuidancePart>(in.parts(), "guidance.parts", v);
  if (ParseEnum(in.participation(), "guidance.participation", v, &out.participation)) {
    using P = domain::GuidanceParticipation;
    v.Check(out.participation == P::kDeclined || !out.parts.empty(), "guidance.parts",
            "at least one part unless DECLINED");
    if (out.participation == P::kParticipating || out.participation == P::kCompleted ||
        out.participation == P::kStopped) {
      v.Check(out.start_date.has_value(), "guidance.start_date", "required once it started");
    }
    if (out.participation == P::kCompleted || out.participation == P::kStopped) {
      v.Check(out.end_date.has_value(), "guidance.end_date", "required once it ended");
    }
  }
  return out;
}

domain::Unburdening UnburdeningFromProto(bool has, const v1::Unburdening& in, Violations& v) {
  domain::Unburdening out;
  if (!v.Check(has, "unburdening", "required")) return out;
  ParseRequiredDate(in.has_start_date(), in.start_date(), "unburdening.start_date", v,
                    &out.start_date);
  out.end_date = OptionalDate(in.has_end_date(), in.end_date(), "unburdening.end_date", v);
  if (out.end_date) {
    v.Check(*out.end_date >= out.start_date, "unburdening.end_date",
            "must not be before start_date");
  }
  if (in.end_reason() != v1::UNBURDENING_END_UNSPECIFIED) {
    v.Check(out.end_date.has_value(), "unburdening.end_reason", "only with end_date");
    ParseEnum(in.end_reason(), "unburdening.end_reason", v, &out.end_reason);
  }
  out.costs = ParseEnumList<domain::FixedCost, v1::FixedCost>(in.costs(), "unburdening.costs", v);
  v.Check(in.costs_size() > 0, "unburdening.costs", "required: at least one fixed cost");
  CheckText(in.decision_reference(), 200, "unburdening.decision_reference", v);
  out.decision_reference = in.decision_reference();
  return out;
}

domain::PlanObjection PlanObjectionFromProto(bool has, const v1::PlanObjection& in, Violations& v) {
  domain::PlanObjection out;
  if (!v.Check(has, "objection", "required")) return out;
  if (in.stage() != v1::OBJECTION_STAGE_UNSPECIFIED) {
    ParseEnum(in.stage(), "objection.stage", v, &out.stage);
  }
  v.Check(in.plan_version() >= 1 && in.plan_version() <= 1000, "objection.plan_version",
          "required: the plan version objected to");
  out.plan_version = in.plan_version();
  ParseRequiredDate(in.has_filed_date(), in.filed_date(), "objection.filed_date", v,
                    &out.filed_date);
  out.advisory_committee = in.advisory_committee();
  v.Check(out.stage == domain::ObjectionStage::kObjection || !in.advisory_committee(),
          "objection.advisory_committee", "only for an objection");
  return out;
}

domain::steps::DecidePlanObjection DecidePlanObjectionFromProto(
    const v1::DecidePlanObjectionRequest& in, Violations& v) {
  domain::steps::DecidePlanObjection out;
  v.Check(domain::IsValidToken(in.objection_id()), "objection_id",
          "required: the id of one of the trajectory's objections");
  out.objection_id = in.objection_id();
  if (ParseEnum(in.outcome(), "outcome", v, &out.outcome)) {
    v.Check(out.outcome != domain::PlanObjectionOutcome::kPending, "outcome",
            "must say how it was decided (not PENDING)");
  }
  ParseRequiredDate(in.has_date(), in.date(), "date", v, &out.date);
  RequiredReasons(in.reasons(), "reasons", v);
  out.reasons = in.reasons();
  if (out.outcome == domain::PlanObjectionOutcome::kPlanAmended) {
    v1::Plan plan = in.amended_plan();
    plan.set_kind(v1::PLAN_CHANGE_KIND_OBJECTION);  // the decision's, as its date
    *plan.mutable_decision_date() = in.date();
    out.amended_plan =
        PlanFromProto(in.has_amended_plan(), plan, "amended_plan", /*amendment=*/true, v);
  } else {
    v.Check(!in.has_amended_plan(), "amended_plan", "only for PLAN_AMENDED");
  }
  return out;
}

domain::ZRouteDecision ZRouteDecisionFromProto(bool has, const v1::ZRouteDecision& in,
                                               Violations& v) {
  domain::ZRouteDecision out;
  if (!v.Check(has, "decision", "required")) return out;
  ParseRequiredDate(in.has_date(), in.date(), "decision.date", v, &out.date);
  v.Check(domain::IsValidToken(in.final_interview_id()), "decision.final_interview_id",
          "required: the id of the FINAL_INTERVIEW appointment");
  out.final_interview_id = in.final_interview_id();
  out.completed = in.completed();
  RequiredReasons(in.reasons(), "decision.reasons", v);
  out.reasons = in.reasons();
  return out;
}

domain::NonCompletionNotice NonCompletionNoticeFromProto(bool has,
                                                         const v1::NonCompletionNotice& in,
                                                         Violations& v) {
  domain::NonCompletionNotice out;
  if (!v.Check(has, "notice", "required")) return out;
  ParseEnum(in.kind(), "notice.kind", v, &out.kind);
  ParseRequiredDate(in.has_date(), in.date(), "notice.date", v, &out.date);
  RequiredReasons(in.reasons(), "notice.reasons", v);
  out.reasons = in.reasons();
  return out;
}

domain::InformationRequest InformationRequestFromProto(bool has,
                                                       const v1::PlanInformationRequest& in,
                                                       Violations& v) {
  domain::InformationRequest out;
  if (!v.Check(has, "information", "required")) return out;
  if (v.Check(!in.source().empty(), "information.source", "required")) {
    CheckText(in.source(), 200, "information.source", v);
  }
  out.source = in.source();
  ParseRequiredDate(in.has_requested_date(), in.requested_date(), "information.requested_date", v,
                    &out.requested_date);
  return out;
}

void DutiesToProto(const domain::Trajectory& t, v1::CaseFile* out) {
  for (const domain::InformationRequest& r : t.information_requests) {
    v1::PlanInformationRequest* o = out->add_plan_information_requests();
    o->set_id(r.id);
    o->set_source(r.source);
    ToProto(r.requested_date, o->mutable_requested_date());
    if (r.received_date) ToProto(*r.received_date, o->mutable_received_date());
  }
  if (const auto& g = t.social_guidance) {
    v1::SocialGuidance* o = out->mutable_social_guidance();
    ToProto(g->offered_date, o->mutable_offered_date());
    o->set_provider(g->provider);
    if (g->start_date) ToProto(*g->start_date, o->mutable_start_date());
    if (g->end_date) ToProto(*g->end_date, o->mutable_end_date());
    for (domain::GuidancePart p : g->parts) o->add_parts(ToProtoEnum<v1::GuidancePart>(p));
    o->set_participation(ToProtoEnum<v1::GuidanceParticipation>(g->participation));
    o->set_recorded_by(g->recorded_by);
  }
  if (const auto& u = t.unburdening) {
    v1::Unburdening* o = out->mutable_unburdening();
    ToProto(u->start_date, o->mutable_start_date());
    if (u->end_date) {
      ToProto(*u->end_date, o->mutable_end_date());
      o->set_end_reason(ToProtoEnum<v1::UnburdeningEnd>(u->end_reason));
    }
    for (domain::FixedCost c : u->costs) o->add_costs(ToProtoEnum<v1::FixedCost>(c));
    o->set_decision_reference(u->decision_reference);
    o->set_recorded_by(u->recorded_by);
  }
  for (const domain::PlanObjection& p : t.plan_objections) {
    v1::PlanObjection* o = out->add_plan_objections();
    o->set_id(p.id);
    o->set_stage(ToProtoEnum<v1::ObjectionStage>(p.stage));
    o->set_plan_version(p.plan_version);
    ToProto(p.filed_date, o->mutable_filed_date());
    o->set_advisory_committee(p.advisory_committee);
    o->set_outcome(ToProtoEnum<v1::PlanObjectionOutcome>(p.outcome));
    if (p.decision_date) ToProto(*p.decision_date, o->mutable_decision_date());
    o->set_amended_plan_version(p.amended_plan_version);
    o->set_reasons(p.reasons);
  }
  for (const domain::ZRouteDecision& d : t.z_route_decisions) {
    v1::ZRouteDecision* o = out->add_z_route_decisions();
    o->set_id(d.id);
    ToProto(d.date, o->mutable_date());
    o->set_final_interview_id(d.final_interview_id);
    o->set_completed(d.completed);
    o->set_reasons(d.reasons);
    o->set_decided_by(d.decided_by);
  }
  for (const domain::NonCompletionNotice& n : t.non_completion_notices) {
    v1::NonCompletionNotice* o = out->add_non_completion_notices();
    o->set_id(n.id);
    o->set_kind(ToProtoEnum<v1::NonCompletionKind>(n.kind));
    ToProto(n.date, o->mutable_date());
    o->set_reasons(n.reasons);
    o->set_reported_by(n.reported_by);
  }
}

}  // namespace inburgering::server
