#pragma once

// Opaque identifiers for new resources. Thread-safe.

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/random/random.h"
#include "absl/synchronization/mutex.h"

namespace inburgering::domain {

class IdGenerator {
 public:
  virtual ~IdGenerator() = default;
  // A new identifier of [a-z0-9], unique with overwhelming probability.
  virtual std::string NewId() = 0;
};

// 20 characters of base-32 (100 random bits).
class RandomIdGenerator final : public IdGenerator {
 public:
  std::string NewId() override;

 private:
  absl::Mutex mu_;
  absl::BitGen gen_ ABSL_GUARDED_BY(mu_);
};

}  // namespace inburgering::domain
