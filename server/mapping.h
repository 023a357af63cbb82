#pragma once

// Proto <-> domain for the values every service shares: enums (by name), dates, consultants and
// clients. The FromProto functions validate as they map and record violations under the request's
// field paths.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "domain/client.h"
#include "domain/consultant.h"
#include "domain/enum_names.h"
#include "domain/trajectory.h"
#include "domain/validation.h"
#include "google/protobuf/generated_enum_reflection.h"
#include "google/type/date.pb.h"
#include "inburgering/v1/client.pb.h"
#include "inburgering/v1/consultant.pb.h"
#include "inburgering/v1/trajectory.pb.h"

namespace inburgering::server {

// "ClosureReason" -> "CLOSURE_REASON_": the prefix of a proto enum's value names.
std::string EnumValuePrefix(absl::string_view enum_name);

// Proto enum <-> domain enum by name: the domain value named NAME (its table in
// domain/enum_names.h) is the proto value PREFIX_NAME (ClosureReason::kMoved <->
// CLOSURE_REASON_MOVED), so that a value added on one side and not the other is refused, never
// guessed. Built once per pair from the proto descriptor; a test checks that every domain value
// of every pair has its proto value.
template <typename P, typename D>
class EnumMapping {
 public:
  static const EnumMapping& Get() {
    static const EnumMapping mapping;
    return mapping;
  }
  bool FromProto(P value, D* out) const {
    for (const auto& [proto, domain] : pairs_) {
      if (proto == value) {
        *out = domain;
        return true;
      }
    }
    return false;
  }
  // UNSPECIFIED (0) for a domain value without a proto value.
  P ToProto(D value) const {
    for (const auto& [proto, domain] : pairs_) {
      if (domain == value) return proto;
    }
    return static_cast<P>(0);
  }
  // The domain names with no proto value (empty when the two enums agree).
  const std::vector<std::string>& missing() const { return missing_; }

 private:
  EnumMapping() {
    const google::protobuf::EnumDescriptor* descriptor = google::protobuf::GetEnumDescriptor<P>();
    const std::string prefix = EnumValuePrefix(descriptor->name());
    for (const domain::EnumEntry<D>& entry : domain::EnumNames<D>::kEntries) {
      const google::protobuf::EnumValueDescriptor* value =
          descriptor->FindValueByName(absl::StrCat(prefix, entry.name));
      if (value == nullptr) {
        missing_.emplace_back(entry.name);
      } else {
        pairs_.emplace_back(static_cast<P>(value->number()), entry.value);
      }
    }
  }
  std::vector<std::pair<P, D>> pairs_;
  std::vector<std::string> missing_;
};

// The domain value of `value`; records `field` as required (UNSPECIFIED) or unknown.
template <typename P, typename D>
bool ParseEnum(P value, absl::string_view field, domain::Violations& violations, D* out) {
  if (static_cast<int>(value) == 0) {
    violations.Add(field, "required");
    return false;
  }
  if (EnumMapping<P, D>::Get().FromProto(value, out)) return true;
  violations.Add(field, absl::StrCat("unknown value ", static_cast<int>(value)));
  return false;
}

template <typename P, typename D>
P ToProtoEnum(D value) {
  return EnumMapping<P, D>::Get().ToProto(value);
}

// A whole calendar date between 1900-01-01 and 2199-12-31; records `field` otherwise.
bool ParseDate(const google::type::Date& date, absl::string_view field,
               domain::Violations& violations, absl::CivilDay* out);
// As ParseDate, for a field that `has` (records "required" otherwise).
bool ParseRequiredDate(bool has, const google::type::Date& date, absl::string_view field,
                       domain::Violations& violations, absl::CivilDay* out);
// As ParseDate, and not after `today`.
bool ParsePastDate(const google::type::Date& date, absl::CivilDay today, absl::string_view field,
                   domain::Violations& violations, absl::CivilDay* out);
void ToProto(absl::CivilDay day, google::type::Date* out);

// Records `field` unless `text` is clean text of at most `max_chars` (multi-line allowed).
void CheckText(const std::string& text, size_t max_chars, absl::string_view field,
               domain::Violations& violations);

inline constexpr char kConsultants[] = "consultants";
inline constexpr char kClients[] = "clients";
inline constexpr char kTrajectories[] = "trajectories";
inline constexpr char kProviders[] = "providers";

void ConsultantToProto(const domain::Consultant& consultant, v1::Consultant* out);

// The client of a CreateClient request (`field` prefix `client.`), for `municipality`: each field
// parsed; the rules across fields and dates are the domain's (ClientUseCases::Create).
domain::Client ClientFromProto(const v1::Client& in, const std::string& municipality,
                               domain::Violations& violations);
void ClientToProto(const domain::Client& client, v1::Client* out);

}  // namespace inburgering::server
