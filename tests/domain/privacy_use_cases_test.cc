// PrivacyUseCases on the in-memory ports: who may read the processing log, and what each sees
// (AVG art. 15 for the citizen, the privacy officer for the municipality), without a database.

#include "domain/privacy_use_cases.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/in_memory_ports.h"
#include "tests/testing/status_matchers.h"

namespace inburgering::domain {
namespace {

using ::inburgering::testing::InMemoryData;
using ::inburgering::testing::InMemoryTransactionManager;
using ::inburgering::testing::IsOk;
using ::inburgering::testing::StatusIs;
using ::testing::ElementsAre;

class PrefixPseudonyms final : public Pseudonyms {
 public:
  std::string Of(absl::string_view value) const override { return absl::StrCat("p-", value); }
};

std::vector<std::string> Activities(const Page<ProcessingRecord>& page) {
  std::vector<std::string> activities;
  for (const ProcessingRecord& r : page.items) activities.push_back(r.activity);
  return activities;
}

class PrivacyUseCasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    transactions_.Seed([](InMemoryData& data) {
      Client amal;
      amal.municipality = "0303";
      amal.id = "c1";
      amal.bsn = "111222333";
      data.clients[{"0303", "c1"}] = amal;
      auto record = [&](const char* municipality, const char* subject, const char* activity) {
        ProcessingRecord r;
        r.municipality = municipality;
        r.subject = subject;
        r.activity = activity;
        data.processing.push_back(r);
      };
      record("0303", "p-c1", "CreateClient");
      record("0303", "p-c2", "CreateClient");
      record("0303", "p-c1", "EstablishPlan");
      record("0034", "p-c9", "CreateClient");
    });
    admin_.subject = "privacy-officer";
    admin_.municipalities = {"0303"};
    admin_.roles = {Role::kAdmin};
    citizen_.subject = "citizen";
    citizen_.roles = {Role::kCitizen};
    citizen_.citizen_bsn = "111222333";
  }

  PrefixPseudonyms pseudonyms_;
  InMemoryTransactionManager transactions_;
  LogbookSettings logbook_;
  PrivacyUseCases privacy_{transactions_, pseudonyms_, logbook_};
  Caller admin_;
  Caller citizen_;
  CallJournal journal_;
};

TEST_F(PrivacyUseCasesTest, ThePrivacyOfficerSeesTheMunicipalitysRecordsOnly) {
  absl::StatusOr<Page<ProcessingRecord>> all =
      privacy_.ListProcessingRecords(admin_, journal_, "0303", std::nullopt, std::nullopt, {});
  ASSERT_THAT(all, IsOk());
  EXPECT_EQ(all->items.size(), 3u);
  absl::StatusOr<Page<ProcessingRecord>> one =
      privacy_.ListProcessingRecords(admin_, journal_, "0303", std::string("c1"), std::nullopt, {});
  ASSERT_THAT(one, IsOk());
  EXPECT_THAT(Activities(*one), ElementsAre("CreateClient", "EstablishPlan"));
  EXPECT_THAT(
      privacy_.ListProcessingRecords(admin_, journal_, "0034", std::nullopt, std::nullopt, {})
          .status(),
      StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(PrivacyUseCasesTest, ACitizenReadsTheRecordsAboutThemselfAndNoOneElses) {
  absl::StatusOr<Page<ProcessingRecord>> own = privacy_.ListProcessingRecords(
      citizen_, journal_, "0303", std::string("c1"), std::nullopt, {});
  ASSERT_THAT(own, IsOk());
  EXPECT_THAT(Activities(*own), ElementsAre("CreateClient", "EstablishPlan"));
  EXPECT_THAT(journal_.subjects, ElementsAre("c1"));

  EXPECT_THAT(
      privacy_.ListProcessingRecords(citizen_, journal_, "0303", std::nullopt, std::nullopt, {})
          .status(),
      StatusIs(absl::StatusCode::kInvalidArgument));
  Caller stranger = citizen_;
  stranger.citizen_bsn = "999888777";
  EXPECT_THAT(
      privacy_
          .ListProcessingRecords(stranger, journal_, "0303", std::string("c1"), std::nullopt, {})
          .status(),
      StatusIs(absl::StatusCode::kNotFound));
}

// AVG art. 15 (inzage): the privacy officer answers for a person known by BSN; the service finds
// the client and derives the pseudonym, and the journal notes the client, never the BSN.
TEST_F(PrivacyUseCasesTest, ThePrivacyOfficerFindsAPersonsRecordsByBsn) {
  absl::StatusOr<Page<ProcessingRecord>> by_bsn = privacy_.ListProcessingRecords(
      admin_, journal_, "0303", std::nullopt, std::string("111222333"), {});
  ASSERT_THAT(by_bsn, IsOk());
  EXPECT_THAT(Activities(*by_bsn), ElementsAre("CreateClient", "EstablishPlan"));
  EXPECT_THAT(journal_.subjects, ElementsAre("c1"));
  EXPECT_THAT(privacy_
                  .ListProcessingRecords(admin_, journal_, "0303", std::nullopt,
                                         std::string("123456782"), {})
                  .status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(privacy_
                  .ListProcessingRecords(citizen_, journal_, "0303", std::nullopt,
                                         std::string("111222333"), {})
                  .status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(PrivacyUseCasesTest, AConsultantMayNotReadTheProcessingLog) {
  Caller consultant = admin_;
  consultant.roles = {Role::kConsultant};
  const int begun = transactions_.begun();
  EXPECT_THAT(
      privacy_.ListProcessingRecords(consultant, journal_, "0303", std::nullopt, std::nullopt, {})
          .status(),
      StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(transactions_.begun(), begun);
}

}  // namespace
}  // namespace inburgering::domain
