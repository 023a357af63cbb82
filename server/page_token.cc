#include "server/page_token.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/escaping.h"
#include "domain/errors.h"

namespace inburgering::server {
namespace {

constexpr int kNonceSize = 12;
constexpr int kTagSize = 16;
constexpr char kVersion = '\x01';

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

absl::Status BadToken(absl::string_view field) {
  return domain::InvalidArgument(
      {{std::string(field), "is not a token of this request: start again without it"}},
      domain::reason::kInvalidPageToken);
}

const unsigned char* Bytes(absl::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

PageTokenCodec::PageTokenCodec(absl::string_view secret) {
  if (secret.empty()) {
    RAND_bytes(key_, sizeof(key_));
  } else {
    unsigned int length = 0;
    EVP_Digest(secret.data(), secret.size(), key_, &length, EVP_sha256(), nullptr);
  }
}

std::string PageTokenCodec::Encode(absl::string_view binding, absl::string_view cursor) const {
  if (cursor.empty()) return "";
  std::string sealed(1 + kNonceSize + cursor.size() + kTagSize, '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  out[0] = kVersion;
  RAND_bytes(out + 1, kNonceSize);
  CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int length = 0;
  EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_, out + 1);
  EVP_EncryptUpdate(ctx.get(), nullptr, &length, Bytes(binding), static_cast<int>(binding.size()));
  EVP_EncryptUpdate(ctx.get(), out + 1 + kNonceSize, &length, Bytes(cursor),
                    static_cast<int>(cursor.size()));
  EVP_EncryptFinal_ex(ctx.get(), out + 1 + kNonceSize + length, &length);
  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize,
                      out + 1 + kNonceSize + cursor.size());
  return absl::WebSafeBase64Escape(sealed);
}

absl::StatusOr<std::string> PageTokenCodec::Decode(absl::string_view binding,
                                                   absl::string_view token,
                                                   absl::string_view field) const {
  if (token.empty()) return std::string();
  std::string sealed;
  if (token.size() > 4096 || !absl::WebSafeBase64Unescape(token, &sealed) ||
      sealed.size() < 1 + kNonceSize + kTagSize || sealed[0] != kVersion) {
    return BadToken(field);
  }
  const size_t cursor_size = sealed.size() - 1 - kNonceSize - kTagSize;
  const auto* in = reinterpret_cast<const unsigned char*>(sealed.data());
  std::string cursor(cursor_size, '\0');
  auto* plain = reinterpret_cast<unsigned char*>(cursor.data());
  CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int length = 0;
  std::string tag(sealed.substr(1 + kNonceSize + cursor_size));
  const bool ok = EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_, in + 1) == 1 &&
                  EVP_DecryptUpdate(ctx.get(), nullptr, &length, Bytes(binding),
                                    static_cast<int>(binding.size())) == 1 &&
                  EVP_DecryptUpdate(ctx.get(), plain, &length, in + 1 + kNonceSize,
                                    static_cast<int>(cursor_size)) == 1 &&
                  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag.data()) == 1 &&
                  EVP_DecryptFinal_ex(ctx.get(), plain + length, &length) == 1;
  if (!ok || cursor.empty()) return BadToken(field);
  return cursor;
}

absl::StatusOr<domain::PageRequest> PageTokenCodec::PageOf(absl::string_view binding,
                                                           int32_t page_size,
                                                           absl::string_view page_token) const {
  domain::PageRequest page;
  page.size = domain::EffectivePageSize(page_size);
  absl::StatusOr<std::string> after = Decode(binding, page_token);
  if (!after.ok()) return after.status();
  page.after = *std::move(after);
  return page;
}

}  // namespace inburgering::server
