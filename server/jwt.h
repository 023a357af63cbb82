#pragma once

// Bearer-token verification: JWS compact tokens signed RS256 or ES256 (nothing else: `none`,
// HS256 and the rest are refused before any key is touched), keys from a JWKS file that is
// re-read when it changes (a file emptied, deleted or left without a usable key trusts no key:
// every token is refused, and an error is logged once per change), JSON with a key twice
// refused, `iss`, `aud`, `exp` and `nbf` checked with a small leeway, and a size
// limit. Signatures are checked by OpenSSL; verified tokens are cached (by SHA-256, never the
// token itself) until they expire, so a busy client does not pay a signature check per call.
// Thread-safe.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "domain/clock.h"

namespace inburgering::server {

struct JwtOptions {
  std::string jwks_path;  // a JSON Web Key Set: {"keys":[{kty, kid, alg?, n/e or crv/x/y}, ...]}
  std::string issuer;     // required `iss`
  std::string audience;   // must be in `aud`
  absl::Duration leeway = absl::Seconds(60);
  size_t max_token_bytes = 4096;
  size_t cache_entries = 10000;
  absl::Duration reload_check_interval = absl::Seconds(5);
};

// The claims the service uses.
struct VerifiedClaims {
  std::string subject;                      // `sub`
  std::vector<std::string> roles;           // `roles`: citizen, consultant, team_lead, ...
  std::vector<std::string> municipalities;  // `municipalities`: CBS codes, or "*"
  std::string provider_id;                  // `provider_id`: a provider's registered id
  absl::Time expiry;
};

class JwksKeys;

class JwtVerifier {
 public:
  // INVALID_ARGUMENT when the options are incomplete or the key set cannot be read.
  static absl::StatusOr<std::unique_ptr<JwtVerifier>> Create(JwtOptions options,
                                                             const domain::Clock& clock);
  ~JwtVerifier();

  // UNAUTHENTICATED with a reason that never repeats the token.
  absl::StatusOr<VerifiedClaims> Verify(absl::string_view token);

 private:
  JwtVerifier(JwtOptions options, const domain::Clock& clock);
  // Re-reads the key set when its file changed (at most once per reload_check_interval).
  void ReloadIfChanged();
  absl::StatusOr<VerifiedClaims> VerifyUncached(absl::string_view token);

  const JwtOptions options_;
  const domain::Clock& clock_;
  absl::Mutex mu_;
  std::shared_ptr<const JwksKeys> keys_ ABSL_GUARDED_BY(mu_);
  std::string keys_fingerprint_ ABSL_GUARDED_BY(mu_);  // the file's digest, or "missing"
  absl::Time next_reload_check_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, VerifiedClaims> cache_ ABSL_GUARDED_BY(mu_);
};

}  // namespace inburgering::server
