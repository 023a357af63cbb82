#pragma once

// Every step a consultant (or the municipality) records on a trajectory, as a plain value: the
// server maps a request to one of these and hands it to TrajectoryUseCases::Record, which checks
// it against today, applies its rule inside one transaction and stamps ids, actor and time. A new
// step is one struct here (its payload, its dates, its rule) and one line in `Step`.
//
// Each step type has:
//   static constexpr const char* kOperation  the RPC that records it (audit, idempotency)
//   void CheckDates(absl::CivilDay today, Violations&) const   nothing dated after today
//   absl::Status Apply(Trajectory&, const StepContext&) &&     the rule of the law

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "domain/client.h"
#include "domain/ids.h"
#include "domain/policy.h"
#include "domain/trajectory.h"
#include "domain/validation.h"

namespace inburgering::domain {

// What a step's rule may use besides the trajectory: who records it, the client, the policy, and
// where new sub-record ids come from.
struct StepContext {
  const Client& client;
  const Policy& policy;
  IdGenerator& ids;
  const std::string& actor;  // the caller's subject
};

namespace steps {

struct RecordIntake {
  static constexpr const char* kOperation = "RecordIntake";
  Intake intake;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct RecordLearnabilityTest {
  static constexpr const char* kOperation = "RecordLearnabilityTest";
  LearnabilityTest test;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct ExemptFromLearnabilityTest {
  static constexpr const char* kOperation = "ExemptFromLearnabilityTest";
  LearnabilityTestExemption exemption;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct EstablishPlan {
  static constexpr const char* kOperation = "EstablishPlan";
  PlanVersion plan;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct AmendPlan {
  static constexpr const char* kOperation = "AmendPlan";
  PlanVersion amendment;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct RecordEnrollment {
  static constexpr const char* kOperation = "RecordEnrollment";
  Enrollment enrollment;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct RecordAttendance {
  static constexpr const char* kOperation = "RecordAttendance";
  AttendanceRecord attendance;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct RecordExamResult {
  static constexpr const char* kOperation = "RecordExamResult";
  ExamResult result;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct RecordComponentResult {
  static constexpr const char* kOperation = "RecordComponentResult";
  ComponentResult result;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct RecordProgressReview {
  static constexpr const char* kOperation = "RecordProgressReview";
  ProgressReview review;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct ScheduleAppointment {
  static constexpr const char* kOperation = "ScheduleAppointment";
  Appointment appointment;
  void CheckDates(absl::CivilDay, Violations&) const {}  // appointments lie ahead
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct RecordAppointmentOutcome {
  static constexpr const char* kOperation = "RecordAppointmentOutcome";
  std::string appointment_id;
  AppointmentOutcome outcome = AppointmentOutcome::kPending;
  void CheckDates(absl::CivilDay, Violations&) const {}
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct RecordExtension {
  static constexpr const char* kOperation = "RecordExtension";
  Extension extension;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct RecordExemption {
  static constexpr const char* kOperation = "RecordExemption";
  Exemption exemption;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct CloseTrajectory {
  static constexpr const char* kOperation = "CloseTrajectory";
  Closure closure;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct RecordParticipationOutcome {
  static constexpr const char* kOperation = "RecordParticipationOutcome";
  ParticipationOutcome outcome;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct RecordWarning {
  static constexpr const char* kOperation = "RecordWarning";
  Warning warning;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct RecordFineIntention {
  static constexpr const char* kOperation = "RecordFineIntention";
  Fine fine;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct RecordFineView {
  static constexpr const char* kOperation = "RecordFineView";
  std::string fine_id;
  FineView view;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct DecideFine {
  static constexpr const char* kOperation = "DecideFine";
  std::string fine_id;
  FineDecision decision;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct RecordFineObjection {
  static constexpr const char* kOperation = "RecordFineObjection";
  std::string fine_id;
  absl::CivilDay filed_date;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct DecideFineObjection {
  static constexpr const char* kOperation = "DecideFineObjection";
  std::string fine_id;
  ObjectionOutcome outcome = ObjectionOutcome::kPending;
  absl::CivilDay date;
  int64_t amount_cents = 0;  // the lowered fine, for REDUCED
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct RecordBlameworthinessFinding {
  static constexpr const char* kOperation = "RecordBlameworthinessFinding";
  BlameworthinessFinding finding;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct IssueProgrammeLateStatement {
  static constexpr const char* kOperation = "IssueProgrammeLateStatement";
  ProgrammeLateStatement statement;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct RecordSocialGuidance {
  static constexpr const char* kOperation = "RecordSocialGuidance";
  SocialGuidance guidance;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct RecordUnburdening {
  static constexpr const char* kOperation = "RecordUnburdening";
  Unburdening unburdening;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct LodgePlanObjection {
  static constexpr const char* kOperation = "LodgePlanObjection";
  PlanObjection objection;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct DecidePlanObjection {
  static constexpr const char* kOperation = "DecidePlanObjection";
  std::string objection_id;
  PlanObjectionOutcome outcome = PlanObjectionOutcome::kPending;
  absl::CivilDay date;
  std::string reasons;
  std::optional<PlanVersion> amended_plan;  // PLAN_AMENDED
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct DecideZRouteCompletion {
  static constexpr const char* kOperation = "DecideZRouteCompletion";
  ZRouteDecision decision;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct ReportExpectedNonCompletion {
  static constexpr const char* kOperation = "ReportExpectedNonCompletion";
  NonCompletionNotice notice;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct RequestPlanInformation {
  static constexpr const char* kOperation = "RequestPlanInformation";
  InformationRequest request;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

struct ReceivePlanInformation {
  static constexpr const char* kOperation = "ReceivePlanInformation";
  std::string information_id;
  absl::CivilDay received_date;
  void CheckDates(absl::CivilDay today, Violations& v) const;
  absl::Status Apply(Trajectory& t, const StepContext& c) &&;
};

}  // namespace steps

using Step = std::variant<
    steps::RecordIntake, steps::RecordLearnabilityTest, steps::ExemptFromLearnabilityTest,
    steps::EstablishPlan, steps::AmendPlan, steps::RecordEnrollment, steps::RecordAttendance,
    steps::RecordExamResult, steps::RecordComponentResult, steps::RecordProgressReview,
    steps::ScheduleAppointment, steps::RecordAppointmentOutcome, steps::RecordExtension,
    steps::RecordExemption, steps::CloseTrajectory, steps::RecordParticipationOutcome,
    steps::RecordWarning, steps::RecordFineIntention, steps::RecordFineView, steps::DecideFine,
    steps::RecordFineObjection, steps::DecideFineObjection, steps::IssueProgrammeLateStatement,
    steps::RecordBlameworthinessFinding, steps::RecordSocialGuidance, steps::RecordUnburdening,
    steps::LodgePlanObjection, steps::DecidePlanObjection, steps::DecideZRouteCompletion,
    steps::ReportExpectedNonCompletion, steps::RequestPlanInformation,
    steps::ReceivePlanInformation>;

// The RPC that records `step`.
const char* OperationOf(const Step& step);

// Records every date of `step` that lies after `today` (the municipality's day).
void CheckDates(const Step& step, absl::CivilDay today, Violations& violations);

// Applies the step's rule to `trajectory`: FAILED_PRECONDITION with the rule's reason when the law
// forbids it. The trajectory is open (the use case checked).
absl::Status ApplyStep(Step step, Trajectory& trajectory, const StepContext& context);

}  // namespace inburgering::domain
