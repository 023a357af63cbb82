#include "server/pseudonyms.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "absl/strings/escaping.h"

namespace inburgering::server {

HmacPseudonyms::HmacPseudonyms(absl::string_view secret) : key_(secret) {
  if (key_.empty()) {
    key_.resize(32);
    RAND_bytes(reinterpret_cast<unsigned char*>(key_.data()), static_cast<int>(key_.size()));
  }
}

std::string HmacPseudonyms::Of(absl::string_view value) const {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(value.data()), value.size(), mac, &length);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(mac), 16));
}

}  // namespace inburgering::server
