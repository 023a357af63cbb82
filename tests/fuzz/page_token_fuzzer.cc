// Page tokens from untrusted callers: decoding anything must neither crash nor accept a token
// that was not sealed for the binding; a sealed cursor must round-trip.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "server/page_token.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const inburgering::server::PageTokenCodec codec("fuzz-secret");
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t split = input.find('|');
  const std::string binding = split == std::string::npos ? "List|0303" : input.substr(0, split);
  const std::string token = split == std::string::npos ? input : input.substr(split + 1);
  auto decoded = codec.Decode(binding, token);
  if (decoded.ok() && !token.empty() && decoded->empty()) std::abort();
  if (!token.empty()) {
    const std::string sealed = codec.Encode(binding, token);
    auto round = codec.Decode(binding, sealed);
    if (!round.ok() || *round != token) std::abort();
    if (codec.Decode(binding + "x", sealed).ok()) std::abort();  // bound to the filter
  }
  return 0;
}
