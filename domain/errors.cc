#include "domain/errors.h"

#include <utility>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace inburgering::domain {
namespace {

// Payload keys, in the style of type URLs but private to this module.
constexpr absl::string_view kReasonPayload = "inburgering.domain/reason";
constexpr absl::string_view kViolationsPayload = "inburgering.domain/field_violations";
// Separators that cannot occur in field paths or in our descriptions.
constexpr char kUnit = '\x1f';
constexpr char kRecord = '\x1e';

absl::string_view DefaultReason(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
      return reason::kInvalidRequest;
    case absl::StatusCode::kNotFound:
      return reason::kNotFound;
    case absl::StatusCode::kAlreadyExists:
      return reason::kAlreadyExists;
    case absl::StatusCode::kUnauthenticated:
      return reason::kUnauthenticated;
    case absl::StatusCode::kPermissionDenied:
      return reason::kPermissionDenied;
    case absl::StatusCode::kUnavailable:
      return reason::kDatabaseUnavailable;
    case absl::StatusCode::kAborted:
      return reason::kConcurrentChange;
    case absl::StatusCode::kResourceExhausted:
    case absl::StatusCode::kOutOfRange:
      return reason::kLimitExceeded;
    default:
      return reason::kInternal;
  }
}

}  // namespace

absl::Status WithReason(absl::Status status, absl::string_view reason) {
  if (!status.ok()) status.SetPayload(kReasonPayload, absl::Cord(reason));
  return status;
}

std::string ReasonOf(const absl::Status& status) {
  if (auto payload = status.GetPayload(kReasonPayload)) return std::string(*payload);
  return std::string(DefaultReason(status.code()));
}

absl::Status InvalidArgument(std::vector<FieldViolation> violations, absl::string_view reason) {
  std::vector<std::string> fields;
  std::vector<std::string> records;
  // The separators cannot be told apart from text that contains them: such bytes (only ever
  // in input echoed by mistake) are replaced, so that every violation keeps its field.
  auto clean = [](std::string text) {
    for (char& c : text) {
      if (c == kUnit || c == kRecord) c = '?';
    }
    return text;
  };
  for (const FieldViolation& v : violations) {
    fields.push_back(clean(v.field));
    records.push_back(absl::StrCat(clean(v.field), std::string(1, kUnit), clean(v.description)));
  }
  absl::Status status = absl::InvalidArgumentError(
      absl::StrCat("invalid request: ", absl::StrJoin(fields, ", "),
                   violations.size() == 1 ? absl::StrCat(": ", violations[0].description) : ""));
  status.SetPayload(kViolationsPayload,
                    absl::Cord(absl::StrJoin(records, std::string(1, kRecord))));
  return WithReason(std::move(status), reason);
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  std::vector<FieldViolation> out;
  auto payload = status.GetPayload(kViolationsPayload);
  if (!payload) return out;
  std::string flat(*payload);
  for (absl::string_view record : absl::StrSplit(flat, kRecord, absl::SkipEmpty())) {
    std::pair<std::string, std::string> parts = absl::StrSplit(record, absl::MaxSplits(kUnit, 1));
    out.push_back({parts.first, parts.second});
  }
  return out;
}

absl::Status NotFound(absl::string_view message) {
  return WithReason(absl::NotFoundError(message), reason::kNotFound);
}

absl::Status AlreadyExists(absl::string_view message) {
  return WithReason(absl::AlreadyExistsError(message), reason::kAlreadyExists);
}

absl::Status StaleEtag() {
  return WithReason(
      absl::AbortedError("the etag is not current: the resource changed; read it again and retry"),
      reason::kStaleEtag);
}

absl::Status RuleViolated(absl::string_view rule_reason, absl::string_view message) {
  return WithReason(absl::FailedPreconditionError(message), rule_reason);
}

}  // namespace inburgering::domain
