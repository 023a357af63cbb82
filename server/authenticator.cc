#include "server/authenticator.h"

#include <string>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "domain/errors.h"
#include "domain/validation.h"

namespace inburgering::server {
namespace {

std::string Metadata(const grpc::ServerContext& context, const char* key, const char* fallback) {
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
  absl::StatusOr<domain::Caller> Authenticate(const grpc::ServerContext& context) const override {
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
  absl::StatusOr<domain::Caller> Authenticate(const grpc::ServerContext&) const override {
    return Unauthenticated("this server accepts no credentials yet");
  }
};

}  // namespace

std::unique_ptr<Authenticator> MakeDevelopmentAuthenticator() {
  return std::make_unique<DevelopmentAuthenticator>();
}

std::unique_ptr<Authenticator> MakeRefusingAuthenticator() {
  return std::make_unique<RefusingAuthenticator>();
}

}  // namespace inburgering::server
