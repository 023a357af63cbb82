#include "domain/dates.h"

#include "gtest/gtest.h"

namespace inburgering::domain {
namespace {

TEST(DatesTest, AddMonthsClampsToTheEndOfAShorterMonth) {
  EXPECT_EQ(AddMonths(absl::CivilDay(2025, 1, 31), 1), absl::CivilDay(2025, 2, 28));
  EXPECT_EQ(AddMonths(absl::CivilDay(2024, 1, 31), 1), absl::CivilDay(2024, 2, 29));
  EXPECT_EQ(AddMonths(absl::CivilDay(2025, 8, 31), 18), absl::CivilDay(2027, 2, 28));
  EXPECT_EQ(AddMonths(absl::CivilDay(2025, 3, 15), -3), absl::CivilDay(2024, 12, 15));
}

TEST(DatesTest, AgeCountsWholeYears) {
  EXPECT_EQ(AgeOn(absl::CivilDay(2000, 6, 15), absl::CivilDay(2025, 6, 14)), 24);
  EXPECT_EQ(AgeOn(absl::CivilDay(2000, 6, 15), absl::CivilDay(2025, 6, 15)), 25);
}

TEST(DatesTest, FormatsAndParsesIsoDatesOnly) {
  absl::CivilDay day;
  EXPECT_EQ(FormatDay(absl::CivilDay(2025, 3, 7)), "2025-03-07");
  ASSERT_TRUE(ParseDay("2024-02-29", &day));
  EXPECT_EQ(day, absl::CivilDay(2024, 2, 29));
  EXPECT_FALSE(ParseDay("2025-02-29", &day));
  EXPECT_FALSE(ParseDay("2025-13-01", &day));
  EXPECT_FALSE(ParseDay("2025-1-01", &day));
  EXPECT_FALSE(ParseDay("yesterday!", &day));
}

TEST(DatesTest, TodayIsTheMunicipalitysDay) {
  absl::TimeZone amsterdam;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Amsterdam", &amsterdam));
  // 23:30 UTC on 31 December is already New Year's Day in Amsterdam.
  const absl::Time t =
      absl::FromCivil(absl::CivilSecond(2025, 12, 31, 23, 30, 0), absl::UTCTimeZone());
  EXPECT_EQ(DayOf(t, amsterdam), absl::CivilDay(2026, 1, 1));
}

}  // namespace
}  // namespace inburgering::domain
