// Bearer tokens through the real server (S2 of quality.md), on SQLite and PostgreSQL: every way a
// token can be wrong answers UNAUTHENTICATED and the token never reaches the log; both algorithms
// work; the key set is re-read when it changes.

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/logging.h"
#include "tests/testing/test_server.h"
#include "tests/testing/token_signer.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::DecodeError;
using ::inburgering::testing::TestServer;
using ::inburgering::testing::TokenSigner;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kIssuer[] = "https://idp.dronten.test";
constexpr char kAudience[] = "inburgering";

std::string TempJwksPath() {
  std::string dir = (std::filesystem::temp_directory_path() / "inburgering-jwks-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr) ADD_FAILURE() << "mkdtemp";
  return dir + "/jwks.json";
}

class BearerTokenTest : public ::testing::TestWithParam<persistence::Backend> {
 protected:
  BearerTokenTest() : jwks_(TempJwksPath()), server_(GetParam(), Config()) {}
  ~BearerTokenTest() override {
    std::filesystem::remove_all(std::filesystem::path(jwks_).parent_path());
  }

  ServerConfig Config() {
    signer_.WriteJwks(jwks_);
    ServerConfig config = TestServer::DefaultConfig();
    config.dev_auth = false;
    config.jwt.jwks_path = jwks_;
    config.jwt.issuer = kIssuer;
    config.jwt.audience = kAudience;
    config.jwt.reload_check_interval = absl::Seconds(1);
    return config;
  }

  json Claims(absl::Duration valid_for = absl::Minutes(10)) {
    const int64_t now = absl::ToUnixSeconds(server_.clock().Now());
    return {{"iss", kIssuer},
            {"aud", {"other", kAudience}},
            {"sub", "consultant-7"},
            {"roles", {"consultant"}},
            {"municipalities", {"0303"}},
            {"iat", now},
            {"exp", now + absl::ToInt64Seconds(valid_for)}};
  }

  grpc::Status Call(const std::string& authorization) {
    grpc::ClientContext context;
    if (!authorization.empty()) context.AddMetadata("authorization", authorization);
    v1::ListConsultantsRequest request;
    request.set_parent("municipalities/0303");
    v1::ListConsultantsResponse response;
    return server_.clients()->ListConsultants(&context, request, &response);
  }

  grpc::Status CallWith(const std::string& token) { return Call("Bearer " + token); }

  TokenSigner signer_;
  std::string jwks_;
  TestServer server_;
};

TEST_P(BearerTokenTest, Rs256AndEs256TokensAreAccepted) {
  EXPECT_TRUE(CallWith(signer_.Sign("RS256", Claims())).ok());
  EXPECT_TRUE(CallWith(signer_.Sign("ES256", Claims())).ok());
}

TEST_P(BearerTokenTest, EveryBadTokenIsUnauthenticatedAndNeverLogged) {
  json expired = Claims();
  expired["exp"] = absl::ToUnixSeconds(server_.clock().Now() - absl::Minutes(5));
  json not_yet = Claims();
  not_yet["nbf"] = absl::ToUnixSeconds(server_.clock().Now() + absl::Minutes(5));
  json wrong_audience = Claims();
  wrong_audience["aud"] = "someone-else";
  json wrong_issuer = Claims();
  wrong_issuer["iss"] = "https://evil.test";
  json no_expiry = Claims();
  no_expiry.erase("exp");
  const std::string good = signer_.Sign("RS256", Claims());
  std::string bad_signature = good;
  bad_signature[bad_signature.size() - 5] =
      bad_signature[bad_signature.size() - 5] == 'A' ? 'B' : 'A';
  json big = Claims();
  big["padding"] = std::string(4000, 'x');  // over the 4 KiB limit, under gRPC's 8 KiB

  const std::vector<std::pair<std::string, std::string>> cases = {
      {"no token", ""},
      {"not bearer", "Basic dXNlcjpwYXNz"},
      {"expired", "Bearer " + signer_.Sign("RS256", expired)},
      {"not yet valid", "Bearer " + signer_.Sign("ES256", not_yet)},
      {"wrong audience", "Bearer " + signer_.Sign("RS256", wrong_audience)},
      {"wrong issuer", "Bearer " + signer_.Sign("RS256", wrong_issuer)},
      {"no expiry", "Bearer " + signer_.Sign("RS256", no_expiry)},
      {"alg none", "Bearer " + absl::StrCat(absl::WebSafeBase64Escape(R"({"alg":"none"})"), ".",
                                            absl::WebSafeBase64Escape(Claims().dump()), ".")},
      {"HS256 with the RSA public key",
       "Bearer " + TokenSigner::SignHs256({{"alg", "HS256"}, {"kid", "rsa-1"}}, Claims(),
                                          signer_.RsaPublicPem())},
      {"bad signature", "Bearer " + bad_signature},
      {"oversized", "Bearer " + signer_.Sign("RS256", big)},
      {"garbage", "Bearer not.a.token"},
  };
  std::string logs;
  SetLogSinkForTesting(&logs);
  for (const auto& [name, authorization] : cases) {
    SCOPED_TRACE(name);
    const auto error = DecodeError(Call(authorization));
    EXPECT_EQ(error.code, grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(error.reason, "UNAUTHENTICATED");
  }
  SetLogSinkForTesting(nullptr);
  for (const auto& [name, authorization] : cases) {
    if (authorization.size() > 20) {
      EXPECT_THAT(logs, Not(HasSubstr(authorization.substr(7, 40)))) << name;
    }
  }
}

TEST_P(BearerTokenTest, RotatedKeysAreReadAndOldOnesStopWorking) {
  const std::string old_token = signer_.Sign("ES256", Claims(absl::Hours(1)));
  ASSERT_TRUE(CallWith(old_token).ok());
  signer_.Rotate();
  signer_.WriteJwks(jwks_);
  server_.clock().Advance(absl::Seconds(2));  // past the reload check interval
  EXPECT_TRUE(CallWith(signer_.Sign("ES256", Claims())).ok());
  EXPECT_EQ(CallWith(old_token).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

// Writes `text` as the key set file the way an operator should: a new file renamed over the old.
void ReplaceFile(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".new";
  std::ofstream(temporary) << text;
  std::filesystem::rename(temporary, path);
}

int Count(const std::string& text, const std::string& part) {
  int count = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

// S7: a key set file that is emptied, deleted or left with only unusable keys trusts no key; an
// error is logged once per change, and a good file brings the keys back.
TEST_P(BearerTokenTest, AKeySetWithoutUsableKeysRevokesEveryKey) {
  std::ifstream jwks_file(jwks_);
  json use_enc = json::parse(jwks_file);
  for (json& key : use_enc["keys"]) key["use"] = "enc";
  const json rsa_1024 = {{"keys",
                          {{{"kty", "RSA"},
                            {"kid", "rsa-1"},
                            {"alg", "RS256"},
                            {"n", absl::WebSafeBase64Escape(std::string(128, '\xc5'))},
                            {"e", "AQAB"}}}}};
  const std::vector<std::pair<std::string, std::optional<std::string>>> cases = {
      {"emptied", R"({"keys":[]})"},
      {"deleted", std::nullopt},
      {"only encryption keys", use_enc.dump()},
      {"only a 1024-bit key", rsa_1024.dump()},
      {"not JSON", "{\"keys\": ["},
  };
  std::ifstream good_file(jwks_);
  const std::string good((std::istreambuf_iterator<char>(good_file)), {});
  for (const auto& [name, text] : cases) {
    SCOPED_TRACE(name);
    std::string logs;
    SetLogSinkForTesting(&logs);
    if (text) {
      ReplaceFile(jwks_, *text);
    } else {
      std::filesystem::remove(jwks_);
    }
    server_.clock().Advance(absl::Seconds(2));  // past the reload check interval
    EXPECT_EQ(CallWith(signer_.Sign("RS256", Claims())).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
    server_.clock().Advance(absl::Seconds(2));
    EXPECT_EQ(CallWith(signer_.Sign("ES256", Claims())).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
    SetLogSinkForTesting(nullptr);
    EXPECT_EQ(Count(logs, "key set unusable"), 1) << logs;

    ReplaceFile(jwks_, good);
    server_.clock().Advance(absl::Seconds(2));
    EXPECT_TRUE(CallWith(signer_.Sign("RS256", Claims())).ok());
  }
}

// A claim given twice is read last-wins by some parsers and first-wins by others: refused.
TEST_P(BearerTokenTest, ATokenWithAClaimTwiceIsRefused) {
  const json claims = Claims();
  std::string text = claims.dump();
  text.insert(1, R"("roles":["admin"],)");  // claims.dump() has "roles" too
  EXPECT_EQ(CallWith(signer_.SignText("RS256", text)).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(CallWith(signer_.SignText("RS256", claims.dump())).ok());
}

TEST_P(BearerTokenTest, ClaimsDecideRolesAndMunicipalities) {
  json other = Claims();
  other["municipalities"] = {"0344"};
  EXPECT_EQ(CallWith(signer_.Sign("RS256", other)).error_code(), grpc::StatusCode::NOT_FOUND);
  json reporting = Claims();
  reporting["roles"] = {"reporting"};
  EXPECT_EQ(CallWith(signer_.Sign("RS256", reporting)).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  json citizen = Claims();
  citizen["roles"] = {"citizen"};
  citizen["sub"] = "not-a-bsn";
  EXPECT_EQ(CallWith(signer_.Sign("RS256", citizen)).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  citizen["sub"] = "111222333";
  EXPECT_EQ(CallWith(signer_.Sign("RS256", citizen)).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

INSTANTIATE_TEST_SUITE_P(Backends, BearerTokenTest,
                         ::testing::ValuesIn(::inburgering::testing::AllBackends()),
                         ::inburgering::testing::BackendParamName());

}  // namespace
}  // namespace inburgering::server
