#include "persistence/codec.h"

#include <utility>
#include <vector>

#include "domain/dates.h"
#include "nlohmann/json.hpp"

namespace inburgering::domain {

// Each enum's stored names, in one table per enum; NLOHMANN_JSON_SERIALIZE_ENUM makes the JSON
// codec use the same names.
NLOHMANN_JSON_SERIALIZE_ENUM(TargetGroup,
                             {{TargetGroup::kAsylumStatusHolder, "ASYLUM_STATUS_HOLDER"},
                              {TargetGroup::kFamilyMigrant, "FAMILY_MIGRANT"},
                              {TargetGroup::kOtherMigrant, "OTHER_MIGRANT"}})
NLOHMANN_JSON_SERIALIZE_ENUM(Regime, {{Regime::kWi2013, "WI2013"}, {Regime::kWi2021, "WI2021"}})
NLOHMANN_JSON_SERIALIZE_ENUM(Source, {{Source::kDuoNotice, "DUO_NOTICE"},
                                      {Source::kCoaLink, "COA_LINK"},
                                      {Source::kBrpRegistration, "BRP_REGISTRATION"}})
NLOHMANN_JSON_SERIALIZE_ENUM(Phase, {{Phase::kIntake, "INTAKE"},
                                     {Phase::kPlanned, "PLANNED"},
                                     {Phase::kProgramme, "PROGRAMME"},
                                     {Phase::kClosed, "CLOSED"}})
NLOHMANN_JSON_SERIALIZE_ENUM(Route, {{Route::kB1, "B1"},
                                     {Route::kEducation, "EDUCATION"},
                                     {Route::kZ, "Z"}})
NLOHMANN_JSON_SERIALIZE_ENUM(
    Level, {{Level::kA1, "A1"}, {Level::kA2, "A2"}, {Level::kB1, "B1"}, {Level::kB2, "B2"}})
NLOHMANN_JSON_SERIALIZE_ENUM(Skill, {{Skill::kReading, "READING"},
                                     {Skill::kListening, "LISTENING"},
                                     {Skill::kWriting, "WRITING"},
                                     {Skill::kSpeaking, "SPEAKING"},
                                     {Skill::kKnm, "KNM"}})
NLOHMANN_JSON_SERIALIZE_ENUM(Component, {{Component::kKnm, "KNM"},
                                         {Component::kPvt, "PVT"},
                                         {Component::kMap, "MAP"}})
NLOHMANN_JSON_SERIALIZE_ENUM(QualityMark,
                             {{QualityMark::kNone, "NONE"},
                              {QualityMark::kBlikOpWerk, "BLIK_OP_WERK"},
                              {QualityMark::kDiplomaRecognition, "DIPLOMA_RECOGNITION"}})
NLOHMANN_JSON_SERIALIZE_ENUM(AmendmentKind, {{AmendmentKind::kInitial, "INITIAL"},
                                             {AmendmentKind::kRouteSwitch, "ROUTE_SWITCH"},
                                             {AmendmentKind::kLowerToA2, "LOWER_TO_A2"},
                                             {AmendmentKind::kMove, "MOVE"},
                                             {AmendmentKind::kOther, "OTHER"}})
NLOHMANN_JSON_SERIALIZE_ENUM(AppointmentKind,
                             {{AppointmentKind::kIntakeInvitation, "INTAKE_INVITATION"},
                              {AppointmentKind::kProgressReview, "PROGRESS_REVIEW"},
                              {AppointmentKind::kTestSession, "TEST_SESSION"},
                              {AppointmentKind::kFinalInterview, "FINAL_INTERVIEW"}})
NLOHMANN_JSON_SERIALIZE_ENUM(AppointmentOutcome,
                             {{AppointmentOutcome::kPending, "PENDING"},
                              {AppointmentOutcome::kAttended, "ATTENDED"},
                              {AppointmentOutcome::kNoShowExcused, "NO_SHOW_EXCUSED"},
                              {AppointmentOutcome::kNoShowUnexcused, "NO_SHOW_UNEXCUSED"}})
NLOHMANN_JSON_SERIALIZE_ENUM(ExtensionGround,
                             {{ExtensionGround::kIllness, "ILLNESS"},
                              {ExtensionGround::kChildbirth, "CHILDBIRTH"},
                              {ExtensionGround::kSpecialCircumstances, "SPECIAL_CIRCUMSTANCES"},
                              {ExtensionGround::kProgrammeLate, "PROGRAMME_LATE"},
                              {ExtensionGround::kOther, "OTHER"}})
NLOHMANN_JSON_SERIALIZE_ENUM(ExemptionKind,
                             {{ExemptionKind::kMedical, "MEDICAL"},
                              {ExemptionKind::kDemonstrableEffort, "DEMONSTRABLE_EFFORT"},
                              {ExemptionKind::kDispensation, "DISPENSATION"}})
NLOHMANN_JSON_SERIALIZE_ENUM(TestExemptionReason,
                             {{TestExemptionReason::kVisualImpairment, "VISUAL_IMPAIRMENT"},
                              {TestExemptionReason::kHearingImpairment, "HEARING_IMPAIRMENT"}})
NLOHMANN_JSON_SERIALIZE_ENUM(ClosureReason,
                             {{ClosureReason::kFulfilled, "FULFILLED"},
                              {ClosureReason::kExemption, "EXEMPTION"},
                              {ClosureReason::kMoved, "MOVED"},
                              {ClosureReason::kLeftCountry, "LEFT_COUNTRY"},
                              {ClosureReason::kDied, "DIED"},
                              {ClosureReason::kObligationLapsed, "OBLIGATION_LAPSED"}})

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
                                                new_municipality)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Enrollment, id, provider, quality_mark,
                                                contract_reference, planned_hours, start_date)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(AttendanceRecord, id, enrollment_id, period_start,
                                                period_end, attended_hours, excused_hours,
                                                unexcused_hours)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ExamResult, id, skill, level, attempt, date, passed)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ComponentResult, id, component, date, completed,
                                                note)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ProgressReview, id, date, on_track, summary)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Appointment, id, kind, invitation_number,
                                                scheduled_at, outcome)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Extension, id, ground, weeks, decision_date)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Exemption, id, kind, decision_date)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Closure, reason, date)

}  // namespace inburgering::domain

namespace inburgering::persistence {
namespace {

using nlohmann::json;

template <typename E>
const char* NameOf(E value) {
  // The JSON table is the one source of the names.
  static thread_local std::string name;
  name = json(value).get<std::string>();
  return name.c_str();
}

template <typename E>
bool ParseName(absl::string_view text, E* value) {
  const json j = std::string(text);
  if (json(j.get<E>()) != j) return false;  // unknown names map to the first entry
  *value = j.get<E>();
  return true;
}

}  // namespace

const char* StoredName(domain::TargetGroup value) { return NameOf(value); }
const char* StoredName(domain::Regime value) { return NameOf(value); }
const char* StoredName(domain::Source value) { return NameOf(value); }
const char* StoredName(domain::Phase value) { return NameOf(value); }
const char* StoredName(domain::Route value) { return NameOf(value); }
bool ParseStored(absl::string_view text, domain::TargetGroup* value) {
  return ParseName(text, value);
}
bool ParseStored(absl::string_view text, domain::Regime* value) { return ParseName(text, value); }
bool ParseStored(absl::string_view text, domain::Source* value) { return ParseName(text, value); }

std::optional<std::string> StoredDay(const std::optional<absl::CivilDay>& day) {
  if (!day) return std::nullopt;
  return domain::FormatDay(*day);
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
    return absl::OkStatus();
  } catch (const json::exception& e) {
    return absl::InternalError("unreadable trajectory document");
  }
}

}  // namespace inburgering::persistence
