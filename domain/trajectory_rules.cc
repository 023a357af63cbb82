#include "domain/trajectory_rules.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/rules.h"
#include "domain/status_macros.h"

namespace inburgering::domain {
namespace {

absl::Status NoPlanYet() {
  return RuleViolated(reason::kNoPlanYet, "there is no plan (PIP) yet: establish it first");
}

// A Z-route plan of an asylum status holder without hours gets the legal 800 + 800; one with
// fewer is refused.
// The plan's hours: the legal minimums where it gives none (Z-route hours, the PVT's 12), and a
// refusal where it gives too few.
absl::Status SettlePlanHours(PlanVersion& plan, const Client& client, const Policy& policy) {
  const bool holder = client.target_group == TargetGroup::kAsylumStatusHolder;
  if (plan.route == Route::kZ && plan.language_hours == 0 && plan.participation_hours == 0) {
    plan.language_hours = policy.z_route_language_hours;
    if (holder) plan.participation_hours = policy.z_route_participation_hours;
  }
  if (!ZRouteHoursSufficient(client, plan, policy)) {
    return RuleViolated(
        reason::kZRouteHours,
        holder ? absl::StrCat("the Z-route for asylum status holders carries ",
                              policy.z_route_language_hours, " course and ",
                              policy.z_route_participation_hours, " participation hours")
               : absl::StrCat("the Z-route carries at least ", policy.z_route_language_hours,
                              " course hours"));
  }
  if (!PvtHoursSufficient(plan)) {
    return RuleViolated(reason::kPvtHours,
                        absl::StrCat("the PVT takes at least ", kPvtMinimumHours,
                                     " hours including the signing (0: that minimum)"));
  }
  if (plan.pvt_hours == 0) plan.pvt_hours = kPvtMinimumHours;
  return absl::OkStatus();
}

}  // namespace

absl::Status RequireOpen(const Trajectory& trajectory) {
  if (!trajectory.closed()) return absl::OkStatus();
  return RuleViolated(reason::kTrajectoryClosed,
                      "the trajectory is closed: nothing more can be recorded on it");
}

absl::Status RecordIntake(Trajectory& trajectory, Intake intake) {
  trajectory.intake = std::move(intake);
  return absl::OkStatus();
}

absl::Status RecordLearnabilityTest(Trajectory& trajectory, LearnabilityTest test) {
  if (trajectory.learnability_test_exemption) {
    return RuleViolated(reason::kLearnabilityTestSettled,
                        "art. 14: the client was exempted from the learnability test");
  }
  trajectory.learnability_test = test;
  return absl::OkStatus();
}

absl::Status ExemptFromLearnabilityTest(Trajectory& trajectory,
                                        LearnabilityTestExemption exemption) {
  if (trajectory.learnability_test) {
    return RuleViolated(reason::kLearnabilityTestSettled,
                        "art. 14: the learnability test was already taken");
  }
  trajectory.learnability_test_exemption = exemption;
  return absl::OkStatus();
}

absl::Status EstablishPlan(Trajectory& trajectory, const Client& client, PlanVersion plan,
                           const Policy& policy) {
  if (!trajectory.plans.empty()) {
    return RuleViolated(reason::kPlanAlreadyEstablished,
                        "art. 11: the first plan's decision date is fixed; amend the plan instead");
  }
  if (!MoveKeepsRoute(trajectory, plan)) {
    return RuleViolated(reason::kMoveKeepsRoute,
                        "art. 11 lid 3: after a move the new plan keeps the route chosen before");
  }
  // After a move the broad intake was done before and handed over (MoveIn::handed_over).
  if (IntakeComplete(trajectory) || trajectory.moved_in) {
    if (plan.intake_basis != IntakeBasis::kCompleteIntake) {
      return InvalidArgument(
          {{"plan.intake_basis", "the broad intake is complete: the plan rests on it"}});
    }
  } else if (plan.intake_basis == IntakeBasis::kCompleteIntake) {
    return RuleViolated(reason::kPlanBeforeIntake,
                        "art. 14-15: no plan before the broad intake is complete (learnability "
                        "test or exemption, education and work history, personal circumstances), "
                        "unless it rests on the information available (intake_basis)");
  } else if (plan.intake_basis_reason.empty()) {
    return InvalidArgument({{"plan.intake_basis_reason",
                             "required: why the plan rests on the information available"}});
  } else if (!PlanWithoutCompleteIntakeAllowed(trajectory, plan.intake_basis)) {
    return RuleViolated(reason::kNoShowLadderNotCompleted,
                        "a plan after the no-show ladder needs the ladder run: a written warning "
                        "and two fines on the intake ground");
  }
  if (plan.map_hours > 0 && !MapAllowedInRoute(plan.route)) {
    return RuleViolated(reason::kNoMapInEducationRoute, "art. 7: the onderwijsroute has no MAP");
  }
  RETURN_IF_ERROR(SettlePlanHours(plan, client, policy));
  plan.version = 1;
  plan.kind = AmendmentKind::kInitial;
  trajectory.plans.push_back(std::move(plan));
  return absl::OkStatus();
}

absl::Status AmendPlan(Trajectory& trajectory, const Client& client, PlanVersion amendment,
                       const Policy& policy) {
  const PlanVersion* current = trajectory.current_plan();
  if (current == nullptr) return NoPlanYet();
  if (amendment.decision_date < current->decision_date) {
    return RuleViolated(reason::kAmendmentBeforeCurrentPlan,
                        "an amendment cannot be dated before the plan it amends");
  }
  const absl::CivilDay term_start = *TermStartAfterMoves(trajectory);
  switch (amendment.kind) {
    case AmendmentKind::kRouteSwitch:
      if (amendment.route == current->route) {
        return RuleViolated(reason::kRouteUnchanged, "a route switch must change the route");
      }
      if (!RouteSwitchAllowed(term_start, amendment.decision_date, current->route,
                              amendment.route)) {
        return RuleViolated(
            reason::kRouteSwitchAfter18Months,
            absl::StrCat("art. 7: the route may change only until ",
                         FormatDay(RouteSwitchWindowLastDay(term_start)),
                         " (18 months after the term started), except onderwijsroute to B1"));
      }
      break;
    case AmendmentKind::kLowerToA2:
      if (current->route != Route::kB1) {
        return RuleViolated(reason::kLoweringNeedsB1Route,
                            "only the B1-route can be lowered to A2");
      }
      if (!LoweringToA2Allowed(trajectory, policy)) {
        return RuleViolated(
            reason::kLoweringNeeds600Hours,
            absl::StrCat("lowering B1 to A2 needs ", policy.lowering_to_a2_min_hours,
                         " attended hours at a certified provider; recorded: ",
                         CertifiedAttendedHours(trajectory)));
      }
      if (LoweringNeedsEffortFinding(amendment)) {
        return RuleViolated(reason::kLoweringNeedsEffortFinding,
                            "lowering B1 to A2 needs the finding that the person made demonstrable "
                            "sufficient effort (effort_finding)");
      }
      amendment.route = Route::kB1;
      amendment.target_level = Level::kA2;
      break;
    case AmendmentKind::kMove:
      if (amendment.route != current->route) {
        return RuleViolated(reason::kMoveKeepsRoute,
                            "art. 7: after a move the new municipality keeps the route");
      }
      break;
    case AmendmentKind::kObjection:  // the decision on an objection may set any route
      break;
    case AmendmentKind::kOther:
      if (amendment.route != current->route) {
        return RuleViolated(reason::kRouteUnchanged,
                            "changing the route is a route switch (kind ROUTE_SWITCH)");
      }
      break;
    case AmendmentKind::kInitial:
      return RuleViolated(reason::kPlanAlreadyEstablished, "the initial plan exists already");
  }
  if (amendment.map_hours > 0 && !MapAllowedInRoute(amendment.route)) {
    return RuleViolated(reason::kNoMapInEducationRoute, "art. 7: the onderwijsroute has no MAP");
  }
  RETURN_IF_ERROR(SettlePlanHours(amendment, client, policy));
  amendment.version = current->version + 1;
  trajectory.plans.push_back(std::move(amendment));
  return absl::OkStatus();
}

absl::Status RecordEnrollment(Trajectory& trajectory, Enrollment enrollment) {
  if (trajectory.plans.empty()) return NoPlanYet();
  trajectory.enrollments.push_back(std::move(enrollment));
  return absl::OkStatus();
}

absl::Status RecordAttendance(Trajectory& trajectory, AttendanceRecord record) {
  const bool known = std::any_of(trajectory.enrollments.begin(), trajectory.enrollments.end(),
                                 [&](const Enrollment& e) { return e.id == record.enrollment_id; });
  if (!known) {
    return InvalidArgument({{"attendance.enrollment_id", "no such enrollment in this trajectory"}});
  }
  trajectory.attendance.push_back(std::move(record));
  return absl::OkStatus();
}

absl::Status RecordExamResult(Trajectory& trajectory, ExamResult result) {
  trajectory.exams.push_back(std::move(result));
  return absl::OkStatus();
}

absl::Status RecordComponentResult(Trajectory& trajectory, ComponentResult result) {
  const PlanVersion* plan = trajectory.current_plan();
  if (plan == nullptr) return NoPlanYet();
  if (result.component == Component::kMap && !MapAllowedInRoute(plan->route)) {
    return RuleViolated(reason::kNoMapInEducationRoute, "art. 7: the onderwijsroute has no MAP");
  }
  trajectory.components.push_back(std::move(result));
  return absl::OkStatus();
}

absl::Status RecordProgressReview(Trajectory& trajectory, ProgressReview review) {
  if (trajectory.plans.empty()) return NoPlanYet();
  trajectory.reviews.push_back(std::move(review));
  return absl::OkStatus();
}

absl::Status ScheduleAppointment(Trajectory& trajectory, Appointment appointment) {
  appointment.outcome = AppointmentOutcome::kPending;
  trajectory.appointments.push_back(std::move(appointment));
  return absl::OkStatus();
}

absl::Status RecordAppointmentOutcome(Trajectory& trajectory, const std::string& appointment_id,
                                      AppointmentOutcome outcome) {
  for (Appointment& a : trajectory.appointments) {
    if (a.id != appointment_id) continue;
    if (a.outcome != AppointmentOutcome::kPending) {
      return RuleViolated(reason::kOutcomeAlreadyRecorded,
                          "the appointment's outcome was recorded already");
    }
    a.outcome = outcome;
    return absl::OkStatus();
  }
  return InvalidArgument({{"appointment_id", "no such appointment in this trajectory"}});
}

absl::Status RecordExtension(Trajectory& trajectory, Extension extension) {
  const std::optional<absl::CivilDay> term_start = TermStartAfterMoves(trajectory);
  if (!term_start) {
    return RuleViolated(reason::kNoPlanYet, "art. 12: there is no term to extend before the plan");
  }
  if (extension.new_term_last_day &&
      *extension.new_term_last_day <= IntegrationTermLastDay(*term_start, trajectory.extensions)) {
    return InvalidArgument(
        {{"extension.new_term_last_day", "must be after the term's current last day"}});
  }
  trajectory.extensions.push_back(std::move(extension));
  return absl::OkStatus();
}

absl::Status RecordExemption(Trajectory& trajectory, Exemption exemption) {
  trajectory.exemptions.push_back(std::move(exemption));
  return absl::OkStatus();
}

absl::Status CloseTrajectory(Trajectory& trajectory, Closure closure) {
  const PlanVersion* plan = trajectory.current_plan();
  if (closure.reason == ClosureReason::kFulfilled && plan != nullptr && plan->route == Route::kZ &&
      !ZRouteCompleted(trajectory)) {
    return RuleViolated(reason::kZRouteNotCompleted,
                        "the Z-route is fulfilled by the decision that it is completed, after the "
                        "final interview (DecideZRouteCompletion)");
  }
  trajectory.closure = closure;
  return absl::OkStatus();
}

absl::Status RecordParticipationOutcome(Trajectory& trajectory, ParticipationOutcome outcome) {
  if (trajectory.plans.empty()) return NoPlanYet();
  for (const ParticipationOutcome& o : trajectory.participation_outcomes) {
    if (o.months == outcome.months) {
      return RuleViolated(reason::kOutcomeAlreadyRecorded,
                          "the participation at this moment was recorded already");
    }
  }
  trajectory.participation_outcomes.push_back(std::move(outcome));
  return absl::OkStatus();
}

absl::Status RecordBlameworthinessFinding(Trajectory& trajectory, BlameworthinessFinding finding) {
  if (finding.reasons.empty()) {
    return InvalidArgument({{"finding.reasons", "required: why it is (not) blameworthy"}});
  }
  const PlanVersion* plan = trajectory.current_plan();
  if (plan == nullptr) return NoPlanYet();
  if (finding.subject == NonFulfilmentSubject::kMap && !MapAllowedInRoute(plan->route)) {
    return RuleViolated(reason::kNoMapInEducationRoute, "art. 7: the onderwijsroute has no MAP");
  }
  if (finding.subject != NonFulfilmentSubject::kLearningRoute) {
    const Component component =
        finding.subject == NonFulfilmentSubject::kPvt ? Component::kPvt : Component::kMap;
    for (const ComponentResult& r : trajectory.components) {
      if (r.component == component && r.completed) {
        return RuleViolated(reason::kComponentCompleted,
                            "the component was completed: there is no non-fulfilment");
      }
    }
  }
  trajectory.findings.push_back(std::move(finding));
  return absl::OkStatus();
}

absl::Status IssueProgrammeLateStatement(Trajectory& trajectory, const Client& client,
                                         ProgrammeLateStatement statement) {
  if (!ProgrammeStartClockApplies(client)) {
    return RuleViolated(reason::kProgrammeClockNotApplicable,
                        "the programme-start clock applies to asylum status holders only; family "
                        "and other migrants buy their own course");
  }
  if (trajectory.plans.empty()) return NoPlanYet();
  if (!ProgrammeStartedLate(trajectory, client, statement.issue_date)) {
    return RuleViolated(reason::kProgrammeNotLate,
                        "the programme started, or can still start, within 3 months of the plan "
                        "(6 for the onderwijsroute)");
  }
  const PlanVersion& first_plan = trajectory.plans.front();
  statement.plan_date = first_plan.decision_date;
  statement.start_due = ProgrammeStartDueDate(first_plan.decision_date, first_plan.route);
  statement.programme_start = FirstProgrammeStart(trajectory);
  trajectory.late_statements.push_back(std::move(statement));
  return absl::OkStatus();
}

absl::Status RecordSocialGuidance(Trajectory& trajectory, const Client& client,
                                  SocialGuidance guidance) {
  if (!AsylumStatusHolderDutyApplies(client)) {
    return RuleViolated(reason::kNotAnAsylumStatusHolder,
                        "maatschappelijke begeleiding is a duty towards asylum status holders");
  }
  trajectory.social_guidance = std::move(guidance);
  return absl::OkStatus();
}

absl::Status RecordUnburdening(Trajectory& trajectory, const Client& client,
                               Unburdening unburdening) {
  if (!AsylumStatusHolderDutyApplies(client)) {
    return RuleViolated(reason::kNotAnAsylumStatusHolder,
                        "ontzorgen is a duty towards asylum status holders");
  }
  if (!UnburdeningCoversSixMonths(unburdening)) {
    return RuleViolated(reason::kUnburdeningUnderSixMonths,
                        absl::StrCat("ontzorgen runs at least 6 months: until ",
                                     FormatDay(AddMonths(unburdening.start_date, 6) - 1),
                                     " unless the benefit ended or the person moved away"));
  }
  trajectory.unburdening = std::move(unburdening);
  return absl::OkStatus();
}

absl::Status LodgePlanObjection(Trajectory& trajectory, PlanObjection objection) {
  const auto plan =
      std::find_if(trajectory.plans.begin(), trajectory.plans.end(),
                   [&](const PlanVersion& p) { return p.version == objection.plan_version; });
  if (plan == trajectory.plans.end()) {
    return InvalidArgument({{"objection.plan_version", "no such plan version in this trajectory"}});
  }
  if (objection.filed_date < plan->decision_date) {
    return InvalidArgument(
        {{"objection.filed_date", "must not be before the plan's decision date"}});
  }
  bool objection_decided = false;
  for (const PlanObjection& o : trajectory.plan_objections) {
    if (o.plan_version != objection.plan_version) continue;
    if (o.stage == objection.stage && o.outcome == PlanObjectionOutcome::kPending) {
      return RuleViolated(reason::kObjectionPending,
                          "an objection or appeal against this plan version is still pending");
    }
    if (o.stage == ObjectionStage::kObjection && o.outcome != PlanObjectionOutcome::kPending) {
      objection_decided = true;
    }
  }
  if (objection.stage == ObjectionStage::kAppeal && !objection_decided) {
    return RuleViolated(reason::kAppealBeforeObjectionDecided,
                        "Awb 7:1: appeal follows the decision on the objection");
  }
  objection.outcome = PlanObjectionOutcome::kPending;
  objection.decision_date.reset();
  objection.amended_plan_version = 0;
  trajectory.plan_objections.push_back(std::move(objection));
  return absl::OkStatus();
}

absl::Status DecidePlanObjection(Trajectory& trajectory, const Client& client,
                                 const std::string& objection_id, PlanObjectionOutcome outcome,
                                 absl::CivilDay date, std::string reasons,
                                 std::optional<PlanVersion> amended, const Policy& policy) {
  const auto it = std::find_if(trajectory.plan_objections.begin(), trajectory.plan_objections.end(),
                               [&](const PlanObjection& o) { return o.id == objection_id; });
  if (it == trajectory.plan_objections.end()) {
    return InvalidArgument({{"objection_id", "no such objection in this trajectory"}});
  }
  if (it->outcome != PlanObjectionOutcome::kPending) {
    return RuleViolated(reason::kObjectionDecided, "the objection was decided already");
  }
  if (date < it->filed_date) {
    return InvalidArgument({{"date", "must not be before the objection was filed"}});
  }
  if (outcome == PlanObjectionOutcome::kPlanAmended) {
    if (!amended) return InvalidArgument({{"amended_plan", "required for PLAN_AMENDED"}});
    amended->kind = AmendmentKind::kObjection;
    amended->decision_date = date;
    amended->amendment_reason = reasons;
    RETURN_IF_ERROR(AmendPlan(trajectory, client, std::move(*amended), policy));
    it->amended_plan_version = trajectory.plans.back().version;
  }
  it->outcome = outcome;
  it->decision_date = date;
  it->reasons = std::move(reasons);
  return absl::OkStatus();
}

absl::Status DecideZRouteCompletion(Trajectory& trajectory, ZRouteDecision decision) {
  const PlanVersion* plan = trajectory.current_plan();
  if (plan == nullptr) return NoPlanYet();
  if (plan->route != Route::kZ) {
    return RuleViolated(reason::kNotOnZRoute, "only a Z-route is decided completed");
  }
  if (!FinalInterviewHeld(trajectory, decision.final_interview_id, decision.date)) {
    return RuleViolated(reason::kFinalInterviewNotHeld,
                        "the Z-route's decision follows the final interview: an attended "
                        "FINAL_INTERVIEW appointment on or before the decision");
  }
  trajectory.z_route_decisions.push_back(std::move(decision));
  return absl::OkStatus();
}

absl::Status ReportExpectedNonCompletion(Trajectory& trajectory, NonCompletionNotice notice) {
  if (trajectory.plans.empty() && !trajectory.moved_in) return NoPlanYet();
  trajectory.non_completion_notices.push_back(std::move(notice));
  return absl::OkStatus();
}

absl::Status RequestPlanInformation(Trajectory& trajectory, InformationRequest request) {
  if (!trajectory.plans.empty()) {
    return RuleViolated(reason::kPlanAlreadyEstablished,
                        "information for the plan is asked before the plan is established");
  }
  request.received_date.reset();
  trajectory.information_requests.push_back(std::move(request));
  return absl::OkStatus();
}

absl::Status ReceivePlanInformation(Trajectory& trajectory, const std::string& information_id,
                                    absl::CivilDay received_date) {
  const auto it =
      std::find_if(trajectory.information_requests.begin(), trajectory.information_requests.end(),
                   [&](const InformationRequest& r) { return r.id == information_id; });
  if (it == trajectory.information_requests.end()) {
    return InvalidArgument({{"information_id", "no such information request in this trajectory"}});
  }
  if (it->received_date) {
    return RuleViolated(reason::kInformationReceived, "the information was received already");
  }
  if (received_date < it->requested_date) {
    return InvalidArgument({{"received_date", "must not be before it was requested"}});
  }
  it->received_date = received_date;
  return absl::OkStatus();
}

}  // namespace inburgering::domain
