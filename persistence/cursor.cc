#include "persistence/cursor.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace inburgering::persistence {

std::string EncodeCursor(std::initializer_list<absl::string_view> parts) {
  std::string out;
  for (absl::string_view part : parts) absl::StrAppend(&out, part.size(), ":", part);
  return out;
}

bool DecodeCursor(absl::string_view cursor, size_t count, std::vector<std::string>* parts) {
  parts->clear();
  while (!cursor.empty()) {
    const size_t colon = cursor.find(':');
    size_t length = 0;
    if (colon == absl::string_view::npos || !absl::SimpleAtoi(cursor.substr(0, colon), &length) ||
        cursor.size() - colon - 1 < length) {
      return false;
    }
    parts->emplace_back(cursor.substr(colon + 1, length));
    cursor.remove_prefix(colon + 1 + length);
  }
  return parts->size() == count;
}

}  // namespace inburgering::persistence
