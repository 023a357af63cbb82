#pragma once

// Opaque page tokens: the repository's keyset cursor sealed with AES-256-GCM, the request's filter
// as associated data. A token cannot be read (a cursor may hold a name), altered, or replayed with
// another filter, method or parent: each of those answers INVALID_ARGUMENT on `page_token`.
// Thread-safe.

#include <cstdint>
#include <string>

#include "absl/status/status.h"
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

  // The rest of a List method once its request is valid: the page `request` asks for under
  // `binding`, read by `read(const domain::PageRequest&)` (a use case's list, answering a
  // StatusOr<domain::Page<T>>), each item handed to `add`, and the next page's token set on
  // `response`.
  template <typename Request, typename Response, typename Read, typename Add>
  absl::Status AnswerPage(absl::string_view binding, const Request& request, Response& response,
                          Read read, Add add) const {
    absl::StatusOr<domain::PageRequest> page =
        PageOf(binding, request.page_size(), request.page_token());
    if (!page.ok()) return page.status();
    auto result = read(*page);
    if (!result.ok()) return result.status();
    for (const auto& item : result->items) add(item);
    response.set_next_page_token(Encode(binding, result->next_after));
    return absl::OkStatus();
  }

 private:
  unsigned char key_[32];
};

}  // namespace inburgering::server
