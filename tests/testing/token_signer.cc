#include "tests/testing/token_signer.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <fstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace inburgering::testing {
namespace {

std::string B64(const std::string& bytes) { return absl::WebSafeBase64Escape(bytes); }

std::string BnBytes(const BIGNUM* bn, int width = 0) {
  std::string out(width > 0 ? width : BN_num_bytes(bn), '\0');
  if (width > 0) {
    BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), width);
  } else {
    BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  }
  return out;
}

std::string Digest(EVP_PKEY* key, const std::string& data) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  size_t length = 0;
  EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key);
  EVP_DigestSign(ctx, nullptr, &length, reinterpret_cast<const unsigned char*>(data.data()),
                 data.size());
  std::string sig(length, '\0');
  EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &length,
                 reinterpret_cast<const unsigned char*>(data.data()), data.size());
  sig.resize(length);
  EVP_MD_CTX_free(ctx);
  return sig;
}

}  // namespace

struct TokenSigner::Keys {
  EVP_PKEY* rsa = nullptr;
  EVP_PKEY* ec = nullptr;
  int generation = 1;

  void Make() {
    EVP_PKEY_free(rsa);
    EVP_PKEY_free(ec);
    rsa = EVP_RSA_gen(2048);
    ec = EVP_EC_gen("P-256");
  }
};

TokenSigner::TokenSigner() : keys_(new Keys) { keys_->Make(); }

TokenSigner::~TokenSigner() {
  EVP_PKEY_free(keys_->rsa);
  EVP_PKEY_free(keys_->ec);
  delete keys_;
}

void TokenSigner::Rotate() {
  keys_->Make();
  ++keys_->generation;
}

void TokenSigner::WriteJwks(const std::string& path) const {
  BIGNUM* n = nullptr;
  BIGNUM* e = nullptr;
  BIGNUM* x = nullptr;
  BIGNUM* y = nullptr;
  EVP_PKEY_get_bn_param(keys_->rsa, OSSL_PKEY_PARAM_RSA_N, &n);
  EVP_PKEY_get_bn_param(keys_->rsa, OSSL_PKEY_PARAM_RSA_E, &e);
  EVP_PKEY_get_bn_param(keys_->ec, OSSL_PKEY_PARAM_EC_PUB_X, &x);
  EVP_PKEY_get_bn_param(keys_->ec, OSSL_PKEY_PARAM_EC_PUB_Y, &y);
  const std::string g = std::to_string(keys_->generation);
  nlohmann::json jwks = {{"keys",
                          {{{"kty", "RSA"},
                            {"kid", "rsa-" + g},
                            {"alg", "RS256"},
                            {"use", "sig"},
                            {"n", B64(BnBytes(n))},
                            {"e", B64(BnBytes(e))}},
                           {{"kty", "EC"},
                            {"kid", "ec-" + g},
                            {"crv", "P-256"},
                            {"x", B64(BnBytes(x, 32))},
                            {"y", B64(BnBytes(y, 32))}}}}};
  BN_free(n);
  BN_free(e);
  BN_free(x);
  BN_free(y);
  std::ofstream(path) << jwks.dump();
}

std::string TokenSigner::Sign(const std::string& alg, const nlohmann::json& payload) const {
  return SignText(alg, payload.dump());
}

std::string TokenSigner::SignText(const std::string& alg, const std::string& payload) const {
  const std::string g = std::to_string(keys_->generation);
  const nlohmann::json header = {
      {"alg", alg}, {"typ", "JWT"}, {"kid", (alg == "RS256" ? "rsa-" : "ec-") + g}};
  const std::string signed_part = absl::StrCat(B64(header.dump()), ".", B64(payload));
  std::string sig = Digest(alg == "RS256" ? keys_->rsa : keys_->ec, signed_part);
  if (alg == "ES256") {  // DER -> R||S
    const unsigned char* p = reinterpret_cast<const unsigned char*>(sig.data());
    ECDSA_SIG* ecdsa = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sig.size()));
    sig = BnBytes(ECDSA_SIG_get0_r(ecdsa), 32) + BnBytes(ECDSA_SIG_get0_s(ecdsa), 32);
    ECDSA_SIG_free(ecdsa);
  }
  return absl::StrCat(signed_part, ".", B64(sig));
}

std::string TokenSigner::SignHs256(const nlohmann::json& header, const nlohmann::json& payload,
                                   const std::string& secret) {
  const std::string signed_part = absl::StrCat(B64(header.dump()), ".", B64(payload.dump()));
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(), mac,
       &length);
  return absl::StrCat(signed_part, ".", B64(std::string(reinterpret_cast<char*>(mac), length)));
}

std::string TokenSigner::RsaPublicPem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, keys_->rsa);
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(length));
  BIO_free(bio);
  return pem;
}

}  // namespace inburgering::testing
