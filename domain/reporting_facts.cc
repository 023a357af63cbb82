#include "domain/reporting_facts.h"

#include <algorithm>

#include "domain/dates.h"
#include "domain/provider.h"
#include "domain/rules.h"

namespace inburgering::domain {
namespace {

void Earliest(std::optional<absl::CivilDay>& slot, absl::CivilDay day) {
  if (!slot || day < *slot) slot = day;
}

}  // namespace

ReportingFacts FactsOf(const Trajectory& t, const Client& client, const Policy& policy) {
  ReportingFacts f;
  f.target_group = client.target_group;
  f.regime = client.regime;
  f.notice_date = client.obligation_notice_date;
  const bool wi2021 = Wi2021Applies(client);  // no plan deadline, no term outside the Wi2021
  f.plan_due = PlanDueAfterInformation(client, t);
  if (t.intake) f.intake_date = t.intake->date;
  if (const PlanVersion* plan = t.current_plan()) {
    f.plan_date = plan->decision_date;
    f.level = plan->target_level;
  }
  if (const std::optional<FirstPlan> first = FirstPlanAnywhere(t)) {  // the old one after a move
    if (ProgrammeStartClockApplies(client)) {
      f.programme_start_due = ProgrammeStartDueDate(first->decision_date, first->route);
    }
    const absl::CivilDay term_start = IntegrationTermStart(first->decision_date);
    if (wi2021) {
      f.term_last_day = IntegrationTermLastDay(term_start, t.extensions);
      f.extension_window = AddMonths(term_start, 30);
    }
  }
  for (const PlanVersion& p : t.plans) {
    if (p.kind == AmendmentKind::kRouteSwitch) ++f.route_switches;
    if (p.kind == AmendmentKind::kLowerToA2) f.lowered = true;
  }
  f.programme_start = FirstProgrammeStart(t);
  for (const Enrollment& e : t.enrollments) f.offer_cents += e.price_cents;
  // The provider of the first programme begun; before any began, of the first one bought.
  if (!t.enrollments.empty()) f.provider = t.enrollments.front().provider;
  for (const Enrollment& e : t.enrollments) {
    if (f.programme_start && StartOf(e) == f.programme_start) {
      f.provider = e.provider;
      break;
    }
  }
  for (const ComponentResult& c : t.components) {
    if (!c.completed) continue;
    if (c.component == Component::kKnm) Earliest(f.knm_date, c.date);
    if (c.component == Component::kPvt) Earliest(f.pvt_date, c.date);
    if (c.component == Component::kMap) Earliest(f.map_date, c.date);
  }
  for (const ExamResult& e : t.exams) {
    if (!e.passed) continue;
    if (e.skill == Skill::kKnm) {
      Earliest(f.knm_date, e.date);
    } else {
      Earliest(f.exam_passed[static_cast<size_t>(e.skill)], e.date);
    }
  }
  for (const AttendanceRecord& a : t.attendance) {
    f.attended_hours += a.attended_hours;
    f.excused_hours += a.excused_hours;
    f.unexcused_hours += a.unexcused_hours;
  }
  for (const Extension& x : t.extensions) {
    f.extension_weeks += x.weeks;
    f.last_extension_ground = x.ground;
    ++f.extensions_by_ground[static_cast<size_t>(x.ground)];
  }
  f.warnings = static_cast<int>(t.warnings.size());
  for (const BlameworthinessFinding& finding : t.findings) {  // oldest first: the latest counts
    const int bit = finding.subject == NonFulfilmentSubject::kPvt   ? kBlameworthyPvt
                    : finding.subject == NonFulfilmentSubject::kMap ? kBlameworthyMap
                                                                    : kBlameworthyLearningRoute;
    f.blameworthy = finding.blameworthy ? (f.blameworthy | bit) : (f.blameworthy & ~bit);
  }
  for (const Fine& fine : t.fines) {
    if (!fine.Standing()) continue;
    ++f.fines_imposed;
    f.fine_cents += fine.objection && fine.objection->outcome != ObjectionOutcome::kPending
                        ? fine.objection->amount_cents
                        : fine.decision->amount_cents;
  }
  for (const ParticipationOutcome& o : t.participation_outcomes) {
    const int slot = o.months == 12 ? 0 : o.months == 24 ? 1 : o.months == 36 ? 2 : -1;
    if (slot < 0) continue;
    f.outcomes[slot] = kOutcomeRecorded | (o.in_work ? kOutcomeInWork : 0) |
                       (o.in_education ? kOutcomeInEducation : 0) |
                       (o.off_benefits ? kOutcomeOffBenefits : 0);
  }
  if (!t.closed()) {
    for (const Deadline& d : Deadlines(t, client, policy, absl::CivilDay(1970, 1, 1))) {
      if (d.kind == DeadlineKind::kProgressReview) f.review_due = d.due;
    }
    f.absence_streak =
        UnexcusedAbsenceStreak(t, policy.AbsenceStreakPeriodsFor(client.municipality));
    f.dropout = DropoutToDiscuss(t);
  } else {
    f.closure_reason = t.closure->reason;
  }
  return f;
}

}  // namespace inburgering::domain
