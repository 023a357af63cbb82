#pragma once

// The legal clocks and conditions of the Wet inburgering 2021, one function each, named after the
// rule, with its source. Facts: ../shared/spec/domain.md. Tests: tests/domain/rules_test.cc.

#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "domain/client.h"
#include "domain/enum_names.h"
#include "domain/policy.h"
#include "domain/trajectory.h"

namespace inburgering::domain {

// Reasons of the FAILED_PRECONDITION answers that cite a rule (see error_reason.proto).
namespace reason {
inline constexpr absl::string_view kTrajectoryClosed = "TRAJECTORY_CLOSED";
inline constexpr absl::string_view kPlanBeforeIntake = "PLAN_BEFORE_INTAKE";
inline constexpr absl::string_view kPlanAlreadyEstablished = "PLAN_ALREADY_ESTABLISHED";
inline constexpr absl::string_view kNoPlanYet = "NO_PLAN_YET";
inline constexpr absl::string_view kRouteSwitchAfter18Months = "ROUTE_SWITCH_AFTER_18_MONTHS";
inline constexpr absl::string_view kRouteUnchanged = "ROUTE_UNCHANGED";
inline constexpr absl::string_view kLoweringNeedsB1Route = "LOWERING_NEEDS_B1_ROUTE";
inline constexpr absl::string_view kLoweringNeeds600Hours = "LOWERING_NEEDS_600_HOURS";
inline constexpr absl::string_view kNoShowLadderNotCompleted = "NO_SHOW_LADDER_NOT_COMPLETED";
inline constexpr absl::string_view kComponentCompleted = "COMPONENT_COMPLETED";
inline constexpr absl::string_view kPvtHours = "PVT_HOURS";
inline constexpr absl::string_view kNoMapInEducationRoute = "NO_MAP_IN_EDUCATION_ROUTE";
inline constexpr absl::string_view kZRouteHours = "Z_ROUTE_HOURS";
inline constexpr absl::string_view kMoveKeepsRoute = "MOVE_KEEPS_ROUTE";
inline constexpr absl::string_view kAmendmentBeforeCurrentPlan = "AMENDMENT_BEFORE_CURRENT_PLAN";
inline constexpr absl::string_view kLearnabilityTestSettled = "LEARNABILITY_TEST_SETTLED";
inline constexpr absl::string_view kTrajectoryAlreadyOpen = "TRAJECTORY_ALREADY_OPEN";
inline constexpr absl::string_view kConsultantInactive = "CONSULTANT_INACTIVE";
inline constexpr absl::string_view kOutcomeAlreadyRecorded = "OUTCOME_ALREADY_RECORDED";
inline constexpr absl::string_view kProgrammeNotLate = "PROGRAMME_NOT_LATE";
inline constexpr absl::string_view kProgrammeClockNotApplicable = "PROGRAMME_CLOCK_NOT_APPLICABLE";
inline constexpr absl::string_view kLoweringNeedsEffortFinding = "LOWERING_NEEDS_EFFORT_FINDING";
inline constexpr absl::string_view kNotAnAsylumStatusHolder = "NOT_AN_ASYLUM_STATUS_HOLDER";
inline constexpr absl::string_view kUnburdeningUnderSixMonths = "UNBURDENING_UNDER_SIX_MONTHS";
inline constexpr absl::string_view kObjectionPending = "OBJECTION_PENDING";
inline constexpr absl::string_view kAppealBeforeObjectionDecided =
    "APPEAL_BEFORE_OBJECTION_DECIDED";
inline constexpr absl::string_view kObjectionDecided = "OBJECTION_DECIDED";
inline constexpr absl::string_view kNotOnZRoute = "NOT_ON_Z_ROUTE";
inline constexpr absl::string_view kFinalInterviewNotHeld = "FINAL_INTERVIEW_NOT_HELD";
inline constexpr absl::string_view kZRouteNotCompleted = "Z_ROUTE_NOT_COMPLETED";
inline constexpr absl::string_view kNotUnderWi2021 = "NOT_UNDER_WI2021";
inline constexpr absl::string_view kInformationReceived = "INFORMATION_RECEIVED";
}  // namespace reason

// Art. 11 lid 1: the integration term starts the day after the date (dagtekening) of the FIRST
// plan; later amendments, replacements and objections do not move it.
absl::CivilDay IntegrationTermStart(absl::CivilDay first_plan_decision_date);

// The first plan anywhere: this trajectory's first plan, or, after a move, the old municipality's
// (MoveIn); nullopt before either.
struct FirstPlan {
  absl::CivilDay decision_date;
  Route route = Route::kB1;
};
std::optional<FirstPlan> FirstPlanAnywhere(const Trajectory& trajectory);

// Art. 11 lid 3 (Schulinck "PIP aanpassen"): moving keeps the term and the route. The term starts
// the day after the first plan anywhere, so a new plan after a move does not restart it, and the
// 18-month switch window counts from that start. nullopt before any plan.
std::optional<absl::CivilDay> TermStartAfterMoves(const Trajectory& trajectory);
// ... and the route: a plan of a trajectory continued after a move keeps the route chosen before.
bool MoveKeepsRoute(const Trajectory& trajectory, const PlanVersion& plan);

// Art. 11 lid 1 and art. 12: the term is 3 years; a term starting on day D ends at the end of
// D + 3 years - 1 day (the ordinary reckoning of a period: a term starting 2025-03-11 has
// 2028-03-10 as its last day), plus every extension DUO granted, in order: by its weeks, or to the
// new last day DUO gave. "Within the term" everywhere
// (deadlines, FULFILLED_WITHIN_TERM, indicators, CBS) means on or before this day.
// Source: domain.md "Corrections and duties, second pass", last day of the term.
absl::CivilDay IntegrationTermLastDay(absl::CivilDay term_start,
                                      const std::vector<Extension>& extensions);

// Besluit inburgering 2021 art. 5.3 (secondary source): the plan is due 70 days (10 weeks) after
// the obligation notice, or after the BRP registration when that is later. nullopt while neither
// is known.
std::optional<absl::CivilDay> PlanDueDate(const Client& client);

// Besluit art. 5.3 (secondary): where the plan needs information from third parties, it may follow
// at the latest 2 weeks after the information arrives. The plan's due date of `trajectory`: the
// later of PlanDueDate and 14 days after the last information received; nullopt while information
// asked for before the plan has not arrived (the clock waits), and outside the Wi2021.
std::optional<absl::CivilDay> PlanDueAfterInformation(const Client& client,
                                                      const Trajectory& trajectory);

// The programme-start clock, and with it the municipality's statement that the programme started
// late (an extension ground at DUO), applies to asylum status holders under the Wi2021 only: the
// municipality buys their programme; family and other migrants buy their own course. Source:
// Stimulansz "Verlenging van de inburgeringstermijn" (16-1-2024, secondary); domain.md, second
// pass.
bool ProgrammeStartClockApplies(const Client& client);

// The purchased programme must start within 3 months of the plan (6 for the onderwijsroute);
// later, the person may get an extension (domain.md, lifecycle 7).
absl::CivilDay ProgrammeStartDueDate(absl::CivilDay plan_decision_date, Route route);

// The first programme's start day (the earliest enrollment), if any.
std::optional<absl::CivilDay> FirstProgrammeStart(const Trajectory& trajectory);

// Lifecycle 7: the programme started late when it started after its due date, or had not started
// by `today` when that is after the due date. False before the first plan, and for a client the
// clock does not apply to (ProgrammeStartClockApplies).
bool ProgrammeStartedLate(const Trajectory& trajectory, const Client& client, absl::CivilDay today);

// Art. 7 (schakelen): a route may change until 18 months after the term started; onderwijsroute
// to B1-route may change at any time. The last day a switch is allowed:
absl::CivilDay RouteSwitchWindowLastDay(absl::CivilDay term_start);
bool RouteSwitchAllowed(absl::CivilDay term_start, absl::CivilDay decision_date, Route from,
                        Route to);

// Afschalen B1 -> A2 (Besluit art. 5.5, secondary): only on the B1-route, after at least
// `policy.lowering_to_a2_min_hours` (600) attended hours of Dutch-language course (LANGUAGE or
// LITERACY offers; KNM, MAP, PVT and participation hours do not count) at a provider with the
// Blik op Werk quality mark, and with the finding of demonstrable sufficient effort recorded on the
// amendment (LoweringNeedsEffortFinding).
double CertifiedAttendedHours(const Trajectory& trajectory);
bool CountsForLowering(const Enrollment& enrollment);
bool LoweringToA2Allowed(const Trajectory& trajectory, const Policy& policy);
bool LoweringNeedsEffortFinding(const PlanVersion& amendment);

// The Wi2021's clocks (plan, programme start, term), its DUO reports and its fines apply to people
// under the Wi2021 only. The Wi2013 group (obliged before 2022, under the old law until their term
// ends: Wi2021 transitional law) and volunteers may be guided on a trajectory without them; CBS's
// SWI covers the Wi2021 only (cbs.nl). Source: domain.md, second pass, "Wi2013 group".
bool Wi2021Applies(const Client& client);

// Maatschappelijke begeleiding (MvT par. 2.5.1) and ontzorgen (Participatiewet art. 56a, MvT par.
// 2.5.2) are municipal duties towards asylum status holders, not towards family or other migrants
// (who arrange their own affairs). Under either regime: the municipality still guides asylum
// status holders of the Wi2013 group.
bool AsylumStatusHolderDutyApplies(const Client& client);

// Ontzorgen runs at least the first 6 months (MvT par. 2.5.2; Divosa handreiking financieel
// ontzorgen): an unburdening that ended before start + 6 months is short, unless it ended because
// the benefit it is paid from ended (OFF_BENEFIT) or the person moved away. An open one is fine.
bool UnburdeningCoversSixMonths(const Unburdening& unburdening);

// Awb 6:7 and 7:10 lid 1: an objection is filed within 6 weeks of the decision; the decision on it
// follows within 6 weeks (12 where an advisory committee hears it, Awb 7:13) of the end of that
// period, counted from the filing where it came later (a late objection admitted, Awb 6:11).
// The decision's dagtekening stands for the day it was made known.
absl::CivilDay ObjectionDecisionDueDate(absl::CivilDay decision_date, absl::CivilDay filed_date,
                                        bool advisory_committee);

// The Z-route ends with a final interview at the municipality and a decision that it is completed
// (Divosa Q&A leerroutes): the FINAL_INTERVIEW appointment `appointment_id` was attended on or
// before `on`.
bool FinalInterviewHeld(const Trajectory& trajectory, const std::string& appointment_id,
                        absl::CivilDay on);
// ... and a Z-route trajectory is fulfilled only by the latest such decision saying completed.
bool ZRouteCompleted(const Trajectory& trajectory);

// The onderwijsroute's "up to 28" describes its target group (MvT; Divosa), not a legal bar: the
// Raad van State requires the college to examine the route for the person (ECLI:NL:RVS:2024:5413).
// True when `plan` puts a person above `policy.education_route_target_age` on its decision date on
// the onderwijsroute without recording why it suits them: an advisory on the case file, never a
// refusal. False when the policy's target age is 0 (advisory off).
bool EducationRouteAboveTargetAge(absl::CivilDay birth_date, const PlanVersion& plan,
                                  const Policy& policy);

// The no-show ladder of the broad intake has run (Divosa guidance: a written warning, then a fine
// of EUR 250, then another): a warning and two live fines on the intake ground.
bool NoShowLadderCompleted(const Trajectory& trajectory);

// Art. 14-15 and the no-show ladder: the first plan needs the complete broad intake, except where
// the person did not come after the whole ladder (AFTER_NO_SHOW_LADDER) or the intake could only
// be done on the information available (AVAILABLE_INFORMATION); either with its reason recorded.
// Source: domain.md, second pass, "PIP after no-shows".
bool PlanWithoutCompleteIntakeAllowed(const Trajectory& trajectory, IntakeBasis basis);

// Art. 7: the onderwijsroute has no MAP (labour-market module).
bool MapAllowedInRoute(Route route);

// Z-route (Besluit art. 3.14, secondary): 800 hours of course (Dutch and KNM) for every target
// group, and for asylum status holders 800 of participation as well.
bool ZRouteHoursSufficient(const Client& client, const PlanVersion& plan, const Policy& policy);

// The PVT (Besluit art. 3.1, secondary): at least 12 hours including the signing. A plan's
// `pvt_hours` of 0 means that minimum; 1 to 11 is too few.
inline constexpr int kPvtMinimumHours = 12;
bool PvtHoursSufficient(const PlanVersion& plan);

// Art. 14: the broad intake is complete with its three parts: the learnability test (or the
// municipal exemption from it), education and work history, and personal circumstances.
bool IntakeComplete(const Trajectory& trajectory);

Phase PhaseOf(const Trajectory& trajectory);

enum class DeadlineKind {
  kPlan,
  kProgrammeStart,
  kProgressReview,
  kTermEnd,
  kFineDecision,           // Awb 5:51: 13 weeks after the report
  kFineObjectionDecision,  // Awb 7:10
  kPlanObjectionDecision,  // Awb 7:10
};
template <>
struct EnumNames<DeadlineKind> {
  static constexpr EnumEntry<DeadlineKind> kEntries[] = {
      {DeadlineKind::kPlan, "PLAN"},
      {DeadlineKind::kProgrammeStart, "PROGRAMME_START"},
      {DeadlineKind::kProgressReview, "PROGRESS_REVIEW"},
      {DeadlineKind::kTermEnd, "TERM_END"},
      {DeadlineKind::kFineDecision, "FINE_DECISION"},
      {DeadlineKind::kFineObjectionDecision, "FINE_OBJECTION_DECISION"},
      {DeadlineKind::kPlanObjectionDecision, "PLAN_OBJECTION_DECISION"}};
};
enum class DeadlineState { kUpcoming, kDue, kOverdue, kMet, kLapsed };
template <>
struct EnumNames<DeadlineState> {
  static constexpr EnumEntry<DeadlineState> kEntries[] = {{DeadlineState::kUpcoming, "UPCOMING"},
                                                          {DeadlineState::kDue, "DUE"},
                                                          {DeadlineState::kOverdue, "OVERDUE"},
                                                          {DeadlineState::kMet, "MET"},
                                                          {DeadlineState::kLapsed, "LAPSED"}};
};

struct Deadline {
  DeadlineKind kind;
  absl::CivilDay due;
  DeadlineState state;
  std::optional<absl::CivilDay> met_on;
  std::string record_id;  // the fine or objection a decision clock belongs to
};

// Every clock of the trajectory as of `today`: met ones with the day they were met; open ones
// UPCOMING, DUE (within policy.deadline_warning_days) or OVERDUE; LAPSED once the trajectory
// closed without meeting them.
std::vector<Deadline> Deadlines(const Trajectory& trajectory, const Client& client,
                                const Policy& policy, absl::CivilDay today);

// The earliest due date among the open deadlines (for the work queue and the overdue filter).
std::optional<absl::CivilDay> NextOpenDeadline(const Trajectory& trajectory, const Client& client,
                                               const Policy& policy);

}  // namespace inburgering::domain
