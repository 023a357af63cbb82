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

// GetCaseFile, the read a consultant's screen makes most, is served on gRPC's callback API
// (RpcFrame::HandleUnary): no worker thread waits for its journal's commit.
class TrajectoryServiceImpl final : public v1::TrajectoryService::WithCallbackMethod_GetTrajectory<
                                        v1::TrajectoryService::WithCallbackMethod_ListTrajectories<
                                            v1::TrajectoryService::WithCallbackMethod_GetCaseFile<
                                                v1::TrajectoryService::Service>>> {
 public:
  TrajectoryServiceImpl(domain::TrajectoryUseCases& trajectories, const RpcFrame& frame,
                        const PageTokenCodec& page_tokens)
      : trajectories_(trajectories), frame_(frame), page_tokens_(page_tokens) {
    SetMessageAllocatorFor_GetCaseFile(&case_files_);
  }

  grpc::Status CreateTrajectory(grpc::ServerContext* context,
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
  grpc::Status RecordIntake(grpc::ServerContext* context, const v1::RecordIntakeRequest* request,
                            v1::CaseFile* response) override;
  grpc::Status RecordLearnabilityTest(grpc::ServerContext* context,
                                      const v1::RecordLearnabilityTestRequest* request,
                                      v1::CaseFile* response) override;
  grpc::Status ExemptFromLearnabilityTest(grpc::ServerContext* context,
                                          const v1::ExemptFromLearnabilityTestRequest* request,
                                          v1::CaseFile* response) override;
  grpc::Status EstablishPlan(grpc::ServerContext* context, const v1::EstablishPlanRequest* request,
                             v1::CaseFile* response) override;
  grpc::Status AmendPlan(grpc::ServerContext* context, const v1::AmendPlanRequest* request,
                         v1::CaseFile* response) override;
  grpc::Status RecordEnrollment(grpc::ServerContext* context,
                                const v1::RecordEnrollmentRequest* request,
                                v1::CaseFile* response) override;
  grpc::Status RecordAttendance(grpc::ServerContext* context,
                                const v1::RecordAttendanceRequest* request,
                                v1::CaseFile* response) override;
  grpc::Status RecordExamResult(grpc::ServerContext* context,
                                const v1::RecordExamResultRequest* request,
                                v1::CaseFile* response) override;
  grpc::Status RecordComponentResult(grpc::ServerContext* context,
                                     const v1::RecordComponentResultRequest* request,
                                     v1::CaseFile* response) override;
  grpc::Status RecordProgressReview(grpc::ServerContext* context,
                                    const v1::RecordProgressReviewRequest* request,
                                    v1::CaseFile* response) override;
  grpc::Status ScheduleAppointment(grpc::ServerContext* context,
                                   const v1::ScheduleAppointmentRequest* request,
                                   v1::CaseFile* response) override;
  grpc::Status RecordAppointmentOutcome(grpc::ServerContext* context,
                                        const v1::RecordAppointmentOutcomeRequest* request,
                                        v1::CaseFile* response) override;
  grpc::Status RecordExtension(grpc::ServerContext* context,
                               const v1::RecordExtensionRequest* request,
                               v1::CaseFile* response) override;
  grpc::Status RecordExemption(grpc::ServerContext* context,
                               const v1::RecordExemptionRequest* request,
                               v1::CaseFile* response) override;
  grpc::Status CloseTrajectory(grpc::ServerContext* context,
                               const v1::CloseTrajectoryRequest* request,
                               v1::CaseFile* response) override;
  grpc::Status RecordParticipationOutcome(grpc::ServerContext* context,
                                          const v1::RecordParticipationOutcomeRequest* request,
                                          v1::CaseFile* response) override;
  grpc::Status RecordSocialGuidance(grpc::ServerContext* context,
                                    const v1::RecordSocialGuidanceRequest* request,
                                    v1::CaseFile* response) override;
  grpc::Status RecordUnburdening(grpc::ServerContext* context,
                                 const v1::RecordUnburdeningRequest* request,
                                 v1::CaseFile* response) override;
  grpc::Status LodgePlanObjection(grpc::ServerContext* context,
                                  const v1::LodgePlanObjectionRequest* request,
                                  v1::CaseFile* response) override;
  grpc::Status DecidePlanObjection(grpc::ServerContext* context,
                                   const v1::DecidePlanObjectionRequest* request,
                                   v1::CaseFile* response) override;
  grpc::Status DecideZRouteCompletion(grpc::ServerContext* context,
                                      const v1::DecideZRouteCompletionRequest* request,
                                      v1::CaseFile* response) override;
  grpc::Status RequestPlanInformation(grpc::ServerContext* context,
                                      const v1::RequestPlanInformationRequest* request,
                                      v1::CaseFile* response) override;
  grpc::Status ReceivePlanInformation(grpc::ServerContext* context,
                                      const v1::ReceivePlanInformationRequest* request,
                                      v1::CaseFile* response) override;

 private:
  domain::TrajectoryUseCases& trajectories_;
  const RpcFrame& frame_;
  const PageTokenCodec& page_tokens_;
  ArenaMessages<v1::GetCaseFileRequest, v1::CaseFile> case_files_;
};

}  // namespace inburgering::server
