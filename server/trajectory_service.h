#pragma once

// inburgering.v1.TrajectoryService: a client's trajectory and every recorded step. Maps and
// validates; the rules live in domain/trajectory_rules.h and domain/rules.h.

#include <functional>
#include <string>

#include "domain/trajectory_use_cases.h"
#include "inburgering/v1/trajectory_service.grpc.pb.h"
#include "server/arena_messages.h"
#include "server/page_token.h"
#include "server/rpc.h"

namespace inburgering::server {

// Every method is on gRPC's callback API: reads through RpcFrame::HandleUnary (no thread waits
// for a read's journal), steps and the create through RpcFrame::HandleChange.
class TrajectoryServiceImpl final : public v1::TrajectoryService::CallbackService {
 public:
  TrajectoryServiceImpl(domain::TrajectoryUseCases& trajectories, const RpcFrame& frame,
                        const PageTokenCodec& page_tokens)
      : trajectories_(trajectories), frame_(frame), page_tokens_(page_tokens) {
    SetMessageAllocatorFor_GetCaseFile(&case_files_);
  }

  grpc::ServerUnaryReactor* CreateTrajectory(grpc::CallbackServerContext* context,
                                             const v1::CreateTrajectoryRequest* request,
                                             v1::Trajectory* response) override;
  grpc::ServerUnaryReactor* GetTrajectory(grpc::CallbackServerContext* context,
                                          const v1::GetTrajectoryRequest* request,
                                          v1::Trajectory* response) override;
  grpc::ServerUnaryReactor* ListTrajectories(grpc::CallbackServerContext* context,
                                             const v1::ListTrajectoriesRequest* request,
                                             v1::ListTrajectoriesResponse* response) override;
  grpc::ServerUnaryReactor* GetCaseFile(grpc::CallbackServerContext* context,
                                        const v1::GetCaseFileRequest* request,
                                        v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* RecordIntake(grpc::CallbackServerContext* context,
                                         const v1::RecordIntakeRequest* request,
                                         v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* RecordLearnabilityTest(grpc::CallbackServerContext* context,
                                                   const v1::RecordLearnabilityTestRequest* request,
                                                   v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* ExemptFromLearnabilityTest(
      grpc::CallbackServerContext* context, const v1::ExemptFromLearnabilityTestRequest* request,
      v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* EstablishPlan(grpc::CallbackServerContext* context,
                                          const v1::EstablishPlanRequest* request,
                                          v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* AmendPlan(grpc::CallbackServerContext* context,
                                      const v1::AmendPlanRequest* request,
                                      v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* RecordEnrollment(grpc::CallbackServerContext* context,
                                             const v1::RecordEnrollmentRequest* request,
                                             v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* RecordAttendance(grpc::CallbackServerContext* context,
                                             const v1::RecordAttendanceRequest* request,
                                             v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* RecordExamResult(grpc::CallbackServerContext* context,
                                             const v1::RecordExamResultRequest* request,
                                             v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* RecordComponentResult(grpc::CallbackServerContext* context,
                                                  const v1::RecordComponentResultRequest* request,
                                                  v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* RecordProgressReview(grpc::CallbackServerContext* context,
                                                 const v1::RecordProgressReviewRequest* request,
                                                 v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* ScheduleAppointment(grpc::CallbackServerContext* context,
                                                const v1::ScheduleAppointmentRequest* request,
                                                v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* RecordAppointmentOutcome(
      grpc::CallbackServerContext* context, const v1::RecordAppointmentOutcomeRequest* request,
      v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* RecordExtension(grpc::CallbackServerContext* context,
                                            const v1::RecordExtensionRequest* request,
                                            v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* RecordExemption(grpc::CallbackServerContext* context,
                                            const v1::RecordExemptionRequest* request,
                                            v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* CloseTrajectory(grpc::CallbackServerContext* context,
                                            const v1::CloseTrajectoryRequest* request,
                                            v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* RecordParticipationOutcome(
      grpc::CallbackServerContext* context, const v1::RecordParticipationOutcomeRequest* request,
      v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* RecordSocialGuidance(grpc::CallbackServerContext* context,
                                                 const v1::RecordSocialGuidanceRequest* request,
                                                 v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* RecordUnburdening(grpc::CallbackServerContext* context,
                                              const v1::RecordUnburdeningRequest* request,
                                              v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* LodgePlanObjection(grpc::CallbackServerContext* context,
                                               const v1::LodgePlanObjectionRequest* request,
                                               v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* DecidePlanObjection(grpc::CallbackServerContext* context,
                                                const v1::DecidePlanObjectionRequest* request,
                                                v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* DecideZRouteCompletion(grpc::CallbackServerContext* context,
                                                   const v1::DecideZRouteCompletionRequest* request,
                                                   v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* RequestPlanInformation(grpc::CallbackServerContext* context,
                                                   const v1::RequestPlanInformationRequest* request,
                                                   v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* ReceivePlanInformation(grpc::CallbackServerContext* context,
                                                   const v1::ReceivePlanInformationRequest* request,
                                                   v1::CaseFile* response) override;

 private:
  domain::TrajectoryUseCases& trajectories_;
  const RpcFrame& frame_;
  const PageTokenCodec& page_tokens_;
  ArenaMessages<v1::GetCaseFileRequest, v1::CaseFile> case_files_;
};

}  // namespace inburgering::server
