// ConsultantUseCases on the in-memory ports (tests/testing/in_memory_ports.h): the team register
// kept by team leads, without a database.

#include "domain/consultant_use_cases.h"

#include <string>

#include "domain/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/in_memory_ports.h"
#include "tests/testing/status_matchers.h"

namespace inburgering::domain {
namespace {

using ::inburgering::testing::FakeClock;
using ::inburgering::testing::InMemoryTransactionManager;
using ::inburgering::testing::IsOk;
using ::inburgering::testing::SequentialIds;
using ::inburgering::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ConsultantUseCasesTest : public ::testing::Test {
 protected:
  ConsultantUseCasesTest() {
    lead_.subject = "lead";
    lead_.municipalities = {"0303"};
    lead_.roles = {Role::kTeamLead};
    consultant_ = lead_;
    consultant_.subject = "k";
    consultant_.roles = {Role::kConsultant};
  }

  static Consultant Draft(const std::string& name) {
    Consultant c;
    c.municipality = "0303";
    c.display_name = name;
    c.case_capacity = 40;
    return c;
  }

  FakeClock clock_;
  SequentialIds ids_;
  InMemoryTransactionManager transactions_;
  ConsultantUseCases consultants_{transactions_, clock_, ids_};
  Caller lead_;
  Caller consultant_;
  CallJournal journal_;
};

TEST_F(ConsultantUseCasesTest, ATeamLeadAddsAConsultantWhoStartsActiveAtVersionOne) {
  absl::StatusOr<Consultant> created = consultants_.Create(lead_, journal_, Draft("Anna"), {});
  ASSERT_THAT(created, IsOk());
  EXPECT_TRUE(created->active);
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ(created->create_time, clock_.Now());
  EXPECT_EQ(journal_.object, "municipalities/0303/consultants/" + created->id);
  EXPECT_EQ(transactions_.data().audit.size(), 1u);
}

TEST_F(ConsultantUseCasesTest, AConsultantCannotChangeTheTeamAndNothingIsBegun) {
  const int begun = transactions_.begun();
  EXPECT_THAT(consultants_.Create(consultant_, journal_, Draft("Anna"), {}).status(),
              StatusIs(absl::StatusCode::kPermissionDenied));
  EXPECT_EQ(transactions_.begun(), begun);
  EXPECT_TRUE(transactions_.data().consultants.empty());
}

TEST_F(ConsultantUseCasesTest, ARetriedRequestIdAnswersTheFirstConsultant) {
  const IdempotencyKey key{"r1", "CreateConsultant", "f"};
  absl::StatusOr<Consultant> first = consultants_.Create(lead_, journal_, Draft("Anna"), key);
  ASSERT_THAT(first, IsOk());
  CallJournal again;
  absl::StatusOr<Consultant> replay = consultants_.Create(lead_, again, Draft("Anna"), key);
  ASSERT_THAT(replay, IsOk());
  EXPECT_EQ(replay->id, first->id);
  EXPECT_EQ(transactions_.data().consultants.size(), 1u);
  EXPECT_THAT(again.changes, HasSubstr("replay"));
}

TEST_F(ConsultantUseCasesTest, AnUpdateChecksTheVersionAndTheFieldsAndJournalsTheChange) {
  absl::StatusOr<Consultant> created = consultants_.Create(lead_, journal_, Draft("Anna"), {});
  ASSERT_THAT(created, IsOk());
  ConsultantPatch patch;
  patch.active = false;
  EXPECT_THAT(consultants_.Update(lead_, journal_, "0303", created->id, patch, 7).status(),
              StatusIs(absl::StatusCode::kAborted));
  ConsultantPatch empty_name;
  empty_name.display_name = "";
  EXPECT_THAT(consultants_.Update(lead_, journal_, "0303", created->id, empty_name, 1).status(),
              StatusIs(absl::StatusCode::kInvalidArgument));
  CallJournal update;
  absl::StatusOr<Consultant> updated =
      consultants_.Update(lead_, update, "0303", created->id, patch, 1);
  ASSERT_THAT(updated, IsOk());
  EXPECT_FALSE(updated->active);
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(update.changes, "active: true -> false; ");
}

TEST_F(ConsultantUseCasesTest, TheListLeavesInactiveConsultantsOutUnlessAskedAndNotesEachOne) {
  absl::StatusOr<Consultant> anna = consultants_.Create(lead_, journal_, Draft("Anna"), {});
  absl::StatusOr<Consultant> bram = consultants_.Create(lead_, journal_, Draft("Bram"), {});
  ASSERT_THAT(anna, IsOk());
  ASSERT_THAT(bram, IsOk());
  ConsultantPatch inactive;
  inactive.active = false;
  ASSERT_THAT(consultants_.Update(lead_, journal_, "0303", bram->id, inactive, 1), IsOk());

  ConsultantFilter filter;
  filter.municipality = "0303";
  CallJournal list;
  absl::StatusOr<Page<Consultant>> active = consultants_.List(consultant_, list, filter, {});
  ASSERT_THAT(active, IsOk());
  ASSERT_EQ(active->items.size(), 1u);
  EXPECT_EQ(active->items[0].display_name, "Anna");
  EXPECT_THAT(list.subjects, ElementsAre(anna->id));
  filter.include_inactive = true;
  absl::StatusOr<Page<Consultant>> all = consultants_.List(consultant_, list, filter, {});
  ASSERT_THAT(all, IsOk());
  EXPECT_EQ(all->items.size(), 2u);
}

TEST_F(ConsultantUseCasesTest, AnotherMunicipalitysTeamIsNotFound) {
  absl::StatusOr<Consultant> created = consultants_.Create(lead_, journal_, Draft("Anna"), {});
  ASSERT_THAT(created, IsOk());
  Caller other = lead_;
  other.municipalities = {"0034"};
  EXPECT_THAT(consultants_.Get(other, journal_, "0303", created->id).status(),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(consultants_.Get(consultant_, journal_, "0303", created->id), IsOk());
}

}  // namespace
}  // namespace inburgering::domain
