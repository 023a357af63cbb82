#pragma once

// HMAC-SHA256 pseudonyms under a secret key (--pseudonym-key). Without the key a pseudonym
// cannot be turned back into its value, nor computed from a guessed BSN.

#include <string>

#include "absl/strings/string_view.h"
#include "domain/pseudonyms.h"

namespace inburgering::server {

class HmacPseudonyms final : public domain::Pseudonyms {
 public:
  // An empty secret picks a random key (pseudonyms then change with every start).
  explicit HmacPseudonyms(absl::string_view secret);
  std::string Of(absl::string_view value) const override;

 private:
  std::string key_;
};

}  // namespace inburgering::server
