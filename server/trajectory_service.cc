#include "server/trajectory_service.h"

#include <string>
#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/status_macros.h"
#include "domain/trajectory_rules.h"
#include "server/api_support.h"
#include "server/duties_mapping.h"
#include "server/mapping.h"
#include "server/rpc.h"
#include "server/trajectory_mapping.h"
#include "server/trajectory_step.h"

namespace inburgering::server {
namespace {

namespace steps = domain::steps;
using domain::Step;
using domain::Trajectory;
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

grpc::ServerUnaryReactor* TrajectoryServiceImpl::CreateTrajectory(
    grpc::CallbackServerContext* context, const v1::CreateTrajectoryRequest* request,
    v1::Trajectory* response) {
  return frame_.HandleChange(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations violations;
        std::string municipality, client_id;
        ParseChildName(request->parent(), kClients, "parent", violations, &municipality,
                       &client_id);
        ValidateRequestId(request->request_id(), violations);
        std::optional<domain::MoveIn> moved_in =
            MoveInFromProto(request->has_moved_in(), request->moved_in(), violations);
        ASSIGN_OR_RETURN(
            domain::CaseFile file,
            trajectories_.Create(caller, journal, municipality, client_id,
                                 {request->request_id(), "CreateTrajectory", Fingerprint(*request)},
                                 std::move(moved_in), std::move(violations)));
        TrajectoryToProto(file.trajectory, response);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::GetTrajectory(
    grpc::CallbackServerContext* context, const v1::GetTrajectoryRequest* request,
    v1::Trajectory* response) {
  return frame_.HandleUnary(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations violations;
        domain::TrajectoryRef ref;
        ParseTrajectoryName(request->name(), "name", violations, &ref);
        RETURN_IF_ERROR(violations.ToStatus());
        ASSIGN_OR_RETURN(domain::CaseFile file, trajectories_.GetCaseFile(caller, journal, ref));
        TrajectoryToProto(file.trajectory, response);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::ListTrajectories(
    grpc::CallbackServerContext* context, const v1::ListTrajectoriesRequest* request,
    v1::ListTrajectoriesResponse* response) {
  return frame_.HandleUnary(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations violations;
        std::string municipality, client_id;
        ParseChildName(request->parent(), kClients, "parent", violations, &municipality,
                       &client_id);
        CheckPageSize(request->page_size(), violations);
        RETURN_IF_ERROR(violations.ToStatus());
        const std::string binding = absl::StrCat("ListTrajectories|", request->parent());
        return page_tokens_.AnswerPage(
            binding, *request, *response,
            [&](const domain::PageRequest& page) {
              return trajectories_.List(caller, journal, municipality, client_id, page);
            },
            [&](const Trajectory& t) { TrajectoryToProto(t, response->add_trajectories()); });
      });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::GetCaseFile(grpc::CallbackServerContext* context,
                                                             const v1::GetCaseFileRequest* request,
                                                             v1::CaseFile* response) {
  return frame_.HandleUnary(
      context, *request,
      [this, request, response](const domain::Caller& caller,
                                domain::CallJournal& journal) -> absl::Status {
        Violations violations;
        domain::TrajectoryRef ref;
        ParseTrajectoryName(request->name(), "name", violations, &ref);
        RETURN_IF_ERROR(violations.ToStatus());
        ASSIGN_OR_RETURN(domain::CaseFile file, trajectories_.GetCaseFile(caller, journal, ref));
        CaseFileToProto(file, response);
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::RecordIntake(
    grpc::CallbackServerContext* context, const v1::RecordIntakeRequest* request,
    v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, response, [request](Violations& v) -> Step {
        return steps::RecordIntake{IntakeFromProto(request->has_intake(), request->intake(), v)};
      });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::RecordLearnabilityTest(
    grpc::CallbackServerContext* context, const v1::RecordLearnabilityTestRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, response,
                    [request](Violations& v) -> Step {
                      return steps::RecordLearnabilityTest{LearnabilityTestFromProto(
                          request->has_learnability_test(), request->learnability_test(), v)};
                    });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::ExemptFromLearnabilityTest(
    grpc::CallbackServerContext* context, const v1::ExemptFromLearnabilityTestRequest* request,
    v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, response, [request](Violations& v) -> Step {
        return steps::ExemptFromLearnabilityTest{
            TestExemptionFromProto(request->has_exemption(), request->exemption(), v)};
      });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::EstablishPlan(
    grpc::CallbackServerContext* context, const v1::EstablishPlanRequest* request,
    v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, response, [request](Violations& v) -> Step {
        return steps::EstablishPlan{
            PlanFromProto(request->has_plan(), request->plan(), "plan", /*amendment=*/false, v)};
      });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::AmendPlan(grpc::CallbackServerContext* context,
                                                           const v1::AmendPlanRequest* request,
                                                           v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, response, [request](Violations& v) -> Step {
        return steps::AmendPlan{PlanFromProto(request->has_amendment(), request->amendment(),
                                              "amendment", /*amendment=*/true, v)};
      });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::RecordEnrollment(
    grpc::CallbackServerContext* context, const v1::RecordEnrollmentRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, response,
                    [request](Violations& v) -> Step {
                      return steps::RecordEnrollment{
                          EnrollmentFromProto(request->has_enrollment(), request->enrollment(), v)};
                    });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::RecordAttendance(
    grpc::CallbackServerContext* context, const v1::RecordAttendanceRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, response,
                    [request](Violations& v) -> Step {
                      return steps::RecordAttendance{
                          AttendanceFromProto(request->has_attendance(), request->attendance(), v)};
                    });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::RecordExamResult(
    grpc::CallbackServerContext* context, const v1::RecordExamResultRequest* request,
    v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, response, [request](Violations& v) -> Step {
        return steps::RecordExamResult{
            ExamResultFromProto(request->has_exam_result(), request->exam_result(), v)};
      });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::RecordComponentResult(
    grpc::CallbackServerContext* context, const v1::RecordComponentResultRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, response,
                    [request](Violations& v) -> Step {
                      return steps::RecordComponentResult{ComponentResultFromProto(
                          request->has_component_result(), request->component_result(), v)};
                    });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::RecordProgressReview(
    grpc::CallbackServerContext* context, const v1::RecordProgressReviewRequest* request,
    v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, response, [request](Violations& v) -> Step {
        return steps::RecordProgressReview{
            ProgressReviewFromProto(request->has_progress_review(), request->progress_review(), v)};
      });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::ScheduleAppointment(
    grpc::CallbackServerContext* context, const v1::ScheduleAppointmentRequest* request,
    v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, response, [request](Violations& v) -> Step {
        return steps::ScheduleAppointment{
            AppointmentFromProto(request->has_appointment(), request->appointment(), v)};
      });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::RecordAppointmentOutcome(
    grpc::CallbackServerContext* context, const v1::RecordAppointmentOutcomeRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, response,
                    [request](Violations& v) -> Step {
                      v.Check(domain::IsValidToken(request->appointment_id()), "appointment_id",
                              "required: the id of one of the trajectory's appointments");
                      steps::RecordAppointmentOutcome step;
                      step.appointment_id = request->appointment_id();
                      AppointmentOutcomeFromProto(request->outcome(), v, &step.outcome);
                      return step;
                    });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::RecordExtension(
    grpc::CallbackServerContext* context, const v1::RecordExtensionRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, response,
                    [request](Violations& v) -> Step {
                      return steps::RecordExtension{
                          ExtensionFromProto(request->has_extension(), request->extension(), v)};
                    });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::RecordExemption(
    grpc::CallbackServerContext* context, const v1::RecordExemptionRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, response,
                    [request](Violations& v) -> Step {
                      return steps::RecordExemption{
                          ExemptionFromProto(request->has_exemption(), request->exemption(), v)};
                    });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::CloseTrajectory(
    grpc::CallbackServerContext* context, const v1::CloseTrajectoryRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, response,
                    [request](Violations& v) -> Step {
                      return steps::CloseTrajectory{
                          ClosureFromProto(request->has_closure(), request->closure(), v)};
                    });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::RecordParticipationOutcome(
    grpc::CallbackServerContext* context, const v1::RecordParticipationOutcomeRequest* request,
    v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, response, [request](Violations& v) -> Step {
        return steps::RecordParticipationOutcome{
            ParticipationOutcomeFromProto(request->has_outcome(), request->outcome(), v)};
      });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::RecordSocialGuidance(
    grpc::CallbackServerContext* context, const v1::RecordSocialGuidanceRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, response,
                    [request](Violations& v) -> Step {
                      return steps::RecordSocialGuidance{
                          SocialGuidanceFromProto(request->has_guidance(), request->guidance(), v)};
                    });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::RecordUnburdening(
    grpc::CallbackServerContext* context, const v1::RecordUnburdeningRequest* request,
    v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, response, [request](Violations& v) -> Step {
        return steps::RecordUnburdening{
            UnburdeningFromProto(request->has_unburdening(), request->unburdening(), v)};
      });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::LodgePlanObjection(
    grpc::CallbackServerContext* context, const v1::LodgePlanObjectionRequest* request,
    v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, response, [request](Violations& v) -> Step {
        return steps::LodgePlanObjection{
            PlanObjectionFromProto(request->has_objection(), request->objection(), v)};
      });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::DecidePlanObjection(
    grpc::CallbackServerContext* context, const v1::DecidePlanObjectionRequest* request,
    v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, response,
      [request](Violations& v) -> Step { return DecidePlanObjectionFromProto(*request, v); });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::DecideZRouteCompletion(
    grpc::CallbackServerContext* context, const v1::DecideZRouteCompletionRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, response,
                    [request](Violations& v) -> Step {
                      return steps::DecideZRouteCompletion{
                          ZRouteDecisionFromProto(request->has_decision(), request->decision(), v)};
                    });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::RequestPlanInformation(
    grpc::CallbackServerContext* context, const v1::RequestPlanInformationRequest* request,
    v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, response, [request](Violations& v) -> Step {
        return steps::RequestPlanInformation{
            InformationRequestFromProto(request->has_information(), request->information(), v)};
      });
}

grpc::ServerUnaryReactor* TrajectoryServiceImpl::ReceivePlanInformation(
    grpc::CallbackServerContext* context, const v1::ReceivePlanInformationRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, response,
                    [request](Violations& v) -> Step {
                      steps::ReceivePlanInformation step;
                      v.Check(domain::IsValidToken(request->information_id()), "information_id",
                              "required: the id of one of the trajectory's information requests");
                      step.information_id = request->information_id();
                      ParseRequiredDate(request->has_received_date(), request->received_date(),
                                        "received_date", v, &step.received_date);
                      return step;
                    });
}

}  // namespace inburgering::server
