#include "domain/idempotency.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace inburgering::domain {
namespace {

using ::inburgering::testing::IsOk;
using ::inburgering::testing::IsOkAndHolds;
using ::inburgering::testing::StatusIs;
using ::testing::_;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::Field;
using ::testing::Optional;
using ::testing::Return;

class MockIdempotency : public IdempotencyRepository {
 public:
  MOCK_METHOD(absl::StatusOr<std::optional<IdempotencyRecord>>, Find,
              (absl::string_view, absl::string_view), (override));
  MOCK_METHOD(absl::Status, Insert, (const IdempotencyRecord&), (override));
};

class FakeWork : public UnitOfWork {
 public:
  // Idempotency touches no other repository.
  ConsultantRepository& consultants() override { std::abort(); }
  ClientRepository& clients() override { std::abort(); }
  TrajectoryRepository& trajectories() override { std::abort(); }
  JournalRepository& journal() override { std::abort(); }
  EventRepository& events() override { std::abort(); }
  DuoReportRepository& duo_reports() override { std::abort(); }
  DuoSignalRepository& duo_signals() override { std::abort(); }
  ReportingRepository& reporting() override { std::abort(); }
  ProviderRepository& providers() override { std::abort(); }
  IdempotencyRepository& idempotency() override { return idempotency_; }
  absl::Status Commit() override { return absl::OkStatus(); }
  MockIdempotency idempotency_;
};

IdempotencyRecord Record(const char* operation, const char* fingerprint) {
  return {"0303", "req-1", operation, fingerprint, "res-9", absl::UnixEpoch()};
}

TEST(IdempotencyTest, WithoutRequestIdNothingIsLookedUpOrStored) {
  FakeWork work;
  EXPECT_CALL(work.idempotency_, Find).Times(0);
  EXPECT_CALL(work.idempotency_, Insert).Times(0);
  EXPECT_THAT(FindReplay(work, "0303", {"", "Create", "f"}), IsOkAndHolds(Eq(std::nullopt)));
  EXPECT_THAT(Remember(work, "0303", {"", "Create", "f"}, "res-9", absl::UnixEpoch()), IsOk());
}

TEST(IdempotencyTest, FirstCallIsNoReplay) {
  FakeWork work;
  EXPECT_CALL(work.idempotency_, Find(Eq("0303"), Eq("req-1")))
      .WillOnce(Return(std::optional<IdempotencyRecord>()));
  EXPECT_THAT(FindReplay(work, "0303", {"req-1", "Create", "f"}), IsOkAndHolds(Eq(std::nullopt)));
}

TEST(IdempotencyTest, SameRequestReplaysTheFirstResource) {
  FakeWork work;
  EXPECT_CALL(work.idempotency_, Find(_, _)).WillOnce(Return(Record("Create", "f")));
  EXPECT_THAT(FindReplay(work, "0303", {"req-1", "Create", "f"}),
              IsOkAndHolds(Optional(std::string("res-9"))));
}

TEST(IdempotencyTest, ReusedRequestIdWithAnotherBodyIsInvalidArgumentOnRequestId) {
  FakeWork work;
  EXPECT_CALL(work.idempotency_, Find(_, _)).WillOnce(Return(Record("Create", "other")));
  absl::StatusOr<std::optional<std::string>> result =
      FindReplay(work, "0303", {"req-1", "Create", "f"});
  EXPECT_THAT(result, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(ReasonOf(result.status()), reason::kRequestIdReused);
  EXPECT_THAT(FieldViolationsOf(result.status()),
              ElementsAre(Field(&FieldViolation::field, "request_id")));
}

TEST(IdempotencyTest, ReusedRequestIdForAnotherOperationIsRefused) {
  FakeWork work;
  EXPECT_CALL(work.idempotency_, Find(_, _)).WillOnce(Return(Record("Update", "f")));
  EXPECT_THAT(FindReplay(work, "0303", {"req-1", "Create", "f"}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(IdempotencyTest, RememberStoresTheResource) {
  FakeWork work;
  EXPECT_CALL(work.idempotency_, Insert(AllOf(Field(&IdempotencyRecord::request_id, "req-1"),
                                              Field(&IdempotencyRecord::resource_id, "res-9"),
                                              Field(&IdempotencyRecord::fingerprint, "f"))))
      .WillOnce(Return(absl::OkStatus()));
  EXPECT_THAT(Remember(work, "0303", {"req-1", "Create", "f"}, "res-9", absl::UnixEpoch()), IsOk());
}

}  // namespace
}  // namespace inburgering::domain
