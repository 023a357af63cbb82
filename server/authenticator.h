#pragma once

// Who is calling. The authenticator turns a call's credentials into a domain::Caller; every RPC
// but health and reflection goes through one. Implementations are thread-safe.

#include <memory>

#include "absl/status/statusor.h"
#include "domain/caller.h"
#include "domain/pseudonyms.h"
#include "grpcpp/server_context.h"
#include "server/jwt.h"

namespace inburgering::server {

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // UNAUTHENTICATED when the call carries no acceptable credentials.
  virtual absl::StatusOr<domain::Caller> Authenticate(
      const grpc::ServerContextBase& context) const = 0;
};

// Development only (`--dev-auth`): trusts the call's metadata, with defaults that make a bare
// call an administrator of every municipality:
//   x-dev-subject         the caller's id (default `developer`)
//   x-dev-roles           comma-separated roles (default `admin`)
//   x-dev-municipalities  comma-separated CBS codes, or `*` for all (default `*`)
//   x-dev-bsn             for the citizen role: the citizen's BSN
std::unique_ptr<Authenticator> MakeDevelopmentAuthenticator();

// Refuses every call: the server's authenticator when none is configured.
std::unique_ptr<Authenticator> MakeRefusingAuthenticator();

// Bearer tokens (`authorization: Bearer <JWT>`), verified by `verifier`. Claims: `sub`, `roles`
// (citizen, consultant, team_lead, reporting, integration, admin; unknown ones are ignored),
// `municipalities` (CBS codes, or "*"). For a citizen `sub` is their BSN (as the DigiD-backed
// portal asserts it): kept apart as Caller::citizen_bsn, and the caller's subject becomes a
// pseudonym, so that no log line carries it.
std::unique_ptr<Authenticator> MakeJwtAuthenticator(JwtVerifier& verifier,
                                                    const domain::Pseudonyms& pseudonyms);

}  // namespace inburgering::server
