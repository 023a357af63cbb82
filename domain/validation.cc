#include "domain/validation.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace inburgering::domain {

bool Violations::Check(bool ok, absl::string_view field, absl::string_view description) {
  if (!ok) Add(field, description);
  return ok;
}

void Violations::Add(absl::string_view field, absl::string_view description) {
  violations_.push_back({std::string(field), std::string(description)});
}

void Violations::Merge(const absl::Status& status) {
  if (status.ok()) return;
  std::vector<FieldViolation> more = FieldViolationsOf(status);
  if (status.code() == absl::StatusCode::kInvalidArgument && !more.empty()) {
    violations_.insert(violations_.end(), more.begin(), more.end());
  } else if (other_.ok()) {
    other_ = status;
  }
}

void Violations::MergeUnder(absl::string_view prefix, const Violations& inner) {
  for (const FieldViolation& f : inner.violations_) {
    violations_.push_back({absl::StrCat(prefix, f.field), f.description});
  }
  if (other_.ok()) other_ = inner.other_;
}

absl::Status Violations::ToStatus() const {
  if (!other_.ok()) return other_;
  if (violations_.empty()) return absl::OkStatus();
  return InvalidArgument(violations_);
}

bool IsCleanText(absl::string_view text, size_t max_chars, bool multiline) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    size_t len = 0;
    if (c < 0x80) {
      len = 1;
      const bool allowed_control = multiline && (c == '\t' || c == '\n' || c == '\r');
      if ((c < 0x20 || c == 0x7f) && !allowed_control) return false;
    } else if ((c & 0xE0) == 0xC0 && c >= 0xC2) {
      len = 2;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
    } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
      len = 4;
    } else {
      return false;
    }
    if (i + len > text.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    if (len == 3) {
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0))
        return false;  // overlong, UTF-16 surrogate
    } else if (len == 4) {
      const auto c1 = static_cast<unsigned char>(text[i + 1]);
      if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90))
        return false;  // overlong, > U+10FFFF
    }
    i += len;
    if (++chars > max_chars) return false;
  }
  return true;
}

bool IsValidToken(absl::string_view token) {
  if (token.empty() || token.size() > 64) return false;
  for (char c : token) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

}  // namespace inburgering::domain
