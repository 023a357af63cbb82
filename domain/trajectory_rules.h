#pragma once

// The changes a consultant records on a trajectory, each applying the rules of rules.h and
// answering FAILED_PRECONDITION with the rule's reason when the law forbids it. Input has been
// validated field by field before (the server does that); these check the state and the law.
// None of them checks whether the trajectory is closed: the use case refuses every change to a
// closed trajectory first (RequireOpen).

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "domain/client.h"
#include "domain/policy.h"
#include "domain/trajectory.h"

namespace inburgering::domain {

// Nothing is recorded on a closed trajectory.
absl::Status RequireOpen(const Trajectory& trajectory);

absl::Status RecordIntake(Trajectory& trajectory, Intake intake);
absl::Status RecordLearnabilityTest(Trajectory& trajectory, LearnabilityTest test);
absl::Status ExemptFromLearnabilityTest(Trajectory& trajectory,
                                        LearnabilityTestExemption exemption);

// The first plan (art. 15): needs a complete intake; its decision date starts the term and never
// changes after.
absl::Status EstablishPlan(Trajectory& trajectory, const Client& client, PlanVersion plan,
                           const Policy& policy);

// A new version of the plan: a route switch, lowering B1 to A2, a move, or another change.
absl::Status AmendPlan(Trajectory& trajectory, const Client& client, PlanVersion amendment,
                       const Policy& policy);

absl::Status RecordEnrollment(Trajectory& trajectory, Enrollment enrollment);
absl::Status RecordAttendance(Trajectory& trajectory, AttendanceRecord record);
absl::Status RecordExamResult(Trajectory& trajectory, ExamResult result);
absl::Status RecordComponentResult(Trajectory& trajectory, ComponentResult result);
absl::Status RecordProgressReview(Trajectory& trajectory, ProgressReview review);
absl::Status ScheduleAppointment(Trajectory& trajectory, Appointment appointment);
absl::Status RecordAppointmentOutcome(Trajectory& trajectory, const std::string& appointment_id,
                                      AppointmentOutcome outcome);
absl::Status RecordExtension(Trajectory& trajectory, Extension extension);
absl::Status RecordExemption(Trajectory& trajectory, Exemption exemption);
absl::Status CloseTrajectory(Trajectory& trajectory, Closure closure);

// Participation 12, 24 or 36 months after the first plan: needs the plan, one per moment
// (OUTCOME_ALREADY_RECORDED).
absl::Status RecordParticipationOutcome(Trajectory& trajectory, ParticipationOutcome outcome);

// A finding whether not completing the PVT, the MAP or the learning route is blameworthy (what
// DUO's fines depend on; Wi2021 art. 31-35, GGM Inburgering): needs the plan (NO_PLAN_YET), the
// reasons, no MAP on the onderwijsroute (NO_MAP_IN_EDUCATION_ROUTE), and the component not
// completed (COMPONENT_COMPLETED). Later findings on a subject supersede earlier ones.
absl::Status RecordBlameworthinessFinding(Trajectory& trajectory, BlameworthinessFinding finding);

// The municipality's statement that the programme started late (lifecycle 7), as of
// `statement.issue_date`; PROGRAMME_NOT_LATE when it did not; PROGRAMME_CLOCK_NOT_APPLICABLE for a
// client who buys their own course (ProgrammeStartClockApplies). Fills in the dates it states.
absl::Status IssueProgrammeLateStatement(Trajectory& trajectory, const Client& client,
                                         ProgrammeLateStatement statement);

// Maatschappelijke begeleiding as it stands (replacing what was recorded before): for asylum
// status holders only (NOT_AN_ASYLUM_STATUS_HOLDER; AsylumStatusHolderDutyApplies).
absl::Status RecordSocialGuidance(Trajectory& trajectory, const Client& client,
                                  SocialGuidance guidance);

// Ontzorgen as it stands (replacing what was recorded before): for asylum status holders only
// (NOT_AN_ASYLUM_STATUS_HOLDER), at least 6 months unless the benefit ended
// (UNBURDENING_UNDER_SIX_MONTHS; UnburdeningCoversSixMonths).
absl::Status RecordUnburdening(Trajectory& trajectory, const Client& client,
                               Unburdening unburdening);

// An objection or appeal against a plan version (Awb ch. 6-8): the version exists
// (NO_PLAN_YET otherwise), filed on or after its decision date, no objection or appeal of the same
// stage against it still pending (OBJECTION_PENDING); an appeal follows the decided objection
// (APPEAL_BEFORE_OBJECTION_DECIDED, Awb 7:1).
absl::Status LodgePlanObjection(Trajectory& trajectory, PlanObjection objection);

// The decision on it: once (OBJECTION_DECIDED), not before its filing. PLAN_AMENDED establishes
// `amended` as the plan's next version (kind OBJECTION; the term start does not move, art. 11 lid
// 3) with the rules of AmendPlan; the other outcomes leave the plan as it is.
absl::Status DecidePlanObjection(Trajectory& trajectory, const Client& client,
                                 const std::string& objection_id, PlanObjectionOutcome outcome,
                                 absl::CivilDay date, std::string reasons,
                                 std::optional<PlanVersion> amended, const Policy& policy);

// The decision whether the Z-route is completed: on the Z-route (NOT_ON_Z_ROUTE), after the final
// interview was held (FINAL_INTERVIEW_NOT_HELD; FinalInterviewHeld). The latest decision counts.
absl::Status DecideZRouteCompletion(Trajectory& trajectory, ZRouteDecision decision);

// Information asked of a third party for the plan (Besluit art. 5.3): only before the first plan
// (PLAN_ALREADY_ESTABLISHED). Its arrival, once (INFORMATION_RECEIVED), not before it was asked
// for; the plan is then due at the latest 2 weeks after it (PlanDueAfterInformation).
absl::Status RequestPlanInformation(Trajectory& trajectory, InformationRequest request);
absl::Status ReceivePlanInformation(Trajectory& trajectory, const std::string& information_id,
                                    absl::CivilDay received_date);

// The municipality tells DUO that the person will not make it in time or that the route does not
// suit: needs the plan (NO_PLAN_YET).
absl::Status ReportExpectedNonCompletion(Trajectory& trajectory, NonCompletionNotice notice);

}  // namespace inburgering::domain
