#include "domain/ids.h"

#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace inburgering::domain {
namespace {

TEST(IdsTest, AnIdIsTwentyLowercaseLettersAndDigits) {
  TimeOrderedIdGenerator ids;
  EXPECT_THAT(ids.NewId(), ::testing::MatchesRegex("[a-z2-7]{20}"));
}

TEST(IdsTest, IdsMadeLaterSortAfterEarlierOnes) {
  TimeOrderedIdGenerator ids;
  const absl::Time start = absl::FromUnixMillis(1'700'000'000'000);
  absl::Time at = start;
  std::string previous = ids.NewIdAt(at);
  // Every millisecond step over a span where each of the time's characters turns over (the
  // lowest every 32 ms, the next every 1,024 ms), and steps of a day and a year.
  for (absl::Duration step : {absl::Milliseconds(1), absl::Milliseconds(31), absl::Seconds(1),
                              absl::Hours(24), absl::Hours(24 * 366)}) {
    for (int i = 0; i < 100; ++i) {
      at += step;
      std::string next = ids.NewIdAt(at);
      EXPECT_LT(previous, next) << "step " << step << " #" << i;
      previous = std::move(next);
    }
  }
}

TEST(IdsTest, IdsOfTheSameMillisecondDifferInTheirRandomPart) {
  TimeOrderedIdGenerator ids;
  const absl::Time at = absl::FromUnixMillis(1'700'000'000'000);
  std::set<std::string> seen;
  for (int i = 0; i < 10'000; ++i) seen.insert(ids.NewIdAt(at));
  EXPECT_EQ(seen.size(), 10'000U);
  EXPECT_EQ(seen.begin()->substr(0, 9), seen.rbegin()->substr(0, 9));
}

}  // namespace
}  // namespace inburgering::domain
