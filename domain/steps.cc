#include "domain/steps.h"

#include <utility>

#include "domain/enforcement_rules.h"
#include "domain/trajectory_rules.h"

namespace inburgering::domain {
namespace {

void NotAfter(absl::CivilDay day, absl::CivilDay today, absl::string_view field, Violations& v) {
  v.Check(day <= today, field, "must not be in the future");
}

}  // namespace

namespace steps {

void RecordIntake::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(intake.date, today, "intake.date", v);
}
absl::Status RecordIntake::Apply(Trajectory& t, const StepContext&) && {
  return domain::RecordIntake(t, std::move(intake));
}

void RecordLearnabilityTest::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(test.date, today, "learnability_test.date", v);
}
absl::Status RecordLearnabilityTest::Apply(Trajectory& t, const StepContext&) && {
  return domain::RecordLearnabilityTest(t, test);
}

void ExemptFromLearnabilityTest::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(exemption.date, today, "exemption.date", v);
}
absl::Status ExemptFromLearnabilityTest::Apply(Trajectory& t, const StepContext&) && {
  return domain::ExemptFromLearnabilityTest(t, exemption);
}

void EstablishPlan::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(plan.decision_date, today, "plan.decision_date", v);
}
absl::Status EstablishPlan::Apply(Trajectory& t, const StepContext& c) && {
  return domain::EstablishPlan(t, c.client, std::move(plan), c.policy);
}

void AmendPlan::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(amendment.decision_date, today, "amendment.decision_date", v);
}
absl::Status AmendPlan::Apply(Trajectory& t, const StepContext& c) && {
  return domain::AmendPlan(t, c.client, std::move(amendment), c.policy);
}

void RecordEnrollment::CheckDates(absl::CivilDay today, Violations& v) const {
  if (enrollment.start_date) NotAfter(*enrollment.start_date, today, "enrollment.start_date", v);
}
absl::Status RecordEnrollment::Apply(Trajectory& t, const StepContext& c) && {
  enrollment.id = c.ids.NewId();
  return domain::RecordEnrollment(t, std::move(enrollment));
}

void RecordAttendance::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(attendance.period_start, today, "attendance.period_start", v);
  NotAfter(attendance.period_end, today, "attendance.period_end", v);
}
absl::Status RecordAttendance::Apply(Trajectory& t, const StepContext& c) && {
  attendance.id = c.ids.NewId();
  return domain::RecordAttendance(t, std::move(attendance));
}

void RecordExamResult::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(result.date, today, "exam_result.date", v);
}
absl::Status RecordExamResult::Apply(Trajectory& t, const StepContext& c) && {
  result.id = c.ids.NewId();
  return domain::RecordExamResult(t, std::move(result));
}

void RecordComponentResult::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(result.date, today, "component_result.date", v);
}
absl::Status RecordComponentResult::Apply(Trajectory& t, const StepContext& c) && {
  result.id = c.ids.NewId();
  return domain::RecordComponentResult(t, std::move(result));
}

void RecordProgressReview::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(review.date, today, "progress_review.date", v);
}
absl::Status RecordProgressReview::Apply(Trajectory& t, const StepContext& c) && {
  review.id = c.ids.NewId();
  return domain::RecordProgressReview(t, std::move(review));
}

absl::Status ScheduleAppointment::Apply(Trajectory& t, const StepContext& c) && {
  appointment.id = c.ids.NewId();
  return domain::ScheduleAppointment(t, std::move(appointment));
}

absl::Status RecordAppointmentOutcome::Apply(Trajectory& t, const StepContext&) && {
  return domain::RecordAppointmentOutcome(t, appointment_id, outcome);
}

void RecordExtension::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(extension.decision_date, today, "extension.decision_date", v);
}
absl::Status RecordExtension::Apply(Trajectory& t, const StepContext& c) && {
  extension.id = c.ids.NewId();
  return domain::RecordExtension(t, std::move(extension));
}

void RecordExemption::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(exemption.decision_date, today, "exemption.decision_date", v);
}
absl::Status RecordExemption::Apply(Trajectory& t, const StepContext& c) && {
  exemption.id = c.ids.NewId();
  return domain::RecordExemption(t, std::move(exemption));
}

void CloseTrajectory::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(closure.date, today, "closure.date", v);
}
absl::Status CloseTrajectory::Apply(Trajectory& t, const StepContext&) && {
  return domain::CloseTrajectory(t, closure);
}

void RecordParticipationOutcome::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(outcome.date, today, "outcome.date", v);
}
absl::Status RecordParticipationOutcome::Apply(Trajectory& t, const StepContext& c) && {
  outcome.id = c.ids.NewId();
  return domain::RecordParticipationOutcome(t, std::move(outcome));
}

void RecordWarning::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(warning.date, today, "warning.date", v);
}
absl::Status RecordWarning::Apply(Trajectory& t, const StepContext& c) && {
  warning.id = c.ids.NewId();
  warning.issued_by = c.actor;
  return domain::RecordWarning(t, std::move(warning));
}

void RecordFineIntention::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(fine.offence_date, today, "fine.offence_date", v);
  NotAfter(fine.intention_date, today, "fine.intention_date", v);
}
absl::Status RecordFineIntention::Apply(Trajectory& t, const StepContext& c) && {
  fine.id = c.ids.NewId();
  fine.intended_by = c.actor;
  return domain::RecordFineIntention(t, c.client, std::move(fine), c.policy);
}

void RecordFineView::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(view.date, today, "view.date", v);
}
absl::Status RecordFineView::Apply(Trajectory& t, const StepContext& c) && {
  view.recorded_by = c.actor;
  return domain::RecordFineView(t, fine_id, std::move(view));
}

void DecideFine::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(decision.date, today, "decision.date", v);
}
absl::Status DecideFine::Apply(Trajectory& t, const StepContext& c) && {
  decision.decided_by = c.actor;
  return domain::DecideFine(t, c.client, fine_id, std::move(decision), c.policy);
}

void RecordFineObjection::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(filed_date, today, "filed_date", v);
}
absl::Status RecordFineObjection::Apply(Trajectory& t, const StepContext&) && {
  return domain::RecordFineObjection(t, fine_id, filed_date);
}

void DecideFineObjection::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(date, today, "date", v);
}
absl::Status DecideFineObjection::Apply(Trajectory& t, const StepContext&) && {
  return domain::DecideFineObjection(t, fine_id, outcome, date, amount_cents);
}

void RecordBlameworthinessFinding::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(finding.date, today, "finding.date", v);
}
absl::Status RecordBlameworthinessFinding::Apply(Trajectory& t, const StepContext& c) && {
  finding.id = c.ids.NewId();
  finding.found_by = c.actor;
  return domain::RecordBlameworthinessFinding(t, std::move(finding));
}

void IssueProgrammeLateStatement::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(statement.issue_date, today, "issue_date", v);
}
absl::Status IssueProgrammeLateStatement::Apply(Trajectory& t, const StepContext& c) && {
  statement.id = c.ids.NewId();
  statement.issued_by = c.actor;
  return domain::IssueProgrammeLateStatement(t, c.client, std::move(statement));
}

void RecordSocialGuidance::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(guidance.offered_date, today, "guidance.offered_date", v);
  if (guidance.start_date) NotAfter(*guidance.start_date, today, "guidance.start_date", v);
}
absl::Status RecordSocialGuidance::Apply(Trajectory& t, const StepContext& c) && {
  guidance.recorded_by = c.actor;
  return domain::RecordSocialGuidance(t, c.client, std::move(guidance));
}

void RecordUnburdening::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(unburdening.start_date, today, "unburdening.start_date", v);
}
absl::Status RecordUnburdening::Apply(Trajectory& t, const StepContext& c) && {
  unburdening.recorded_by = c.actor;
  return domain::RecordUnburdening(t, c.client, std::move(unburdening));
}

void LodgePlanObjection::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(objection.filed_date, today, "objection.filed_date", v);
}
absl::Status LodgePlanObjection::Apply(Trajectory& t, const StepContext& c) && {
  objection.id = c.ids.NewId();
  return domain::LodgePlanObjection(t, std::move(objection));
}

void DecidePlanObjection::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(date, today, "date", v);
}
absl::Status DecidePlanObjection::Apply(Trajectory& t, const StepContext& c) && {
  return domain::DecidePlanObjection(t, c.client, objection_id, outcome, date, std::move(reasons),
                                     std::move(amended_plan), c.policy);
}

void DecideZRouteCompletion::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(decision.date, today, "decision.date", v);
}
absl::Status DecideZRouteCompletion::Apply(Trajectory& t, const StepContext& c) && {
  decision.id = c.ids.NewId();
  decision.decided_by = c.actor;
  return domain::DecideZRouteCompletion(t, std::move(decision));
}

void ReportExpectedNonCompletion::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(notice.date, today, "notice.date", v);
}
absl::Status ReportExpectedNonCompletion::Apply(Trajectory& t, const StepContext& c) && {
  notice.id = c.ids.NewId();
  notice.reported_by = c.actor;
  return domain::ReportExpectedNonCompletion(t, std::move(notice));
}

void RequestPlanInformation::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(request.requested_date, today, "information.requested_date", v);
}
absl::Status RequestPlanInformation::Apply(Trajectory& t, const StepContext& c) && {
  request.id = c.ids.NewId();
  return domain::RequestPlanInformation(t, std::move(request));
}

void ReceivePlanInformation::CheckDates(absl::CivilDay today, Violations& v) const {
  NotAfter(received_date, today, "received_date", v);
}
absl::Status ReceivePlanInformation::Apply(Trajectory& t, const StepContext&) && {
  return domain::ReceivePlanInformation(t, information_id, received_date);
}

}  // namespace steps

const char* OperationOf(const Step& step) {
  return std::visit([](const auto& s) { return std::decay_t<decltype(s)>::kOperation; }, step);
}

void CheckDates(const Step& step, absl::CivilDay today, Violations& violations) {
  std::visit([&](const auto& s) { s.CheckDates(today, violations); }, step);
}

absl::Status ApplyStep(Step step, Trajectory& trajectory, const StepContext& context) {
  return std::visit([&](auto& s) { return std::move(s).Apply(trajectory, context); }, step);
}

}  // namespace inburgering::domain
