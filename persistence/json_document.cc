#include "persistence/json_document.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "absl/strings/match.h"

namespace inburgering::persistence {
namespace {

constexpr int kMaxSkippedDepth = 64;

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::string& out, uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// The length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF), or 0.
size_t Utf8SequenceLength(const unsigned char* p, const unsigned char* end) {
  const unsigned char c = p[0];
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the second byte's range
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) low = 0xA0;
    if (c == 0xED) high = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) low = 0x90;
    if (c == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (end - p < static_cast<ptrdiff_t>(length) || p[1] < low || p[1] > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (p[i] < 0x80 || p[i] > 0xBF) return 0;
  }
  return length;
}

}  // namespace

void JsonWriter::Write(double value) {
  if (!std::isfinite(value)) {
    out_ += "null";  // as nlohmann wrote them (and reading one fails, as it did)
    return;
  }
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
  out_.append(buffer, result.ptr);
}

// Escapes as nlohmann's dump did: the quote, the backslash and the control characters.
void JsonWriter::WriteString(absl::string_view text) {
  out_ += '"';
  size_t run = 0;  // the start of the characters not yet appended
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out_.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\b':
        out_ += "\\b";
        break;
      case '\f':
        out_ += "\\f";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\r':
        out_ += "\\r";
        break;
      case '\t':
        out_ += "\\t";
        break;
      default:
        out_ += "\\u00";
        out_ += "0123456789abcdef"[c >> 4];
        out_ += "0123456789abcdef"[c & 0xF];
    }
  }
  out_.append(text.data() + run, text.size() - run);
  out_ += '"';
}

void JsonReader::Read(bool& value) {
  SkipSpace();
  const absl::string_view rest(p_, end_ - p_);
  if (absl::StartsWith(rest, "true")) {
    value = true;
    p_ += 4;
  } else if (absl::StartsWith(rest, "false")) {
    value = false;
    p_ += 5;
  } else {
    Fail();
  }
}

void JsonReader::ReadNull() {
  SkipSpace();
  if (!absl::StartsWith(absl::string_view(p_, end_ - p_), "null")) return Fail();
  p_ += 4;
}

absl::string_view JsonReader::NumberText() {
  SkipSpace();
  const char* start = p_;
  const char* q = p_;
  auto digits = [&] {
    const char* from = q;
    while (q != end_ && *q >= '0' && *q <= '9') ++q;
    return q - from;
  };
  if (q != end_ && *q == '-') ++q;
  if (q != end_ && *q == '0') {
    ++q;
  } else if (digits() == 0) {
    Fail();
    return {};
  }
  if (q != end_ && *q == '.') {
    ++q;
    if (digits() == 0) {
      Fail();
      return {};
    }
  }
  if (q != end_ && (*q == 'e' || *q == 'E')) {
    ++q;
    if (q != end_ && (*q == '+' || *q == '-')) ++q;
    if (digits() == 0) {
      Fail();
      return {};
    }
  }
  p_ = q;
  return absl::string_view(start, q - start);
}

void JsonReader::Read(int64_t& value) {
  const absl::string_view text = NumberText();
  if (!ok_) return;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc() || result.ptr != text.data() + text.size()) Fail();
}

void JsonReader::Read(int& value) {
  int64_t wide = 0;
  Read(wide);
  if (wide < INT32_MIN || wide > INT32_MAX) return Fail();
  value = static_cast<int>(wide);
}

void JsonReader::Read(double& value) {
  const absl::string_view text = NumberText();
  if (!ok_) return;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec == std::errc::result_out_of_range) {
    // As nlohmann read them (strtod): too small reads as zero, too large fails.
    value = std::strtod(std::string(text).c_str(), nullptr);
    if (!std::isfinite(value)) Fail();
  } else if (result.ec != std::errc() || result.ptr != text.data() + text.size()) {
    Fail();
  }
}

void JsonReader::Read(absl::CivilDay& day) {
  ReadString(scratch_);
  if (ok_ && !domain::ParseDay(scratch_, &day)) Fail();
}

void JsonReader::Read(absl::Time& time) {
  int64_t micros = 0;
  Read(micros);
  time = absl::FromUnixMicros(micros);
}

void JsonReader::ReadString(std::string& out) {
  out.clear();
  if (!Consume('"')) return Fail();
  while (p_ != end_) {
    const char* run = p_;
    while (p_ != end_ && static_cast<unsigned char>(*p_) >= 0x20 &&
           static_cast<unsigned char>(*p_) < 0x80 && *p_ != '"' && *p_ != '\\') {
      ++p_;
    }
    out.append(run, p_ - run);
    if (p_ == end_) break;
    const auto c = static_cast<unsigned char>(*p_);
    if (c == '"') {
      ++p_;
      return;
    }
    if (c >= 0x80) {
      const size_t length = Utf8SequenceLength(reinterpret_cast<const unsigned char*>(p_),
                                               reinterpret_cast<const unsigned char*>(end_));
      if (length == 0) break;
      out.append(p_, length);
      p_ += length;
      continue;
    }
    if (c != '\\' || end_ - p_ < 2) break;  // a control character, or a lone backslash
    const char escape = p_[1];
    p_ += 2;
    switch (escape) {
      case '"':
      case '\\':
      case '/':
        out += escape;
        continue;
      case 'b':
        out += '\b';
        continue;
      case 'f':
        out += '\f';
        continue;
      case 'n':
        out += '\n';
        continue;
      case 'r':
        out += '\r';
        continue;
      case 't':
        out += '\t';
        continue;
      case 'u':
        break;
      default:
        return Fail();
    }
    auto hex4 = [&]() -> int32_t {
      if (end_ - p_ < 4) return -1;
      int32_t value = 0;
      for (int i = 0; i < 4; ++i) {
        const int digit = HexDigit(p_[i]);
        if (digit < 0) return -1;
        value = value * 16 + digit;
      }
      p_ += 4;
      return value;
    };
    int32_t code_point = hex4();
    if (code_point < 0 || (code_point >= 0xDC00 && code_point <= 0xDFFF)) return Fail();
    if (code_point >= 0xD800 && code_point <= 0xDBFF) {  // a pair's high half: the low must follow
      if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return Fail();
      p_ += 2;
      const int32_t low = hex4();
      if (low < 0xDC00 || low > 0xDFFF) return Fail();
      code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
    }
    AppendUtf8(out, static_cast<uint32_t>(code_point));
  }
  Fail();  // the end came first, or a character JSON does not allow in a string
}

absl::string_view JsonReader::ReadKey(std::string& escaped) {
  if (Peek() == '"') {
    const char* start = p_ + 1;
    const char* q = start;
    while (q != end_ && *q != '"' && *q != '\\' && static_cast<unsigned char>(*q) >= 0x20 &&
           static_cast<unsigned char>(*q) < 0x80) {
      ++q;
    }
    if (q != end_ && *q == '"') {
      p_ = q + 1;
      return absl::string_view(start, q - start);
    }
  }
  ReadString(escaped);
  return escaped;
}

void JsonReader::SkipValue(int depth) {
  if (depth > kMaxSkippedDepth) return Fail();
  switch (Peek()) {
    case '"':
      return ReadString(scratch_);
    case 't':
    case 'f': {
      bool ignored = false;
      return Read(ignored);
    }
    case 'n':
      return ReadNull();
    case '[':
      ++p_;
      if (Consume(']')) return;
      do {
        SkipValue(depth + 1);
      } while (ok_ && Consume(','));
      if (!Consume(']')) Fail();
      return;
    case '{':
      ++p_;
      if (Consume('}')) return;
      do {
        ReadString(scratch_);
        if (!Consume(':')) return Fail();
        SkipValue(depth + 1);
      } while (ok_ && Consume(','));
      if (!Consume('}')) Fail();
      return;
    default: {
      double ignored = 0;  // a number, and one that fits a double (as nlohmann required)
      Read(ignored);
    }
  }
}

}  // namespace inburgering::persistence
