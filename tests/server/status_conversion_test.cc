#include "server/status_conversion.h"

#include <optional>
#include <vector>

#include "domain/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/test_server.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::DecodeError;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

struct Row {
  absl::StatusCode absl_code;
  grpc::StatusCode grpc_code;
  const char* reason;
  bool message_kept;
};

// Every code: the gRPC code, the default reason, and whether the message reaches the caller.
const std::vector<Row>& Table() {
  static const std::vector<Row> kRows = {
      {absl::StatusCode::kCancelled, grpc::StatusCode::CANCELLED, "INTERNAL_ERROR", true},
      {absl::StatusCode::kUnknown, grpc::StatusCode::UNKNOWN, "INTERNAL_ERROR", false},
      {absl::StatusCode::kInvalidArgument, grpc::StatusCode::INVALID_ARGUMENT, "INVALID_REQUEST",
       true},
      {absl::StatusCode::kDeadlineExceeded, grpc::StatusCode::DEADLINE_EXCEEDED, "INTERNAL_ERROR",
       true},
      {absl::StatusCode::kNotFound, grpc::StatusCode::NOT_FOUND, "RESOURCE_NOT_FOUND", true},
      {absl::StatusCode::kAlreadyExists, grpc::StatusCode::ALREADY_EXISTS,
       "RESOURCE_ALREADY_EXISTS", true},
      {absl::StatusCode::kPermissionDenied, grpc::StatusCode::PERMISSION_DENIED,
       "PERMISSION_DENIED", true},
      {absl::StatusCode::kResourceExhausted, grpc::StatusCode::RESOURCE_EXHAUSTED, "LIMIT_EXCEEDED",
       true},
      {absl::StatusCode::kFailedPrecondition, grpc::StatusCode::FAILED_PRECONDITION,
       "INTERNAL_ERROR", true},
      {absl::StatusCode::kAborted, grpc::StatusCode::ABORTED, "CONCURRENT_CHANGE", true},
      {absl::StatusCode::kOutOfRange, grpc::StatusCode::OUT_OF_RANGE, "LIMIT_EXCEEDED", true},
      {absl::StatusCode::kUnimplemented, grpc::StatusCode::UNIMPLEMENTED, "INTERNAL_ERROR", true},
      {absl::StatusCode::kInternal, grpc::StatusCode::INTERNAL, "INTERNAL_ERROR", false},
      {absl::StatusCode::kUnavailable, grpc::StatusCode::UNAVAILABLE, "DATABASE_UNAVAILABLE", true},
      {absl::StatusCode::kDataLoss, grpc::StatusCode::DATA_LOSS, "INTERNAL_ERROR", false},
      {absl::StatusCode::kUnauthenticated, grpc::StatusCode::UNAUTHENTICATED, "UNAUTHENTICATED",
       true},
  };
  return kRows;
}

TEST(StatusConversionTest, EveryCodeMapsToItsGrpcCodeWithErrorInfo) {
  for (const Row& row : Table()) {
    SCOPED_TRACE(absl::StatusCodeToString(row.absl_code));
    const grpc::Status status = ToGrpcStatus(absl::Status(row.absl_code, "detail 42"));
    const auto error = DecodeError(status);
    EXPECT_EQ(error.code, row.grpc_code);
    EXPECT_EQ(error.reason, row.reason);
    EXPECT_EQ(error.domain, "inburgering.v1");
    if (row.message_kept) {
      EXPECT_EQ(error.message, "detail 42");
    } else {
      EXPECT_THAT(error.message, ::testing::Not(HasSubstr("detail 42")));
    }
  }
}

// Issue 19: a refusal that can reach the citizen portal carries a message a citizen can read, in
// English and in Dutch, fixed per reason (so never with the request's personal data).
TEST(StatusConversionTest, RefusalsACitizenCanMeetCarryADutchAndAnEnglishMessage) {
  const auto not_found =
      DecodeError(ToGrpcStatus(absl::NotFoundError("client 123456782 not found")));
  EXPECT_THAT(not_found.localized,
              ElementsAre(Pair("en-US", HasSubstr("could not find")),
                          Pair("nl-NL",
                               "Wij kunnen niet vinden wat u zoekt. Misschien is het "
                               "verwijderd of mag u het niet zien.")));
  for (const auto& [locale, text] : not_found.localized) {
    EXPECT_THAT(text, ::testing::Not(HasSubstr("123456782")));
  }
  const auto late = DecodeError(
      ToGrpcStatus(domain::WithReason(absl::FailedPreconditionError("route switch after 18 months"),
                                      "ROUTE_SWITCH_AFTER_18_MONTHS")));
  EXPECT_THAT(late.localized,
              ::testing::Contains(Pair("nl-NL", HasSubstr("termijn is verstreken"))));
  const auto invalid =
      DecodeError(ToGrpcStatus(domain::InvalidArgument({{"client.bsn", "invalid"}})));
  EXPECT_THAT(invalid.localized,
              ::testing::Contains(Pair("nl-NL", HasSubstr("niet goed ingevuld"))));
  // A reason only staff meet (the fine ladder) has none: the technical message is theirs.
  const auto staff = DecodeError(ToGrpcStatus(
      domain::WithReason(absl::FailedPreconditionError("warning first"), "FINE_WITHOUT_WARNING")));
  EXPECT_TRUE(staff.localized.empty());
}

// A replica's limit and an unavailable database pass: the caller is told when to try again, as
// the REST face's `Retry-After` does; other refusals would fail the same way again.
TEST(StatusConversionTest, RetryableRefusalsSayWhenToRetry) {
  for (const Row& row : Table()) {
    SCOPED_TRACE(absl::StatusCodeToString(row.absl_code));
    const auto error = DecodeError(ToGrpcStatus(absl::Status(row.absl_code, "detail")));
    if (row.grpc_code == grpc::StatusCode::RESOURCE_EXHAUSTED ||
        row.grpc_code == grpc::StatusCode::UNAVAILABLE) {
      EXPECT_EQ(error.retry_delay, absl::Seconds(1));
    } else {
      EXPECT_EQ(error.retry_delay, std::nullopt);
    }
  }
}

TEST(StatusConversionTest, OkIsOk) { EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok()); }

TEST(StatusConversionTest, FieldViolationsBecomeBadRequest) {
  const auto error = DecodeError(ToGrpcStatus(domain::InvalidArgument(
      {{"parent", "required"}, {"consultant.email", "must be an e-mail address"}})));
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(error.reason, "INVALID_REQUEST");
  EXPECT_THAT(error.field_violations,
              ElementsAre(Pair("parent", "required"),
                          Pair("consultant.email", "must be an e-mail address")));
}

TEST(StatusConversionTest, ExplicitReasonWins) {
  const auto error = DecodeError(
      ToGrpcStatus(domain::RuleViolated("PLAN_BEFORE_INTAKE", "no plan before intake")));
  EXPECT_EQ(error.code, grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(error.reason, "PLAN_BEFORE_INTAKE");
}

TEST(StatusConversionTest, InternalReasonIsHiddenToo) {
  const auto error =
      DecodeError(ToGrpcStatus(domain::WithReason(absl::InternalError("x"), "SECRET_REASON")));
  EXPECT_EQ(error.reason, "INTERNAL_ERROR");
}

}  // namespace
}  // namespace inburgering::server
