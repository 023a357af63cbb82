#pragma once

// inburgering.v1.EnforcementService: warnings and fines on a trajectory, each a recorded step.
// Maps and validates; the rules live in domain/enforcement_rules.h.

#include "domain/trajectory_use_cases.h"
#include "inburgering/v1/enforcement_service.grpc.pb.h"
#include "server/rpc.h"

namespace inburgering::server {

class EnforcementServiceImpl final : public v1::EnforcementService::Service {
 public:
  EnforcementServiceImpl(domain::TrajectoryUseCases& trajectories, const RpcFrame& frame)
      : trajectories_(trajectories), frame_(frame) {}

  grpc::Status RecordWarning(grpc::ServerContext* context, const v1::RecordWarningRequest* request,
                             v1::CaseFile* response) override;
  grpc::Status RecordBlameworthinessFinding(grpc::ServerContext* context,
                                            const v1::RecordBlameworthinessFindingRequest* request,
                                            v1::CaseFile* response) override;
  grpc::Status RecordFineIntention(grpc::ServerContext* context,
                                   const v1::RecordFineIntentionRequest* request,
                                   v1::CaseFile* response) override;
  grpc::Status RecordFineView(grpc::ServerContext* context,
                              const v1::RecordFineViewRequest* request,
                              v1::CaseFile* response) override;
  grpc::Status DecideFine(grpc::ServerContext* context, const v1::DecideFineRequest* request,
                          v1::CaseFile* response) override;
  grpc::Status RecordFineObjection(grpc::ServerContext* context,
                                   const v1::RecordFineObjectionRequest* request,
                                   v1::CaseFile* response) override;
  grpc::Status DecideFineObjection(grpc::ServerContext* context,
                                   const v1::DecideFineObjectionRequest* request,
                                   v1::CaseFile* response) override;

 private:
  domain::TrajectoryUseCases& trajectories_;
  const RpcFrame& frame_;
};

}  // namespace inburgering::server
