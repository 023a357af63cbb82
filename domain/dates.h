#pragma once

// Calendar arithmetic for legal deadlines. Months and years are added the way Dutch law counts
// them: the same day number, or the last day of a shorter month (31 January + 1 month = 28/29
// February), never spilling into the next month as absl's normalisation would.

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace inburgering::domain {

absl::CivilDay AddMonths(absl::CivilDay day, int months);
absl::CivilDay AddYears(absl::CivilDay day, int years);

// Whole years between `birth` and `on` (the age on that day).
int AgeOn(absl::CivilDay birth, absl::CivilDay on);

// The calendar day of `time` in `zone` (the municipality's: Europe/Amsterdam).
absl::CivilDay DayOf(absl::Time time, absl::TimeZone zone);

// YYYY-MM-DD, and back (false for anything else, including impossible dates like 2025-02-30).
std::string FormatDay(absl::CivilDay day);
bool ParseDay(absl::string_view text, absl::CivilDay* day);

// The later of two optional dates (nullopt when both are).
std::optional<absl::CivilDay> Later(std::optional<absl::CivilDay> a,
                                    std::optional<absl::CivilDay> b);

}  // namespace inburgering::domain
