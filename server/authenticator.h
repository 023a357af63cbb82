#pragma once

// Who is calling. The authenticator turns a call's credentials into a domain::Caller; every RPC
// but health and reflection goes through one. Implementations are thread-safe.

#include <memory>

#include "absl/status/statusor.h"
#include "domain/caller.h"
#include "grpcpp/server_context.h"

namespace inburgering::server {

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // UNAUTHENTICATED when the call carries no acceptable credentials.
  virtual absl::StatusOr<domain::Caller> Authenticate(const grpc::ServerContext& context) const = 0;
};

// Development only (`--dev-auth`): trusts the call's metadata, with defaults that make a bare
// call an administrator of every municipality:
//   x-dev-subject         the caller's id (default `developer`)
//   x-dev-roles           comma-separated roles (default `admin`)
//   x-dev-municipalities  comma-separated CBS codes, or `*` for all (default `*`)
std::unique_ptr<Authenticator> MakeDevelopmentAuthenticator();

// Refuses every call: the server's authenticator until a real one is configured.
std::unique_ptr<Authenticator> MakeRefusingAuthenticator();

}  // namespace inburgering::server
