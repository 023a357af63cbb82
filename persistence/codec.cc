#include "persistence/codec.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "nlohmann/json.hpp"

namespace inburgering::domain {

// Every enum is stored by the names of its table (domain/enum_names.h). An unknown stored name
// reads as the enum's first value, as nlohmann's enum tables did.
template <typename E, std::enable_if_t<HasEnumNames<E>::value, int> = 0>
void to_json(nlohmann::json& j, E value) {
  j = EnumName(value);
}
template <typename E, std::enable_if_t<HasEnumNames<E>::value, int> = 0>
void from_json(const nlohmann::json& j, E& value) {
  value = EnumNames<E>::kEntries[0].value;
  if (j.is_string()) ParseEnumName(j.get_ref<const std::string&>(), &value);
}

}  // namespace inburgering::domain

namespace nlohmann {

template <>
struct adl_serializer<absl::CivilDay> {
  static void to_json(json& j, const absl::CivilDay& day) {
    j = inburgering::domain::FormatDay(day);
  }
  static void from_json(const json& j, absl::CivilDay& day) {
    if (!inburgering::domain::ParseDay(j.get<std::string>(), &day)) {
      throw json::other_error::create(501, "malformed date", &j);
    }
  }
};

template <>
struct adl_serializer<absl::Time> {
  static void to_json(json& j, const absl::Time& t) { j = absl::ToUnixMicros(t); }
  static void from_json(const json& j, absl::Time& t) {
    t = absl::FromUnixMicros(j.get<int64_t>());
  }
};

template <typename T>
struct adl_serializer<std::optional<T>> {
  static void to_json(json& j, const std::optional<T>& value) {
    if (value) {
      j = *value;
    } else {
      j = nullptr;
    }
  }
  static void from_json(const json& j, std::optional<T>& value) {
    if (j.is_null()) {
      value.reset();
    } else {
      value = j.get<T>();
    }
  }
};

}  // namespace nlohmann

namespace inburgering::domain {

// Field lists: a field added later reads as its default from older documents.
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Intake, date, education_and_work_history,
                                                personal_circumstances, vve_information_given,
                                                told_of_individual_conversation, summary,
                                                medical_limitation, medical_note)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(LearnabilityTest, date, score)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(LearnabilityTestExemption, date, reason)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PlanVersion, version, decision_date, kind, route,
                                                route_reasons, routes_considered, target_level,
                                                language_hours, participation_hours, pvt_hours,
                                                map_hours, support, ontzorgen_reference,
                                                progress_agreements, amendment_reason,
                                                new_municipality, intake_basis, intake_basis_reason,
                                                education_route_age_reason, effort_finding)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Enrollment, id, provider, quality_mark,
                                                contract_reference, planned_hours, start_date,
                                                component, price_cents, registered_provider,
                                                lessons_start, dropout_date, dropout_reason)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AttendanceRecord, id, enrollment_id, period_start,
                                                period_end, attended_hours, excused_hours,
                                                unexcused_hours, provider_record_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ExamResult, id, skill, level, attempt, date, passed,
                                                provider_record_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ComponentResult, id, component, date, completed,
                                                note, provider_record_id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ProviderProgress, id, enrollment_id,
                                                provider_record_id, date, skill, level, on_track)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ProgressReview, id, date, on_track, summary)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Appointment, id, kind, invitation_number,
                                                scheduled_at, outcome)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Extension, id, ground, weeks, decision_date,
                                                new_term_last_day)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Exemption, id, kind, decision_date)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Closure, reason, date)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Warning, id, ground, date, appointment_id, note,
                                                issued_by)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(FineView, date, waived, summary, recorded_by)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(FineDecision, date, imposed, amount_cents, reasons,
                                                decided_by)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(FineObjection, filed_date, outcome, outcome_date,
                                                amount_cents)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Fine, id, ground, warning_id, appointment_id,
                                                offence_date, blameworthy, blameworthiness_reasons,
                                                intention_date, intended_amount_cents, intended_by,
                                                view, decision, objection)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ParticipationOutcome, id, months, date, in_work,
                                                in_education, off_benefits)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ProgrammeLateStatement, id, issue_date, plan_date,
                                                start_due, programme_start, issued_by)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(MoveIn, from_municipality, first_plan_date, route,
                                                move_date, handed_over)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(BlameworthinessFinding, id, subject, date,
                                                blameworthy, reasons, found_by)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(SocialGuidance, offered_date, provider, start_date,
                                                end_date, parts, participation, recorded_by)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Unburdening, start_date, end_date, end_reason,
                                                costs, decision_reference, recorded_by)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(PlanObjection, id, stage, plan_version, filed_date,
                                                advisory_committee, outcome, decision_date,
                                                amended_plan_version, reasons)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ZRouteDecision, id, date, final_interview_id,
                                                completed, reasons, decided_by)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(NonCompletionNotice, id, kind, date, reasons,
                                                reported_by)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(InformationRequest, id, source, requested_date,
                                                received_date)

}  // namespace inburgering::domain

namespace inburgering::persistence {
namespace {

using nlohmann::json;

}  // namespace

std::optional<std::string> StoredDay(const std::optional<absl::CivilDay>& day) {
  if (!day) return std::nullopt;
  return domain::FormatDay(*day);
}

std::string DayLiteral(absl::CivilDay day) {
  return absl::StrCat("'", domain::FormatDay(day), "'");
}

absl::StatusOr<std::optional<absl::CivilDay>> ParseStoredDay(
    const std::optional<std::string>& text) {
  if (!text) return std::optional<absl::CivilDay>();
  absl::CivilDay day;
  if (!domain::ParseDay(*text, &day)) return absl::InternalError("malformed stored date");
  return std::optional<absl::CivilDay>(day);
}

std::string EncodeTrajectory(const domain::Trajectory& t) {
  json j = {
      {"intake", t.intake},
      {"learnability_test", t.learnability_test},
      {"learnability_test_exemption", t.learnability_test_exemption},
      {"plans", t.plans},
      {"enrollments", t.enrollments},
      {"attendance", t.attendance},
      {"exams", t.exams},
      {"components", t.components},
      {"reviews", t.reviews},
      {"appointments", t.appointments},
      {"extensions", t.extensions},
      {"exemptions", t.exemptions},
      {"closure", t.closure},
      {"warnings", t.warnings},
      {"fines", t.fines},
      {"late_statements", t.late_statements},
      {"participation_outcomes", t.participation_outcomes},
      {"findings", t.findings},
      {"moved_in", t.moved_in},
      {"social_guidance", t.social_guidance},
      {"unburdening", t.unburdening},
      {"plan_objections", t.plan_objections},
      {"z_route_decisions", t.z_route_decisions},
      {"non_completion_notices", t.non_completion_notices},
      {"information_requests", t.information_requests},
      {"provider_progress", t.provider_progress},
  };
  return j.dump();
}

absl::Status DecodeTrajectory(absl::string_view document, domain::Trajectory& t) {
  try {
    const json j = json::parse(document);
    j.at("intake").get_to(t.intake);
    j.at("learnability_test").get_to(t.learnability_test);
    j.at("learnability_test_exemption").get_to(t.learnability_test_exemption);
    j.at("plans").get_to(t.plans);
    j.at("enrollments").get_to(t.enrollments);
    j.at("attendance").get_to(t.attendance);
    j.at("exams").get_to(t.exams);
    j.at("components").get_to(t.components);
    j.at("reviews").get_to(t.reviews);
    j.at("appointments").get_to(t.appointments);
    j.at("extensions").get_to(t.extensions);
    j.at("exemptions").get_to(t.exemptions);
    j.at("closure").get_to(t.closure);
    // Added with enforcement: absent from older documents.
    t.warnings = j.value("warnings", std::vector<domain::Warning>());
    t.fines = j.value("fines", std::vector<domain::Fine>());
    t.late_statements = j.value("late_statements", std::vector<domain::ProgrammeLateStatement>());
    t.participation_outcomes =
        j.value("participation_outcomes", std::vector<domain::ParticipationOutcome>());
    t.findings = j.value("findings", std::vector<domain::BlameworthinessFinding>());
    if (j.contains("moved_in")) j.at("moved_in").get_to(t.moved_in);
    // Added with the municipal duties (issue 15): absent from older documents.
    if (j.contains("social_guidance")) j.at("social_guidance").get_to(t.social_guidance);
    if (j.contains("unburdening")) j.at("unburdening").get_to(t.unburdening);
    t.plan_objections = j.value("plan_objections", std::vector<domain::PlanObjection>());
    t.z_route_decisions = j.value("z_route_decisions", std::vector<domain::ZRouteDecision>());
    t.non_completion_notices =
        j.value("non_completion_notices", std::vector<domain::NonCompletionNotice>());
    t.information_requests =
        j.value("information_requests", std::vector<domain::InformationRequest>());
    // Added with the providers' reports (issue 22).
    t.provider_progress = j.value("provider_progress", std::vector<domain::ProviderProgress>());
    return absl::OkStatus();
  } catch (const json::exception& e) {
    return absl::InternalError("unreadable trajectory document");
  }
}

std::string EncodeProviderReportBody(const domain::ProviderReport& r) {
  using K = domain::ProviderReportKind;
  json j = json::object();
  switch (r.kind) {
    case K::kAttendance:
      j = r.attendance;
      break;
    case K::kProgress:
      j = r.progress;
      break;
    case K::kExamResult:
      j = r.exam_result;
      break;
    case K::kComponentResult:
      j = r.component_result;
      break;
    case K::kLessonsStarted:
      j["date"] = r.date;
      break;
    case K::kDropout:
      j["date"] = r.date;
      j["reason"] = r.dropout_reason;
      break;
  }
  return j.dump();
}

absl::Status DecodeProviderReportBody(absl::string_view body, domain::ProviderReport& r) {
  using K = domain::ProviderReportKind;
  try {
    const json j = json::parse(body);
    switch (r.kind) {
      case K::kAttendance:
        j.get_to(r.attendance);
        break;
      case K::kProgress:
        j.get_to(r.progress);
        break;
      case K::kExamResult:
        j.get_to(r.exam_result);
        break;
      case K::kComponentResult:
        j.get_to(r.component_result);
        break;
      case K::kLessonsStarted:
        j.at("date").get_to(r.date);
        break;
      case K::kDropout:
        j.at("date").get_to(r.date);
        j.at("reason").get_to(r.dropout_reason);
        break;
    }
    return absl::OkStatus();
  } catch (const json::exception& e) {
    return absl::InternalError("unreadable provider report");
  }
}

std::string EncodeComponents(const std::vector<domain::OfferComponent>& components) {
  return json(components).dump();
}

absl::Status DecodeComponents(absl::string_view text, std::vector<domain::OfferComponent>& out) {
  try {
    json::parse(text).get_to(out);
    return absl::OkStatus();
  } catch (const json::exception& e) {
    return absl::InternalError("unreadable provider components");
  }
}

std::string EncodeEventDetails(const domain::Event& e) {
  json j = json::object();
  if (e.date) j["date"] = *e.date;
  if (e.plan_version != 0) j["plan_version"] = e.plan_version;
  if (e.route) j["route"] = *e.route;
  if (!e.ontzorgen_reference.empty()) j["ontzorgen_reference"] = e.ontzorgen_reference;
  if (e.amount_cents != 0) j["amount_cents"] = e.amount_cents;
  if (!e.kind.empty()) j["kind"] = e.kind;
  if (!e.record_id.empty()) j["record_id"] = e.record_id;
  return j.dump();
}

absl::Status DecodeEventDetails(absl::string_view details, domain::Event& e) {
  try {
    const json j = json::parse(details);
    e.date = j.value("date", std::optional<absl::CivilDay>());
    e.plan_version = j.value("plan_version", 0);
    e.route = j.value("route", std::optional<domain::Route>());
    e.ontzorgen_reference = j.value("ontzorgen_reference", std::string());
    e.amount_cents = j.value("amount_cents", int64_t{0});
    e.kind = j.value("kind", std::string());
    e.record_id = j.value("record_id", std::string());
    return absl::OkStatus();
  } catch (const json::exception& e) {
    return absl::InternalError("unreadable event details");
  }
}

std::string EncodeDuoReportDetails(const domain::DuoReport& r) {
  json j = {
      {"fact_date", r.fact_date},
      {"plan_version", r.plan_version},
      {"route", r.route},
      {"level", r.level},
      {"record_id", r.record_id},
      {"sent_by", r.sent_by},
      {"sent_time", r.sent_time},
      {"confirmed_by", r.confirmed_by},
      {"confirm_time", r.confirm_time},
      {"confirmation_reference", r.confirmation_reference},
  };
  return j.dump();
}

absl::Status DecodeDuoReportDetails(absl::string_view details, domain::DuoReport& r) {
  try {
    const json j = json::parse(details);
    j.at("fact_date").get_to(r.fact_date);
    j.at("plan_version").get_to(r.plan_version);
    j.at("route").get_to(r.route);
    j.at("level").get_to(r.level);
    j.at("record_id").get_to(r.record_id);
    j.at("sent_by").get_to(r.sent_by);
    j.at("sent_time").get_to(r.sent_time);
    j.at("confirmed_by").get_to(r.confirmed_by);
    j.at("confirm_time").get_to(r.confirm_time);
    j.at("confirmation_reference").get_to(r.confirmation_reference);
    return absl::OkStatus();
  } catch (const json::exception& e) {
    return absl::InternalError("unreadable DUO report");
  }
}

}  // namespace inburgering::persistence
