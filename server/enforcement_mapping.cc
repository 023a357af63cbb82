#include "server/enforcement_mapping.h"

#include "server/mapping.h"

namespace inburgering::server {
namespace {

using domain::Violations;

// The missed intake invitation a warning or fine on the intake ground names, and none otherwise.
void AppointmentOfGround(domain::EnforcementGround ground, const std::string& id,
                         const std::string& field, Violations& v) {
  if (ground == domain::EnforcementGround::kIntakeNoShow) {
    v.Check(domain::IsValidToken(id), field,
            "required for the intake ground: the id of the missed intake invitation");
  } else {
    v.Check(id.empty(), field, "only for the intake ground");
  }
}

void AmountRange(int64_t cents, bool allow_zero, const std::string& field, Violations& v) {
  v.Check(cents >= (allow_zero ? 0 : 1) && cents <= kMaxAmountCents, field,
          allow_zero ? "must be between 0 and 100000000" : "must be between 1 and 100000000");
}

}  // namespace

domain::Warning WarningFromProto(bool has, const v1::Warning& in, Violations& v) {
  domain::Warning out;
  if (!v.Check(has, "warning", "required")) return out;
  if (ParseEnum(in.ground(), "warning.ground", v, &out.ground)) {
    AppointmentOfGround(out.ground, in.appointment_id(), "warning.appointment_id", v);
  }
  out.appointment_id = in.appointment_id();
  ParseRequiredDate(in.has_date(), in.date(), "warning.date", v, &out.date);
  CheckText(in.note(), 4000, "warning.note", v);
  out.note = in.note();
  return out;
}

domain::BlameworthinessFinding FindingFromProto(bool has, const v1::BlameworthinessFinding& in,
                                                Violations& v) {
  domain::BlameworthinessFinding out;
  if (!v.Check(has, "finding", "required")) return out;
  ParseEnum(in.subject(), "finding.subject", v, &out.subject);
  ParseRequiredDate(in.has_date(), in.date(), "finding.date", v, &out.date);
  out.blameworthy = in.blameworthy();
  if (v.Check(!in.reasons().empty(), "finding.reasons", "required: why it is (not) blameworthy")) {
    CheckText(in.reasons(), 4000, "finding.reasons", v);
  }
  out.reasons = in.reasons();
  return out;
}

domain::Fine FineFromProto(bool has, const v1::Fine& in, Violations& v) {
  domain::Fine out;
  if (!v.Check(has, "fine", "required")) return out;
  if (ParseEnum(in.ground(), "fine.ground", v, &out.ground)) {
    AppointmentOfGround(out.ground, in.appointment_id(), "fine.appointment_id", v);
  }
  out.appointment_id = in.appointment_id();
  ParseRequiredDate(in.has_offence_date(), in.offence_date(), "fine.offence_date", v,
                    &out.offence_date);
  ParseRequiredDate(in.has_intention_date(), in.intention_date(), "fine.intention_date", v,
                    &out.intention_date);
  out.blameworthy = in.blameworthy();
  if (v.Check(!in.blameworthiness_reasons().empty(), "fine.blameworthiness_reasons",
              "required: why the person is to blame (Awb 5:41)")) {
    CheckText(in.blameworthiness_reasons(), 4000, "fine.blameworthiness_reasons", v);
  }
  out.blameworthiness_reasons = in.blameworthiness_reasons();
  AmountRange(in.intended_amount_euro_cents(), false, "fine.intended_amount_euro_cents", v);
  out.intended_amount_cents = in.intended_amount_euro_cents();
  return out;
}

domain::FineView FineViewFromProto(bool has, const v1::FineView& in, Violations& v) {
  domain::FineView out;
  if (!v.Check(has, "view", "required")) return out;
  ParseRequiredDate(in.has_date(), in.date(), "view.date", v, &out.date);
  out.waived = in.waived();
  CheckText(in.summary(), 4000, "view.summary", v);
  out.summary = in.summary();
  return out;
}

domain::FineDecision FineDecisionFromProto(bool has, const v1::FineDecision& in, Violations& v) {
  domain::FineDecision out;
  if (!v.Check(has, "decision", "required")) return out;
  ParseRequiredDate(in.has_date(), in.date(), "decision.date", v, &out.date);
  out.imposed = in.imposed();
  if (out.imposed) {
    AmountRange(in.amount_euro_cents(), false, "decision.amount_euro_cents", v);
  } else {
    v.Check(in.amount_euro_cents() == 0, "decision.amount_euro_cents",
            "must be 0 when the intention is withdrawn");
  }
  out.amount_cents = in.amount_euro_cents();
  CheckText(in.reasons(), 4000, "decision.reasons", v);
  out.reasons = in.reasons();
  return out;
}

bool ObjectionOutcomeFromProto(v1::ObjectionOutcome in, Violations& v,
                               domain::ObjectionOutcome* out) {
  if (!ParseEnum(in, "outcome", v, out)) return false;
  return v.Check(*out != domain::ObjectionOutcome::kPending, "outcome",
                 "must be the decision (not PENDING)");
}

void EnforcementToProto(const domain::CaseFile& file, v1::CaseFile* out) {
  const domain::Trajectory& t = file.trajectory;
  for (const domain::Warning& w : t.warnings) {
    v1::Warning* o = out->add_warnings();
    o->set_id(w.id);
    o->set_ground(ToProtoEnum<v1::EnforcementGround>(w.ground));
    ToProto(w.date, o->mutable_date());
    o->set_appointment_id(w.appointment_id);
    o->set_note(w.note);
    o->set_issued_by(w.issued_by);
  }
  for (const domain::Fine& f : t.fines) {
    v1::Fine* o = out->add_fines();
    o->set_id(f.id);
    o->set_ground(ToProtoEnum<v1::EnforcementGround>(f.ground));
    o->set_warning_id(f.warning_id);
    o->set_appointment_id(f.appointment_id);
    ToProto(f.offence_date, o->mutable_offence_date());
    o->set_blameworthy(f.blameworthy);
    o->set_blameworthiness_reasons(f.blameworthiness_reasons);
    ToProto(f.intention_date, o->mutable_intention_date());
    o->set_intended_amount_euro_cents(f.intended_amount_cents);
    o->set_intended_by(f.intended_by);
    if (f.view) {
      ToProto(f.view->date, o->mutable_view()->mutable_date());
      o->mutable_view()->set_waived(f.view->waived);
      o->mutable_view()->set_summary(f.view->summary);
      o->mutable_view()->set_recorded_by(f.view->recorded_by);
    }
    if (f.decision) {
      v1::FineDecision* d = o->mutable_decision();
      ToProto(f.decision->date, d->mutable_date());
      d->set_imposed(f.decision->imposed);
      d->set_amount_euro_cents(f.decision->amount_cents);
      d->set_reasons(f.decision->reasons);
      d->set_decided_by(f.decision->decided_by);
    }
    if (f.objection) {
      v1::FineObjection* j = o->mutable_objection();
      ToProto(f.objection->filed_date, j->mutable_filed_date());
      j->set_outcome(ToProtoEnum<v1::ObjectionOutcome>(f.objection->outcome));
      if (f.objection->outcome_date) ToProto(*f.objection->outcome_date, j->mutable_outcome_date());
      j->set_amount_euro_cents(f.objection->amount_cents);
    }
  }
  if (file.no_show_advice.step != domain::NoShowStep::kNone) {
    v1::NoShowAdvice* a = out->mutable_no_show_advice();
    a->set_step(ToProtoEnum<v1::NoShowStep>(file.no_show_advice.step));
    a->set_appointment_id(file.no_show_advice.appointment_id);
    a->set_amount_euro_cents(file.no_show_advice.amount_cents);
  }
  for (const domain::BlameworthinessFinding& f : t.findings) {
    v1::BlameworthinessFinding* o = out->add_blameworthiness_findings();
    o->set_id(f.id);
    o->set_subject(ToProtoEnum<v1::NonFulfilmentSubject>(f.subject));
    ToProto(f.date, o->mutable_date());
    o->set_blameworthy(f.blameworthy);
    o->set_reasons(f.reasons);
    o->set_found_by(f.found_by);
  }
  for (const domain::ProgrammeLateStatement& s : t.late_statements) {
    v1::ProgrammeLateStatement* o = out->add_programme_late_statements();
    o->set_id(s.id);
    ToProto(s.issue_date, o->mutable_issue_date());
    ToProto(s.plan_date, o->mutable_plan_date());
    ToProto(s.start_due, o->mutable_start_due_date());
    if (s.programme_start) ToProto(*s.programme_start, o->mutable_programme_start_date());
    o->set_issued_by(s.issued_by);
  }
}

}  // namespace inburgering::server
