#pragma once

// The trajectory document's JSON, read and written straight from and into the domain's records
// by their field lists (stored_fields.h): no tree in between. It is the JSON nlohmann wrote
// before (the same names and values, so documents stored earlier read unchanged); reading one
// took a tree of maps and about an eighth of a case-file read's CPU (bench/where-the-time-goes.md).
//
// Values: a record is an object of its fields, a list an array, an absent optional null, an enum
// its stored name (an unknown name reads as the enum's first value), a day "YYYY-MM-DD", an
// instant its microseconds since the Unix epoch. Reading is strict JSON (RFC 8259, UTF-8
// checked); an object's unknown keys are skipped, a missing key leaves the field as it was.

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/dates.h"
#include "domain/enum_names.h"
#include "persistence/stored_fields.h"

namespace inburgering::persistence {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  void Write(bool value) { out_ += value ? "true" : "false"; }
  void Write(int value) { absl::StrAppend(&out_, value); }
  void Write(int64_t value) { absl::StrAppend(&out_, value); }
  void Write(double value);
  void Write(const std::string& value) { WriteString(value); }
  void Write(absl::CivilDay day) { WriteString(domain::FormatDay(day)); }
  void Write(absl::Time time) { absl::StrAppend(&out_, absl::ToUnixMicros(time)); }
  template <typename E, std::enable_if_t<domain::HasEnumNames<E>::value, int> = 0>
  void Write(E value) {
    WriteString(domain::EnumName(value));
  }
  template <typename T>
  void Write(const std::optional<T>& value) {
    if (value) {
      Write(*value);
    } else {
      out_ += "null";
    }
  }
  template <typename T>
  void Write(const std::vector<T>& values) {
    out_ += '[';
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out_ += ',';
      Write(values[i]);
    }
    out_ += ']';
  }
  template <typename T, std::enable_if_t<HasStoredFields<const T>::value, int> = 0>
  void Write(const T& record) {
    WriteObject([&](auto&& visit) { VisitFields(record, visit); });
  }
  // An object of the members `visit_members(visit)` visits (a record's fields, a document's).
  template <typename F>
  void WriteObject(F&& visit_members) {
    out_ += '{';
    bool first = true;
    visit_members([&](absl::string_view name, const auto& value) {
      if (!first) out_ += ',';
      first = false;
      WriteString(name);
      out_ += ':';
      Write(value);
    });
    out_ += '}';
  }

 private:
  void WriteString(absl::string_view text);

  std::string& out_;
};

class JsonReader {
 public:
  explicit JsonReader(absl::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  // False once anything did not read (the reader then stays at the end).
  bool ok() const { return ok_; }
  // True when only white space is left (and everything before read).
  bool Finished() {
    SkipSpace();
    return ok_ && p_ == end_;
  }

  void Read(bool& value);
  void Read(int& value);
  void Read(int64_t& value);
  void Read(double& value);
  void Read(std::string& value) { ReadString(value); }
  void Read(absl::CivilDay& day);
  void Read(absl::Time& time);
  template <typename E, std::enable_if_t<domain::HasEnumNames<E>::value, int> = 0>
  void Read(E& value) {
    value = domain::EnumNames<E>::kEntries[0].value;
    if (Peek() != '"') {
      SkipValue(0);
      return;
    }
    ReadString(scratch_);
    domain::ParseEnumName(scratch_, &value);
  }
  template <typename T>
  void Read(std::optional<T>& value) {
    if (Peek() == 'n') {
      ReadNull();
      value.reset();
      return;
    }
    value.emplace();
    Read(*value);
  }
  template <typename T>
  void Read(std::vector<T>& values) {
    values.clear();
    if (!Consume('[')) return Fail();
    if (Consume(']')) return;
    do {
      Read(values.emplace_back());
    } while (ok_ && Consume(','));
    if (!Consume(']')) Fail();
  }
  template <typename T, std::enable_if_t<HasStoredFields<T>::value, int> = 0>
  void Read(T& record) {
    ReadObject([&](auto&& visit) { VisitFields(record, visit); });
  }
  // An object into the members `visit_members(visit)` visits; unknown keys are skipped.
  template <typename F>
  void ReadObject(F&& visit_members) {
    if (!Consume('{')) return Fail();
    if (Consume('}')) return;
    std::string escaped_key;
    do {
      const absl::string_view key = ReadKey(escaped_key);
      if (!Consume(':')) return Fail();
      bool found = false;
      visit_members([&](absl::string_view name, auto& member) {
        if (!found && key == name) {
          found = true;
          Read(member);
        }
      });
      if (!found) SkipValue(0);
    } while (ok_ && Consume(','));
    if (!Consume('}')) Fail();
  }

 private:
  void Fail() {
    ok_ = false;
    p_ = end_;
  }
  void SkipSpace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  char Peek() {
    SkipSpace();
    return p_ == end_ ? '\0' : *p_;
  }
  bool Consume(char c) {
    if (Peek() != c) return false;
    ++p_;
    return true;
  }
  void ReadNull();
  void ReadString(std::string& out);
  // An object's key: a view of the text itself when it has no escapes, else read into `escaped`.
  absl::string_view ReadKey(std::string& escaped);
  // The text of a number (RFC 8259's grammar), empty (and failed) when there is none.
  absl::string_view NumberText();
  void SkipValue(int depth);

  const char* p_;
  const char* end_;
  bool ok_ = true;
  std::string scratch_;
};

}  // namespace inburgering::persistence
