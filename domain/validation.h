#pragma once

// Collects every invalid field of a request before answering, so that a caller learns all of its
// mistakes in one round trip. Field paths follow the request message (`consultant.email`).

#include <cstddef>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "domain/errors.h"

namespace inburgering::domain {

class Violations {
 public:
  // Records `description` for `field` unless `ok`. Returns `ok`, so that dependent checks can be
  // skipped: `if (v.Check(!s.empty(), ...)) v.Check(Parse(s), ...)`.
  bool Check(bool ok, absl::string_view field, absl::string_view description);
  void Add(absl::string_view field, absl::string_view description);
  // Adds the violations of `status` (an INVALID_ARGUMENT from another validator); any other
  // non-OK status is kept and returned by ToStatus() instead.
  void Merge(const absl::Status& status);
  // Adds the violations `inner` recorded, each field under `prefix` (`reports[3].`): a part of a
  // batch validated by the mapping of the single request.
  void MergeUnder(absl::string_view prefix, const Violations& inner);

  bool empty() const { return violations_.empty() && other_.ok(); }
  // OK when nothing was recorded; INVALID_ARGUMENT naming every field otherwise.
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> violations_;
  absl::Status other_;
};

// True for valid UTF-8 of at most `max_chars` code points without control characters
// (tab, CR and LF allowed only when `multiline`).
bool IsCleanText(absl::string_view text, size_t max_chars, bool multiline = false);

// True for 1 to 64 characters of [A-Za-z0-9_-]: the form of request ids and resource ids.
bool IsValidToken(absl::string_view token);

}  // namespace inburgering::domain
