#pragma once

// Test keys and tokens: an RSA 2048 and an EC P-256 key pair made at start, their public halves
// written as a JWKS file, and JWS tokens signed with them (or deliberately broken).

#include <string>

#include "nlohmann/json.hpp"

namespace inburgering::testing {

class TokenSigner {
 public:
  TokenSigner();
  ~TokenSigner();
  TokenSigner(const TokenSigner&) = delete;
  TokenSigner& operator=(const TokenSigner&) = delete;

  // Writes the public keys as a JWKS file (kids "rsa-1" and "ec-1"; `rotate` gives new keys and
  // kids "rsa-2"/"ec-2" first).
  void WriteJwks(const std::string& path) const;
  void Rotate();

  // header.payload.signature with `alg` RS256 or ES256 and the current key's kid.
  std::string Sign(const std::string& alg, const nlohmann::json& payload) const;
  // The same with the payload's JSON text as given (e.g. with a key twice).
  std::string SignText(const std::string& alg, const std::string& payload) const;
  // A token whose header is `header` and whose signature is HMAC-SHA256 with `secret`.
  static std::string SignHs256(const nlohmann::json& header, const nlohmann::json& payload,
                               const std::string& secret);
  // The RSA public key as PEM (the classic HS256 key-confusion attack uses it as the secret).
  std::string RsaPublicPem() const;

 private:
  struct Keys;
  Keys* keys_;
};

}  // namespace inburgering::testing
