#pragma once

// Pseudonymisation for logs and the processing log: a stable, keyed one-way name for a value
// (a BSN, a client id), so that records about one person can be found together without the
// value itself ever being written. Implementations are thread-safe.

#include <string>

#include "absl/strings/string_view.h"

namespace inburgering::domain {

class Pseudonyms {
 public:
  virtual ~Pseudonyms() = default;
  // The same value gives the same pseudonym under the same key; 32 hex characters.
  virtual std::string Of(absl::string_view value) const = 0;
};

}  // namespace inburgering::domain
