// Stored trajectory documents (persistence/json_document.h): reading any text must neither crash
// nor accept what is not JSON; what it accepts writes back as JSON that reads to the same again.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "nlohmann/json.hpp"
#include "persistence/codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  inburgering::domain::Trajectory t;
  if (!inburgering::persistence::DecodeTrajectory(input, t).ok()) return 0;
  if (!nlohmann::json::accept(input)) std::abort();  // read something that is not JSON
  const std::string written = inburgering::persistence::EncodeTrajectory(t);
  if (!nlohmann::json::accept(written)) std::abort();
  inburgering::domain::Trajectory again;
  if (!inburgering::persistence::DecodeTrajectory(written, again).ok()) std::abort();
  if (inburgering::persistence::EncodeTrajectory(again) != written) std::abort();
  return 0;
}
