#pragma once

// inburgering.v1.PrivacyService: the processing log for the privacy officer and citizens.

#include "domain/privacy_use_cases.h"
#include "inburgering/v1/privacy_service.grpc.pb.h"
#include "server/page_token.h"
#include "server/rpc.h"

namespace inburgering::server {

class PrivacyServiceImpl final
    : public v1::PrivacyService::WithCallbackMethod_ListProcessingRecords<
          v1::PrivacyService::Service> {
 public:
  PrivacyServiceImpl(domain::PrivacyUseCases& privacy, const RpcFrame& frame,
                     const PageTokenCodec& page_tokens)
      : privacy_(privacy), frame_(frame), page_tokens_(page_tokens) {}

  grpc::ServerUnaryReactor* ListProcessingRecords(
      grpc::CallbackServerContext* context, const v1::ListProcessingRecordsRequest* request,
      v1::ListProcessingRecordsResponse* response) override;
  grpc::Status ExportProcessingRecords(
      grpc::ServerContext* context, const v1::ExportProcessingRecordsRequest* request,
      grpc::ServerWriter<v1::ExportProcessingRecordsResponse>* writer) override;

 private:
  domain::PrivacyUseCases& privacy_;
  const RpcFrame& frame_;
  const PageTokenCodec& page_tokens_;
};

}  // namespace inburgering::server
