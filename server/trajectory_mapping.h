#pragma once

// Proto <-> domain for trajectories: each recorded step's payload (validated field by field under
// its request path; the domain checks dates against today) and the case file.

#include <optional>

#include "absl/time/civil_time.h"
#include "domain/trajectory.h"
#include "domain/trajectory_use_cases.h"
#include "domain/validation.h"
#include "inburgering/v1/trajectory.pb.h"

namespace inburgering::server {

// Each returns the domain value of the message under `field` (e.g. `plan`); a missing message
// records `field` as required.
domain::Intake IntakeFromProto(bool has, const v1::Intake& in, domain::Violations& v);
domain::LearnabilityTest LearnabilityTestFromProto(bool has, const v1::LearnabilityTest& in,
                                                   domain::Violations& v);
domain::LearnabilityTestExemption TestExemptionFromProto(bool has,
                                                         const v1::LearnabilityTestExemption& in,
                                                         domain::Violations& v);
// `amendment`: AmendPlan's payload (its kind is required and not INITIAL).
domain::PlanVersion PlanFromProto(bool has, const v1::Plan& in, const char* field, bool amendment,
                                  domain::Violations& v);
domain::Enrollment EnrollmentFromProto(bool has, const v1::Enrollment& in, domain::Violations& v);
domain::AttendanceRecord AttendanceFromProto(bool has, const v1::AttendanceRecord& in,
                                             domain::Violations& v);
domain::ExamResult ExamResultFromProto(bool has, const v1::ExamResult& in, domain::Violations& v);
domain::ComponentResult ComponentResultFromProto(bool has, const v1::ComponentResult& in,
                                                 domain::Violations& v);
domain::ProgressReview ProgressReviewFromProto(bool has, const v1::ProgressReview& in,
                                               domain::Violations& v);
domain::Appointment AppointmentFromProto(bool has, const v1::Appointment& in,
                                         domain::Violations& v);
bool AppointmentOutcomeFromProto(v1::AppointmentOutcome in, domain::Violations& v,
                                 domain::AppointmentOutcome* out);
domain::Extension ExtensionFromProto(bool has, const v1::Extension& in, domain::Violations& v);
domain::Exemption ExemptionFromProto(bool has, const v1::Exemption& in, domain::Violations& v);
domain::Closure ClosureFromProto(bool has, const v1::Closure& in, domain::Violations& v);

domain::ParticipationOutcome ParticipationOutcomeFromProto(bool has,
                                                           const v1::ParticipationOutcome& in,
                                                           domain::Violations& v);

void TrajectoryToProto(const domain::Trajectory& trajectory, v1::Trajectory* out);
// The handover of a trajectory continued after a move; nullopt when `has` is false.
std::optional<domain::MoveIn> MoveInFromProto(bool has, const v1::MoveIn& in,
                                              domain::Violations& v);
void CaseFileToProto(const domain::CaseFile& file, v1::CaseFile* out);

// The records a consultant or a provider adds, as the case file and the providers' reports show
// them.
void AttendanceToProto(const domain::AttendanceRecord& a, v1::AttendanceRecord* out);
void ExamResultToProto(const domain::ExamResult& e, v1::ExamResult* out);
void ComponentResultToProto(const domain::ComponentResult& c, v1::ComponentResult* out);
void ProviderProgressToProto(const domain::ProviderProgress& p, v1::ProviderProgress* out);

}  // namespace inburgering::server
