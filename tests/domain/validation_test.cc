#include "domain/validation.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace inburgering::domain {
namespace {

using ::inburgering::testing::IsOk;
using ::inburgering::testing::StatusIs;
using ::testing::ElementsAre;

TEST(ViolationsTest, EmptyIsOk) { EXPECT_THAT(Violations().ToStatus(), IsOk()); }

TEST(ViolationsTest, CollectsEveryViolation) {
  Violations v;
  EXPECT_FALSE(v.Check(false, "a", "bad a"));
  EXPECT_TRUE(v.Check(true, "b", "never"));
  v.Add("c", "bad c");
  absl::Status status = v.ToStatus();
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldViolationsOf(status),
              ElementsAre(FieldViolation{"a", "bad a"}, FieldViolation{"c", "bad c"}));
}

TEST(ViolationsTest, MergeKeepsFieldViolationsAndOtherErrors) {
  Violations v;
  v.Merge(InvalidArgument({{"x", "bad"}}));
  EXPECT_THAT(FieldViolationsOf(v.ToStatus()), ElementsAre(FieldViolation{"x", "bad"}));
  v.Merge(absl::UnavailableError("down"));
  EXPECT_THAT(v.ToStatus(), StatusIs(absl::StatusCode::kUnavailable));
}

TEST(CleanTextTest, AcceptsUnicodeWithinTheLimit) {
  EXPECT_TRUE(IsCleanText("Fatma Yılmaz-Öztürk", 200));
  EXPECT_TRUE(IsCleanText("", 10));
  EXPECT_TRUE(IsCleanText("ééééé", 5));  // 5 characters, 10 bytes
  EXPECT_FALSE(IsCleanText("éééééé", 5));
}

TEST(CleanTextTest, RefusesControlCharactersUnlessMultiline) {
  EXPECT_FALSE(IsCleanText("a\nb", 10));
  EXPECT_TRUE(IsCleanText("a\nb\tc", 10, /*multiline=*/true));
  EXPECT_FALSE(IsCleanText(std::string("a\0b", 3), 10, true));
  EXPECT_FALSE(IsCleanText("a\x7f", 10));
}

TEST(CleanTextTest, RefusesInvalidUtf8) {
  EXPECT_FALSE(IsCleanText("\xc3", 10));              // truncated
  EXPECT_FALSE(IsCleanText("\xc0\xaf", 10));          // overlong
  EXPECT_FALSE(IsCleanText("\xed\xa0\x80", 10));      // UTF-16 surrogate
  EXPECT_FALSE(IsCleanText("\xf4\x90\x80\x80", 10));  // beyond U+10FFFF
  EXPECT_FALSE(IsCleanText("\xff", 10));
}

TEST(TokenTest, AllowsShortIdentifiersOnly) {
  EXPECT_TRUE(IsValidToken("a1-B_2"));
  EXPECT_TRUE(IsValidToken(std::string(64, 'x')));
  EXPECT_FALSE(IsValidToken(std::string(65, 'x')));
  EXPECT_FALSE(IsValidToken(""));
  EXPECT_FALSE(IsValidToken("a/b"));
  EXPECT_FALSE(IsValidToken("a b"));
}

}  // namespace
}  // namespace inburgering::domain
