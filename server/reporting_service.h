#pragma once

// inburgering.v1.ReportingService: indicators, caseload, work queue, provider outcomes and the
// streamed CBS delivery. Maps and validates; figures come from domain/reporting_use_cases.h.

#include "domain/reporting_use_cases.h"
#include "inburgering/v1/reporting_service.grpc.pb.h"
#include "server/page_token.h"
#include "server/rpc.h"

namespace inburgering::server {

class ReportingServiceImpl final
    : public v1::ReportingService::WithCallbackMethod_GetIndicators<
          v1::ReportingService::WithCallbackMethod_GetCaseload<
              v1::ReportingService::WithCallbackMethod_ListWorkItems<
                  v1::ReportingService::WithCallbackMethod_GetProviderOutcomes<
                      v1::ReportingService::WithCallbackMethod_ListCbsDeliveries<
                          v1::ReportingService::Service>>>>> {
 public:
  ReportingServiceImpl(domain::ReportingUseCases& reporting, const RpcFrame& frame,
                       const PageTokenCodec& page_tokens)
      : reporting_(reporting), frame_(frame), page_tokens_(page_tokens) {}

  grpc::ServerUnaryReactor* GetIndicators(grpc::CallbackServerContext* context,
                                          const v1::GetIndicatorsRequest* request,
                                          v1::IndicatorReport* response) override;
  grpc::ServerUnaryReactor* GetCaseload(grpc::CallbackServerContext* context,
                                        const v1::GetCaseloadRequest* request,
                                        v1::Caseload* response) override;
  grpc::ServerUnaryReactor* ListWorkItems(grpc::CallbackServerContext* context,
                                          const v1::ListWorkItemsRequest* request,
                                          v1::ListWorkItemsResponse* response) override;
  grpc::ServerUnaryReactor* ListCbsDeliveries(grpc::CallbackServerContext* context,
                                              const v1::ListCbsDeliveriesRequest* request,
                                              v1::ListCbsDeliveriesResponse* response) override;
  grpc::ServerUnaryReactor* GetProviderOutcomes(grpc::CallbackServerContext* context,
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
