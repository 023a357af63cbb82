#include "domain/errors.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace inburgering::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ErrorsTest, ReasonTravelsWithTheStatus) {
  absl::Status status = RuleViolated("ROUTE_SWITCH_AFTER_18_MONTHS", "art. 7: too late");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(status), "ROUTE_SWITCH_AFTER_18_MONTHS");
}

TEST(ErrorsTest, DefaultReasonFollowsTheCode) {
  EXPECT_EQ(ReasonOf(absl::NotFoundError("x")), reason::kNotFound);
  EXPECT_EQ(ReasonOf(absl::UnavailableError("x")), reason::kDatabaseUnavailable);
  EXPECT_EQ(ReasonOf(absl::AbortedError("x")), reason::kConcurrentChange);
  EXPECT_EQ(ReasonOf(absl::InternalError("x")), reason::kInternal);
  EXPECT_EQ(ReasonOf(StaleEtag()), reason::kStaleEtag);
}

TEST(ErrorsTest, InvalidArgumentNamesEveryFieldAndKeepsTheirDescriptions) {
  absl::Status status =
      InvalidArgument({{"parent", "required"}, {"consultant.email", "must be an e-mail address"}});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(status), reason::kInvalidRequest);
  EXPECT_THAT(status.message(), HasSubstr("parent, consultant.email"));
  EXPECT_THAT(FieldViolationsOf(status),
              ElementsAre(FieldViolation{"parent", "required"},
                          FieldViolation{"consultant.email", "must be an e-mail address"}));
}

TEST(ErrorsTest, SeparatorBytesInAViolationDoNotSplitIt) {
  absl::Status status = InvalidArgument({{"update_mask", "bad\x1epath\x1f"}, {"b", "c"}});
  EXPECT_THAT(FieldViolationsOf(status),
              ElementsAre(FieldViolation{"update_mask", "bad?path?"}, FieldViolation{"b", "c"}));
}

TEST(ErrorsTest, WithReasonLeavesOkAlone) {
  EXPECT_TRUE(WithReason(absl::OkStatus(), "X").ok());
  EXPECT_THAT(FieldViolationsOf(absl::OkStatus()), ::testing::IsEmpty());
}

TEST(ErrorsTest, MessageOfASingleViolationSaysWhy) {
  absl::Status status = InvalidArgument({{"page_size", "must not be negative"}});
  EXPECT_THAT(status.message(), HasSubstr("page_size: must not be negative"));
  EXPECT_THAT(status.message(), Not(HasSubstr("\x1f")));
}

}  // namespace
}  // namespace inburgering::domain
