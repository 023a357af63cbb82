#include "domain/rules.h"

#include <algorithm>

#include "domain/dates.h"
#include "domain/enforcement_rules.h"

namespace inburgering::domain {

absl::CivilDay IntegrationTermStart(absl::CivilDay first_plan_decision_date) {
  return first_plan_decision_date + 1;
}

std::optional<FirstPlan> FirstPlanAnywhere(const Trajectory& trajectory) {
  if (trajectory.moved_in) {
    return FirstPlan{trajectory.moved_in->first_plan_date, trajectory.moved_in->route};
  }
  if (trajectory.plans.empty()) return std::nullopt;
  return FirstPlan{trajectory.plans.front().decision_date, trajectory.plans.front().route};
}

std::optional<absl::CivilDay> TermStartAfterMoves(const Trajectory& trajectory) {
  const std::optional<FirstPlan> first = FirstPlanAnywhere(trajectory);
  if (!first) return std::nullopt;
  return IntegrationTermStart(first->decision_date);
}

bool MoveKeepsRoute(const Trajectory& trajectory, const PlanVersion& plan) {
  return !trajectory.moved_in || !trajectory.plans.empty() ||
         plan.route == trajectory.moved_in->route;
}

absl::CivilDay IntegrationTermLastDay(absl::CivilDay term_start,
                                      const std::vector<Extension>& extensions) {
  // The day before the same date three years on; a 29 February start runs to 1 March (CivilDay
  // normalizes 29 February of a common year to 1 March), so its last day is 28 February.
  absl::CivilDay last =
      absl::CivilDay(term_start.year() + 3, term_start.month(), term_start.day()) - 1;
  // DUO extends by a period or to a date; a date is kept as DUO gave it (duo.nl, inburgeren.nl).
  for (const Extension& e : extensions) {
    last = e.new_term_last_day ? *e.new_term_last_day : last + absl::civil_diff_t{7} * e.weeks;
  }
  return last;
}

std::optional<absl::CivilDay> PlanDueDate(const Client& client) {
  std::optional<absl::CivilDay> from =
      Later(client.obligation_notice_date, client.brp_registration_date);
  if (!from) return std::nullopt;
  return *from + 70;
}

std::optional<absl::CivilDay> PlanDueAfterInformation(const Client& client,
                                                      const Trajectory& trajectory) {
  if (!Wi2021Applies(client)) return std::nullopt;
  std::optional<absl::CivilDay> due = PlanDueDate(client);
  if (!due) return std::nullopt;
  for (const InformationRequest& r : trajectory.information_requests) {
    if (!r.received_date) return std::nullopt;
    due = std::max(*due, *r.received_date + 14);
  }
  return due;
}

absl::CivilDay ProgrammeStartDueDate(absl::CivilDay plan_decision_date, Route route) {
  return AddMonths(plan_decision_date, route == Route::kEducation ? 6 : 3);
}

absl::CivilDay RouteSwitchWindowLastDay(absl::CivilDay term_start) {
  return AddMonths(term_start, 18) - 1;
}

bool RouteSwitchAllowed(absl::CivilDay term_start, absl::CivilDay decision_date, Route from,
                        Route to) {
  if (from == Route::kEducation && to == Route::kB1) return true;
  return decision_date <= RouteSwitchWindowLastDay(term_start);
}

bool CountsForLowering(const Enrollment& enrollment) {
  return enrollment.quality_mark == QualityMark::kBlikOpWerk &&
         (enrollment.component == OfferComponent::kLanguage ||
          enrollment.component == OfferComponent::kLiteracy);
}

double CertifiedAttendedHours(const Trajectory& trajectory) {
  double hours = 0;
  for (const AttendanceRecord& a : trajectory.attendance) {
    for (const Enrollment& e : trajectory.enrollments) {
      if (e.id == a.enrollment_id && CountsForLowering(e)) hours += a.attended_hours;
    }
  }
  return hours;
}

bool LoweringNeedsEffortFinding(const PlanVersion& amendment) {
  return amendment.kind == AmendmentKind::kLowerToA2 && amendment.effort_finding.empty();
}

bool Wi2021Applies(const Client& client) { return client.regime == Regime::kWi2021; }

bool AsylumStatusHolderDutyApplies(const Client& client) {
  return client.target_group == TargetGroup::kAsylumStatusHolder;
}

bool UnburdeningCoversSixMonths(const Unburdening& u) {
  if (!u.end_date || u.end_reason != UnburdeningEnd::kPeriodEnded) return true;
  return *u.end_date >= AddMonths(u.start_date, 6) - 1;
}

absl::CivilDay ObjectionDecisionDueDate(absl::CivilDay decision_date, absl::CivilDay filed_date,
                                        bool advisory_committee) {
  constexpr absl::civil_diff_t kWeek = 7;
  const absl::CivilDay period_end = decision_date + 6 * kWeek;  // Awb 6:7
  return std::max(period_end, filed_date) + (advisory_committee ? 12 : 6) * kWeek;
}

bool FinalInterviewHeld(const Trajectory& trajectory, const std::string& appointment_id,
                        absl::CivilDay on) {
  for (const Appointment& a : trajectory.appointments) {
    if (a.id != appointment_id) continue;
    return a.kind == AppointmentKind::kFinalInterview &&
           a.outcome == AppointmentOutcome::kAttended &&
           absl::ToCivilDay(a.scheduled_at, absl::UTCTimeZone()) <= on;
  }
  return false;
}

bool ZRouteCompleted(const Trajectory& trajectory) {
  return !trajectory.z_route_decisions.empty() && trajectory.z_route_decisions.back().completed;
}

bool LoweringToA2Allowed(const Trajectory& trajectory, const Policy& policy) {
  const PlanVersion* plan = trajectory.current_plan();
  return plan != nullptr && plan->route == Route::kB1 &&
         CertifiedAttendedHours(trajectory) >= policy.lowering_to_a2_min_hours;
}

bool EducationRouteAboveTargetAge(absl::CivilDay birth_date, const PlanVersion& plan,
                                  const Policy& policy) {
  return policy.education_route_target_age > 0 && plan.route == Route::kEducation &&
         plan.education_route_age_reason.empty() &&
         AgeOn(birth_date, plan.decision_date) > policy.education_route_target_age;
}

bool NoShowLadderCompleted(const Trajectory& trajectory) {
  const bool warned =
      std::any_of(trajectory.warnings.begin(), trajectory.warnings.end(),
                  [](const Warning& w) { return w.ground == EnforcementGround::kIntakeNoShow; });
  const auto fines = std::count_if(
      trajectory.fines.begin(), trajectory.fines.end(),
      [](const Fine& f) { return f.ground == EnforcementGround::kIntakeNoShow && f.Live(); });
  return warned && fines >= 2;
}

bool PlanWithoutCompleteIntakeAllowed(const Trajectory& trajectory, IntakeBasis basis) {
  switch (basis) {
    case IntakeBasis::kCompleteIntake:
      return false;
    case IntakeBasis::kAfterNoShowLadder:
      return NoShowLadderCompleted(trajectory);
    case IntakeBasis::kAvailableInformation:
      return true;
  }
  return false;
}

bool MapAllowedInRoute(Route route) { return route != Route::kEducation; }

bool ZRouteHoursSufficient(const Client& client, const PlanVersion& plan, const Policy& policy) {
  if (plan.route != Route::kZ) return true;
  if (plan.language_hours < policy.z_route_language_hours) return false;
  return client.target_group != TargetGroup::kAsylumStatusHolder ||
         plan.participation_hours >= policy.z_route_participation_hours;
}

bool PvtHoursSufficient(const PlanVersion& plan) {
  return plan.pvt_hours == 0 || plan.pvt_hours >= kPvtMinimumHours;
}

bool IntakeComplete(const Trajectory& trajectory) {
  return trajectory.intake.has_value() && trajectory.intake->education_and_work_history &&
         trajectory.intake->personal_circumstances &&
         (trajectory.learnability_test.has_value() ||
          trajectory.learnability_test_exemption.has_value());
}

Phase PhaseOf(const Trajectory& trajectory) {
  if (trajectory.closed()) return Phase::kClosed;
  if (trajectory.plans.empty()) return Phase::kIntake;
  // A programme bought but not begun (its provider reports the first lesson) is still planned.
  if (!FirstProgrammeStart(trajectory)) return Phase::kPlanned;
  return Phase::kProgramme;
}

std::optional<absl::CivilDay> StartOf(const Enrollment& e) {
  return e.lessons_start ? e.lessons_start : e.start_date;
}

std::optional<absl::CivilDay> FirstProgrammeStart(const Trajectory& trajectory) {
  std::optional<absl::CivilDay> first;
  for (const Enrollment& e : trajectory.enrollments) {
    const std::optional<absl::CivilDay> start = StartOf(e);
    if (start && (!first || *start < *first)) first = start;
  }
  return first;
}

bool ProgrammeStartClockApplies(const Client& client) {
  return Wi2021Applies(client) && client.target_group == TargetGroup::kAsylumStatusHolder;
}

bool ProgrammeStartedLate(const Trajectory& trajectory, const Client& client,
                          absl::CivilDay today) {
  const std::optional<FirstPlan> first_plan = FirstPlanAnywhere(trajectory);
  if (!first_plan || !ProgrammeStartClockApplies(client)) return false;
  const absl::CivilDay due = ProgrammeStartDueDate(first_plan->decision_date, first_plan->route);
  const std::optional<absl::CivilDay> start = FirstProgrammeStart(trajectory);
  return start ? *start > due : today > due;
}

namespace {

DeadlineState OpenState(absl::CivilDay due, absl::CivilDay today, const Policy& policy) {
  if (today > due) return DeadlineState::kOverdue;
  if (due - today <= policy.deadline_warning_days) return DeadlineState::kDue;
  return DeadlineState::kUpcoming;
}

}  // namespace

std::vector<Deadline> Deadlines(const Trajectory& t, const Client& client, const Policy& policy,
                                absl::CivilDay today) {
  std::vector<Deadline> out;
  auto add = [&](DeadlineKind kind, absl::CivilDay due, std::optional<absl::CivilDay> met_on,
                 std::string record_id = "") {
    DeadlineState state = DeadlineState::kMet;
    if (!met_on) state = t.closed() ? DeadlineState::kLapsed : OpenState(due, today, policy);
    out.push_back({kind, due, state, met_on, std::move(record_id)});
  };
  auto awb_clocks = [&] {
    // After the legal clocks, the decision clocks of the Awb: a fine's decision (5:51) and the
    // decisions on objections against a fine or a plan (7:10).
    for (const Fine& f : t.fines) {
      if (const std::optional<absl::CivilDay> due = FineDecisionDueDate(f)) {
        add(DeadlineKind::kFineDecision, *due,
            f.decision ? std::optional<absl::CivilDay>(f.decision->date) : std::nullopt, f.id);
      }
      if (f.objection && f.decision) {
        add(DeadlineKind::kFineObjectionDecision,
            ObjectionDecisionDueDate(f.decision->date, f.objection->filed_date, false),
            f.objection->outcome_date, f.id);
      }
    }
    for (const PlanObjection& o : t.plan_objections) {
      if (o.stage != ObjectionStage::kObjection) continue;  // a court's term is not the college's
      for (const PlanVersion& p : t.plans) {
        if (p.version != o.plan_version) continue;
        add(DeadlineKind::kPlanObjectionDecision,
            ObjectionDecisionDueDate(p.decision_date, o.filed_date, o.advisory_committee),
            o.decision_date, o.id);
      }
    }
  };
  // After a move the first plan is the old municipality's (TermStartAfterMoves).
  const std::optional<FirstPlan> first_plan = FirstPlanAnywhere(t);
  const bool wi2021 = Wi2021Applies(client);
  if (std::optional<absl::CivilDay> plan_due = PlanDueAfterInformation(client, t)) {
    add(DeadlineKind::kPlan, *plan_due,
        first_plan ? std::optional<absl::CivilDay>(first_plan->decision_date) : std::nullopt);
  }
  if (!first_plan) {
    awb_clocks();
    return out;
  }
  if (ProgrammeStartClockApplies(client)) {
    add(DeadlineKind::kProgrammeStart,
        ProgrammeStartDueDate(first_plan->decision_date, first_plan->route),
        FirstProgrammeStart(t));
  }
  if (!t.closed() && t.current_plan() != nullptr) {
    absl::CivilDay last = t.current_plan()->decision_date;
    for (const ProgressReview& r : t.reviews) last = std::max(last, r.date);
    add(DeadlineKind::kProgressReview,
        last + absl::civil_diff_t{7} * policy.progress_review_interval_weeks, std::nullopt);
  }
  const absl::CivilDay term_last_day =
      IntegrationTermLastDay(*TermStartAfterMoves(t), t.extensions);
  std::optional<absl::CivilDay> fulfilled;
  if (t.closed() && (t.closure->reason == ClosureReason::kFulfilled ||
                     t.closure->reason == ClosureReason::kExemption)) {
    fulfilled = t.closure->date;
  }
  if (wi2021) add(DeadlineKind::kTermEnd, term_last_day, fulfilled);
  awb_clocks();
  return out;
}

std::optional<absl::CivilDay> NextOpenDeadline(const Trajectory& trajectory, const Client& client,
                                               const Policy& policy) {
  if (trajectory.closed()) return std::nullopt;
  std::optional<absl::CivilDay> next;
  // `today` only affects the states, not which deadlines are open.
  for (const Deadline& d : Deadlines(trajectory, client, policy, absl::CivilDay(1970, 1, 1))) {
    if (d.met_on) continue;
    if (!next || d.due < *next) next = d.due;
  }
  return next;
}

}  // namespace inburgering::domain
