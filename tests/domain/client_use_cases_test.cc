// ClientUseCases on the in-memory ports (tests/testing/in_memory_ports.h): registering a client
// (the rules across fields, the BSN's uniqueness, a replay, the consultant), correcting one and
// assigning a consultant, without a database.

#include "domain/client_use_cases.h"

#include <string>
#include <vector>

#include "domain/errors.h"
#include "domain/journal.h"
#include "domain/rules.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/in_memory_ports.h"
#include "tests/testing/status_matchers.h"

namespace inburgering::domain {
namespace {

using ::inburgering::testing::FakeClock;
using ::inburgering::testing::InMemoryData;
using ::inburgering::testing::InMemoryTransactionManager;
using ::inburgering::testing::IsOk;
using ::inburgering::testing::SequentialIds;
using ::inburgering::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

std::vector<std::string> FieldsOf(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& v : FieldViolationsOf(status)) fields.push_back(v.field);
  return fields;
}

class ClientUseCasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const absl::Time t = clock_.Now();
    transactions_.Seed([&](InMemoryData& data) {
      data.consultants[{"0303", "k1"}] = {"0303", "k1", "Anna", "", true, 40, t, t, 1};
      data.consultants[{"0303", "k2"}] = {"0303", "k2", "Bram", "", false, 40, t, t, 1};
    });
    lead_.subject = "lead";
    lead_.municipalities = {"0303"};
    lead_.roles = {Role::kTeamLead};
  }

  static Client Draft(const std::string& bsn = "111222333") {
    Client c;
    c.municipality = "0303";
    c.bsn = bsn;
    c.given_names = "Amal";
    c.family_name = "Haddad";
    c.birth_date = D(1995, 6, 15);
    c.target_group = TargetGroup::kAsylumStatusHolder;
    c.obligation_notice_date = D(2025, 1, 6);
    return c;
  }

  FakeClock clock_;  // 2025-03-03 09:00 UTC
  SequentialIds ids_;
  Policy policy_;
  InMemoryTransactionManager transactions_;
  ClientUseCases clients_{transactions_, clock_, ids_, policy_};
  Caller lead_;
  CallJournal journal_;
};

TEST_F(ClientUseCasesTest, ARegisteredClientGetsAnIdVersionAndTheJournalNotesIt) {
  absl::StatusOr<Client> created = clients_.Create(lead_, journal_, Draft(), {});
  ASSERT_THAT(created, IsOk());
  EXPECT_FALSE(created->id.empty());
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ(created->create_time, clock_.Now());
  EXPECT_THAT(journal_.subjects, ElementsAre(created->id));
  EXPECT_EQ(journal_.object, "municipalities/0303/clients/" + created->id);
  const InMemoryData data = transactions_.data();
  EXPECT_EQ(data.clients.size(), 1u);
  EXPECT_EQ(data.events.size(), 1u);
  EXPECT_EQ(data.audit.size(), 1u);
}

TEST_F(ClientUseCasesTest, TheMappingsViolationsAndTheRulesAcrossFieldsAreAnsweredTogether) {
  Client draft = Draft("123456789");  // fails the eleven-test
  draft.birth_date = D(2025, 3, 4);   // tomorrow
  Violations found;
  found.Add("client.target_group", "required");
  const int begun = transactions_.begun();
  absl::Status refused = clients_.Create(lead_, journal_, draft, {}, found).status();
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(FieldsOf(refused),
              UnorderedElementsAre("client.target_group", "client.bsn", "client.birth_date"));
  EXPECT_EQ(transactions_.begun(), begun);
}

TEST_F(ClientUseCasesTest, ASecondClientWithTheSameBsnIsRefusedAndNothingIsWritten) {
  ASSERT_THAT(clients_.Create(lead_, journal_, Draft(), {}), IsOk());
  const int commits = transactions_.commits();
  EXPECT_THAT(clients_.Create(lead_, journal_, Draft(), {}).status(),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(transactions_.commits(), commits);
}

TEST_F(ClientUseCasesTest, ARetriedRequestIdAnswersTheFirstClient) {
  absl::StatusOr<Client> first =
      clients_.Create(lead_, journal_, Draft(), {"r1", "CreateClient", "f"});
  ASSERT_THAT(first, IsOk());
  CallJournal again;
  absl::StatusOr<Client> replay =
      clients_.Create(lead_, again, Draft(), {"r1", "CreateClient", "f"});
  ASSERT_THAT(replay, IsOk());
  EXPECT_EQ(replay->id, first->id);
  EXPECT_EQ(transactions_.data().clients.size(), 1u);
  EXPECT_THAT(again.changes, ::testing::HasSubstr("replay"));
}

TEST_F(ClientUseCasesTest, AnInactiveConsultantCannotBeAssigned) {
  Client draft = Draft();
  draft.consultant_id = "k2";
  EXPECT_EQ(ReasonOf(clients_.Create(lead_, journal_, draft, {}).status()),
            reason::kConsultantInactive);
  absl::StatusOr<Client> created = clients_.Create(lead_, journal_, Draft(), {});
  ASSERT_THAT(created, IsOk());
  EXPECT_EQ(ReasonOf(clients_
                         .AssignConsultant(lead_, journal_, "0303", created->id, "k2",
                                           created->version, {})
                         .status()),
            reason::kConsultantInactive);
}

TEST_F(ClientUseCasesTest, AnAssignmentIsKeptInTheHistoryWithWhoMadeIt) {
  absl::StatusOr<Client> created = clients_.Create(lead_, journal_, Draft(), {});
  ASSERT_THAT(created, IsOk());
  absl::StatusOr<Client> assigned =
      clients_.AssignConsultant(lead_, journal_, "0303", created->id, "k1", 1, {});
  ASSERT_THAT(assigned, IsOk());
  EXPECT_EQ(assigned->consultant_id, "k1");
  EXPECT_EQ(assigned->version, 2);
  ASSERT_EQ(assigned->assignments.size(), 1u);
  EXPECT_EQ(assigned->assignments[0].assigned_by, "lead");
  EXPECT_EQ(assigned->assignments[0].assigned_at, clock_.Now());
}

TEST_F(ClientUseCasesTest, ACorrectionAtAStaleVersionIsAborted) {
  absl::StatusOr<Client> created = clients_.Create(lead_, journal_, Draft(), {});
  ASSERT_THAT(created, IsOk());
  ClientPatch patch;
  patch.family_name = "Haddad-Bakker";
  EXPECT_THAT(clients_.Update(lead_, journal_, "0303", created->id, patch, 5).status(),
              StatusIs(absl::StatusCode::kAborted));
  absl::StatusOr<Client> updated = clients_.Update(lead_, journal_, "0303", created->id, patch, 1);
  ASSERT_THAT(updated, IsOk());
  EXPECT_EQ(updated->family_name, "Haddad-Bakker");
  EXPECT_EQ(updated->version, 2);
}

TEST_F(ClientUseCasesTest, AnotherMunicipalitysClientIsNotFound) {
  absl::StatusOr<Client> created = clients_.Create(lead_, journal_, Draft(), {});
  ASSERT_THAT(created, IsOk());
  Caller other = lead_;
  other.municipalities = {"0034"};
  EXPECT_FALSE(clients_.Get(other, journal_, "0303", created->id).ok());
  EXPECT_THAT(clients_.Get(lead_, journal_, "0303", created->id), IsOk());
}

}  // namespace
}  // namespace inburgering::domain
