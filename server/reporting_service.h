#pragma once

// inburgering.v1.ReportingService: indicators, caseload, work queue, provider outcomes and the
// streamed CBS delivery. Maps and validates; figures come from domain/reporting_use_cases.h.

#include "domain/reporting_use_cases.h"
#include "inburgering/v1/reporting_service.grpc.pb.h"
#include "server/page_token.h"
#include "server/rpc.h"

namespace inburgering::server {

class ReportingServiceImpl final : public v1::ReportingService::Service {
 public:
  ReportingServiceImpl(domain::ReportingUseCases& reporting, const RpcFrame& frame,
                       const PageTokenCodec& page_tokens)
      : reporting_(reporting), frame_(frame), page_tokens_(page_tokens) {}

  grpc::Status GetIndicators(grpc::ServerContext* context, const v1::GetIndicatorsRequest* request,
                             v1::IndicatorReport* response) override;
  grpc::Status GetCaseload(grpc::ServerContext* context, const v1::GetCaseloadRequest* request,
                           v1::Caseload* response) override;
  grpc::Status ListWorkItems(grpc::ServerContext* context, const v1::ListWorkItemsRequest* request,
                             v1::ListWorkItemsResponse* response) override;
  grpc::Status ListCbsDeliveries(grpc::ServerContext* context,
                                 const v1::ListCbsDeliveriesRequest* request,
                                 v1::ListCbsDeliveriesResponse* response) override;
  grpc::Status GetProviderOutcomes(grpc::ServerContext* context,
                                   const v1::GetProviderOutcomesRequest* request,
                                   v1::ProviderOutcomes* response) override;
  grpc::Status ExportCbsDelivery(grpc::ServerContext* context,
                                 const v1::ExportCbsDeliveryRequest* request,
                                 grpc::ServerWriter<v1::CbsDeliveryChunk>* writer) override;

 private:
  domain::ReportingUseCases& reporting_;
  const RpcFrame& frame_;
  const PageTokenCodec& page_tokens_;
};

}  // namespace inburgering::server
