#include "server/trajectory_service.h"

#include <string>
#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/status_macros.h"
#include "domain/trajectory_rules.h"
#include "server/api_support.h"
#include "server/mapping.h"
#include "server/rpc.h"
#include "server/trajectory_mapping.h"
#include "server/trajectory_step.h"

namespace inburgering::server {
namespace {

using domain::Client;
using domain::IdGenerator;
using domain::Trajectory;
using domain::TrajectoryChange;
using domain::Violations;

}  // namespace

bool ParseTrajectoryName(absl::string_view name, absl::string_view field, Violations& v,
                         domain::TrajectoryRef* ref) {
  const size_t at = name.find("/trajectories/");
  if (name.empty()) {
    v.Add(field, "required");
    return false;
  }
  Violations parent;
  std::string id(at == absl::string_view::npos ? "" : name.substr(at + 14));
  if (at == absl::string_view::npos || !domain::IsValidToken(id) ||
      !ParseChildName(name.substr(0, at), kClients, field, parent, &ref->municipality,
                      &ref->client_id)) {
    v.Add(field, "must be municipalities/{4-digit CBS code}/clients/{id}/trajectories/{id}");
    return false;
  }
  ref->id = std::move(id);
  return true;
}

grpc::Status TrajectoryServiceImpl::CreateTrajectory(grpc::ServerContext* context,
                                                     const v1::CreateTrajectoryRequest* request,
                                                     v1::Trajectory* response) {
  return frame_.Handle(context, *request, [&](const domain::Caller& caller) -> absl::Status {
    Violations violations;
    std::string municipality, client_id;
    ParseChildName(request->parent(), kClients, "parent", violations, &municipality, &client_id);
    ValidateRequestId(request->request_id(), violations);
    RETURN_IF_ERROR(violations.ToStatus());
    ASSIGN_OR_RETURN(
        domain::CaseFile file,
        trajectories_.Create(caller, municipality, client_id,
                             {request->request_id(), "CreateTrajectory", Fingerprint(*request)}));
    TrajectoryToProto(file.trajectory, response);
    return absl::OkStatus();
  });
}

grpc::Status TrajectoryServiceImpl::GetTrajectory(grpc::ServerContext* context,
                                                  const v1::GetTrajectoryRequest* request,
                                                  v1::Trajectory* response) {
  return frame_.Handle(context, *request, [&](const domain::Caller& caller) -> absl::Status {
    Violations violations;
    domain::TrajectoryRef ref;
    ParseTrajectoryName(request->name(), "name", violations, &ref);
    RETURN_IF_ERROR(violations.ToStatus());
    ASSIGN_OR_RETURN(domain::CaseFile file, trajectories_.GetCaseFile(caller, ref));
    TrajectoryToProto(file.trajectory, response);
    return absl::OkStatus();
  });
}

grpc::Status TrajectoryServiceImpl::ListTrajectories(grpc::ServerContext* context,
                                                     const v1::ListTrajectoriesRequest* request,
                                                     v1::ListTrajectoriesResponse* response) {
  return frame_.Handle(context, *request, [&](const domain::Caller& caller) -> absl::Status {
    Violations violations;
    std::string municipality, client_id;
    ParseChildName(request->parent(), kClients, "parent", violations, &municipality, &client_id);
    violations.Check(request->page_size() >= 0, "page_size", "must not be negative");
    RETURN_IF_ERROR(violations.ToStatus());
    const std::string binding = absl::StrCat("ListTrajectories|", request->parent());
    domain::PageRequest page;
    page.size = domain::EffectivePageSize(request->page_size());
    ASSIGN_OR_RETURN(page.after, page_tokens_.Decode(binding, request->page_token()));
    ASSIGN_OR_RETURN(domain::Page<Trajectory> result,
                     trajectories_.List(caller, municipality, client_id, page));
    for (const Trajectory& t : result.items) TrajectoryToProto(t, response->add_trajectories());
    response->set_next_page_token(page_tokens_.Encode(binding, result.next_after));
    return absl::OkStatus();
  });
}

grpc::Status TrajectoryServiceImpl::GetCaseFile(grpc::ServerContext* context,
                                                const v1::GetCaseFileRequest* request,
                                                v1::CaseFile* response) {
  return frame_.Handle(context, *request, [&](const domain::Caller& caller) -> absl::Status {
    Violations violations;
    domain::TrajectoryRef ref;
    ParseTrajectoryName(request->name(), "name", violations, &ref);
    RETURN_IF_ERROR(violations.ToStatus());
    ASSIGN_OR_RETURN(domain::CaseFile file, trajectories_.GetCaseFile(caller, ref));
    CaseFileToProto(file, response);
    return absl::OkStatus();
  });
}

grpc::Status TrajectoryServiceImpl::RecordIntake(grpc::ServerContext* context,
                                                 const v1::RecordIntakeRequest* request,
                                                 v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, "RecordIntake", response,
                    [&](Violations& v, absl::CivilDay today, const domain::Caller&) {
                      return RecordValue(
                          IntakeFromProto(request->has_intake(), request->intake(), today, v),
                          &domain::RecordIntake);
                    });
}

grpc::Status TrajectoryServiceImpl::RecordLearnabilityTest(
    grpc::ServerContext* context, const v1::RecordLearnabilityTestRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, "RecordLearnabilityTest", response,
                    [&](Violations& v, absl::CivilDay today, const domain::Caller&) {
                      return RecordValue(
                          LearnabilityTestFromProto(request->has_learnability_test(),
                                                    request->learnability_test(), today, v),
                          &domain::RecordLearnabilityTest);
                    });
}

grpc::Status TrajectoryServiceImpl::ExemptFromLearnabilityTest(
    grpc::ServerContext* context, const v1::ExemptFromLearnabilityTestRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, "ExemptFromLearnabilityTest",
                    response, [&](Violations& v, absl::CivilDay today, const domain::Caller&) {
                      return RecordValue(TestExemptionFromProto(request->has_exemption(),
                                                                request->exemption(), today, v),
                                         &domain::ExemptFromLearnabilityTest);
                    });
}

grpc::Status TrajectoryServiceImpl::EstablishPlan(grpc::ServerContext* context,
                                                  const v1::EstablishPlanRequest* request,
                                                  v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, "EstablishPlan", response,
      [&](Violations& v, absl::CivilDay today, const domain::Caller&) -> TrajectoryChange {
        domain::PlanVersion plan = PlanFromProto(request->has_plan(), request->plan(), "plan",
                                                 /*amendment=*/false, today, v);
        const domain::Policy& policy = trajectories_.policy();
        return [plan, &policy](Trajectory& t, const Client& c, IdGenerator&) {
          return domain::EstablishPlan(t, c, plan, policy);
        };
      });
}

grpc::Status TrajectoryServiceImpl::AmendPlan(grpc::ServerContext* context,
                                              const v1::AmendPlanRequest* request,
                                              v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, "AmendPlan", response,
      [&](Violations& v, absl::CivilDay today, const domain::Caller&) -> TrajectoryChange {
        domain::PlanVersion plan =
            PlanFromProto(request->has_amendment(), request->amendment(), "amendment",
                          /*amendment=*/true, today, v);
        const domain::Policy& policy = trajectories_.policy();
        return [plan, &policy](Trajectory& t, const Client& c, IdGenerator&) {
          return domain::AmendPlan(t, c, plan, policy);
        };
      });
}

grpc::Status TrajectoryServiceImpl::RecordEnrollment(grpc::ServerContext* context,
                                                     const v1::RecordEnrollmentRequest* request,
                                                     v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, "RecordEnrollment", response,
                    [&](Violations& v, absl::CivilDay today, const domain::Caller&) {
                      return RecordValue(EnrollmentFromProto(request->has_enrollment(),
                                                             request->enrollment(), today, v),
                                         &domain::RecordEnrollment);
                    });
}

grpc::Status TrajectoryServiceImpl::RecordAttendance(grpc::ServerContext* context,
                                                     const v1::RecordAttendanceRequest* request,
                                                     v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, "RecordAttendance", response,
                    [&](Violations& v, absl::CivilDay today, const domain::Caller&) {
                      return RecordValue(AttendanceFromProto(request->has_attendance(),
                                                             request->attendance(), today, v),
                                         &domain::RecordAttendance);
                    });
}

grpc::Status TrajectoryServiceImpl::RecordExamResult(grpc::ServerContext* context,
                                                     const v1::RecordExamResultRequest* request,
                                                     v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, "RecordExamResult", response,
                    [&](Violations& v, absl::CivilDay today, const domain::Caller&) {
                      return RecordValue(ExamResultFromProto(request->has_exam_result(),
                                                             request->exam_result(), today, v),
                                         &domain::RecordExamResult);
                    });
}

grpc::Status TrajectoryServiceImpl::RecordComponentResult(
    grpc::ServerContext* context, const v1::RecordComponentResultRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, "RecordComponentResult", response,
                    [&](Violations& v, absl::CivilDay today, const domain::Caller&) {
                      return RecordValue(
                          ComponentResultFromProto(request->has_component_result(),
                                                   request->component_result(), today, v),
                          &domain::RecordComponentResult);
                    });
}

grpc::Status TrajectoryServiceImpl::RecordProgressReview(
    grpc::ServerContext* context, const v1::RecordProgressReviewRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, "RecordProgressReview", response,
                    [&](Violations& v, absl::CivilDay today, const domain::Caller&) {
                      return RecordValue(
                          ProgressReviewFromProto(request->has_progress_review(),
                                                  request->progress_review(), today, v),
                          &domain::RecordProgressReview);
                    });
}

grpc::Status TrajectoryServiceImpl::ScheduleAppointment(
    grpc::ServerContext* context, const v1::ScheduleAppointmentRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, "ScheduleAppointment", response,
                    [&](Violations& v, absl::CivilDay, const domain::Caller&) {
                      return RecordValue(AppointmentFromProto(request->has_appointment(),
                                                              request->appointment(), v),
                                         &domain::ScheduleAppointment);
                    });
}

grpc::Status TrajectoryServiceImpl::RecordAppointmentOutcome(
    grpc::ServerContext* context, const v1::RecordAppointmentOutcomeRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, "RecordAppointmentOutcome", response,
                    [&](Violations& v, absl::CivilDay, const domain::Caller&) -> TrajectoryChange {
                      v.Check(domain::IsValidToken(request->appointment_id()), "appointment_id",
                              "required: the id of one of the trajectory's appointments");
                      domain::AppointmentOutcome outcome = domain::AppointmentOutcome::kPending;
                      AppointmentOutcomeFromProto(request->outcome(), v, &outcome);
                      // The request outlives the change: both end with this call.
                      return [request, outcome](Trajectory& t, const Client&, IdGenerator&) {
                        return domain::RecordAppointmentOutcome(t, request->appointment_id(),
                                                                outcome);
                      };
                    });
}

grpc::Status TrajectoryServiceImpl::RecordExtension(grpc::ServerContext* context,
                                                    const v1::RecordExtensionRequest* request,
                                                    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, "RecordExtension", response,
                    [&](Violations& v, absl::CivilDay today, const domain::Caller&) {
                      return RecordValue(ExtensionFromProto(request->has_extension(),
                                                            request->extension(), today, v),
                                         &domain::RecordExtension);
                    });
}

grpc::Status TrajectoryServiceImpl::RecordExemption(grpc::ServerContext* context,
                                                    const v1::RecordExemptionRequest* request,
                                                    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, "RecordExemption", response,
                    [&](Violations& v, absl::CivilDay today, const domain::Caller&) {
                      return RecordValue(ExemptionFromProto(request->has_exemption(),
                                                            request->exemption(), today, v),
                                         &domain::RecordExemption);
                    });
}

grpc::Status TrajectoryServiceImpl::CloseTrajectory(grpc::ServerContext* context,
                                                    const v1::CloseTrajectoryRequest* request,
                                                    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, "CloseTrajectory", response,
                    [&](Violations& v, absl::CivilDay today, const domain::Caller&) {
                      return RecordValue(
                          ClosureFromProto(request->has_closure(), request->closure(), today, v),
                          &domain::CloseTrajectory);
                    });
}

grpc::Status TrajectoryServiceImpl::RecordParticipationOutcome(
    grpc::ServerContext* context, const v1::RecordParticipationOutcomeRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, "RecordParticipationOutcome",
                    response, [&](Violations& v, absl::CivilDay today, const domain::Caller&) {
                      return RecordValue(ParticipationOutcomeFromProto(
                                             request->has_outcome(), request->outcome(), today, v),
                                         &domain::RecordParticipationOutcome);
                    });
}

}  // namespace inburgering::server
