// Pseudonyms are HMAC-SHA256 under the configured key (stored in the processing log, so they must
// not change with the implementation): checked against OpenSSL's own HMAC for keys shorter than,
// as long as and longer than SHA-256's block.

#include "server/pseudonyms.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace inburgering::server {
namespace {

std::string Reference(const std::string& key, const std::string& value) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(value.data()), value.size(), mac, &length);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(mac), 16));
}

TEST(PseudonymsTest, APseudonymIsTheHmacSha256OfItsValueUnderTheKey) {
  for (const std::string& key : {std::string("k"), std::string(32, 'x'), std::string(64, 'y'),
                                 std::string(65, 'z'), std::string(200, 'w')}) {
    const HmacPseudonyms pseudonyms(key);
    for (const std::string& value :
         {std::string(), std::string("999990019"), std::string("cl_22223223wxmiolfgdnh3"),
          std::string(300, 'v')}) {
      EXPECT_EQ(pseudonyms.Of(value), Reference(key, value)) << key.size() << " " << value;
    }
  }
  EXPECT_NE(HmacPseudonyms("a").Of("999990019"), HmacPseudonyms("b").Of("999990019"));
}

TEST(PseudonymsTest, ManyThreadsGetTheSamePseudonyms) {
  const HmacPseudonyms pseudonyms("secret");
  const std::string expected = Reference("secret", "999990019");
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) wrong[t] += pseudonyms.Of("999990019") != expected;
    });
  }
  for (std::thread& t : threads) t.join();
  for (int w : wrong) EXPECT_EQ(w, 0);
}

}  // namespace
}  // namespace inburgering::server
