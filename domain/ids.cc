#include "domain/ids.h"

#include <algorithm>
#include <cstdint>

#include "absl/time/clock.h"

namespace inburgering::domain {

namespace {
// Base 32 in ASCII order, so that the ids sort (as bytes, and in any collation) as their numbers
// do.
constexpr char kAlphabet[] = "234567abcdefghijklmnopqrstuvwxyz";
constexpr int kTimeChars = 9;
constexpr int kIdChars = 20;
}  // namespace

std::string TimeOrderedIdGenerator::NewId() { return NewIdAt(absl::Now()); }

std::string TimeOrderedIdGenerator::NewIdAt(absl::Time now) {
  std::string id(kIdChars, 'a');
  auto millis = static_cast<uint64_t>(std::max<int64_t>(absl::ToUnixMillis(now), 0));
  for (int i = kTimeChars - 1; i >= 0; --i) {
    id[i] = kAlphabet[millis & 31];
    millis >>= 5;
  }
  absl::MutexLock lock(&mu_);
  for (int i = kTimeChars; i < kIdChars; ++i) id[i] = kAlphabet[absl::Uniform(gen_, 0, 32)];
  return id;
}

}  // namespace inburgering::domain
