#include "server/authenticator.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "domain/client.h"
#include "domain/errors.h"
#include "domain/validation.h"

namespace inburgering::server {
namespace {

std::string Metadata(const grpc::ServerContextBase& context, const char* key,
                     const char* fallback) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(key);
  if (it == metadata.end()) return fallback;
  return std::string(it->second.data(), it->second.size());
}

absl::Status Unauthenticated(absl::string_view message) {
  return domain::WithReason(absl::UnauthenticatedError(message), domain::reason::kUnauthenticated);
}

class DevelopmentAuthenticator final : public Authenticator {
 public:
  absl::StatusOr<domain::Caller> Authenticate(
      const grpc::ServerContextBase& context) const override {
    domain::Caller caller;
    caller.subject = Metadata(context, "x-dev-subject", "developer");
    if (!domain::IsValidToken(caller.subject)) {
      return Unauthenticated("x-dev-subject must be 1-64 characters of [A-Za-z0-9_-]");
    }
    for (absl::string_view role :
         absl::StrSplit(Metadata(context, "x-dev-roles", "admin"), ',', absl::SkipWhitespace())) {
      domain::Role parsed;
      if (!domain::ParseRole(absl::StripAsciiWhitespace(role), &parsed)) {
        return Unauthenticated("x-dev-roles names an unknown role");
      }
      caller.roles.insert(parsed);
    }
    if (caller.Has(domain::Role::kCitizen)) caller.citizen_bsn = Metadata(context, "x-dev-bsn", "");
    if (caller.Has(domain::Role::kProvider)) {
      caller.provider_id = Metadata(context, "x-dev-provider", "");
      if (!domain::IsValidToken(caller.provider_id)) {
        return Unauthenticated("x-dev-provider must be 1-64 characters of [A-Za-z0-9_-]");
      }
    }
    const std::string municipalities = Metadata(context, "x-dev-municipalities", "*");
    if (municipalities == "*") {
      caller.all_municipalities = true;
    } else {
      for (absl::string_view m : absl::StrSplit(municipalities, ',', absl::SkipWhitespace())) {
        caller.municipalities.insert(std::string(absl::StripAsciiWhitespace(m)));
      }
    }
    return caller;
  }
};

class RefusingAuthenticator final : public Authenticator {
 public:
  absl::StatusOr<domain::Caller> Authenticate(const grpc::ServerContextBase&) const override {
    return Unauthenticated("this server accepts no credentials yet");
  }
};

class JwtAuthenticator final : public Authenticator {
 public:
  JwtAuthenticator(JwtVerifier& verifier, const domain::Pseudonyms& pseudonyms)
      : verifier_(verifier), pseudonyms_(pseudonyms) {}

  absl::StatusOr<domain::Caller> Authenticate(
      const grpc::ServerContextBase& context) const override {
    std::string header = Metadata(context, "authorization", "");
    absl::string_view token(header);
    if (!absl::ConsumePrefix(&token, "Bearer ") && !absl::ConsumePrefix(&token, "bearer ")) {
      return Unauthenticated("a bearer token is required (authorization: Bearer <JWT>)");
    }
    absl::StatusOr<VerifiedClaims> claims = verifier_.Verify(token);
    if (!claims.ok()) return claims.status();
    domain::Caller caller;
    for (const std::string& name : claims->roles) {
      domain::Role role;
      if (domain::ParseRole(name, &role)) caller.roles.insert(role);
    }
    for (const std::string& m : claims->municipalities) {
      if (m == "*") {
        caller.all_municipalities = true;
      } else {
        caller.municipalities.insert(m);
      }
    }
    if (caller.Has(domain::Role::kProvider)) {
      if (!domain::IsValidToken(claims->provider_id)) {
        return Unauthenticated("a provider's token must carry its provider_id");
      }
      caller.provider_id = claims->provider_id;
    }
    if (caller.Has(domain::Role::kCitizen) && !caller.IsStaff()) {
      if (!domain::IsValidBsn(claims->subject)) {
        return Unauthenticated("a citizen's token must carry their BSN as subject");
      }
      caller.citizen_bsn = claims->subject;
      caller.subject = absl::StrCat("citizen-", pseudonyms_.Of(claims->subject));
    } else {
      if (!domain::IsCleanText(claims->subject, 128) || domain::IsValidBsn(claims->subject)) {
        return Unauthenticated("the token's subject must be a staff or system identifier");
      }
      caller.subject = claims->subject;
    }
    return caller;
  }

 private:
  JwtVerifier& verifier_;
  const domain::Pseudonyms& pseudonyms_;
};

}  // namespace

std::unique_ptr<Authenticator> MakeJwtAuthenticator(JwtVerifier& verifier,
                                                    const domain::Pseudonyms& pseudonyms) {
  return std::make_unique<JwtAuthenticator>(verifier, pseudonyms);
}

std::unique_ptr<Authenticator> MakeDevelopmentAuthenticator() {
  return std::make_unique<DevelopmentAuthenticator>();
}

std::unique_ptr<Authenticator> MakeRefusingAuthenticator() {
  return std::make_unique<RefusingAuthenticator>();
}

}  // namespace inburgering::server
