// The repository contract suite: the same tests on SQLite and PostgreSQL, so that both backends
// behave identically behind the domain's ports.

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "persistence/database.h"
#include "persistence/migrations.h"
#include "persistence/unit_of_work.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace inburgering::persistence {
namespace {

using ::inburgering::testing::AllBackends;
using ::inburgering::testing::BackendParamName;
using ::inburgering::testing::IsOk;
using ::inburgering::testing::IsOkAndHolds;
using ::inburgering::testing::StatusIs;
using ::inburgering::testing::TestDatabase;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Optional;

using domain::Consultant;
using domain::TransactionMode;

class RepositoryTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    database_ = ::inburgering::testing::OpenMigrated(*db_, 2, absl::Milliseconds(200));
    ASSERT_NE(database_, nullptr);
    transactions_ = std::make_unique<SociTransactionManager>(*database_);
  }

  std::unique_ptr<domain::UnitOfWork> Begin(TransactionMode mode = TransactionMode::kReadWrite) {
    auto work = transactions_->Begin(mode);
    EXPECT_TRUE(work.ok()) << work.status();
    return *std::move(work);
  }

  static Consultant Make(const std::string& municipality, const std::string& id,
                         const std::string& name, bool active = true) {
    const absl::Time t =
        absl::FromCivil(absl::CivilSecond(2025, 1, 6, 8, 30, 15), absl::UTCTimeZone()) +
        absl::Microseconds(123456);
    return Consultant{municipality, id, name, "x@dronten.nl", active, 40, t, t, 1};
  }

  void InsertAll(const std::vector<Consultant>& consultants) {
    auto work = Begin();
    for (const Consultant& c : consultants) ASSERT_THAT(work->consultants().Insert(c), IsOk());
    ASSERT_THAT(work->Commit(), IsOk());
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Database> database_;
  std::unique_ptr<SociTransactionManager> transactions_;
};

MATCHER_P(HasId, id, "") { return arg.id == id; }

TEST_P(RepositoryTest, InsertedConsultantReadsBackFieldForField) {
  const Consultant c = Make("0303", "c1", "Anna de Vries");
  InsertAll({c});
  auto work = Begin(TransactionMode::kReadOnly);
  absl::StatusOr<Consultant> read = work->consultants().Get("0303", "c1");
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->display_name, c.display_name);
  EXPECT_EQ(read->email, c.email);
  EXPECT_EQ(read->active, c.active);
  EXPECT_EQ(read->case_capacity, c.case_capacity);
  EXPECT_EQ(read->create_time, c.create_time);  // microseconds survive
  EXPECT_EQ(read->version, 1);
}

TEST_P(RepositoryTest, MissingConsultantIsNotFound) {
  auto work = Begin(TransactionMode::kReadOnly);
  EXPECT_THAT(work->consultants().Get("0303", "nope"), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(RepositoryTest, MunicipalitiesAreKeptApart) {
  InsertAll({Make("0303", "c1", "Anna")});
  auto work = Begin(TransactionMode::kReadOnly);
  EXPECT_THAT(work->consultants().Get("0344", "c1"), StatusIs(absl::StatusCode::kNotFound));
  auto page = work->consultants().List({"0344", true}, {50, ""});
  ASSERT_THAT(page, IsOk());
  EXPECT_TRUE(page->items.empty());
}

TEST_P(RepositoryTest, DuplicateKeyIsAlreadyExistsAndItsMessageHoldsNoValues) {
  InsertAll({Make("0303", "secret-id-123", "Anna")});
  auto work = Begin();
  absl::Status status = work->consultants().Insert(Make("0303", "secret-id-123", "Other"));
  EXPECT_THAT(status, StatusIs(absl::StatusCode::kAlreadyExists, Not(HasSubstr("secret-id-123"))));
}

TEST_P(RepositoryTest, UncommittedWorkIsRolledBack) {
  {
    auto work = Begin();
    ASSERT_THAT(work->consultants().Insert(Make("0303", "c1", "Anna")), IsOk());
    ASSERT_THAT(work->idempotency().Insert({"0303", "r1", "Op", "f", "c1", absl::UnixEpoch()}),
                IsOk());
  }  // no Commit
  auto work = Begin(TransactionMode::kReadOnly);
  EXPECT_THAT(work->consultants().Get("0303", "c1"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(work->idempotency().Find("0303", "r1"), IsOkAndHolds(Eq(std::nullopt)));
}

// A CBS delivery's processing records (one per person) go in as a batch, given one by one: every
// one is written with all its fields, and a batch rolled back leaves none behind.
TEST_P(RepositoryTest, ABatchOfProcessingRecordsIsWrittenWholeOrNotAtAll) {
  auto batch = [](const std::vector<std::string>& subjects, const std::string& trace) {
    return [subjects, trace, i = size_t{0}](domain::ProcessingRecord& r) mutable {
      if (i == subjects.size()) return false;
      r = domain::ProcessingRecord{};
      r.time = absl::FromUnixSeconds(1'800'000'000);
      r.start_time = r.time - absl::Seconds(2);
      r.trace_id = trace;
      r.span_id = absl::StrCat("span-", i);
      r.parent_span_id = "parent";
      r.operation_id = "request-1";
      r.activity = "ExportCbsDelivery";
      r.status = "OK";
      r.ldv_status = "Ok";
      r.processing_activity_id = "urn:activity";
      r.municipality = "0303";
      r.subject = subjects[i++];
      r.data_subject_id_type = "urn:client";
      r.resource = "service.name=inburgering";
      return true;
    };
  };
  {
    auto work = Begin();
    ASSERT_THAT(work->journal().AppendAll(batch({"s-9", "s-1"}, "rolled-back")), IsOk());
  }  // no Commit
  {
    auto work = Begin();
    ASSERT_THAT(work->journal().AppendAll(batch({"s-3", "s-1", "s-2"}, "kept")), IsOk());
    ASSERT_THAT(work->journal().AppendAll(batch({}, "empty")), IsOk());
    ASSERT_THAT(work->Commit(), IsOk());
  }
  auto work = Begin(TransactionMode::kReadOnly);
  domain::ProcessingFilter all;
  all.municipality = "0303";
  auto page = work->journal().ListProcessing(all, domain::PageRequest{100, ""});
  ASSERT_THAT(page, IsOk());
  std::vector<std::string> subjects;
  for (const domain::ProcessingRecord& r : page->items) {
    subjects.push_back(r.subject);
    EXPECT_EQ(r.trace_id, "kept");
    EXPECT_EQ(r.time, absl::FromUnixSeconds(1'800'000'000));
    EXPECT_EQ(r.start_time, absl::FromUnixSeconds(1'799'999'998));
    EXPECT_EQ(r.span_id, absl::StrCat("span-", r.subject == "s-3"   ? 0
                                               : r.subject == "s-1" ? 1
                                                                    : 2));
    EXPECT_EQ(r.parent_span_id, "parent");
    EXPECT_EQ(r.operation_id, "request-1");
    EXPECT_EQ(r.activity, "ExportCbsDelivery");
    EXPECT_EQ(r.ldv_status, "Ok");
    EXPECT_EQ(r.processing_activity_id, "urn:activity");
    EXPECT_EQ(r.data_subject_id_type, "urn:client");
    EXPECT_EQ(r.resource, "service.name=inburgering");
  }
  EXPECT_THAT(subjects, ::testing::UnorderedElementsAre("s-1", "s-2", "s-3"));
  domain::ProcessingFilter one = all;
  one.subject = "s-2";
  auto found = work->journal().ListProcessing(one, domain::PageRequest{100, ""});
  ASSERT_THAT(found, IsOk());
  EXPECT_THAT(found->items, ElementsAre(Field(&domain::ProcessingRecord::span_id, "span-2")));
}

// Journal records go in multi-row inserts of 32, 16, 8, 4, 2 and 1 rows: every row kept, in order,
// each column in its place, whatever the count.
TEST_P(RepositoryTest, ManyJournalRecordsAreWrittenInOrderWithEveryColumnInPlace) {
  std::vector<domain::AuditRecord> audit(45);
  for (size_t i = 0; i < audit.size(); ++i) {
    audit[i].time = absl::FromUnixMicros(1'800'000'000'000'000 + static_cast<int64_t>(i));
    audit[i].trace_id = absl::StrCat("trace-", i);
    audit[i].actor = absl::StrCat("actor-", i);
    audit[i].action = "GetCaseFile";
    audit[i].object = "municipalities/0303/clients/c1";
    audit[i].result = "OK";
    audit[i].changes = absl::StrCat("change-", i);
  }
  std::vector<domain::ProcessingRecord> processing(77);
  for (size_t i = 0; i < processing.size(); ++i) {
    processing[i].time = absl::FromUnixSeconds(1'800'000'000 + static_cast<int64_t>(i));
    processing[i].start_time = processing[i].time - absl::Seconds(1);
    processing[i].span_id = absl::StrCat("span-", i);
    processing[i].municipality = "0303";
    processing[i].subject = absl::StrCat("s-", i);
    processing[i].resource = absl::StrCat("resource-", i);
  }
  {
    auto work = Begin();
    ASSERT_THAT(work->journal().Append(audit), IsOk());
    ASSERT_THAT(work->journal().Append(processing), IsOk());
    ASSERT_THAT(work->journal().Append(std::vector<domain::ProcessingRecord>{}), IsOk());
    ASSERT_THAT(work->Commit(), IsOk());
  }
  auto work = Begin(TransactionMode::kReadOnly);
  auto trail = work->journal().AuditOf("municipalities/0303/clients/c1");
  ASSERT_THAT(trail, IsOk());
  ASSERT_EQ(trail->size(), audit.size());
  for (size_t i = 0; i < audit.size(); ++i) {
    EXPECT_EQ((*trail)[i].time, audit[i].time) << i;
    EXPECT_EQ((*trail)[i].trace_id, audit[i].trace_id);
    EXPECT_EQ((*trail)[i].actor, audit[i].actor);
    EXPECT_EQ((*trail)[i].changes, audit[i].changes);
  }
  domain::ProcessingFilter all;
  all.municipality = "0303";
  auto page = work->journal().ListProcessing(all, domain::PageRequest{100, ""});
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->items.size(), processing.size());
  for (size_t i = 0; i < processing.size(); ++i) {
    const domain::ProcessingRecord& read = page->items[processing.size() - 1 - i];  // newest first
    EXPECT_EQ(read.subject, processing[i].subject) << i;
    EXPECT_EQ(read.span_id, processing[i].span_id);
    EXPECT_EQ(read.time, processing[i].time);
    EXPECT_EQ(read.start_time, processing[i].start_time);
    EXPECT_EQ(read.resource, processing[i].resource);
  }
}

TEST_P(RepositoryTest, UpdateWithTheCurrentVersionWinsAndAStaleOneIsAborted) {
  InsertAll({Make("0303", "c1", "Anna")});
  Consultant changed = Make("0303", "c1", "Anna Jansen");
  changed.version = 2;
  {
    auto work = Begin();
    ASSERT_THAT(work->consultants().Update(changed, 1), IsOk());
    ASSERT_THAT(work->Commit(), IsOk());
  }
  changed.display_name = "Lost update";
  changed.version = 2;
  auto work = Begin();
  EXPECT_THAT(work->consultants().Update(changed, 1), StatusIs(absl::StatusCode::kAborted));
  auto read = work->consultants().Get("0303", "c1");
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->display_name, "Anna Jansen");
  EXPECT_EQ(read->version, 2);
}

TEST_P(RepositoryTest, ListPagesThroughEveryConsultantInNameOrderWithoutGapsOrRepeats) {
  // Names chosen so that byte order and a locale's order would differ ("Zoë" < "anna" in bytes).
  InsertAll({Make("0303", "c5", "anna"), Make("0303", "c1", "Zoë"), Make("0303", "c2", "Bram"),
             Make("0303", "c3", "Bram"), Make("0303", "c4", "Ömer"),
             Make("0303", "c6", "Cees", false)});
  std::vector<std::string> seen;
  std::string after;
  int pages = 0;
  do {
    auto work = Begin(TransactionMode::kReadOnly);
    auto page = work->consultants().List({"0303", false}, {2, after});
    ASSERT_THAT(page, IsOk());
    for (const Consultant& c : page->items) seen.push_back(c.id);
    after = page->next_after;
    ++pages;
  } while (!after.empty() && pages < 10);
  EXPECT_THAT(seen, ElementsAre("c2", "c3", "c1", "c5", "c4"));
  EXPECT_EQ(pages, 3);
}

TEST_P(RepositoryTest, ListShowsInactiveConsultantsOnlyWhenAsked) {
  InsertAll({Make("0303", "c1", "Anna"), Make("0303", "c2", "Bram", false)});
  auto work = Begin(TransactionMode::kReadOnly);
  EXPECT_THAT(work->consultants().List({"0303", false}, {50, ""}),
              IsOkAndHolds(Field(&domain::Page<Consultant>::items, ElementsAre(HasId("c1")))));
  EXPECT_THAT(
      work->consultants().List({"0303", true}, {50, ""}),
      IsOkAndHolds(Field(&domain::Page<Consultant>::items, ElementsAre(HasId("c1"), HasId("c2")))));
}

TEST_P(RepositoryTest, ListRefusesAMalformedCursor) {
  auto work = Begin(TransactionMode::kReadOnly);
  EXPECT_THAT(work->consultants().List({"0303", false}, {2, "garbage"}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_P(RepositoryTest, IdempotencyRecordReadsBackAndASecondOneIsAborted) {
  const domain::IdempotencyRecord record{"0303", "req-1", "CreateConsultant",
                                         "abc",  "c1",    absl::FromUnixMicros(1700000000123456)};
  {
    auto work = Begin();
    ASSERT_THAT(work->idempotency().Insert(record), IsOk());
    ASSERT_THAT(work->Commit(), IsOk());
  }
  auto work = Begin();
  auto found = work->idempotency().Find("0303", "req-1");
  ASSERT_THAT(found, IsOk());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->fingerprint, "abc");
  EXPECT_EQ((*found)->resource_id, "c1");
  EXPECT_EQ((*found)->create_time, record.create_time);
  EXPECT_THAT(work->idempotency().Find("0344", "req-1"), IsOkAndHolds(Eq(std::nullopt)));
  EXPECT_THAT(work->idempotency().Insert(record), StatusIs(absl::StatusCode::kAborted));
}

TEST_P(RepositoryTest, ExhaustedPoolAnswersUnavailableAfterTheLeaseTimeout) {
  auto first = Begin(TransactionMode::kReadOnly);
  auto second = Begin(TransactionMode::kReadOnly);
  const absl::Time start = absl::Now();
  EXPECT_THAT(transactions_->Begin(TransactionMode::kReadOnly),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(150));
}

INSTANTIATE_TEST_SUITE_P(Backends, RepositoryTest, ::testing::ValuesIn(AllBackends()),
                         BackendParamName());

}  // namespace
}  // namespace inburgering::persistence
