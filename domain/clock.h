#pragma once

// The source of "now". Use cases take it by injection so that tests run on a fake clock and legal
// deadlines are computed against a known date.

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace inburgering::domain {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

}  // namespace inburgering::domain
