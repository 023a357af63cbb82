// The trajectory document (codec.h, json_document.h): read and written straight from the
// records' field lists, as the same JSON nlohmann wrote before, so that stored documents read
// unchanged; anything that is not such a document is INTERNAL, never half read.

#include "persistence/codec.h"

#include <fstream>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "domain/dates.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "persistence/stored_fields.h"
#include "tests/testing/status_matchers.h"

namespace inburgering::persistence {
namespace {

using ::inburgering::testing::IsOk;
using ::inburgering::testing::StatusIs;
using nlohmann::json;

// Gives every field a value of its own that is not its default: each string carries a quote, a
// backslash, a slash, control characters and text outside ASCII; each list two entries; each
// enum its last value (so an unread name, which reads as the first, would show).
class Filler {
 public:
  void operator()(absl::string_view, bool& value) { value = true; }
  void operator()(absl::string_view, int& value) { value = ++n_; }
  void operator()(absl::string_view, int64_t& value) { value = int64_t{1} << 40 | ++n_; }
  void operator()(absl::string_view, double& value) { value = ++n_ + 0.25; }
  void operator()(absl::string_view, std::string& value) {
    value = "value " + std::to_string(++n_) + " \"q\" \\ / \n\t\x01 caf\xc3\xa9 \xf0\x9f\x98\x80";
  }
  void operator()(absl::string_view, absl::CivilDay& value) {
    value = absl::CivilDay(2024, 1, 1) + ++n_;
  }
  void operator()(absl::string_view, absl::Time& value) {
    value = absl::FromUnixMicros(1735689600000000 + ++n_);
  }
  template <typename E, std::enable_if_t<domain::HasEnumNames<E>::value, int> = 0>
  void operator()(absl::string_view, E& value) {
    const auto& entries = domain::EnumNames<E>::kEntries;
    value = entries[std::size(entries) - 1].value;
  }
  template <typename T>
  void operator()(absl::string_view name, std::optional<T>& value) {
    (*this)(name, value.emplace());
  }
  template <typename T>
  void operator()(absl::string_view name, std::vector<T>& values) {
    (*this)(name, values.emplace_back());
    (*this)(name, values.emplace_back());
  }
  template <typename T, std::enable_if_t<HasStoredFields<T>::value, int> = 0>
  void operator()(absl::string_view, T& record) {
    VisitFields(record, *this);
  }

 private:
  int n_ = 0;
};

// The same values as nlohmann built them before this reader and writer (the reference).
json Tree(bool value) { return value; }
json Tree(int value) { return value; }
json Tree(int64_t value) { return value; }
json Tree(double value) { return value; }
json Tree(const std::string& value) { return value; }
json Tree(absl::CivilDay value) { return domain::FormatDay(value); }
json Tree(absl::Time value) { return absl::ToUnixMicros(value); }
template <typename E, std::enable_if_t<domain::HasEnumNames<E>::value, int> = 0>
json Tree(E value) {
  return domain::EnumName(value);
}
template <typename T, std::enable_if_t<HasStoredFields<const T>::value, int> = 0>
json Tree(const T& record);
template <typename T>
json Tree(const std::optional<T>& value) {
  return value ? Tree(*value) : json(nullptr);
}
template <typename T>
json Tree(const std::vector<T>& values) {
  json list = json::array();
  for (const T& value : values) list.push_back(Tree(value));
  return list;
}
template <typename T, std::enable_if_t<HasStoredFields<const T>::value, int>>
json Tree(const T& record) {
  json object = json::object();
  VisitFields(record, [&](absl::string_view name, const auto& value) {
    object[std::string(name)] = Tree(value);
  });
  return object;
}
json DocumentTree(const domain::Trajectory& t) {
  json object = json::object();
  VisitDocument(t, [&](absl::string_view name, const auto& value) {
    object[std::string(name)] = Tree(value);
  });
  return object;
}

domain::Trajectory Filled() {
  domain::Trajectory t;
  Filler filler;
  VisitDocument(t, filler);
  return t;
}

std::string ReadTestData(const std::string& name) {
  std::ifstream in(std::string(INBURGERING_SOURCE_DIR) + "/tests/persistence/testdata/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(TrajectoryDocumentTest, EveryFieldIsWrittenAsNlohmannWroteItAndReadBack) {
  const domain::Trajectory t = Filled();
  const std::string document = EncodeTrajectory(t);
  EXPECT_EQ(json::parse(document), DocumentTree(t));

  domain::Trajectory read;
  ASSERT_THAT(DecodeTrajectory(document, read), IsOk());
  EXPECT_EQ(EncodeTrajectory(read), document);
  // nlohmann's own text of it (keys in sorted order, its escapes) reads to the same.
  domain::Trajectory from_nlohmann;
  ASSERT_THAT(DecodeTrajectory(DocumentTree(t).dump(), from_nlohmann), IsOk());
  EXPECT_EQ(EncodeTrajectory(from_nlohmann), document);
  ASSERT_EQ(read.attendance.size(), 2u);
  EXPECT_EQ(read.attendance[1].unexcused_hours, t.attendance[1].unexcused_hours);
  EXPECT_EQ(read.intake->summary, t.intake->summary);
}

TEST(TrajectoryDocumentTest, ADocumentStoredBeforeThisReaderReadsUnchanged) {
  const std::string stored = ReadTestData("trajectory_document_2025.json");
  ASSERT_FALSE(stored.empty());
  domain::Trajectory t;
  ASSERT_THAT(DecodeTrajectory(stored, t), IsOk());
  ASSERT_TRUE(t.intake.has_value());
  EXPECT_EQ(t.intake->summary,
            "vorig werk: \"logistiek\" \\ magazijn\nspreekt Tigrinya (\xe1\x89\xb5\xe1\x8c\x8d"
            "\xe1\x88\xad\xe1\x8a\x9b), caf\xc3\xa9 \xf0\x9f\x98\x80");
  ASSERT_EQ(t.attendance.size(), 2u);
  EXPECT_EQ(t.attendance[0].attended_hours, 41.0);
  EXPECT_EQ(t.attendance[1].unexcused_hours, 8.0);
  ASSERT_TRUE(t.closure.has_value());
  EXPECT_EQ(t.closure->reason, domain::ClosureReason::kFulfilled);
  EXPECT_EQ(t.closure->date, absl::CivilDay(2025, 1, 29));
  ASSERT_EQ(t.plans.size(), 1u);
  EXPECT_EQ(t.plans[0].route, domain::Route::kB1);
  EXPECT_EQ(t.plans[0].language_hours, 883);
  ASSERT_EQ(t.enrollments.size(), 1u);
  EXPECT_EQ(t.enrollments[0].quality_mark, domain::QualityMark::kBlikOpWerk);
  EXPECT_FALSE(t.moved_in.has_value());
  // Written back, it is the same JSON (other key order, same values).
  EXPECT_EQ(json::parse(EncodeTrajectory(t)), json::parse(stored));
}

TEST(TrajectoryDocumentTest, AnOlderDocumentWithoutLaterMembersReadsThemAsEmpty) {
  domain::Trajectory t = Filled();  // what was in the record before must not stay
  ASSERT_THAT(DecodeTrajectory(R"({"intake": null, "plans": [], "closure": null})", t), IsOk());
  EXPECT_FALSE(t.intake.has_value());
  EXPECT_TRUE(t.plans.empty());
  EXPECT_TRUE(t.attendance.empty());
  EXPECT_TRUE(t.provider_progress.empty());
  EXPECT_FALSE(t.unburdening.has_value());
}

TEST(TrajectoryDocumentTest, KeysItDoesNotKnowAreSkipped) {
  domain::Trajectory t;
  ASSERT_THAT(DecodeTrajectory(R"({"later": {"a": [1, -2.5e3, "x\"]", {"b": null}], "c": true},
                                   "closure": {"reason": "FULFILLED", "date": "2025-01-29",
                                               "note": "added later"}})",
                               t),
              IsOk());
  ASSERT_TRUE(t.closure.has_value());
  EXPECT_EQ(t.closure->date, absl::CivilDay(2025, 1, 29));
}

TEST(TrajectoryDocumentTest, EscapesReadAsTheTextTheyStandFor) {
  domain::Trajectory t;
  ASSERT_THAT(DecodeTrajectory(
                  R"({"intake": {"summary": "\u00e9\ud83d\ude00 \"\\\/\b\f\n\r\t \u0041"}})", t),
              IsOk());
  EXPECT_EQ(t.intake->summary, "\xc3\xa9\xf0\x9f\x98\x80 \"\\/\b\f\n\r\t A");
}

TEST(TrajectoryDocumentTest, AnythingElseIsUnreadableAndInternal) {
  const std::vector<std::string> unreadable = {
      "",
      "{",
      "[]",
      "{} {}",
      R"({"plans": [})",
      R"({"plans": {}})",
      R"({"intake": {"summary": "open)",
      R"({"intake": {"summary": "\x"}})",
      R"({"intake": {"summary": "\udc00"}})",
      R"({"intake": {"summary": "\ud83d"}})",
      R"({"intake": {"summary": "\ud83d\u0041"}})",
      "{\"intake\": {\"summary\": \"a\nb\"}}",
      "{\"intake\": {\"summary\": \"\xff\"}}",
      "{\"intake\": {\"summary\": \"\xc0\x80\"}}",
      "{\"intake\": {\"summary\": \"\xed\xa0\x80\"}}",
      R"({"intake": {"summary": 1}})",
      R"({"intake": {"date": "2024-13-01"}})",
      R"({"learnability_test": {"score": 1.5}})",
      R"({"learnability_test": {"score": 4294967296}})",
      R"({"learnability_test": {"score": 01}})",
      R"({"learnability_test": {"score": -}})",
      R"({"learnability_test": {"score": null}})",
      R"({"intake": {"vve_information_given": tru}})",
      R"({"plans": [{"version": 1},]})",
      R"({"later": -2.5e400})",
      R"({"attendance": [{"attended_hours": 1e309}]})",
      R"({"later": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]})",
  };
  for (const std::string& document : unreadable) {
    domain::Trajectory t;
    EXPECT_THAT(DecodeTrajectory(document, t), StatusIs(absl::StatusCode::kInternal)) << document;
  }
}

TEST(TrajectoryDocumentTest, ANumberTooSmallForADoubleReadsAsZeroAsNlohmannReadIt) {
  domain::Trajectory t;
  ASSERT_THAT(
      DecodeTrajectory(R"({"attendance": [{"attended_hours": 1e-400}], "later": 2e-999})", t),
      IsOk());
  ASSERT_EQ(t.attendance.size(), 1u);
  EXPECT_EQ(t.attendance[0].attended_hours, 0.0);
}

TEST(TrajectoryDocumentTest, AnEnumNameItDoesNotKnowReadsAsTheFirstValue) {
  domain::Trajectory t;
  ASSERT_THAT(
      DecodeTrajectory(R"({"closure": {"reason": "LATER_REASON", "date": "2025-01-29"}})", t),
      IsOk());
  EXPECT_EQ(t.closure->reason, domain::EnumNames<domain::ClosureReason>::kEntries[0].value);
}

}  // namespace
}  // namespace inburgering::persistence
