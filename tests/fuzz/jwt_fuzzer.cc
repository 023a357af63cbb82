// Bearer tokens from untrusted callers: verifying anything must neither crash nor accept a
// token that the test key did not sign; mutations of a valid token are explored from the seeds.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "server/jwt.h"
#include "tests/testing/token_signer.h"

namespace {

class FixedClock final : public inburgering::domain::Clock {
 public:
  absl::Time Now() const override { return absl::FromUnixSeconds(1750000000); }
};

struct Fixture {
  FixedClock clock;
  inburgering::testing::TokenSigner signer;
  std::unique_ptr<inburgering::server::JwtVerifier> verifier;

  Fixture() {
    const std::string path =
        (std::filesystem::temp_directory_path() / "inburgering-fuzz-jwks.json").string();
    signer.WriteJwks(path);
    inburgering::server::JwtOptions options;
    options.jwks_path = path;
    options.issuer = "https://idp.test";
    options.audience = "inburgering";
    verifier = *inburgering::server::JwtVerifier::Create(options, clock);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture* fixture = new Fixture();
  const std::string token(reinterpret_cast<const char*>(data), size);
  auto claims = fixture->verifier->Verify(token);
  // The fuzzer cannot forge a signature: only well-formed tokens signed by the key may pass, and
  // those carry the required claims.
  if (claims.ok() && claims->subject.empty()) std::abort();
  return 0;
}
