#include "domain/dates.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"

namespace inburgering::domain {

absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  const absl::CivilMonth month = absl::CivilMonth(day) + months;
  const absl::CivilDay last = absl::CivilDay(month + 1) - 1;
  const int d = day.day() < last.day() ? day.day() : last.day();
  return absl::CivilDay(month.year(), month.month(), d);
}

absl::CivilDay AddYears(absl::CivilDay day, int years) { return AddMonths(day, 12 * years); }

int AgeOn(absl::CivilDay birth, absl::CivilDay on) {
  int age = static_cast<int>(on.year() - birth.year());
  if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day())) {
    --age;
  }
  return age;
}

absl::CivilDay DayOf(absl::Time time, absl::TimeZone zone) { return absl::ToCivilDay(time, zone); }

std::string FormatDay(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

bool ParseDay(absl::string_view text, absl::CivilDay* day) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  if (!absl::SimpleAtoi(text.substr(0, 4), &y) || !absl::SimpleAtoi(text.substr(5, 2), &m) ||
      !absl::SimpleAtoi(text.substr(8, 2), &d)) {
    return false;
  }
  const absl::CivilDay parsed(y, m, d);
  if (parsed.year() != y || parsed.month() != m || parsed.day() != d) return false;
  *day = parsed;
  return true;
}

std::optional<absl::CivilDay> Later(std::optional<absl::CivilDay> a,
                                    std::optional<absl::CivilDay> b) {
  if (!a) return b;
  if (!b) return a;
  return *a < *b ? b : a;
}

}  // namespace inburgering::domain
