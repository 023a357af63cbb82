#pragma once

// How domain values are stored: enums as stable upper-case names (never their numbers, so that
// reordering an enum cannot corrupt data), dates as YYYY-MM-DD, instants as microseconds since
// the Unix epoch, and a trajectory as one JSON document.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/client.h"
#include "domain/duo_signal.h"
#include "domain/enum_names.h"
#include "domain/outbox.h"
#include "domain/provider.h"
#include "domain/trajectory.h"

namespace inburgering::persistence {

// An instant as stored: microseconds since the Unix epoch (a long long, as SOCI binds it).
inline long long Micros(absl::Time t) { return absl::ToUnixMicros(t); }

// An enum's stored name, and the value of one (false when unknown): its table's names.
template <typename E>
const char* StoredName(E value) {
  return domain::EnumName(value);
}
template <typename E>
bool ParseStored(absl::string_view text, E* value) {
  return domain::ParseEnumName(text, value);
}

// NULL-able date columns.
std::optional<std::string> StoredDay(const std::optional<absl::CivilDay>& day);
// A day as a quoted SQL literal ('2026-07-01'), for statements that carry it in their text.
std::string DayLiteral(absl::CivilDay day);
// INTERNAL for a malformed stored date (the database was written by something else).
absl::StatusOr<std::optional<absl::CivilDay>> ParseStoredDay(
    const std::optional<std::string>& text);

// The trajectory's document: everything but the identity, times and version (which are columns).
std::string EncodeTrajectory(const domain::Trajectory& trajectory);
// Fills the document's part of `trajectory`; INTERNAL when the document cannot be read.
absl::Status DecodeTrajectory(absl::string_view document, domain::Trajectory& trajectory);

// An event's details and a DUO report's progress as JSON (the columns hold identity and order).
std::string EncodeEventDetails(const domain::Event& event);
absl::Status DecodeEventDetails(absl::string_view details, domain::Event& event);
// A provider report's payload (its kind's member) as JSON, and back into `report` (whose kind is
// set); a provider's components as a JSON list of their stored names.
std::string EncodeProviderReportBody(const domain::ProviderReport& report);
absl::Status DecodeProviderReportBody(absl::string_view body, domain::ProviderReport& report);
std::string EncodeComponents(const std::vector<domain::OfferComponent>& components);
absl::Status DecodeComponents(absl::string_view text, std::vector<domain::OfferComponent>& out);
std::string EncodeDuoReportDetails(const domain::DuoReport& report);
absl::Status DecodeDuoReportDetails(absl::string_view details, domain::DuoReport& report);

}  // namespace inburgering::persistence
