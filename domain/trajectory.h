#pragma once

// A client's integration trajectory: everything the municipality records from the broad intake to
// the end, held as one aggregate (read and written whole, in one transaction, with one version).
// The legal rules that change it are in trajectory_rules.h; the clocks in rules.h.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/enum_names.h"

namespace inburgering::domain {

enum class Route { kB1, kEducation, kZ };  // art. 7: B1-route, onderwijsroute, Z-route
template <>
struct EnumNames<Route> {
  static constexpr EnumEntry<Route> kEntries[] = {
      {Route::kB1, "B1"}, {Route::kEducation, "EDUCATION"}, {Route::kZ, "Z"}};
};
enum class Level { kA1, kA2, kB1, kB2 };
template <>
struct EnumNames<Level> {
  static constexpr EnumEntry<Level> kEntries[] = {
      {Level::kA1, "A1"}, {Level::kA2, "A2"}, {Level::kB1, "B1"}, {Level::kB2, "B2"}};
};
enum class Skill { kReading, kListening, kWriting, kSpeaking, kKnm };
template <>
struct EnumNames<Skill> {
  static constexpr EnumEntry<Skill> kEntries[] = {{Skill::kReading, "READING"},
                                                  {Skill::kListening, "LISTENING"},
                                                  {Skill::kWriting, "WRITING"},
                                                  {Skill::kSpeaking, "SPEAKING"},
                                                  {Skill::kKnm, "KNM"}};
};
enum class Component { kKnm, kPvt, kMap };
template <>
struct EnumNames<Component> {
  static constexpr EnumEntry<Component> kEntries[] = {
      {Component::kKnm, "KNM"}, {Component::kPvt, "PVT"}, {Component::kMap, "MAP"}};
};
enum class QualityMark { kNone, kBlikOpWerk, kDiplomaRecognition };
template <>
struct EnumNames<QualityMark> {
  static constexpr EnumEntry<QualityMark> kEntries[] = {
      {QualityMark::kNone, "NONE"},
      {QualityMark::kBlikOpWerk, "BLIK_OP_WERK"},
      {QualityMark::kDiplomaRecognition, "DIPLOMA_RECOGNITION"}};
};
// kObjection: the plan as amended by the decision on an objection against it (DecidePlanObjection).
enum class AmendmentKind { kInitial, kRouteSwitch, kLowerToA2, kMove, kOther, kObjection };
template <>
struct EnumNames<AmendmentKind> {
  static constexpr EnumEntry<AmendmentKind> kEntries[] = {
      {AmendmentKind::kInitial, "INITIAL"},       {AmendmentKind::kRouteSwitch, "ROUTE_SWITCH"},
      {AmendmentKind::kLowerToA2, "LOWER_TO_A2"}, {AmendmentKind::kMove, "MOVE"},
      {AmendmentKind::kOther, "OTHER"},           {AmendmentKind::kObjection, "OBJECTION"}};
};
// What a purchased learning offer is for (the Wi2021 components a municipality buys).
enum class OfferComponent { kLanguage, kLiteracy, kKnm, kParticipation, kMap, kPvt };
template <>
struct EnumNames<OfferComponent> {
  static constexpr EnumEntry<OfferComponent> kEntries[] = {
      {OfferComponent::kLanguage, "LANGUAGE"}, {OfferComponent::kLiteracy, "LITERACY"},
      {OfferComponent::kKnm, "KNM"},           {OfferComponent::kParticipation, "PARTICIPATION"},
      {OfferComponent::kMap, "MAP"},           {OfferComponent::kPvt, "PVT"}};
};
// What the first plan rests on: the complete broad intake (art. 14), or, where the person did not
// come after the no-show ladder or the intake could only be done on the information available,
// that information, with the reason recorded (Divosa guidance on the intake no-show ladder).
enum class IntakeBasis { kCompleteIntake, kAfterNoShowLadder, kAvailableInformation };
template <>
struct EnumNames<IntakeBasis> {
  static constexpr EnumEntry<IntakeBasis> kEntries[] = {
      {IntakeBasis::kCompleteIntake, "COMPLETE_INTAKE"},
      {IntakeBasis::kAfterNoShowLadder, "AFTER_NO_SHOW_LADDER"},
      {IntakeBasis::kAvailableInformation, "AVAILABLE_INFORMATION"}};
};
enum class AppointmentKind { kIntakeInvitation, kProgressReview, kTestSession, kFinalInterview };
template <>
struct EnumNames<AppointmentKind> {
  static constexpr EnumEntry<AppointmentKind> kEntries[] = {
      {AppointmentKind::kIntakeInvitation, "INTAKE_INVITATION"},
      {AppointmentKind::kProgressReview, "PROGRESS_REVIEW"},
      {AppointmentKind::kTestSession, "TEST_SESSION"},
      {AppointmentKind::kFinalInterview, "FINAL_INTERVIEW"}};
};
enum class AppointmentOutcome { kPending, kAttended, kNoShowExcused, kNoShowUnexcused };
template <>
struct EnumNames<AppointmentOutcome> {
  static constexpr EnumEntry<AppointmentOutcome> kEntries[] = {
      {AppointmentOutcome::kPending, "PENDING"},
      {AppointmentOutcome::kAttended, "ATTENDED"},
      {AppointmentOutcome::kNoShowExcused, "NO_SHOW_EXCUSED"},
      {AppointmentOutcome::kNoShowUnexcused, "NO_SHOW_UNEXCUSED"}};
};
enum class ExtensionGround { kIllness, kChildbirth, kSpecialCircumstances, kProgrammeLate, kOther };
template <>
struct EnumNames<ExtensionGround> {
  static constexpr EnumEntry<ExtensionGround> kEntries[] = {
      {ExtensionGround::kIllness, "ILLNESS"},
      {ExtensionGround::kChildbirth, "CHILDBIRTH"},
      {ExtensionGround::kSpecialCircumstances, "SPECIAL_CIRCUMSTANCES"},
      {ExtensionGround::kProgrammeLate, "PROGRAMME_LATE"},
      {ExtensionGround::kOther, "OTHER"}};
};
enum class ExemptionKind { kMedical, kDemonstrableEffort, kDispensation };
template <>
struct EnumNames<ExemptionKind> {
  static constexpr EnumEntry<ExemptionKind> kEntries[] = {
      {ExemptionKind::kMedical, "MEDICAL"},
      {ExemptionKind::kDemonstrableEffort, "DEMONSTRABLE_EFFORT"},
      {ExemptionKind::kDispensation, "DISPENSATION"}};
};
enum class TestExemptionReason { kVisualImpairment, kHearingImpairment };
template <>
struct EnumNames<TestExemptionReason> {
  static constexpr EnumEntry<TestExemptionReason> kEntries[] = {
      {TestExemptionReason::kVisualImpairment, "VISUAL_IMPAIRMENT"},
      {TestExemptionReason::kHearingImpairment, "HEARING_IMPAIRMENT"}};
};
enum class ClosureReason {
  kFulfilled,
  kExemption,
  kMoved,
  kLeftCountry,
  kDied,
  kObligationLapsed,
  kObligationRetracted,  // DUO's correction: not obliged after all
};
template <>
struct EnumNames<ClosureReason> {
  static constexpr EnumEntry<ClosureReason> kEntries[] = {
      {ClosureReason::kFulfilled, "FULFILLED"},
      {ClosureReason::kExemption, "EXEMPTION"},
      {ClosureReason::kMoved, "MOVED"},
      {ClosureReason::kLeftCountry, "LEFT_COUNTRY"},
      {ClosureReason::kDied, "DIED"},
      {ClosureReason::kObligationLapsed, "OBLIGATION_LAPSED"},
      {ClosureReason::kObligationRetracted, "OBLIGATION_RETRACTED"}};
};
// What a warning or fine is for: missing the broad intake, or breaking an obligation of the plan.
enum class EnforcementGround { kIntakeNoShow, kPlanObligation };
template <>
struct EnumNames<EnforcementGround> {
  static constexpr EnumEntry<EnforcementGround> kEntries[] = {
      {EnforcementGround::kIntakeNoShow, "INTAKE_NO_SHOW"},
      {EnforcementGround::kPlanObligation, "PLAN_OBLIGATION"}};
};
enum class ObjectionOutcome { kPending, kUpheld, kReduced, kAnnulled };
template <>
struct EnumNames<ObjectionOutcome> {
  static constexpr EnumEntry<ObjectionOutcome> kEntries[] = {
      {ObjectionOutcome::kPending, "PENDING"},
      {ObjectionOutcome::kUpheld, "UPHELD"},
      {ObjectionOutcome::kReduced, "REDUCED"},
      {ObjectionOutcome::kAnnulled, "ANNULLED"}};
};
enum class Phase { kIntake, kPlanned, kProgramme, kClosed };
template <>
struct EnumNames<Phase> {
  static constexpr EnumEntry<Phase> kEntries[] = {{Phase::kIntake, "INTAKE"},
                                                  {Phase::kPlanned, "PLANNED"},
                                                  {Phase::kProgramme, "PROGRAMME"},
                                                  {Phase::kClosed, "CLOSED"}};
};

// Art. 14: the broad intake's parts (b) and (c), and the information the person must be given.
struct Intake {
  absl::CivilDay date;
  bool education_and_work_history = false;
  bool personal_circumstances = false;
  bool vve_information_given = false;            // early-childhood education, for parents
  bool told_of_individual_conversation = false;  // the right to a conversation without partner
  std::string summary;                           // education and work history, briefly
  // Health, kept minimal (special-category data): a flag and a short note.
  bool medical_limitation = false;
  std::string medical_note;
};

// Art. 14 part (a): the learnability test (result from DUO) or the municipal exemption from it.
struct LearnabilityTest {
  absl::CivilDay date;
  int score = 0;  // as DUO reports it, 0-100
};
struct LearnabilityTestExemption {
  absl::CivilDay date;
  TestExemptionReason reason = TestExemptionReason::kVisualImpairment;
};

// One version of the PIP (art. 15), a formal decision. Version 1 starts the term.
struct PlanVersion {
  int version = 1;
  absl::CivilDay decision_date;
  AmendmentKind kind = AmendmentKind::kInitial;
  Route route = Route::kB1;
  std::string route_reasons;
  std::vector<Route> routes_considered;  // including those rejected, and why in route_reasons
  Level target_level = Level::kB1;
  int language_hours = 0;
  int participation_hours = 0;
  int pvt_hours = 0;
  int map_hours = 0;
  std::string support;              // childcare, travel, ...
  std::string ontzorgen_reference;  // the Participatiewet decision it refers to
  std::string progress_agreements;  // how progress is monitored
  std::string amendment_reason;
  std::string new_municipality;  // kMove: the CBS code the person moved to
  // The first plan: what it rests on, and why when not on a complete intake.
  IntakeBasis intake_basis = IntakeBasis::kCompleteIntake;
  std::string intake_basis_reason;
  // The onderwijsroute for a person above its target age: why it suits them (the examination the
  // Raad van State requires), which answers the advisory.
  std::string education_route_age_reason;
  // kLowerToA2: the finding that the person made demonstrable sufficient effort (Besluit art. 5.5).
  std::string effort_finding;
};

// A learning offer bought for the person (an enrollment with a provider): what for, how many hours
// and at what price.
enum class DropoutReason {
  kStoppedAttending,
  kWorkOrEducation,
  kMoved,
  kPersonal,
  kEndedByProvider,
  kOther
};
template <>
struct EnumNames<DropoutReason> {
  static constexpr EnumEntry<DropoutReason> kEntries[] = {
      {DropoutReason::kStoppedAttending, "STOPPED_ATTENDING"},
      {DropoutReason::kWorkOrEducation, "WORK_OR_EDUCATION"},
      {DropoutReason::kMoved, "MOVED"},
      {DropoutReason::kPersonal, "PERSONAL"},
      {DropoutReason::kEndedByProvider, "ENDED_BY_PROVIDER"},
      {DropoutReason::kOther, "OTHER"}};
};

struct Enrollment {
  std::string id;
  std::string provider;
  QualityMark quality_mark = QualityMark::kNone;
  std::string contract_reference;
  int planned_hours = 0;  // the hours purchased
  // The start as the municipality recorded it; absent at a registered provider until known.
  std::optional<absl::CivilDay> start_date;
  OfferComponent component = OfferComponent::kLanguage;
  int64_t price_cents = 0;  // what the municipality pays for it; 0 when not bought by it
  // The provider's registered id (ProviderService) when the enrollment names one: its name and
  // quality mark came from the register, and it reports on the enrollment.
  std::string registered_provider;
  // What the provider reported: the first lesson (the programme's start), and a dropout.
  std::optional<absl::CivilDay> lessons_start;
  std::optional<absl::CivilDay> dropout_date;
  std::optional<DropoutReason> dropout_reason;
};

// When the programme of `e` started: the first lesson as the provider reported it, else the start
// the municipality recorded; none while neither is known.
std::optional<absl::CivilDay> StartOf(const Enrollment& e);

// Progress per skill as a provider reported it.
struct ProviderProgress {
  std::string id;
  std::string enrollment_id;
  std::string provider_record_id;
  absl::CivilDay date;
  Skill skill = Skill::kReading;
  Level level = Level::kA1;
  bool on_track = true;
};

struct AttendanceRecord {
  std::string id;
  std::string enrollment_id;
  absl::CivilDay period_start;
  absl::CivilDay period_end;
  double attended_hours = 0;
  double excused_hours = 0;
  double unexcused_hours = 0;
  std::string provider_record_id;  // a provider's report's own id; empty when staff recorded it
};

struct ExamResult {
  std::string id;
  Skill skill = Skill::kReading;
  Level level = Level::kB1;
  int attempt = 1;
  absl::CivilDay date;
  bool passed = false;
  std::string provider_record_id;  // a provider's report's own id; empty when staff recorded it
};

struct ComponentResult {
  std::string id;
  Component component = Component::kKnm;
  absl::CivilDay date;
  bool completed = false;  // KNM passed, PVT signed, MAP final interview held
  std::string note;
  std::string provider_record_id;  // a provider's report's own id; empty when staff recorded it
};

struct ProgressReview {
  std::string id;
  absl::CivilDay date;
  bool on_track = true;
  std::string summary;
};

struct Appointment {
  std::string id;
  AppointmentKind kind = AppointmentKind::kIntakeInvitation;
  int invitation_number = 0;  // intake invitations: 1 to 3
  absl::Time scheduled_at;
  AppointmentOutcome outcome = AppointmentOutcome::kPending;
};

// Participation after the plan (indicators: work, education, off benefits after 12, 24 and 36
// months), as recorded at that moment.
struct ParticipationOutcome {
  std::string id;
  int months = 12;  // 12, 24 or 36 after the first plan
  absl::CivilDay date;
  bool in_work = false;
  bool in_education = false;
  bool off_benefits = false;
};

struct Extension {
  std::string id;
  ExtensionGround ground = ExtensionGround::kOther;
  int weeks = 0;  // DUO extended by a period (0 when it gave a date)
  absl::CivilDay decision_date;
  // DUO extended to a date: the term's new last day, stored as DUO gave it (duo.nl).
  std::optional<absl::CivilDay> new_term_last_day;
};

struct Exemption {
  std::string id;
  ExemptionKind kind = ExemptionKind::kMedical;
  absl::CivilDay decision_date;
};

// A written warning (the first step of enforcement; a fine needs one before it).
struct Warning {
  std::string id;
  EnforcementGround ground = EnforcementGround::kPlanObligation;
  absl::CivilDay date;
  std::string appointment_id;  // kIntakeNoShow: the missed invitation
  std::string note;            // internal
  std::string issued_by;       // the consultant (caller subject)
};

// The person's view (zienswijze, Awb 4:8 and 5:53) on an intended fine, or its waiver.
struct FineView {
  absl::CivilDay date;
  bool waived = false;  // offered, not given within the term
  std::string summary;  // internal
  std::string recorded_by;
};

struct FineDecision {
  absl::CivilDay date;
  bool imposed = false;  // false: the intention was withdrawn
  int64_t amount_cents = 0;
  std::string reasons;
  std::string decided_by;
};

struct FineObjection {
  absl::CivilDay filed_date;
  ObjectionOutcome outcome = ObjectionOutcome::kPending;
  std::optional<absl::CivilDay> outcome_date;
  int64_t amount_cents = 0;  // the fine after the objection (kReduced), else the decision's
};

// A municipal fine (art. 22-23 as municipal policy cites them), from intention to objection.
struct Fine {
  std::string id;
  EnforcementGround ground = EnforcementGround::kPlanObligation;
  std::string warning_id;      // the prior warning it follows
  std::string appointment_id;  // kIntakeNoShow: the missed invitation it fines
  absl::CivilDay offence_date;
  bool blameworthy = false;  // Awb 5:41: the finding that the person is to blame
  std::string blameworthiness_reasons;
  absl::CivilDay intention_date;
  int64_t intended_amount_cents = 0;
  std::string intended_by;
  std::optional<FineView> view;
  std::optional<FineDecision> decision;
  std::optional<FineObjection> objection;

  bool Withdrawn() const { return decision && !decision->imposed; }
  bool Annulled() const { return objection && objection->outcome == ObjectionOutcome::kAnnulled; }
  // Not withdrawn and not annulled: it counts on the no-show ladder.
  bool Live() const { return !Withdrawn() && !Annulled(); }
  // Imposed and not annulled.
  bool Standing() const { return decision && decision->imposed && !Annulled(); }
};

// What a finding of blameworthy non-fulfilment is about: what DUO's own fines depend on.
enum class NonFulfilmentSubject { kPvt, kMap, kLearningRoute };
template <>
struct EnumNames<NonFulfilmentSubject> {
  static constexpr EnumEntry<NonFulfilmentSubject> kEntries[] = {
      {NonFulfilmentSubject::kPvt, "PVT"},
      {NonFulfilmentSubject::kMap, "MAP"},
      {NonFulfilmentSubject::kLearningRoute, "LEARNING_ROUTE"}};
};

// The finding whether not completing the PVT, the MAP or the learning route is blameworthy
// (GGM Inburgering `VerwijtbaarNietVoldaan` on the PVT, `IndicatorVerwijtbaar` on the MAP;
// Wi2021 art. 31-35): not a municipal fine, which is a different thing.
struct BlameworthinessFinding {
  std::string id;
  NonFulfilmentSubject subject = NonFulfilmentSubject::kPvt;
  absl::CivilDay date;
  bool blameworthy = false;
  std::string reasons;
  std::string found_by;  // the consultant (caller subject)
};

// The municipality's statement that the programme started late (lifecycle 7), which the person
// needs to ask DUO for an extension.
struct ProgrammeLateStatement {
  std::string id;
  absl::CivilDay issue_date;
  absl::CivilDay plan_date;
  absl::CivilDay start_due;
  std::optional<absl::CivilDay> programme_start;  // none: not started on the issue date
  std::string issued_by;
};

// A trajectory that continues one of another municipality after a move (art. 11 lid 3; Schulinck
// "Het aanpassen van het PIP"): the handover the new municipality records. The term keeps its
// start (the day after the first plan anywhere) and the route stays.
struct MoveIn {
  std::string from_municipality;   // the old municipality's 4-digit CBS code
  absl::CivilDay first_plan_date;  // the decision date of the first plan, there
  Route route = Route::kB1;        // the route chosen there
  absl::CivilDay move_date;        // the day the person moved
  std::string handed_over;         // what the old municipality handed over (intake, plan, ...)
};

// Maatschappelijke begeleiding (MvT par. 2.5.1; Divosa): guidance for asylum status holders that
// starts alongside the broad intake, its parts and whether the person takes part.
enum class GuidancePart {
  kPracticalMatters,
  kFinancialLiteracy,
  kHealthCare,
  kDutchSociety,
  kWorkAndIncome,
  kOther
};
template <>
struct EnumNames<GuidancePart> {
  static constexpr EnumEntry<GuidancePart> kEntries[] = {
      {GuidancePart::kPracticalMatters, "PRACTICAL_MATTERS"},
      {GuidancePart::kFinancialLiteracy, "FINANCIAL_LITERACY"},
      {GuidancePart::kHealthCare, "HEALTH_CARE"},
      {GuidancePart::kDutchSociety, "DUTCH_SOCIETY"},
      {GuidancePart::kWorkAndIncome, "WORK_AND_INCOME"},
      {GuidancePart::kOther, "OTHER"}};
};
enum class GuidanceParticipation { kOffered, kParticipating, kCompleted, kDeclined, kStopped };
template <>
struct EnumNames<GuidanceParticipation> {
  static constexpr EnumEntry<GuidanceParticipation> kEntries[] = {
      {GuidanceParticipation::kOffered, "OFFERED"},
      {GuidanceParticipation::kParticipating, "PARTICIPATING"},
      {GuidanceParticipation::kCompleted, "COMPLETED"},
      {GuidanceParticipation::kDeclined, "DECLINED"},
      {GuidanceParticipation::kStopped, "STOPPED"}};
};
struct SocialGuidance {
  absl::CivilDay offered_date;
  std::string provider;  // who gives it (the municipality itself or an organisation)
  std::optional<absl::CivilDay> start_date;
  std::optional<absl::CivilDay> end_date;
  std::vector<GuidancePart> parts;
  GuidanceParticipation participation = GuidanceParticipation::kOffered;
  std::string recorded_by;  // the consultant (caller subject)
};

// Ontzorgen (Participatiewet art. 56a; MvT par. 2.5.2): the municipality pays fixed costs from the
// benefit of an asylum status holder, at least the first 6 months.
enum class FixedCost { kRent, kEnergy, kWater, kHealthInsurance, kMunicipalTaxes, kOther };
template <>
struct EnumNames<FixedCost> {
  static constexpr EnumEntry<FixedCost> kEntries[] = {
      {FixedCost::kRent, "RENT"},
      {FixedCost::kEnergy, "ENERGY"},
      {FixedCost::kWater, "WATER"},
      {FixedCost::kHealthInsurance, "HEALTH_INSURANCE"},
      {FixedCost::kMunicipalTaxes, "MUNICIPAL_TAXES"},
      {FixedCost::kOther, "OTHER"}};
};
// Why unburdening ended: after its period, or earlier because the benefit it is paid from ended.
enum class UnburdeningEnd { kPeriodEnded, kOffBenefit, kMovedAway };
template <>
struct EnumNames<UnburdeningEnd> {
  static constexpr EnumEntry<UnburdeningEnd> kEntries[] = {
      {UnburdeningEnd::kPeriodEnded, "PERIOD_ENDED"},
      {UnburdeningEnd::kOffBenefit, "OFF_BENEFIT"},
      {UnburdeningEnd::kMovedAway, "MOVED_AWAY"}};
};
struct Unburdening {
  absl::CivilDay start_date;
  std::optional<absl::CivilDay> end_date;
  UnburdeningEnd end_reason = UnburdeningEnd::kPeriodEnded;
  std::vector<FixedCost> costs;
  std::string decision_reference;  // the Participatiewet decision
  std::string recorded_by;
};

// An objection (bezwaar, Awb ch. 6-7) or appeal (beroep, Awb ch. 8) against a plan version, which
// is a decision (beschikking), and its outcome.
enum class ObjectionStage { kObjection, kAppeal };
template <>
struct EnumNames<ObjectionStage> {
  static constexpr EnumEntry<ObjectionStage> kEntries[] = {
      {ObjectionStage::kObjection, "OBJECTION"}, {ObjectionStage::kAppeal, "APPEAL"}};
};
enum class PlanObjectionOutcome { kPending, kPlanUpheld, kPlanAmended, kInadmissible };
template <>
struct EnumNames<PlanObjectionOutcome> {
  static constexpr EnumEntry<PlanObjectionOutcome> kEntries[] = {
      {PlanObjectionOutcome::kPending, "PENDING"},
      {PlanObjectionOutcome::kPlanUpheld, "PLAN_UPHELD"},
      {PlanObjectionOutcome::kPlanAmended, "PLAN_AMENDED"},
      {PlanObjectionOutcome::kInadmissible, "INADMISSIBLE"}};
};
struct PlanObjection {
  std::string id;
  ObjectionStage stage = ObjectionStage::kObjection;
  int plan_version = 1;  // the plan decision objected to
  absl::CivilDay filed_date;
  bool advisory_committee = false;  // Awb 7:13: heard by a committee (12 weeks to decide)
  PlanObjectionOutcome outcome = PlanObjectionOutcome::kPending;
  std::optional<absl::CivilDay> decision_date;
  int amended_plan_version = 0;  // kPlanAmended: the version the decision established
  std::string reasons;           // the decision's reasons
};

// The decision that the Z-route is completed (or not), after the final interview at the
// municipality (Divosa Q&A leerroutes).
struct ZRouteDecision {
  std::string id;
  absl::CivilDay date;
  std::string final_interview_id;  // the FINAL_INTERVIEW appointment, attended
  bool completed = false;
  std::string reasons;
  std::string decided_by;
};

// The municipality tells DUO that someone will not make it in time or that the route does not
// suit (the seed's council answer); DUO decides its own fines after the term.
enum class NonCompletionKind { kWillNotFinishInTime, kRouteNotSuitable };
template <>
struct EnumNames<NonCompletionKind> {
  static constexpr EnumEntry<NonCompletionKind> kEntries[] = {
      {NonCompletionKind::kWillNotFinishInTime, "WILL_NOT_FINISH_IN_TIME"},
      {NonCompletionKind::kRouteNotSuitable, "ROUTE_NOT_SUITABLE"}};
};
struct NonCompletionNotice {
  std::string id;
  NonCompletionKind kind = NonCompletionKind::kWillNotFinishInTime;
  absl::CivilDay date;
  std::string reasons;
  std::string reported_by;
};

// Information from a third party (a doctor, a school, COA) the plan needs (Besluit art. 5.3,
// secondary): the plan may follow at the latest 2 weeks after it arrives.
struct InformationRequest {
  std::string id;
  std::string source;  // whom it was asked of (no health detail)
  absl::CivilDay requested_date;
  std::optional<absl::CivilDay> received_date;
};

struct Closure {
  ClosureReason reason = ClosureReason::kFulfilled;
  absl::CivilDay date;
};

struct Trajectory {
  std::string municipality;
  std::string client_id;
  std::string id;
  std::optional<Intake> intake;
  std::optional<LearnabilityTest> learnability_test;
  std::optional<LearnabilityTestExemption> learnability_test_exemption;
  std::vector<PlanVersion> plans;  // oldest first; back() is the current plan
  std::vector<Enrollment> enrollments;
  std::vector<AttendanceRecord> attendance;
  std::vector<ExamResult> exams;
  std::vector<ComponentResult> components;
  std::vector<ProgressReview> reviews;
  std::vector<Appointment> appointments;
  std::vector<Extension> extensions;
  std::vector<Exemption> exemptions;
  std::vector<Warning> warnings;
  std::vector<Fine> fines;
  std::vector<ProgrammeLateStatement> late_statements;
  std::vector<ParticipationOutcome> participation_outcomes;
  std::vector<BlameworthinessFinding> findings;
  std::optional<SocialGuidance> social_guidance;
  std::optional<Unburdening> unburdening;
  std::vector<PlanObjection> plan_objections;
  std::vector<ZRouteDecision> z_route_decisions;
  std::vector<NonCompletionNotice> non_completion_notices;
  std::vector<InformationRequest> information_requests;
  std::vector<ProviderProgress> provider_progress;
  std::optional<MoveIn> moved_in;
  std::optional<Closure> closure;
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 0;

  const PlanVersion* current_plan() const { return plans.empty() ? nullptr : &plans.back(); }
  bool closed() const { return closure.has_value(); }
};

}  // namespace inburgering::domain
