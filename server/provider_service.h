#pragma once

// inburgering.v1.ProviderService: the providers' register, what a provider sees of its
// enrollments, and its batched reports. Maps proto <-> domain and validates every field; the
// rules live in domain/provider.h.

#include "domain/provider_use_cases.h"
#include "inburgering/v1/provider_service.grpc.pb.h"
#include "server/page_token.h"
#include "server/rpc.h"

namespace inburgering::server {

class ProviderServiceImpl final : public v1::ProviderService::CallbackService {
 public:
  ProviderServiceImpl(domain::ProviderUseCases& providers, const RpcFrame& frame,
                      const PageTokenCodec& page_tokens)
      : providers_(providers), frame_(frame), page_tokens_(page_tokens) {}

  grpc::ServerUnaryReactor* CreateProvider(grpc::CallbackServerContext* context,
                                           const v1::CreateProviderRequest* request,
                                           v1::Provider* response) override;
  grpc::ServerUnaryReactor* GetProvider(grpc::CallbackServerContext* context,
                                        const v1::GetProviderRequest* request,
                                        v1::Provider* response) override;
  grpc::ServerUnaryReactor* ListProviders(grpc::CallbackServerContext* context,
                                          const v1::ListProvidersRequest* request,
                                          v1::ListProvidersResponse* response) override;
  grpc::ServerUnaryReactor* ListProviderEnrollments(
      grpc::CallbackServerContext* context, const v1::ListProviderEnrollmentsRequest* request,
      v1::ListProviderEnrollmentsResponse* response) override;
  grpc::ServerUnaryReactor* BatchSubmitProviderReports(
      grpc::CallbackServerContext* context, const v1::BatchSubmitProviderReportsRequest* request,
      v1::BatchSubmitProviderReportsResponse* response) override;
  grpc::ServerUnaryReactor* ListProviderReports(grpc::CallbackServerContext* context,
                                                const v1::ListProviderReportsRequest* request,
                                                v1::ListProviderReportsResponse* response) override;

 private:
  domain::ProviderUseCases& providers_;
  const RpcFrame& frame_;
  const PageTokenCodec& page_tokens_;
};

}  // namespace inburgering::server
