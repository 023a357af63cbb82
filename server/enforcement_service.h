#pragma once

// inburgering.v1.EnforcementService: warnings and fines on a trajectory, each a recorded step.
// Maps and validates; the rules live in domain/enforcement_rules.h.

#include "domain/trajectory_use_cases.h"
#include "inburgering/v1/enforcement_service.grpc.pb.h"
#include "server/rpc.h"

namespace inburgering::server {

class EnforcementServiceImpl final : public v1::EnforcementService::CallbackService {
 public:
  EnforcementServiceImpl(domain::TrajectoryUseCases& trajectories, const RpcFrame& frame)
      : trajectories_(trajectories), frame_(frame) {}

  grpc::ServerUnaryReactor* RecordWarning(grpc::CallbackServerContext* context,
                                          const v1::RecordWarningRequest* request,
                                          v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* RecordBlameworthinessFinding(
      grpc::CallbackServerContext* context, const v1::RecordBlameworthinessFindingRequest* request,
      v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* RecordFineIntention(grpc::CallbackServerContext* context,
                                                const v1::RecordFineIntentionRequest* request,
                                                v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* RecordFineView(grpc::CallbackServerContext* context,
                                           const v1::RecordFineViewRequest* request,
                                           v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* DecideFine(grpc::CallbackServerContext* context,
                                       const v1::DecideFineRequest* request,
                                       v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* RecordFineObjection(grpc::CallbackServerContext* context,
                                                const v1::RecordFineObjectionRequest* request,
                                                v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* DecideFineObjection(grpc::CallbackServerContext* context,
                                                const v1::DecideFineObjectionRequest* request,
                                                v1::CaseFile* response) override;

 private:
  domain::TrajectoryUseCases& trajectories_;
  const RpcFrame& frame_;
};

}  // namespace inburgering::server
