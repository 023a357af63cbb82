#include "server/trajectory_mapping.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/rules.h"
#include "server/api_support.h"
#include "server/duties_mapping.h"
#include "server/enforcement_mapping.h"
#include "server/mapping.h"

namespace inburgering::server {
namespace {

using domain::Violations;

}  // namespace

namespace {

std::string F(absl::string_view prefix, absl::string_view name) {
  return absl::StrCat(prefix, ".", name);
}

void Range(double value, double max, absl::string_view field, Violations& v) {
  v.Check(std::isfinite(value) && value >= 0 && value <= max, field,
          absl::StrCat("must be between 0 and ", max));
}

}  // namespace

domain::Intake IntakeFromProto(bool has, const v1::Intake& in, Violations& v) {
  domain::Intake out;
  if (!v.Check(has, "intake", "required")) return out;
  ParseRequiredDate(in.has_date(), in.date(), "intake.date", v, &out.date);
  out.education_and_work_history = in.education_and_work_history();
  out.personal_circumstances = in.personal_circumstances();
  out.vve_information_given = in.vve_information_given();
  out.told_of_individual_conversation = in.told_of_individual_conversation();
  CheckText(in.summary(), 2000, "intake.summary", v);
  out.summary = in.summary();
  out.medical_limitation = in.medical_limitation();
  CheckText(in.medical_note(), 500, "intake.medical_note", v);
  out.medical_note = in.medical_note();
  return out;
}

domain::LearnabilityTest LearnabilityTestFromProto(bool has, const v1::LearnabilityTest& in,
                                                   Violations& v) {
  domain::LearnabilityTest out;
  if (!v.Check(has, "learnability_test", "required")) return out;
  ParseRequiredDate(in.has_date(), in.date(), "learnability_test.date", v, &out.date);
  Range(in.score(), 100, "learnability_test.score", v);
  out.score = in.score();
  return out;
}

domain::LearnabilityTestExemption TestExemptionFromProto(bool has,
                                                         const v1::LearnabilityTestExemption& in,
                                                         Violations& v) {
  domain::LearnabilityTestExemption out;
  if (!v.Check(has, "exemption", "required")) return out;
  ParseRequiredDate(in.has_date(), in.date(), "exemption.date", v, &out.date);
  ParseEnum(in.reason(), "exemption.reason", v, &out.reason);
  return out;
}

domain::PlanVersion PlanFromProto(bool has, const v1::Plan& in, const char* field, bool amendment,
                                  Violations& v) {
  domain::PlanVersion out;
  if (!v.Check(has, field, "required")) return out;
  ParseRequiredDate(in.has_decision_date(), in.decision_date(), F(field, "decision_date"), v,
                    &out.decision_date);
  if (amendment) {
    if (ParseEnum(in.kind(), F(field, "kind"), v, &out.kind)) {
      v.Check(out.kind != domain::AmendmentKind::kInitial, F(field, "kind"),
              "an amendment cannot be INITIAL");
    }
  }
  ParseEnum(in.route(), F(field, "route"), v, &out.route);
  CheckText(in.route_reasons(), 4000, F(field, "route_reasons"), v);
  out.route_reasons = in.route_reasons();
  for (int i = 0; i < in.routes_considered_size(); ++i) {
    domain::Route route;
    if (ParseEnum(in.routes_considered(i), absl::StrCat(field, ".routes_considered[", i, "]"), v,
                  &route)) {
      out.routes_considered.push_back(route);
    }
  }
  ParseEnum(in.target_level(), F(field, "target_level"), v, &out.target_level);
  Range(in.language_hours(), 5000, F(field, "language_hours"), v);
  Range(in.participation_hours(), 5000, F(field, "participation_hours"), v);
  Range(in.pvt_hours(), 500, F(field, "pvt_hours"), v);
  Range(in.map_hours(), 500, F(field, "map_hours"), v);
  out.language_hours = in.language_hours();
  out.participation_hours = in.participation_hours();
  out.pvt_hours = in.pvt_hours();
  out.map_hours = in.map_hours();
  CheckText(in.support(), 2000, F(field, "support"), v);
  CheckText(in.ontzorgen_reference(), 200, F(field, "ontzorgen_reference"), v);
  CheckText(in.progress_agreements(), 2000, F(field, "progress_agreements"), v);
  CheckText(in.amendment_reason(), 2000, F(field, "amendment_reason"), v);
  out.support = in.support();
  out.ontzorgen_reference = in.ontzorgen_reference();
  out.progress_agreements = in.progress_agreements();
  out.amendment_reason = in.amendment_reason();
  if (out.kind == domain::AmendmentKind::kMove) {
    const std::string& m = in.new_municipality();
    v.Check(m.size() == 4 && std::all_of(m.begin(), m.end(), ::isdigit),
            F(field, "new_municipality"), "must be the 4-digit CBS code of the new municipality");
  } else {
    v.Check(in.new_municipality().empty(), F(field, "new_municipality"),
            "only for a move (kind MOVE)");
  }
  out.new_municipality = in.new_municipality();
  if (amendment) {
    v.Check(in.intake_basis() == v1::PLAN_INTAKE_BASIS_UNSPECIFIED, F(field, "intake_basis"),
            "only for the first plan");
    v.Check(in.intake_basis_reason().empty(), F(field, "intake_basis_reason"),
            "only for the first plan");
  } else if (in.intake_basis() != v1::PLAN_INTAKE_BASIS_UNSPECIFIED) {
    ParseEnum(in.intake_basis(), F(field, "intake_basis"), v, &out.intake_basis);
  }
  CheckText(in.intake_basis_reason(), 2000, F(field, "intake_basis_reason"), v);
  out.intake_basis_reason = in.intake_basis_reason();
  CheckText(in.education_route_age_reason(), 2000, F(field, "education_route_age_reason"), v);
  out.education_route_age_reason = in.education_route_age_reason();
  CheckText(in.effort_finding(), 4000, F(field, "effort_finding"), v);
  out.effort_finding = in.effort_finding();
  return out;
}

domain::Enrollment EnrollmentFromProto(bool has, const v1::Enrollment& in, Violations& v) {
  domain::Enrollment out;
  if (!v.Check(has, "enrollment", "required")) return out;
  // A registered provider brings its name and quality mark from the register.
  const bool registered = !in.registered_provider().empty();
  if (v.Check(registered || !in.provider().empty(), "enrollment.provider", "required")) {
    CheckText(in.provider(), 200, "enrollment.provider", v);
  }
  out.provider = in.provider();
  if (!registered || in.quality_mark() != v1::QUALITY_MARK_UNSPECIFIED) {
    ParseEnum(in.quality_mark(), "enrollment.quality_mark", v, &out.quality_mark);
  }
  CheckText(in.contract_reference(), 200, "enrollment.contract_reference", v);
  out.contract_reference = in.contract_reference();
  Range(in.planned_hours(), 5000, "enrollment.planned_hours", v);
  out.planned_hours = in.planned_hours();
  if (!in.registered_provider().empty()) {
    std::string municipality;
    ParseChildName(in.registered_provider(), kProviders, "enrollment.registered_provider", v,
                   &municipality, &out.registered_provider);
  }
  // At a registered provider the start may wait for the provider's report of the first lesson.
  if (in.has_start_date() || out.registered_provider.empty()) {
    absl::CivilDay start;
    if (ParseRequiredDate(in.has_start_date(), in.start_date(), "enrollment.start_date", v,
                          &start)) {
      out.start_date = start;
    }
  }
  if (in.component() != v1::OFFER_COMPONENT_UNSPECIFIED) {  // unset: the language course
    ParseEnum(in.component(), "enrollment.component", v, &out.component);
  }
  v.Check(in.price_euro_cents() >= 0 && in.price_euro_cents() <= 10000000,
          "enrollment.price_euro_cents", "must be between 0 and 10000000");
  out.price_cents = in.price_euro_cents();
  return out;
}

domain::AttendanceRecord AttendanceFromProto(bool has, const v1::AttendanceRecord& in,
                                             Violations& v) {
  domain::AttendanceRecord out;
  if (!v.Check(has, "attendance", "required")) return out;
  v.Check(domain::IsValidToken(in.enrollment_id()), "attendance.enrollment_id",
          "required: the id of one of the trajectory's enrollments");
  out.enrollment_id = in.enrollment_id();
  ParseRequiredDate(in.has_period_start(), in.period_start(), "attendance.period_start", v,
                    &out.period_start);
  ParseRequiredDate(in.has_period_end(), in.period_end(), "attendance.period_end", v,
                    &out.period_end);
  v.Check(out.period_start <= out.period_end, "attendance.period_end",
          "must not be before period_start");
  Range(in.attended_hours(), 1000, "attendance.attended_hours", v);
  Range(in.excused_hours(), 1000, "attendance.excused_hours", v);
  Range(in.unexcused_hours(), 1000, "attendance.unexcused_hours", v);
  out.attended_hours = in.attended_hours();
  out.excused_hours = in.excused_hours();
  out.unexcused_hours = in.unexcused_hours();
  return out;
}

domain::ExamResult ExamResultFromProto(bool has, const v1::ExamResult& in, Violations& v) {
  domain::ExamResult out;
  if (!v.Check(has, "exam_result", "required")) return out;
  ParseEnum(in.skill(), "exam_result.skill", v, &out.skill);
  ParseEnum(in.level(), "exam_result.level", v, &out.level);
  v.Check(in.attempt() >= 1 && in.attempt() <= 20, "exam_result.attempt",
          "must be between 1 and 20");
  out.attempt = in.attempt();
  ParseRequiredDate(in.has_date(), in.date(), "exam_result.date", v, &out.date);
  out.passed = in.passed();
  return out;
}

domain::ComponentResult ComponentResultFromProto(bool has, const v1::ComponentResult& in,
                                                 Violations& v) {
  domain::ComponentResult out;
  if (!v.Check(has, "component_result", "required")) return out;
  ParseEnum(in.component(), "component_result.component", v, &out.component);
  ParseRequiredDate(in.has_date(), in.date(), "component_result.date", v, &out.date);
  out.completed = in.completed();
  CheckText(in.note(), 2000, "component_result.note", v);
  out.note = in.note();
  return out;
}

domain::ProgressReview ProgressReviewFromProto(bool has, const v1::ProgressReview& in,
                                               Violations& v) {
  domain::ProgressReview out;
  if (!v.Check(has, "progress_review", "required")) return out;
  ParseRequiredDate(in.has_date(), in.date(), "progress_review.date", v, &out.date);
  out.on_track = in.on_track();
  CheckText(in.summary(), 4000, "progress_review.summary", v);
  out.summary = in.summary();
  return out;
}

domain::Appointment AppointmentFromProto(bool has, const v1::Appointment& in, Violations& v) {
  domain::Appointment out;
  if (!v.Check(has, "appointment", "required")) return out;
  ParseEnum(in.kind(), "appointment.kind", v, &out.kind);
  if (out.kind == domain::AppointmentKind::kIntakeInvitation) {
    v.Check(in.invitation_number() >= 1 && in.invitation_number() <= 3,
            "appointment.invitation_number", "must be 1, 2 or 3 for an intake invitation");
  } else {
    v.Check(in.invitation_number() == 0, "appointment.invitation_number",
            "only for intake invitations");
  }
  out.invitation_number = in.invitation_number();
  if (v.Check(in.has_scheduled_time(), "appointment.scheduled_time", "required")) {
    const auto& t = in.scheduled_time();
    // 2000-01-01 .. 2199-12-31
    v.Check(t.seconds() >= 946684800 && t.seconds() < 7258118400 && t.nanos() >= 0 &&
                t.nanos() < 1000000000,
            "appointment.scheduled_time", "must be a time between 2000 and 2199");
    out.scheduled_at = absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
  }
  return out;
}

bool AppointmentOutcomeFromProto(v1::AppointmentOutcome in, Violations& v,
                                 domain::AppointmentOutcome* out) {
  if (!ParseEnum(in, "outcome", v, out)) return false;
  return v.Check(*out != domain::AppointmentOutcome::kPending, "outcome",
                 "must say how it went (not PENDING)");
}

domain::Extension ExtensionFromProto(bool has, const v1::Extension& in, Violations& v) {
  domain::Extension out;
  if (!v.Check(has, "extension", "required")) return out;
  ParseEnum(in.ground(), "extension.ground", v, &out.ground);
  if (in.has_new_term_last_day()) {
    v.Check(in.weeks() == 0, "extension.weeks", "give either weeks or new_term_last_day");
    absl::CivilDay day;
    if (ParseDate(in.new_term_last_day(), "extension.new_term_last_day", v, &day)) {
      out.new_term_last_day = day;
    }
  } else {
    v.Check(in.weeks() >= 1 && in.weeks() <= 260, "extension.weeks",
            "must be between 1 and 260 (or give new_term_last_day)");
  }
  out.weeks = in.weeks();
  ParseRequiredDate(in.has_decision_date(), in.decision_date(), "extension.decision_date", v,
                    &out.decision_date);
  return out;
}

domain::Exemption ExemptionFromProto(bool has, const v1::Exemption& in, Violations& v) {
  domain::Exemption out;
  if (!v.Check(has, "exemption", "required")) return out;
  ParseEnum(in.kind(), "exemption.kind", v, &out.kind);
  ParseRequiredDate(in.has_decision_date(), in.decision_date(), "exemption.decision_date", v,
                    &out.decision_date);
  return out;
}

domain::Closure ClosureFromProto(bool has, const v1::Closure& in, Violations& v) {
  domain::Closure out;
  if (!v.Check(has, "closure", "required")) return out;
  ParseEnum(in.reason(), "closure.reason", v, &out.reason);
  ParseRequiredDate(in.has_date(), in.date(), "closure.date", v, &out.date);
  return out;
}

domain::ParticipationOutcome ParticipationOutcomeFromProto(bool has,
                                                           const v1::ParticipationOutcome& in,
                                                           Violations& v) {
  domain::ParticipationOutcome out;
  if (!v.Check(has, "outcome", "required")) return out;
  v.Check(in.months() == 12 || in.months() == 24 || in.months() == 36, "outcome.months",
          "must be 12, 24 or 36");
  out.months = in.months();
  ParseRequiredDate(in.has_date(), in.date(), "outcome.date", v, &out.date);
  out.in_work = in.in_work();
  out.in_education = in.in_education();
  out.off_benefits = in.off_benefits();
  return out;
}

std::optional<domain::MoveIn> MoveInFromProto(bool has, const v1::MoveIn& in, Violations& v) {
  if (!has) return std::nullopt;
  domain::MoveIn out;
  const std::string& m = in.from_municipality();
  v.Check(m.size() == 4 && std::all_of(m.begin(), m.end(), ::isdigit), "moved_in.from_municipality",
          "must be the 4-digit CBS code of the old municipality");
  out.from_municipality = m;
  ParseRequiredDate(in.has_first_plan_date(), in.first_plan_date(), "moved_in.first_plan_date", v,
                    &out.first_plan_date);
  ParseEnum(in.route(), "moved_in.route", v, &out.route);
  ParseRequiredDate(in.has_move_date(), in.move_date(), "moved_in.move_date", v, &out.move_date);
  CheckText(in.handed_over(), 2000, "moved_in.handed_over", v);
  out.handed_over = in.handed_over();
  return out;
}

void TrajectoryToProto(const domain::Trajectory& t, v1::Trajectory* out) {
  out->set_name(absl::StrCat(ChildName(t.municipality, kClients, t.client_id), "/", kTrajectories,
                             "/", t.id));
  out->set_phase(ToProtoEnum<v1::TrajectoryPhase>(domain::PhaseOf(t)));
  if (const domain::PlanVersion* plan = t.current_plan()) {
    out->set_route(ToProtoEnum<v1::LearningRoute>(plan->route));
    ToProto(t.plans.front().decision_date, out->mutable_first_plan_date());
  }
  if (t.closure) {
    out->mutable_closure()->set_reason(ToProtoEnum<v1::ClosureReason>(t.closure->reason));
    ToProto(t.closure->date, out->mutable_closure()->mutable_date());
  }
  if (t.moved_in) {
    v1::MoveIn* m = out->mutable_moved_in();
    m->set_from_municipality(t.moved_in->from_municipality);
    ToProto(t.moved_in->first_plan_date, m->mutable_first_plan_date());
    m->set_route(ToProtoEnum<v1::LearningRoute>(t.moved_in->route));
    ToProto(t.moved_in->move_date, m->mutable_move_date());
    m->set_handed_over(t.moved_in->handed_over);
  }
  ToProto(t.create_time, out->mutable_create_time());
  ToProto(t.update_time, out->mutable_update_time());
  out->set_etag(Etag(t.version));
}

namespace {

void PlanToProto(const domain::PlanVersion& p, v1::Plan* out) {
  out->set_version(p.version);
  ToProto(p.decision_date, out->mutable_decision_date());
  out->set_kind(ToProtoEnum<v1::PlanChangeKind>(p.kind));
  out->set_route(ToProtoEnum<v1::LearningRoute>(p.route));
  out->set_route_reasons(p.route_reasons);
  for (domain::Route r : p.routes_considered)
    out->add_routes_considered(ToProtoEnum<v1::LearningRoute>(r));
  out->set_target_level(ToProtoEnum<v1::LanguageLevel>(p.target_level));
  out->set_language_hours(p.language_hours);
  out->set_participation_hours(p.participation_hours);
  out->set_pvt_hours(p.pvt_hours);
  out->set_map_hours(p.map_hours);
  if (p.version == 1) out->set_intake_basis(ToProtoEnum<v1::PlanIntakeBasis>(p.intake_basis));
  out->set_intake_basis_reason(p.intake_basis_reason);
  out->set_education_route_age_reason(p.education_route_age_reason);
  out->set_effort_finding(p.effort_finding);
  out->set_support(p.support);
  out->set_ontzorgen_reference(p.ontzorgen_reference);
  out->set_progress_agreements(p.progress_agreements);
  out->set_amendment_reason(p.amendment_reason);
  out->set_new_municipality(p.new_municipality);
}

}  // namespace

void AttendanceToProto(const domain::AttendanceRecord& a, v1::AttendanceRecord* o) {
  o->set_id(a.id);
  o->set_enrollment_id(a.enrollment_id);
  ToProto(a.period_start, o->mutable_period_start());
  ToProto(a.period_end, o->mutable_period_end());
  o->set_attended_hours(a.attended_hours);
  o->set_excused_hours(a.excused_hours);
  o->set_unexcused_hours(a.unexcused_hours);
  o->set_provider_record_id(a.provider_record_id);
}

void ExamResultToProto(const domain::ExamResult& e, v1::ExamResult* o) {
  o->set_id(e.id);
  o->set_skill(ToProtoEnum<v1::ExamSkill>(e.skill));
  o->set_level(ToProtoEnum<v1::LanguageLevel>(e.level));
  o->set_attempt(e.attempt);
  ToProto(e.date, o->mutable_date());
  o->set_passed(e.passed);
  o->set_provider_record_id(e.provider_record_id);
}

void ComponentResultToProto(const domain::ComponentResult& c, v1::ComponentResult* o) {
  o->set_id(c.id);
  o->set_component(ToProtoEnum<v1::ComponentKind>(c.component));
  ToProto(c.date, o->mutable_date());
  o->set_completed(c.completed);
  o->set_note(c.note);
  o->set_provider_record_id(c.provider_record_id);
}

void ProviderProgressToProto(const domain::ProviderProgress& p, v1::ProviderProgress* o) {
  o->set_id(p.id);
  o->set_enrollment_id(p.enrollment_id);
  o->set_provider_record_id(p.provider_record_id);
  ToProto(p.date, o->mutable_date());
  o->set_skill(ToProtoEnum<v1::ExamSkill>(p.skill));
  o->set_level(ToProtoEnum<v1::LanguageLevel>(p.level));
  o->set_on_track(p.on_track);
}

void CaseFileToProto(const domain::CaseFile& file, v1::CaseFile* out) {
  const domain::Trajectory& t = file.trajectory;
  TrajectoryToProto(t, out->mutable_trajectory());
  ClientToProto(file.client, out->mutable_client());
  if (file.consultant) ConsultantToProto(*file.consultant, out->mutable_consultant());
  if (t.intake) {
    auto* intake = out->mutable_intake();
    ToProto(t.intake->date, intake->mutable_date());
    intake->set_education_and_work_history(t.intake->education_and_work_history);
    intake->set_personal_circumstances(t.intake->personal_circumstances);
    intake->set_vve_information_given(t.intake->vve_information_given);
    intake->set_told_of_individual_conversation(t.intake->told_of_individual_conversation);
    intake->set_summary(t.intake->summary);
    intake->set_medical_limitation(t.intake->medical_limitation);
    intake->set_medical_note(t.intake->medical_note);
  }
  if (t.learnability_test) {
    ToProto(t.learnability_test->date, out->mutable_learnability_test()->mutable_date());
    out->mutable_learnability_test()->set_score(t.learnability_test->score);
  }
  if (t.learnability_test_exemption) {
    auto* e = out->mutable_learnability_test_exemption();
    ToProto(t.learnability_test_exemption->date, e->mutable_date());
    e->set_reason(ToProtoEnum<v1::TestExemptionReason>(t.learnability_test_exemption->reason));
  }
  for (const domain::PlanVersion& p : t.plans) PlanToProto(p, out->add_plans());
  if (const domain::PlanVersion* plan = t.current_plan()) {
    PlanToProto(*plan, out->mutable_current_plan());
  }
  for (const domain::Enrollment& e : t.enrollments) {
    auto* o = out->add_enrollments();
    o->set_id(e.id);
    o->set_provider(e.provider);
    o->set_quality_mark(ToProtoEnum<v1::QualityMark>(e.quality_mark));
    o->set_contract_reference(e.contract_reference);
    o->set_planned_hours(e.planned_hours);
    if (e.start_date) ToProto(*e.start_date, o->mutable_start_date());
    o->set_component(ToProtoEnum<v1::OfferComponent>(e.component));
    o->set_price_euro_cents(e.price_cents);
    if (!e.registered_provider.empty()) {
      o->set_registered_provider(ChildName(t.municipality, kProviders, e.registered_provider));
    }
    if (e.lessons_start) ToProto(*e.lessons_start, o->mutable_lessons_start_date());
    if (e.dropout_date) ToProto(*e.dropout_date, o->mutable_dropout_date());
    if (e.dropout_reason) {
      o->set_dropout_reason(ToProtoEnum<v1::DropoutReason>(*e.dropout_reason));
    }
  }
  for (const domain::AttendanceRecord& a : t.attendance)
    AttendanceToProto(a, out->add_attendance());
  for (const domain::ExamResult& e : t.exams) ExamResultToProto(e, out->add_exam_results());
  for (const domain::ComponentResult& c : t.components) {
    ComponentResultToProto(c, out->add_component_results());
  }
  for (const domain::ProviderProgress& p : t.provider_progress) {
    ProviderProgressToProto(p, out->add_provider_progress());
  }
  for (const domain::ProgressReview& r : t.reviews) {
    auto* o = out->add_progress_reviews();
    o->set_id(r.id);
    ToProto(r.date, o->mutable_date());
    o->set_on_track(r.on_track);
    o->set_summary(r.summary);
  }
  for (const domain::Appointment& a : t.appointments) {
    auto* o = out->add_appointments();
    o->set_id(a.id);
    o->set_kind(ToProtoEnum<v1::AppointmentKind>(a.kind));
    o->set_invitation_number(a.invitation_number);
    ToProto(a.scheduled_at, o->mutable_scheduled_time());
    o->set_outcome(ToProtoEnum<v1::AppointmentOutcome>(a.outcome));
  }
  for (const domain::Extension& e : t.extensions) {
    auto* o = out->add_extensions();
    o->set_id(e.id);
    o->set_ground(ToProtoEnum<v1::ExtensionGround>(e.ground));
    o->set_weeks(e.weeks);
    ToProto(e.decision_date, o->mutable_decision_date());
    if (e.new_term_last_day) ToProto(*e.new_term_last_day, o->mutable_new_term_last_day());
  }
  DutiesToProto(t, out);
  for (const domain::Exemption& e : t.exemptions) {
    auto* o = out->add_exemptions();
    o->set_id(e.id);
    o->set_kind(ToProtoEnum<v1::ExemptionKind>(e.kind));
    ToProto(e.decision_date, o->mutable_decision_date());
  }
  if (file.plan_due) ToProto(*file.plan_due, out->mutable_plan_due_date());
  if (file.term_start) ToProto(*file.term_start, out->mutable_term_start());
  if (file.term_last_day) {
    ToProto(*file.term_last_day, out->mutable_term_last_day());
    // The deprecated field keeps what it always held: the day after the last day.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    ToProto(*file.term_last_day + 1, out->mutable_term_end());
#pragma GCC diagnostic pop
  }
  if (file.route_switch_last_day) {
    ToProto(*file.route_switch_last_day, out->mutable_route_switch_last_day());
  }
  for (const domain::Deadline& d : file.deadlines) {
    auto* o = out->add_deadlines();
    o->set_kind(ToProtoEnum<v1::DeadlineKind>(d.kind));
    ToProto(d.due, o->mutable_due_date());
    o->set_state(ToProtoEnum<v1::DeadlineState>(d.state));
    if (d.met_on) ToProto(*d.met_on, o->mutable_met_date());
    o->set_record_id(d.record_id);
  }
  out->mutable_hours()->set_attended(file.attended_hours);
  out->mutable_hours()->set_excused(file.excused_hours);
  out->mutable_hours()->set_unexcused(file.unexcused_hours);
  out->mutable_hours()->set_certified_attended(file.certified_attended_hours);
  for (const domain::Advisory& a : file.advisories) {
    v1::Advisory* advisory = out->add_advisories();
    advisory->set_code(a.code);
    advisory->set_message(a.message);
  }
  ToProto(file.today, out->mutable_as_of());
  EnforcementToProto(file, out);
  for (const domain::ParticipationOutcome& o : t.participation_outcomes) {
    v1::ParticipationOutcome* p = out->add_participation_outcomes();
    p->set_id(o.id);
    p->set_months(o.months);
    ToProto(o.date, p->mutable_date());
    p->set_in_work(o.in_work);
    p->set_in_education(o.in_education);
    p->set_off_benefits(o.off_benefits);
  }
}

}  // namespace inburgering::server
