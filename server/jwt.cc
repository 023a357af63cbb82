#include "server/jwt.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/errors.h"
#include "nlohmann/json.hpp"
#include "server/logging.h"

namespace inburgering::server {
namespace {

using nlohmann::json;

absl::Status Unauthenticated(absl::string_view why) {
  return domain::WithReason(absl::UnauthenticatedError(absl::StrCat("invalid token: ", why)),
                            domain::reason::kUnauthenticated);
}

struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

bool Base64Url(absl::string_view in, std::string* out) {
  return absl::WebSafeBase64Unescape(in, out);
}

// A big-endian unsigned integer from base64url.
BIGNUM* BigNum(const json& jwk, const char* field) {
  std::string bytes;
  if (!jwk.contains(field) || !jwk[field].is_string() ||
      !Base64Url(jwk[field].get<std::string>(), &bytes) || bytes.empty()) {
    return nullptr;
  }
  return BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                   static_cast<int>(bytes.size()), nullptr);
}

// A public key of `type` ("RSA" or "EC") from the parameters in `build` (which it frees).
Pkey FromParams(const char* type, OSSL_PARAM_BLD* build) {
  Pkey key;
  OSSL_PARAM* params = build != nullptr ? OSSL_PARAM_BLD_to_param(build) : nullptr;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  EVP_PKEY* raw = nullptr;
  if (params != nullptr && ctx != nullptr && EVP_PKEY_fromdata_init(ctx) == 1 &&
      EVP_PKEY_fromdata(ctx, &raw, EVP_PKEY_PUBLIC_KEY, params) == 1) {
    key.reset(raw);
  }
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(build);
  EVP_PKEY_CTX_free(ctx);
  return key;
}

Pkey RsaKey(const json& jwk) {
  BIGNUM* n = BigNum(jwk, "n");
  BIGNUM* e = BigNum(jwk, "e");
  OSSL_PARAM_BLD* build = OSSL_PARAM_BLD_new();
  const bool ok = n != nullptr && e != nullptr && build != nullptr && BN_num_bits(n) >= 2048 &&
                  OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_N, n) == 1 &&
                  OSSL_PARAM_BLD_push_BN(build, OSSL_PKEY_PARAM_RSA_E, e) == 1;
  Pkey key = ok ? FromParams("RSA", build) : (OSSL_PARAM_BLD_free(build), nullptr);
  BN_free(n);
  BN_free(e);
  return key;
}

Pkey EcKey(const json& jwk) {
  std::string x, y;
  if (jwk.value("crv", "") != "P-256" || !jwk.contains("x") || !jwk.contains("y") ||
      !jwk["x"].is_string() || !jwk["y"].is_string() ||
      !Base64Url(jwk["x"].get<std::string>(), &x) || !Base64Url(jwk["y"].get<std::string>(), &y) ||
      x.size() != 32 || y.size() != 32) {
    return nullptr;
  }
  const std::string point = absl::StrCat(std::string(1, '\x04'), x, y);  // uncompressed
  OSSL_PARAM_BLD* build = OSSL_PARAM_BLD_new();
  const bool ok =
      build != nullptr &&
      OSSL_PARAM_BLD_push_utf8_string(build, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) == 1 &&
      OSSL_PARAM_BLD_push_octet_string(build, OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) == 1;
  return ok ? FromParams("EC", build) : (OSSL_PARAM_BLD_free(build), nullptr);
}

// JWS ES256 signatures are R||S (32 bytes each); OpenSSL verifies DER.
bool EcdsaRawToDer(absl::string_view raw, std::string* der) {
  if (raw.size() != 64) return false;
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr);
  if (sig == nullptr || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return false;
  }
  unsigned char* out = nullptr;
  const int length = i2d_ECDSA_SIG(sig, &out);
  ECDSA_SIG_free(sig);
  if (length <= 0) return false;
  der->assign(reinterpret_cast<char*>(out), static_cast<size_t>(length));
  OPENSSL_free(out);
  return true;
}

bool VerifySignature(EVP_PKEY* key, absl::string_view signed_part, absl::string_view signature) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok =
      ctx != nullptr && EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(signed_part.data()),
                       signed_part.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

std::string Sha256(absl::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(digest), length);
}

// The key set file's text, or nullopt when it is missing or cannot be read.
std::optional<std::string> ReadKeySetFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

constexpr char kMissing[] = "missing";

// What a key set file is now, to see that it changed: a digest of its text, or "missing".
std::string Fingerprint(const std::optional<std::string>& text) {
  return text ? absl::BytesToHexString(Sha256(*text)) : kMissing;
}

// JSON as RFC 8259 leaves open and a strict reader refuses: an object with a key twice would be
// read last-wins here and first-wins elsewhere, so a signed token could mean two things. Such a
// text parses as discarded.
json ParseStrict(absl::string_view text) {
  std::vector<std::vector<std::string>> keys;  // the keys seen, per open object
  bool duplicate = false;
  json::parser_callback_t callback = [&](int /*depth*/, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) keys.emplace_back();
    if (event == json::parse_event_t::object_end && !keys.empty()) keys.pop_back();
    if (event == json::parse_event_t::key && !keys.empty()) {
      const std::string key = parsed.get<std::string>();
      for (const std::string& seen : keys.back()) duplicate = duplicate || seen == key;
      keys.back().push_back(key);
    }
    return true;
  };
  json value = json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/false);
  return duplicate ? json(json::value_t::discarded) : value;
}

}  // namespace

// The verification keys of one JWKS file version.
class JwksKeys {
 public:
  struct Key {
    std::string kid;
    std::string alg;  // RS256 or ES256
    Pkey pkey;
  };

  // The usable keys of a key set file's text; INVALID_ARGUMENT when it has none.
  static absl::StatusOr<std::shared_ptr<const JwksKeys>> Parse(absl::string_view text) {
    json set = ParseStrict(text);
    if (set.is_discarded() || !set.is_object() || !set.contains("keys") ||
        !set["keys"].is_array()) {
      return absl::InvalidArgumentError("the JWKS file is not a JSON Web Key Set (--jwks)");
    }
    auto keys = std::make_shared<JwksKeys>();
    for (const json& jwk : set["keys"]) {
      if (!jwk.is_object() || jwk.value("use", "sig") != "sig") continue;
      Key key;
      key.kid = jwk.value("kid", "");
      const std::string kty = jwk.value("kty", "");
      if (kty == "RSA") {
        key.alg = "RS256";
        key.pkey = RsaKey(jwk);
      } else if (kty == "EC") {
        key.alg = "ES256";
        key.pkey = EcKey(jwk);
      }
      // A key whose declared alg is not the one its type allows is not used.
      if (key.pkey && jwk.value("alg", key.alg) == key.alg) keys->keys_.push_back(std::move(key));
    }
    if (keys->keys_.empty()) {
      return absl::InvalidArgumentError("the JWKS file has no usable RS256 or ES256 key (--jwks)");
    }
    return std::shared_ptr<const JwksKeys>(std::move(keys));
  }

  // The key for `alg` and `kid` (any key of `alg` when the token names none).
  const Key* Find(absl::string_view alg, absl::string_view kid) const {
    for (const Key& key : keys_) {
      if (key.alg == alg && (kid.empty() || key.kid == kid)) return &key;
    }
    return nullptr;
  }

  size_t size() const { return keys_.size(); }

 private:
  std::vector<Key> keys_;
};

JwtVerifier::JwtVerifier(JwtOptions options, const domain::Clock& clock)
    : options_(std::move(options)), clock_(clock) {}

JwtVerifier::~JwtVerifier() = default;

absl::StatusOr<std::unique_ptr<JwtVerifier>> JwtVerifier::Create(JwtOptions options,
                                                                 const domain::Clock& clock) {
  if (options.issuer.empty() || options.audience.empty()) {
    return absl::InvalidArgumentError("token verification needs --jwt-issuer and --jwt-audience");
  }
  std::unique_ptr<JwtVerifier> verifier(new JwtVerifier(std::move(options), clock));
  const std::optional<std::string> text = ReadKeySetFile(verifier->options_.jwks_path);
  if (!text) return absl::InvalidArgumentError("the JWKS file cannot be read (--jwks)");
  absl::StatusOr<std::shared_ptr<const JwksKeys>> keys = JwksKeys::Parse(*text);
  if (!keys.ok()) return keys.status();
  absl::MutexLock lock(&verifier->mu_);
  verifier->keys_ = *std::move(keys);
  verifier->keys_fingerprint_ = Fingerprint(text);
  verifier->next_reload_check_ = clock.Now() + verifier->options_.reload_check_interval;
  return verifier;
}

void JwtVerifier::ReloadIfChanged() {
  const absl::Time now = clock_.Now();
  std::string known;
  {
    absl::MutexLock lock(&mu_);
    if (now < next_reload_check_) return;
    next_reload_check_ = now + options_.reload_check_interval;
    known = keys_fingerprint_;
  }
  const std::optional<std::string> text = ReadKeySetFile(options_.jwks_path);
  const std::string fingerprint = Fingerprint(text);
  if (fingerprint == known) return;
  // Fail closed: a key set that is gone, broken or without a usable key trusts no key at all, so
  // that emptying the file revokes the last key as removing one of two revokes that one.
  absl::StatusOr<std::shared_ptr<const JwksKeys>> keys =
      text ? JwksKeys::Parse(*text)
           : absl::InvalidArgumentError("the JWKS file cannot be read (--jwks)");
  if (keys.ok()) {
    Log(LogLevel::kInfo, "key set reloaded", {{"keys", (*keys)->size()}});
  } else {
    Log(LogLevel::kError, "key set unusable: every token is refused until it holds a usable key",
        {{"detail", std::string(keys.status().message())}});
  }
  absl::MutexLock lock(&mu_);
  keys_ = keys.ok() ? *std::move(keys) : std::make_shared<const JwksKeys>();
  keys_fingerprint_ = fingerprint;
  cache_.clear();  // a removed key must stop working at once
}

absl::StatusOr<VerifiedClaims> JwtVerifier::Verify(absl::string_view token) {
  if (token.empty()) return Unauthenticated("no bearer token");
  if (token.size() > options_.max_token_bytes) return Unauthenticated("token too large");
  ReloadIfChanged();
  const std::string digest = Sha256(token);
  const absl::Time now = clock_.Now();
  {
    absl::MutexLock lock(&mu_);
    auto it = cache_.find(digest);
    if (it != cache_.end()) {
      if (now <= it->second.expiry + options_.leeway) return it->second;
      cache_.erase(it);
    }
  }
  absl::StatusOr<VerifiedClaims> claims = VerifyUncached(token);
  if (claims.ok()) {
    absl::MutexLock lock(&mu_);
    if (cache_.size() >= options_.cache_entries) cache_.clear();
    cache_[digest] = *claims;
  }
  return claims;
}

absl::StatusOr<VerifiedClaims> JwtVerifier::VerifyUncached(absl::string_view token) {
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) return Unauthenticated("not a JWS compact token");
  std::string header_text, payload_text, signature;
  if (!Base64Url(parts[0], &header_text) || !Base64Url(parts[1], &payload_text) ||
      !Base64Url(parts[2], &signature)) {
    return Unauthenticated("not base64url");
  }
  const json header = ParseStrict(header_text);
  if (header.is_discarded() || !header.is_object() || !header.contains("alg") ||
      !header["alg"].is_string()) {
    return Unauthenticated("malformed header");
  }
  const std::string alg = header["alg"].get<std::string>();
  if (alg != "RS256" && alg != "ES256") return Unauthenticated("algorithm not allowed");
  const std::string kid =
      header.contains("kid") && header["kid"].is_string() ? header["kid"].get<std::string>() : "";

  std::shared_ptr<const JwksKeys> keys;
  {
    absl::MutexLock lock(&mu_);
    keys = keys_;
  }
  const JwksKeys::Key* key = keys->Find(alg, kid);
  if (key == nullptr) return Unauthenticated("no key for this token");
  std::string der;
  if (alg == "ES256") {
    if (!EcdsaRawToDer(signature, &der)) return Unauthenticated("bad signature");
    signature = std::move(der);
  }
  const absl::string_view signed_part(token.data(), parts[0].size() + 1 + parts[1].size());
  if (!VerifySignature(key->pkey.get(), signed_part, signature)) {
    return Unauthenticated("bad signature");
  }

  const json payload = ParseStrict(payload_text);
  if (payload.is_discarded() || !payload.is_object()) return Unauthenticated("malformed payload");
  const absl::Time now = clock_.Now();
  if (!payload.contains("exp") || !payload["exp"].is_number_integer()) {
    return Unauthenticated("no expiry");
  }
  VerifiedClaims claims;
  claims.expiry = absl::FromUnixSeconds(payload["exp"].get<int64_t>());
  if (now > claims.expiry + options_.leeway) return Unauthenticated("expired");
  if (payload.contains("nbf") &&
      (!payload["nbf"].is_number_integer() ||
       now + options_.leeway < absl::FromUnixSeconds(payload["nbf"].get<int64_t>()))) {
    return Unauthenticated("not yet valid");
  }
  if (!payload.contains("iss") || payload["iss"] != options_.issuer) {
    return Unauthenticated("wrong issuer");
  }
  bool audience = false;
  if (payload.contains("aud")) {
    const json& aud = payload["aud"];
    if (aud.is_string()) audience = aud == options_.audience;
    if (aud.is_array()) {
      for (const json& a : aud) audience = audience || a == options_.audience;
    }
  }
  if (!audience) return Unauthenticated("wrong audience");
  if (!payload.contains("sub") || !payload["sub"].is_string() ||
      payload["sub"].get<std::string>().empty()) {
    return Unauthenticated("no subject");
  }
  claims.subject = payload["sub"].get<std::string>();
  if (payload.contains("provider_id")) {
    if (!payload["provider_id"].is_string()) return Unauthenticated("provider_id must be a string");
    claims.provider_id = payload["provider_id"].get<std::string>();
  }
  for (auto [field, out] :
       {std::pair<const char*, std::vector<std::string>*>{"roles", &claims.roles},
        {"municipalities", &claims.municipalities}}) {
    if (!payload.contains(field)) continue;
    const json& list = payload[field];
    if (!list.is_array()) return Unauthenticated(absl::StrCat(field, " must be a list"));
    for (const json& item : list) {
      if (!item.is_string()) return Unauthenticated(absl::StrCat(field, " must be strings"));
      out->push_back(item.get<std::string>());
    }
  }
  return claims;
}

}  // namespace inburgering::server
