#include "domain/client.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace inburgering::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

TEST(BsnTest, PassesTheElevenTest) {
  EXPECT_TRUE(IsValidBsn("111222333"));
  EXPECT_TRUE(IsValidBsn("123456782"));
  EXPECT_FALSE(IsValidBsn("123456789"));
  EXPECT_FALSE(IsValidBsn("000000000"));  // sum 0
  EXPECT_FALSE(IsValidBsn("12345678"));
  EXPECT_FALSE(IsValidBsn("1234567820"));
  EXPECT_FALSE(IsValidBsn("12345678a"));
}

TEST(BsnTest, AnIdThatMayHoldABsnIsRecognised) {
  EXPECT_TRUE(MayHoldBsn("111222333"));
  EXPECT_TRUE(MayHoldBsn("req-123456782-x"));
  EXPECT_TRUE(MayHoldBsn("municipalities/0303/clients/111222333"));
  EXPECT_TRUE(MayHoldBsn("x1112223339"));     // a BSN inside a longer run of digits
  EXPECT_TRUE(MayHoldBsn("trace-12345672"));  // 8 digits: 012345672 passes
  EXPECT_FALSE(MayHoldBsn("123456789"));      // fails the eleven-test
  EXPECT_FALSE(MayHoldBsn("trace-me-1"));
  EXPECT_FALSE(MayHoldBsn("municipalities/0303/clients/abcdefghij234567abcd"));
  EXPECT_FALSE(MayHoldBsn("0303"));
  EXPECT_FALSE(MayHoldBsn(""));
}

std::vector<std::string> Fields(const Client& c, absl::CivilDay today) {
  Violations v;
  ValidateClientFields(c, today, "client.", v);
  std::vector<std::string> out;
  for (const auto& f : FieldViolationsOf(v.ToStatus())) out.push_back(f.field);
  return out;
}

Client Valid() {
  Client c;
  c.bsn = "111222333";
  c.given_names = "Amal";
  c.family_name = "Haddad";
  c.birth_date = absl::CivilDay(1990, 4, 2);
  c.obligation_notice_date = absl::CivilDay(2025, 1, 6);
  return c;
}

TEST(ClientFieldsTest, ValidClientHasNoViolations) {
  EXPECT_THAT(Fields(Valid(), absl::CivilDay(2025, 3, 1)), IsEmpty());
}

TEST(ClientFieldsTest, BadBsnIsNamedButNeverRepeated) {
  Client c = Valid();
  c.bsn = "123456789";
  Violations v;
  ValidateClientFields(c, absl::CivilDay(2025, 3, 1), "client.", v);
  const absl::Status status = v.ToStatus();
  EXPECT_THAT(FieldViolationsOf(status), ElementsAre(FieldViolation{"client.bsn",
                                                                    "must be 9 digits that pass "
                                                                    "the BSN eleven-test"}));
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("123456789")));
}

TEST(ClientFieldsTest, DatesMayNotLieInTheFuture) {
  Client c = Valid();
  c.birth_date = absl::CivilDay(2025, 3, 2);
  c.obligation_notice_date = absl::CivilDay(2025, 3, 2);
  EXPECT_THAT(Fields(c, absl::CivilDay(2025, 3, 1)),
              ElementsAre("client.birth_date", "client.obligation_notice_date"));
}

TEST(ClientFieldsTest, NamesAreRequired) {
  Client c = Valid();
  c.given_names.clear();
  c.family_name = std::string(201, 'x');
  EXPECT_THAT(Fields(c, absl::CivilDay(2025, 3, 1)),
              ElementsAre("client.given_names", "client.family_name"));
}

}  // namespace
}  // namespace inburgering::domain
