#pragma once

// Proto <-> domain for the values every service shares: enums (by table, so that a value added on
// one side and not the other is refused, never guessed), dates, consultants and clients. The
// FromProto functions validate as they map and record violations under the request's field paths.

#include <cstddef>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "domain/client.h"
#include "domain/consultant.h"
#include "domain/trajectory.h"
#include "domain/validation.h"
#include "google/type/date.pb.h"
#include "inburgering/v1/client.pb.h"
#include "inburgering/v1/consultant.pb.h"
#include "inburgering/v1/trajectory.pb.h"

namespace inburgering::server {

template <typename P, typename D>
struct EnumPair {
  P proto;
  D domain;
};

// The domain value of `value`; records `field` as required (UNSPECIFIED) or unknown.
template <typename P, typename D, size_t N>
bool ParseEnum(P value, const EnumPair<P, D> (&table)[N], absl::string_view field,
               domain::Violations& violations, D* out) {
  if (static_cast<int>(value) == 0) {
    violations.Add(field, "required");
    return false;
  }
  for (const auto& pair : table) {
    if (pair.proto == value) {
      *out = pair.domain;
      return true;
    }
  }
  violations.Add(field, absl::StrCat("unknown value ", static_cast<int>(value)));
  return false;
}

template <typename P, typename D, size_t N>
P ToProtoEnum(D value, const EnumPair<P, D> (&table)[N]) {
  for (const auto& pair : table) {
    if (pair.domain == value) return pair.proto;
  }
  return static_cast<P>(0);
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

void ConsultantToProto(const domain::Consultant& consultant, v1::Consultant* out);

extern const EnumPair<v1::TargetGroup, domain::TargetGroup> kTargetGroups[3];
extern const EnumPair<v1::TrajectoryPhase, domain::Phase> kPhases[4];
extern const EnumPair<v1::Regime, domain::Regime> kRegimes[2];
extern const EnumPair<v1::LearningRoute, domain::Route> kRoutes[3];
extern const EnumPair<v1::LanguageLevel, domain::Level> kLevels[4];

// The client of a CreateClient request (`field` prefix `client.`), for `municipality`: each field
// parsed; the rules across fields and dates are the domain's (ClientUseCases::Create).
domain::Client ClientFromProto(const v1::Client& in, const std::string& municipality,
                               domain::Violations& violations);
void ClientToProto(const domain::Client& client, v1::Client* out);

}  // namespace inburgering::server
