#pragma once

// Keyset cursors: the sort key of a page's last row, as length-prefixed parts. Opaque to the
// domain; the server seals them into page tokens.

#include <initializer_list>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace inburgering::persistence {

std::string EncodeCursor(std::initializer_list<absl::string_view> parts);
// False unless `cursor` holds exactly `count` parts.
bool DecodeCursor(absl::string_view cursor, size_t count, std::vector<std::string>* parts);

}  // namespace inburgering::persistence
