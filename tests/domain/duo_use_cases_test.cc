// DuoUseCases on the in-memory ports: the report items' states (to send, sent, confirmed) and
// DUO's signals applied idempotently by DUO's id, all or none, without a database.

#include "domain/duo_use_cases.h"

#include <string>
#include <vector>

#include "domain/errors.h"
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

absl::CivilDay D(int y, int m, int d) { return absl::CivilDay(y, m, d); }

FingerprintedSignal Notice(const std::string& id, const std::string& bsn) {
  FingerprintedSignal s;
  s.signal.municipality = "0303";
  s.signal.signal_id = id;
  s.signal.kind = DuoSignalKind::kObligationNotice;
  s.signal.signal_date = D(2025, 2, 1);
  s.signal.bsn = bsn;
  s.signal.given_names = "Amal";
  s.signal.family_name = "Haddad";
  s.signal.birth_date = D(1995, 6, 15);
  s.signal.target_group = TargetGroup::kAsylumStatusHolder;
  s.signal.obligation_notice_date = D(2025, 1, 6);
  s.fingerprint = "fp-" + id;
  s.field = "signals[0]";
  return s;
}

FingerprintedSignal Correction(const std::string& id, const std::string& bsn) {
  FingerprintedSignal s;
  s.signal.municipality = "0303";
  s.signal.signal_id = id;
  s.signal.kind = DuoSignalKind::kCorrection;
  s.signal.signal_date = D(2025, 2, 3);
  s.signal.bsn = bsn;
  s.signal.family_name = "Haddad-Bakker";
  s.signal.reason = "BRP";
  s.fingerprint = "fp-" + id;
  s.field = "signals[1]";
  return s;
}

class DuoUseCasesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const absl::Time t = clock_.Now();
    transactions_.Seed([&](InMemoryData& data) {
      DuoReport report;
      report.municipality = "0303";
      report.id = "r1";
      report.client_id = "c1";
      report.create_time = t;
      report.update_time = t;
      data.duo_reports[{"0303", "r1"}] = report;
    });
    consultant_.subject = "k";
    consultant_.municipalities = {"0303"};
    consultant_.roles = {Role::kConsultant};
  }

  FakeClock clock_;  // 2025-03-03 09:00 UTC
  SequentialIds ids_;
  Policy policy_;
  InMemoryTransactionManager transactions_;
  DuoUseCases duo_{transactions_, clock_, ids_, policy_};
  Caller consultant_;
  CallJournal journal_;
};

TEST_F(DuoUseCasesTest, AReportIsMarkedSentThenConfirmedByWhoDidItAndWhen) {
  EXPECT_EQ(
      ReasonOf(
          duo_.Confirm(consultant_, journal_, "0303", "r1", "DUO-1", std::nullopt, {}).status()),
      reason::kDuoReportState);
  absl::StatusOr<DuoReport> sent =
      duo_.MarkSent(consultant_, journal_, "0303", "r1", int64_t{1}, {});
  ASSERT_THAT(sent, IsOk());
  EXPECT_EQ(sent->state, DuoReportState::kSent);
  EXPECT_EQ(sent->sent_by, "k");
  EXPECT_EQ(sent->sent_time, clock_.Now());
  EXPECT_EQ(sent->version, 2);
  EXPECT_EQ(ReasonOf(duo_.MarkSent(consultant_, journal_, "0303", "r1", std::nullopt, {}).status()),
            reason::kDuoReportState);
  absl::StatusOr<DuoReport> confirmed =
      duo_.Confirm(consultant_, journal_, "0303", "r1", "DUO-1", int64_t{2}, {});
  ASSERT_THAT(confirmed, IsOk());
  EXPECT_EQ(confirmed->state, DuoReportState::kConfirmed);
  EXPECT_EQ(confirmed->confirmation_reference, "DUO-1");
  EXPECT_EQ(transactions_.data().duo_reports.at({"0303", "r1"}).state, DuoReportState::kConfirmed);
}

TEST_F(DuoUseCasesTest, AStaleVersionOfAReportIsAborted) {
  EXPECT_THAT(duo_.MarkSent(consultant_, journal_, "0303", "r1", int64_t{3}, {}).status(),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(transactions_.data().duo_reports.at({"0303", "r1"}).state, DuoReportState::kToSend);
}

TEST_F(DuoUseCasesTest, ANoticeRegistersTheClientAndItsReplayChangesNothing) {
  absl::StatusOr<std::vector<DuoSignalRecord>> first =
      duo_.Ingest(consultant_, journal_, "0303", {Notice("s1", "111222333")});
  ASSERT_THAT(first, IsOk());
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].outcome, DuoSignalOutcome::kClientRegistered);
  const InMemoryData after_first = transactions_.data();
  ASSERT_EQ(after_first.clients.size(), 1u);
  EXPECT_EQ(after_first.clients.begin()->second.source, Source::kDuoNotice);

  absl::StatusOr<std::vector<DuoSignalRecord>> replay =
      duo_.Ingest(consultant_, journal_, "0303", {Notice("s1", "111222333")});
  ASSERT_THAT(replay, IsOk());
  EXPECT_EQ((*replay)[0].client_id, (*first)[0].client_id);
  EXPECT_EQ(transactions_.data().clients.size(), 1u);
  EXPECT_EQ(transactions_.data().events.size(), after_first.events.size());
}

TEST_F(DuoUseCasesTest, ASignalIdReusedWithOtherContentIsRefusedOnItsField) {
  ASSERT_THAT(duo_.Ingest(consultant_, journal_, "0303", {Notice("s1", "111222333")}), IsOk());
  FingerprintedSignal other = Notice("s1", "111222333");
  other.fingerprint = "something else";
  absl::Status refused = duo_.Ingest(consultant_, journal_, "0303", {other}).status();
  EXPECT_EQ(ReasonOf(refused), reason::kSignalIdReused);
  ASSERT_EQ(FieldViolationsOf(refused).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(refused)[0].field, "signals[0].signal_id");
}

TEST_F(DuoUseCasesTest, ABatchWithACorrectionForAnUnknownPersonAppliesNothing) {
  const int commits = transactions_.commits();
  absl::Status refused = duo_.Ingest(consultant_, journal_, "0303",
                                     {Notice("s1", "111222333"), Correction("s2", "999888777")})
                             .status();
  EXPECT_EQ(ReasonOf(refused), reason::kSignalForUnknownClient);
  EXPECT_EQ(transactions_.commits(), commits);
  EXPECT_TRUE(transactions_.data().clients.empty());
}

TEST_F(DuoUseCasesTest, ACorrectionChangesTheFactsItCarriesOnly) {
  ASSERT_THAT(duo_.Ingest(consultant_, journal_, "0303", {Notice("s1", "111222333")}), IsOk());
  absl::StatusOr<std::vector<DuoSignalRecord>> corrected =
      duo_.Ingest(consultant_, journal_, "0303", {Correction("s2", "111222333")});
  ASSERT_THAT(corrected, IsOk());
  EXPECT_EQ((*corrected)[0].outcome, DuoSignalOutcome::kClientCorrected);
  const Client client = transactions_.data().clients.begin()->second;
  EXPECT_EQ(client.family_name, "Haddad-Bakker");
  EXPECT_EQ(client.given_names, "Amal");
  EXPECT_EQ(client.version, 2);
}

TEST_F(DuoUseCasesTest, ASignalDatedInTheFutureIsRefusedBeforeAnythingIsRead) {
  FingerprintedSignal future = Notice("s1", "111222333");
  future.signal.signal_date = D(2025, 3, 4);
  const int begun = transactions_.begun();
  absl::Status refused = duo_.Ingest(consultant_, journal_, "0303", {future}).status();
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument));
  ASSERT_EQ(FieldViolationsOf(refused).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(refused)[0].field, "signals[0].signal_date");
  EXPECT_EQ(transactions_.begun(), begun);
}

}  // namespace
}  // namespace inburgering::domain
