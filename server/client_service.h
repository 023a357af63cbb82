#pragma once

// inburgering.v1.ClientService: the municipality's team register (and, next, its clients).
// Maps proto <-> domain and validates every field; the rules live in domain/.

#include "domain/client_use_cases.h"
#include "domain/consultant_use_cases.h"
#include "inburgering/v1/client_service.grpc.pb.h"
#include "server/arena_messages.h"
#include "server/page_token.h"
#include "server/rpc.h"

namespace inburgering::server {

class ClientServiceImpl final : public v1::ClientService::CallbackService {
 public:
  ClientServiceImpl(domain::ConsultantUseCases& consultants, domain::ClientUseCases& clients,
                    const RpcFrame& frame, const PageTokenCodec& page_tokens)
      : consultants_(consultants), clients_(clients), frame_(frame), page_tokens_(page_tokens) {
    SetMessageAllocatorFor_ListClients(&client_pages_);
  }

  grpc::ServerUnaryReactor* CreateConsultant(grpc::CallbackServerContext* context,
                                             const v1::CreateConsultantRequest* request,
                                             v1::Consultant* response) override;
  grpc::ServerUnaryReactor* GetConsultant(grpc::CallbackServerContext* context,
                                          const v1::GetConsultantRequest* request,
                                          v1::Consultant* response) override;
  grpc::ServerUnaryReactor* ListConsultants(grpc::CallbackServerContext* context,
                                            const v1::ListConsultantsRequest* request,
                                            v1::ListConsultantsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateConsultant(grpc::CallbackServerContext* context,
                                             const v1::UpdateConsultantRequest* request,
                                             v1::Consultant* response) override;
  grpc::ServerUnaryReactor* CreateClient(grpc::CallbackServerContext* context,
                                         const v1::CreateClientRequest* request,
                                         v1::Client* response) override;
  grpc::ServerUnaryReactor* GetClient(grpc::CallbackServerContext* context,
                                      const v1::GetClientRequest* request,
                                      v1::Client* response) override;
  grpc::ServerUnaryReactor* ListClients(grpc::CallbackServerContext* context,
                                        const v1::ListClientsRequest* request,
                                        v1::ListClientsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateClient(grpc::CallbackServerContext* context,
                                         const v1::UpdateClientRequest* request,
                                         v1::Client* response) override;
  grpc::ServerUnaryReactor* FindClientByBsn(grpc::CallbackServerContext* context,
                                            const v1::FindClientByBsnRequest* request,
                                            v1::Client* response) override;
  grpc::ServerUnaryReactor* AssignConsultant(grpc::CallbackServerContext* context,
                                             const v1::AssignConsultantRequest* request,
                                             v1::Client* response) override;

 private:
  domain::ConsultantUseCases& consultants_;
  domain::ClientUseCases& clients_;
  const RpcFrame& frame_;
  const PageTokenCodec& page_tokens_;
  ArenaMessages<v1::ListClientsRequest, v1::ListClientsResponse> client_pages_;
};

}  // namespace inburgering::server
