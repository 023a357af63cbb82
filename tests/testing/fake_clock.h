#pragma once

// A clock that stands still until a test moves it. Thread-safe.

#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/clock.h"

namespace inburgering::testing {

class FakeClock final : public domain::Clock {
 public:
  explicit FakeClock(absl::Time now = absl::FromCivil(absl::CivilSecond(2025, 3, 3, 9, 0, 0),
                                                      absl::UTCTimeZone()))
      : now_(now) {}
  absl::Time Now() const override {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void Advance(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    now_ += d;
  }
  void Set(absl::Time t) {
    absl::MutexLock lock(&mu_);
    now_ = t;
  }

 private:
  mutable absl::Mutex mu_;
  absl::Time now_ ABSL_GUARDED_BY(mu_);
};

}  // namespace inburgering::testing
