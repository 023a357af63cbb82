#pragma once

// One table per enum: each enum's stable upper-case names, written once beside the enum as a
// specialization of EnumNames. Storage (persistence/codec.h), events and DUO reports
// (domain/outbox.cc) use these names; the API maps each to the proto value of the same name
// under the enum's prefix (server/mapping.h), and a test checks every value round-trips.

#include <type_traits>

#include "absl/strings/string_view.h"

namespace inburgering::domain {

template <typename E>
struct EnumEntry {
  E value;
  const char* name;
};

// Specialized beside each enum: `static constexpr EnumEntry<E> kEntries[] = {...};`, every value
// once, named as its enumerator in UPPER_SNAKE_CASE (kLowerToA2: "LOWER_TO_A2").
template <typename E>
struct EnumNames;

template <typename E, typename = void>
struct HasEnumNames : std::false_type {};
template <typename E>
struct HasEnumNames<E, std::void_t<decltype(EnumNames<E>::kEntries)>> : std::true_type {};

// The name of `value`; empty for a value missing from the table (a test prevents that).
template <typename E>
const char* EnumName(E value) {
  for (const EnumEntry<E>& entry : EnumNames<E>::kEntries) {
    if (entry.value == value) return entry.name;
  }
  return "";
}

// The value named `name`; false for an unknown name.
template <typename E>
bool ParseEnumName(absl::string_view name, E* value) {
  for (const EnumEntry<E>& entry : EnumNames<E>::kEntries) {
    if (name == entry.name) {
      *value = entry.value;
      return true;
    }
  }
  return false;
}

}  // namespace inburgering::domain
