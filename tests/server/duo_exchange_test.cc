// The exchange with DUO through the real server, on SQLite and PostgreSQL: report items exactly
// once per change (retries included) and their states, and DUO's signals: notices (in bulk),
// corrections, a retraction, a replay.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/scenario.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::AllBackends;
using ::inburgering::testing::BackendParamName;
using ::inburgering::testing::CallerContext;
using ::inburgering::testing::DecodeError;
using ::inburgering::testing::Ok;
using ::inburgering::testing::ProtoDate;
using ::inburgering::testing::RefusedBy;
using ::inburgering::testing::RpcError;
using ::inburgering::testing::Scenario;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string Bsn(int n) { return ::inburgering::testing::SeriesBsn(n); }

std::vector<v1::DuoReportKind> Kinds(const v1::ListDuoReportsResponse& response) {
  return ::inburgering::testing::DuoReportKinds(response);
}

v1::DuoSignal Notice(const std::string& id, const std::string& bsn, google::type::Date notice) {
  v1::DuoSignal s;
  s.set_signal_id(id);
  s.set_kind(v1::DUO_SIGNAL_KIND_OBLIGATION_NOTICE);
  *s.mutable_signal_date() = notice;
  s.set_bsn(bsn);
  s.set_given_names("Yonas");
  s.set_family_name("Tesfaye");
  *s.mutable_birth_date() = ProtoDate(1992, 4, 1);
  s.set_target_group(v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER);
  *s.mutable_obligation_notice_date() = notice;
  return s;
}

class DuoExchangeTest : public ::testing::TestWithParam<persistence::Backend> {
 protected:
  DuoExchangeTest() : s_(GetParam()) {}

  static std::unique_ptr<grpc::ClientContext> Adapter() {
    return CallerContext("integration", "0303", "duo-adapter");
  }

  RpcError Ingest(const v1::DuoSignal& signal, v1::DuoSignalResult* result) {
    v1::IngestDuoSignalRequest request;
    request.set_parent("municipalities/0303");
    *request.mutable_signal() = signal;
    v1::IngestDuoSignalResponse response;
    grpc::Status status = s_.duo().IngestDuoSignal(Adapter().get(), request, &response);
    *result = response.result();
    return DecodeError(status);
  }

  v1::Client Find(const std::string& bsn) {
    v1::FindClientByBsnRequest request;
    request.set_parent("municipalities/0303");
    request.set_bsn(bsn);
    v1::Client client;
    grpc::Status status = s_.clients().FindClientByBsn(Scenario::Staff().get(), request, &client);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return client;
  }

  Scenario s_;
};

TEST_P(DuoExchangeTest, EachReportItemAppearsOncePerChangeAlsoWhenRetried) {
  s_.Today(2025, 9, 1);
  v1::CaseFile file = s_.NewTrajectory(
      s_.NewClient("111222333", v1::TARGET_GROUP_FAMILY_MIGRANT, ProtoDate(2025, 1, 6)));
  ASSERT_THAT(s_.CompleteIntake(file, ProtoDate(2025, 2, 3)), Ok());
  const v1::CaseFile before_plan = file;
  ASSERT_THAT(s_.Establish(file, ProtoDate(2025, 3, 10), "plan-1"), Ok());
  // The retry (the answer was lost): same request_id, same body, the etag as first sent.
  v1::CaseFile retried = before_plan;
  ASSERT_THAT(s_.Establish(retried, ProtoDate(2025, 3, 10), "plan-1"), Ok());
  EXPECT_EQ(retried.trajectory().etag(), file.trajectory().etag());
  const v1::CaseFile before_pvt = file;
  ASSERT_THAT(s_.Component(file, v1::COMPONENT_KIND_PVT, ProtoDate(2025, 6, 2), "pvt-1"), Ok());
  v1::CaseFile pvt_retry = before_pvt;
  ASSERT_THAT(s_.Component(pvt_retry, v1::COMPONENT_KIND_PVT, ProtoDate(2025, 6, 2), "pvt-1"),
              Ok());
  ASSERT_THAT(s_.Component(file, v1::COMPONENT_KIND_KNM, ProtoDate(2025, 6, 3)), Ok());
  ASSERT_THAT(s_.Component(file, v1::COMPONENT_KIND_MAP, ProtoDate(2025, 6, 4)), Ok());

  const v1::ListDuoReportsResponse reports = s_.DuoReports();
  ASSERT_THAT(Kinds(reports),
              ElementsAre(v1::DUO_REPORT_KIND_PLAN_ESTABLISHED, v1::DUO_REPORT_KIND_PVT_SIGNED,
                          v1::DUO_REPORT_KIND_MAP_COMPLETED));
  const v1::DuoReport& plan = reports.duo_reports(0);
  EXPECT_EQ(plan.state(), v1::DUO_REPORT_STATE_TO_SEND);
  EXPECT_EQ(plan.route(), v1::LEARNING_ROUTE_B1);
  EXPECT_EQ(plan.fact_date().day(), 10);
  EXPECT_EQ(plan.client(), file.client().name());
  EXPECT_EQ(plan.trajectory(), file.trajectory().name());
  EXPECT_THAT(plan.name(), HasSubstr("municipalities/0303/duoReports/"));
}

TEST_P(DuoExchangeTest, AReportItemIsSentThenConfirmed) {
  s_.Today(2025, 9, 1);
  v1::CaseFile file = s_.NewTrajectory(
      s_.NewClient("111222333", v1::TARGET_GROUP_FAMILY_MIGRANT, ProtoDate(2025, 1, 6)));
  ASSERT_THAT(s_.CompleteIntake(file, ProtoDate(2025, 2, 3)), Ok());
  ASSERT_THAT(s_.Establish(file, ProtoDate(2025, 3, 10)), Ok());
  const v1::DuoReport item = s_.DuoReports().duo_reports(0);

  v1::ConfirmDuoReportRequest early;
  early.set_name(item.name());
  early.set_confirmation_reference("DUO-123");
  v1::DuoReport answer;
  EXPECT_THAT(DecodeError(s_.duo().ConfirmDuoReport(Adapter().get(), early, &answer)),
              RefusedBy("DUO_REPORT_STATE"));

  v1::MarkDuoReportSentRequest sent;
  sent.set_name(item.name());
  sent.set_etag(item.etag());
  sent.set_request_id("send-1");
  ASSERT_TRUE(s_.duo().MarkDuoReportSent(Scenario::Staff().get(), sent, &answer).ok());
  EXPECT_EQ(answer.state(), v1::DUO_REPORT_STATE_SENT);
  EXPECT_EQ(answer.sent_by(), "tester");
  EXPECT_TRUE(answer.has_sent_time());
  // A retry answers the same; a second marking is refused.
  v1::DuoReport again;
  ASSERT_TRUE(s_.duo().MarkDuoReportSent(Scenario::Staff().get(), sent, &again).ok());
  EXPECT_EQ(again.etag(), answer.etag());
  sent.clear_request_id();
  sent.clear_etag();
  EXPECT_THAT(DecodeError(s_.duo().MarkDuoReportSent(Scenario::Staff().get(), sent, &again)),
              RefusedBy("DUO_REPORT_STATE"));

  ASSERT_TRUE(s_.duo().ConfirmDuoReport(Adapter().get(), early, &answer).ok());
  EXPECT_EQ(answer.state(), v1::DUO_REPORT_STATE_CONFIRMED);
  EXPECT_EQ(answer.confirmed_by(), "duo-adapter");
  EXPECT_EQ(answer.confirmation_reference(), "DUO-123");

  v1::ListDuoReportsRequest to_send;
  to_send.set_parent("municipalities/0303");
  to_send.set_state(v1::DUO_REPORT_STATE_TO_SEND);
  v1::ListDuoReportsResponse open;
  ASSERT_TRUE(s_.duo().ListDuoReports(Adapter().get(), to_send, &open).ok());
  EXPECT_EQ(open.duo_reports_size(), 0);
  // Not for citizens, nor for another municipality's adapter.
  EXPECT_EQ(
      s_.duo().ListDuoReports(CallerContext("citizen", "0303").get(), to_send, &open).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(s_.duo()
                .ListDuoReports(CallerContext("integration", "0050").get(), to_send, &open)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_P(DuoExchangeTest, TheProgrammeLateStatementIsIssuedOnlyWhenLateAndReported) {
  s_.Today(2025, 6, 10);
  v1::CaseFile file = s_.NewTrajectory(
      s_.NewClient("111222333", v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER, ProtoDate(2025, 1, 6)));
  ASSERT_THAT(s_.CompleteIntake(file, ProtoDate(2025, 2, 3)), Ok());
  ASSERT_THAT(s_.Establish(file, ProtoDate(2025, 3, 10)), Ok());
  v1::IssueProgrammeLateStatementRequest request;
  *request.mutable_issue_date() = ProtoDate(2025, 6, 10);
  EXPECT_THAT(s_.Send(s_.duo(), file, request, &v1::DuoService::Stub::IssueProgrammeLateStatement),
              RefusedBy("PROGRAMME_NOT_LATE"));
  s_.Today(2025, 6, 11);
  *request.mutable_issue_date() = ProtoDate(2025, 6, 11);
  ASSERT_THAT(s_.Send(s_.duo(), file, request, &v1::DuoService::Stub::IssueProgrammeLateStatement),
              Ok());
  ASSERT_EQ(file.programme_late_statements_size(), 1);
  EXPECT_EQ(file.programme_late_statements(0).start_due_date().day(), 10);
  EXPECT_FALSE(file.programme_late_statements(0).has_programme_start_date());
  EXPECT_THAT(Kinds(s_.DuoReports()), ElementsAre(v1::DUO_REPORT_KIND_PLAN_ESTABLISHED,
                                                  v1::DUO_REPORT_KIND_PROGRAMME_LATE_STATEMENT));
}

// ProgrammeStartClockApplies: a family migrant buys their own course, so a year without lessons
// gives no late statement, no clock and no report to DUO.
TEST_P(DuoExchangeTest, AFamilyMigrantHasNoProgrammeClockAndNoLateStatement) {
  s_.Today(2026, 3, 10);
  v1::CaseFile file = s_.NewTrajectory(
      s_.NewClient("111222333", v1::TARGET_GROUP_FAMILY_MIGRANT, ProtoDate(2025, 1, 6)));
  ASSERT_THAT(s_.CompleteIntake(file, ProtoDate(2025, 2, 3)), Ok());
  ASSERT_THAT(s_.Establish(file, ProtoDate(2025, 3, 10)), Ok());
  for (const v1::Deadline& d : file.deadlines()) {
    EXPECT_NE(d.kind(), v1::DEADLINE_KIND_PROGRAMME_START);
  }
  v1::IssueProgrammeLateStatementRequest request;
  *request.mutable_issue_date() = ProtoDate(2026, 3, 10);
  EXPECT_THAT(s_.Send(s_.duo(), file, request, &v1::DuoService::Stub::IssueProgrammeLateStatement),
              RefusedBy("PROGRAMME_CLOCK_NOT_APPLICABLE"));
  EXPECT_THAT(Kinds(s_.DuoReports()), ElementsAre(v1::DUO_REPORT_KIND_PLAN_ESTABLISHED));
}

TEST_P(DuoExchangeTest, ANoticeRegistersTheClientAndAReplayChangesNothing) {
  s_.Today(2025, 3, 1);
  v1::DuoSignalResult first;
  const v1::DuoSignal notice = Notice("kg-1", Bsn(1), ProtoDate(2025, 2, 20));
  ASSERT_THAT(Ingest(notice, &first), Ok());
  EXPECT_EQ(first.outcome(), v1::DUO_SIGNAL_OUTCOME_CLIENT_REGISTERED);
  const v1::Client client = Find(Bsn(1));
  EXPECT_EQ(client.name(), first.client());
  EXPECT_EQ(client.source(), v1::REGISTRATION_SOURCE_DUO_NOTICE);
  EXPECT_EQ(client.obligation_notice_date().day(), 20);

  s_.Today(2025, 3, 2);
  v1::DuoSignalResult replay;
  ASSERT_THAT(Ingest(notice, &replay), Ok());
  EXPECT_EQ(replay.client(), first.client());
  EXPECT_EQ(replay.outcome(), v1::DUO_SIGNAL_OUTCOME_CLIENT_REGISTERED);
  EXPECT_EQ(replay.apply_time().seconds(), first.apply_time().seconds());
  v1::Client unchanged = Find(Bsn(1));
  EXPECT_EQ(unchanged.etag(), client.etag());

  v1::DuoSignal other = notice;
  other.set_family_name("Tesfay");
  v1::DuoSignalResult refused;
  const RpcError error = Ingest(other, &refused);
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(error.reason, "SIGNAL_ID_REUSED");
  EXPECT_THAT(error.fields(), ElementsAre("signal.signal_id"));
}

TEST_P(DuoExchangeTest, ACorrectionRecordsWhatChangedAndMovesThePlanDueDate) {
  s_.Today(2025, 3, 1);
  v1::DuoSignalResult result;
  ASSERT_THAT(Ingest(Notice("kg-1", Bsn(2), ProtoDate(2025, 2, 20)), &result), Ok());
  v1::CreateTrajectoryRequest create;
  create.set_parent(result.client());
  v1::Trajectory trajectory;
  ASSERT_TRUE(
      s_.trajectories().CreateTrajectory(Scenario::Staff().get(), create, &trajectory).ok());
  EXPECT_EQ(s_.Read(trajectory.name()).plan_due_date().month(), 5);  // 2025-05-01

  v1::DuoSignal correction;
  correction.set_signal_id("cs-1");
  correction.set_kind(v1::DUO_SIGNAL_KIND_CORRECTION);
  *correction.mutable_signal_date() = ProtoDate(2025, 2, 28);
  correction.set_bsn(Bsn(2));
  *correction.mutable_obligation_notice_date() = ProtoDate(2025, 1, 10);
  correction.set_reason("notice date entered wrongly");
  ASSERT_THAT(Ingest(correction, &result), Ok());
  EXPECT_EQ(result.outcome(), v1::DUO_SIGNAL_OUTCOME_CLIENT_CORRECTED);
  EXPECT_EQ(result.changes(), "obligation_notice_date: 2025-02-20 -> 2025-01-10; ");
  const v1::CaseFile file = s_.Read(trajectory.name());
  EXPECT_EQ(file.plan_due_date().month(), 3);  // 2025-03-21
  EXPECT_EQ(file.plan_due_date().day(), 21);
  // The overdue list follows the corrected clock at once.
  v1::ListClientsRequest overdue;
  overdue.set_parent("municipalities/0303");
  overdue.set_overdue(true);
  s_.Today(2025, 3, 25);
  v1::ListClientsResponse listed;
  ASSERT_TRUE(s_.clients().ListClients(Scenario::Staff().get(), overdue, &listed).ok());
  ASSERT_EQ(listed.clients_size(), 1);

  v1::DuoSignal unknown = correction;
  unknown.set_signal_id("cs-2");
  unknown.set_bsn(Bsn(3));
  EXPECT_THAT(Ingest(unknown, &result), RefusedBy("SIGNAL_FOR_UNKNOWN_CLIENT"));
}

TEST_P(DuoExchangeTest, ARetractionClosesTheOpenTrajectoryWithItsReason) {
  s_.Today(2025, 3, 1);
  v1::DuoSignalResult result;
  ASSERT_THAT(Ingest(Notice("kg-1", Bsn(4), ProtoDate(2025, 2, 20)), &result), Ok());
  v1::CreateTrajectoryRequest create;
  create.set_parent(result.client());
  v1::Trajectory trajectory;
  ASSERT_TRUE(
      s_.trajectories().CreateTrajectory(Scenario::Staff().get(), create, &trajectory).ok());

  v1::DuoSignal retraction;
  retraction.set_signal_id("cs-9");
  retraction.set_kind(v1::DUO_SIGNAL_KIND_RETRACTION);
  *retraction.mutable_signal_date() = ProtoDate(2025, 2, 27);
  retraction.set_bsn(Bsn(4));
  retraction.set_reason("holds EU nationality: not obliged after all");
  ASSERT_THAT(Ingest(retraction, &result), Ok());
  EXPECT_EQ(result.outcome(), v1::DUO_SIGNAL_OUTCOME_OBLIGATION_RETRACTED);
  EXPECT_EQ(result.closed_trajectory(), trajectory.name());
  const v1::CaseFile file = s_.Read(trajectory.name());
  EXPECT_EQ(file.trajectory().phase(), v1::TRAJECTORY_PHASE_CLOSED);
  EXPECT_EQ(file.trajectory().closure().reason(), v1::CLOSURE_REASON_OBLIGATION_RETRACTED);
  EXPECT_EQ(file.trajectory().closure().date().day(), 27);
  // Replayed: the same answer, nothing closed twice.
  v1::DuoSignalResult replay;
  ASSERT_THAT(Ingest(retraction, &replay), Ok());
  EXPECT_EQ(replay.closed_trajectory(), trajectory.name());
  EXPECT_EQ(s_.Read(trajectory.name()).trajectory().etag(), file.trajectory().etag());
}

TEST_P(DuoExchangeTest, ABulkOfLateNoticesGoesThroughWithinTheDeadline) {
  s_.Today(2025, 3, 1);
  constexpr int kNotices = 3000, kBatch = 500;
  int registered = 0;
  for (int start = 0; start < kNotices; start += kBatch) {
    v1::BatchIngestDuoSignalsRequest request;
    request.set_parent("municipalities/0303");
    for (int i = start; i < start + kBatch; ++i) {
      *request.add_signals() =
          Notice(absl::StrCat("late-", i), Bsn(100 + i), ProtoDate(2024, 9, 2));
    }
    v1::BatchIngestDuoSignalsResponse response;
    auto context = Adapter();  // the usual 10 s deadline
    const grpc::Status status = s_.duo().BatchIngestDuoSignals(context.get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(response.results_size(), kBatch);
    for (const v1::DuoSignalResult& r : response.results()) {
      registered += r.outcome() == v1::DUO_SIGNAL_OUTCOME_CLIENT_REGISTERED;
    }
  }
  EXPECT_EQ(registered, kNotices);
  const v1::Client last = Find(Bsn(100 + kNotices - 1));
  EXPECT_EQ(last.obligation_notice_date().year(), 2024);
  // One bad signal refuses its whole batch and names it.
  v1::BatchIngestDuoSignalsRequest bad;
  bad.set_parent("municipalities/0303");
  *bad.add_signals() = Notice("x-1", Bsn(5), ProtoDate(2025, 2, 1));
  *bad.add_signals() = Notice("x-2", "123456789", ProtoDate(2025, 2, 1));
  v1::BatchIngestDuoSignalsResponse response;
  const RpcError error =
      DecodeError(s_.duo().BatchIngestDuoSignals(Adapter().get(), bad, &response));
  EXPECT_EQ(error.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(error.fields(), ElementsAre("signals[1].bsn"));
}

INSTANTIATE_TEST_SUITE_P(Backends, DuoExchangeTest, ::testing::ValuesIn(AllBackends()),
                         BackendParamName());

}  // namespace
}  // namespace inburgering::server
