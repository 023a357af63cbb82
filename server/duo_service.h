#pragma once

// inburgering.v1.DuoService: DUO's report items, DUO's signals, and the programme-late
// statement. Maps and validates; the rules live in domain/duo_use_cases.h and domain/outbox.h.

#include "domain/duo_use_cases.h"
#include "domain/trajectory_use_cases.h"
#include "inburgering/v1/duo_service.grpc.pb.h"
#include "server/page_token.h"
#include "server/rpc.h"

namespace inburgering::server {

class DuoServiceImpl final : public v1::DuoService::CallbackService {
 public:
  DuoServiceImpl(domain::DuoUseCases& duo, domain::TrajectoryUseCases& trajectories,
                 const RpcFrame& frame, const PageTokenCodec& page_tokens)
      : duo_(duo), trajectories_(trajectories), frame_(frame), page_tokens_(page_tokens) {}

  grpc::ServerUnaryReactor* ListDuoReports(grpc::CallbackServerContext* context,
                                           const v1::ListDuoReportsRequest* request,
                                           v1::ListDuoReportsResponse* response) override;
  grpc::ServerUnaryReactor* MarkDuoReportSent(grpc::CallbackServerContext* context,
                                              const v1::MarkDuoReportSentRequest* request,
                                              v1::DuoReport* response) override;
  grpc::ServerUnaryReactor* ConfirmDuoReport(grpc::CallbackServerContext* context,
                                             const v1::ConfirmDuoReportRequest* request,
                                             v1::DuoReport* response) override;
  grpc::ServerUnaryReactor* IngestDuoSignal(grpc::CallbackServerContext* context,
                                            const v1::IngestDuoSignalRequest* request,
                                            v1::IngestDuoSignalResponse* response) override;
  grpc::ServerUnaryReactor* BatchIngestDuoSignals(
      grpc::CallbackServerContext* context, const v1::BatchIngestDuoSignalsRequest* request,
      v1::BatchIngestDuoSignalsResponse* response) override;
  grpc::ServerUnaryReactor* IssueProgrammeLateStatement(
      grpc::CallbackServerContext* context, const v1::IssueProgrammeLateStatementRequest* request,
      v1::CaseFile* response) override;
  grpc::ServerUnaryReactor* ReportExpectedNonCompletion(
      grpc::CallbackServerContext* context, const v1::ReportExpectedNonCompletionRequest* request,
      v1::CaseFile* response) override;

 private:
  domain::DuoUseCases& duo_;
  domain::TrajectoryUseCases& trajectories_;
  const RpcFrame& frame_;
  const PageTokenCodec& page_tokens_;
};

}  // namespace inburgering::server
