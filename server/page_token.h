#pragma once

// Opaque page tokens: the repository's keyset cursor sealed with AES-256-GCM, the request's filter
// as associated data. A token cannot be read (a cursor may hold a name), altered, or replayed with
// another filter, method or parent: each of those answers INVALID_ARGUMENT on `page_token`.
// Thread-safe.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/paging.h"

namespace inburgering::server {

class PageTokenCodec {
 public:
  // `secret`: any non-empty string, the same on every replica; an empty one picks a random key
  // (tokens then die with the process).
  explicit PageTokenCodec(absl::string_view secret);

  // `binding` names the request's method, parent and every filter field.
  std::string Encode(absl::string_view binding, absl::string_view cursor) const;
  // The cursor of `token` (empty token: empty cursor, the first page); a bad token is refused on
  // `field`.
  absl::StatusOr<std::string> Decode(absl::string_view binding, absl::string_view token,
                                     absl::string_view field = "page_token") const;
  // The page a List request asks for: `page_size` made effective (default 50, at most 500; the
  // request checked it is not negative) and the cursor of `page_token` under `binding`.
  absl::StatusOr<domain::PageRequest> PageOf(absl::string_view binding, int32_t page_size,
                                             absl::string_view page_token) const;

 private:
  unsigned char key_[32];
};

}  // namespace inburgering::server
