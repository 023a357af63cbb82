#pragma once

// The field lists of the trajectory document's records, once: the stored JSON (json_document.h)
// and nlohmann's adapters (codec.cc) are both written from them. A field's stored name is its
// member's name; a field added later reads as its default from older documents, so fields are
// only ever added (never renamed or removed while documents carry them).

#include <type_traits>
#include <utility>

#include "absl/strings/string_view.h"
#include "domain/trajectory.h"

// INBURGERING_FOR_EACH(m, a, b, c) expands to m(a) m(b) m(c) (up to 24 arguments).
#define INBURGERING_FOR_EACH_1(m, a) m(a)
#define INBURGERING_FOR_EACH_2(m, a, ...) m(a) INBURGERING_FOR_EACH_1(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_3(m, a, ...) m(a) INBURGERING_FOR_EACH_2(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_4(m, a, ...) m(a) INBURGERING_FOR_EACH_3(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_5(m, a, ...) m(a) INBURGERING_FOR_EACH_4(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_6(m, a, ...) m(a) INBURGERING_FOR_EACH_5(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_7(m, a, ...) m(a) INBURGERING_FOR_EACH_6(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_8(m, a, ...) m(a) INBURGERING_FOR_EACH_7(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_9(m, a, ...) m(a) INBURGERING_FOR_EACH_8(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_10(m, a, ...) m(a) INBURGERING_FOR_EACH_9(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_11(m, a, ...) m(a) INBURGERING_FOR_EACH_10(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_12(m, a, ...) m(a) INBURGERING_FOR_EACH_11(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_13(m, a, ...) m(a) INBURGERING_FOR_EACH_12(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_14(m, a, ...) m(a) INBURGERING_FOR_EACH_13(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_15(m, a, ...) m(a) INBURGERING_FOR_EACH_14(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_16(m, a, ...) m(a) INBURGERING_FOR_EACH_15(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_17(m, a, ...) m(a) INBURGERING_FOR_EACH_16(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_18(m, a, ...) m(a) INBURGERING_FOR_EACH_17(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_19(m, a, ...) m(a) INBURGERING_FOR_EACH_18(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_20(m, a, ...) m(a) INBURGERING_FOR_EACH_19(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_21(m, a, ...) m(a) INBURGERING_FOR_EACH_20(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_22(m, a, ...) m(a) INBURGERING_FOR_EACH_21(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_23(m, a, ...) m(a) INBURGERING_FOR_EACH_22(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_24(m, a, ...) m(a) INBURGERING_FOR_EACH_23(m, __VA_ARGS__)
#define INBURGERING_FOR_EACH_PICK(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, \
                                  _15, _16, _17, _18, _19, _20, _21, _22, _23, _24, name, ...) \
  name
#define INBURGERING_FOR_EACH(m, ...)                                                          \
  INBURGERING_FOR_EACH_PICK(                                                                  \
      __VA_ARGS__, INBURGERING_FOR_EACH_24, INBURGERING_FOR_EACH_23, INBURGERING_FOR_EACH_22, \
      INBURGERING_FOR_EACH_21, INBURGERING_FOR_EACH_20, INBURGERING_FOR_EACH_19,              \
      INBURGERING_FOR_EACH_18, INBURGERING_FOR_EACH_17, INBURGERING_FOR_EACH_16,              \
      INBURGERING_FOR_EACH_15, INBURGERING_FOR_EACH_14, INBURGERING_FOR_EACH_13,              \
      INBURGERING_FOR_EACH_12, INBURGERING_FOR_EACH_11, INBURGERING_FOR_EACH_10,              \
      INBURGERING_FOR_EACH_9, INBURGERING_FOR_EACH_8, INBURGERING_FOR_EACH_7,                 \
      INBURGERING_FOR_EACH_6, INBURGERING_FOR_EACH_5, INBURGERING_FOR_EACH_4,                 \
      INBURGERING_FOR_EACH_3, INBURGERING_FOR_EACH_2, INBURGERING_FOR_EACH_1)                 \
  (m, __VA_ARGS__)

#define INBURGERING_VISIT_FIELD(field) \
  visit(absl::string_view(#field, sizeof(#field) - 1), x.field);
// Defines VisitFields(x, visit): visit("name", x.name) for each field, on a const or mutable x
// (the name a string_view, its length known at compile time).
#define INBURGERING_STORED_FIELDS(Type, ...)                                                    \
  template <typename S, typename V>                                                             \
  std::enable_if_t<std::is_same_v<std::remove_const_t<S>, Type>> VisitFields(S& x, V&& visit) { \
    INBURGERING_FOR_EACH(INBURGERING_VISIT_FIELD, __VA_ARGS__)                                  \
  }

namespace inburgering::domain {

INBURGERING_STORED_FIELDS(Intake, date, education_and_work_history, personal_circumstances,
                          vve_information_given, told_of_individual_conversation, summary,
                          medical_limitation, medical_note)
INBURGERING_STORED_FIELDS(LearnabilityTest, date, score)
INBURGERING_STORED_FIELDS(LearnabilityTestExemption, date, reason)
INBURGERING_STORED_FIELDS(PlanVersion, version, decision_date, kind, route, route_reasons,
                          routes_considered, target_level, language_hours, participation_hours,
                          pvt_hours, map_hours, support, ontzorgen_reference, progress_agreements,
                          amendment_reason, new_municipality, intake_basis, intake_basis_reason,
                          education_route_age_reason, effort_finding)
INBURGERING_STORED_FIELDS(Enrollment, id, provider, quality_mark, contract_reference, planned_hours,
                          start_date, component, price_cents, registered_provider, lessons_start,
                          dropout_date, dropout_reason)
INBURGERING_STORED_FIELDS(AttendanceRecord, id, enrollment_id, period_start, period_end,
                          attended_hours, excused_hours, unexcused_hours, provider_record_id)
INBURGERING_STORED_FIELDS(ExamResult, id, skill, level, attempt, date, passed, provider_record_id)
INBURGERING_STORED_FIELDS(ComponentResult, id, component, date, completed, note, provider_record_id)
INBURGERING_STORED_FIELDS(ProviderProgress, id, enrollment_id, provider_record_id, date, skill,
                          level, on_track)
INBURGERING_STORED_FIELDS(ProgressReview, id, date, on_track, summary)
INBURGERING_STORED_FIELDS(Appointment, id, kind, invitation_number, scheduled_at, outcome)
INBURGERING_STORED_FIELDS(Extension, id, ground, weeks, decision_date, new_term_last_day)
INBURGERING_STORED_FIELDS(Exemption, id, kind, decision_date)
INBURGERING_STORED_FIELDS(Closure, reason, date)
INBURGERING_STORED_FIELDS(Warning, id, ground, date, appointment_id, note, issued_by)
INBURGERING_STORED_FIELDS(FineView, date, waived, summary, recorded_by)
INBURGERING_STORED_FIELDS(FineDecision, date, imposed, amount_cents, reasons, decided_by)
INBURGERING_STORED_FIELDS(FineObjection, filed_date, outcome, outcome_date, amount_cents)
INBURGERING_STORED_FIELDS(Fine, id, ground, warning_id, appointment_id, offence_date, blameworthy,
                          blameworthiness_reasons, intention_date, intended_amount_cents,
                          intended_by, view, decision, objection)
INBURGERING_STORED_FIELDS(ParticipationOutcome, id, months, date, in_work, in_education,
                          off_benefits)
INBURGERING_STORED_FIELDS(ProgrammeLateStatement, id, issue_date, plan_date, start_due,
                          programme_start, issued_by)
INBURGERING_STORED_FIELDS(MoveIn, from_municipality, first_plan_date, route, move_date, handed_over)
INBURGERING_STORED_FIELDS(BlameworthinessFinding, id, subject, date, blameworthy, reasons, found_by)
INBURGERING_STORED_FIELDS(SocialGuidance, offered_date, provider, start_date, end_date, parts,
                          participation, recorded_by)
INBURGERING_STORED_FIELDS(Unburdening, start_date, end_date, end_reason, costs, decision_reference,
                          recorded_by)
INBURGERING_STORED_FIELDS(PlanObjection, id, stage, plan_version, filed_date, advisory_committee,
                          outcome, decision_date, amended_plan_version, reasons)
INBURGERING_STORED_FIELDS(ZRouteDecision, id, date, final_interview_id, completed, reasons,
                          decided_by)
INBURGERING_STORED_FIELDS(NonCompletionNotice, id, kind, date, reasons, reported_by)
INBURGERING_STORED_FIELDS(InformationRequest, id, source, requested_date, received_date)

// The trajectory's document: every member but those kept in columns (identity, phase, route,
// dates, times, version). Members added after the first release read as empty from older ones.
template <typename S, typename V>
std::enable_if_t<std::is_same_v<std::remove_const_t<S>, Trajectory>> VisitDocument(S& x,
                                                                                   V&& visit) {
  INBURGERING_FOR_EACH(INBURGERING_VISIT_FIELD, intake, learnability_test,
                       learnability_test_exemption, plans, enrollments, attendance, exams,
                       components, reviews, appointments, extensions, exemptions, closure)
  INBURGERING_FOR_EACH(INBURGERING_VISIT_FIELD, warnings, fines, late_statements,
                       participation_outcomes, findings, moved_in, social_guidance, unburdening,
                       plan_objections, z_route_decisions, non_completion_notices,
                       information_requests, provider_progress)
}

}  // namespace inburgering::domain

namespace inburgering::persistence {

// Whether T has a field list (a record of the document, not a scalar, enum or container).
struct IgnoreField {
  template <typename F>
  void operator()(absl::string_view, F&) const {}
};
template <typename T, typename = void>
struct HasStoredFields : std::false_type {};
template <typename T>
struct HasStoredFields<T, std::void_t<decltype(VisitFields(std::declval<T&>(), IgnoreField{}))>>
    : std::true_type {};

}  // namespace inburgering::persistence
