#pragma once

// HMAC-SHA256 pseudonyms under a secret key (--pseudonym-key). Without the key a pseudonym
// cannot be turned back into its value, nor computed from a guessed BSN.

#include <openssl/evp.h>

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "domain/pseudonyms.h"

namespace inburgering::server {

class HmacPseudonyms final : public domain::Pseudonyms {
 public:
  // An empty secret picks a random key (pseudonyms then change with every start).
  explicit HmacPseudonyms(absl::string_view secret);
  // The first 16 bytes of HMAC-SHA256(key, value), in hex.
  std::string Of(absl::string_view value) const override;

 private:
  // SHA-256 after the key's inner and outer padded block (RFC 2104), copied for each value.
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> inner_;
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> outer_;
};

}  // namespace inburgering::server
