#pragma once

// Keyset pagination: a page continues after the last key of the previous one, so the thousandth
// page costs what the first does. The repository encodes its key as `after`; the server wraps it
// in a tamper-evident page token bound to the request's filter.

#include <string>
#include <vector>

namespace inburgering::domain {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// The page size to use for a request's `page_size` (0: the default; above the maximum: the
// maximum, as AIP-158 asks). Negative sizes are rejected by request validation before this.
inline int EffectivePageSize(int requested) {
  if (requested <= 0) return kDefaultPageSize;
  return requested > kMaxPageSize ? kMaxPageSize : requested;
}

struct PageRequest {
  int size = kDefaultPageSize;
  std::string after;  // empty: the first page
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_after;  // empty: this was the last page
};

}  // namespace inburgering::domain
