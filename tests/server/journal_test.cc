// The audit trail and the processing log (A1 and the Logboek Dataverwerkingen records), through
// the real server on SQLite and PostgreSQL.

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "inburgering/v1/duo_service.grpc.pb.h"
#include "inburgering/v1/event_service.grpc.pb.h"
#include "inburgering/v1/privacy_service.grpc.pb.h"
#include "inburgering/v1/trajectory_service.grpc.pb.h"
#include "server/logging.h"
#include "soci/soci.h"
#include "tests/testing/test_server.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::CallerContext;
using ::inburgering::testing::ProtoDate;
using ::inburgering::testing::TestServer;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kTraceparent[] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

class JournalTest : public ::testing::TestWithParam<persistence::Backend> {
 protected:
  JournalTest()
      : server_(GetParam()),
        clients_(server_.clients()),
        trajectories_(v1::TrajectoryService::NewStub(server_.channel())) {}

  int Count(const std::string& table, const std::string& where = "1 = 1") {
    auto lease = server_.app().database().Acquire();
    int count = -1;
    lease->session() << "SELECT count(*) FROM " + table + " WHERE " + where, soci::into(count);
    return count;
  }

  std::string LastAudit(const std::string& column) {
    auto lease = server_.app().database().Acquire();
    std::string value;
    lease->session() << "SELECT " + column + " FROM audit_records ORDER BY id DESC LIMIT 1",
        soci::into(value);
    return value;
  }

  v1::Client NewClient(const std::string& bsn) {
    v1::CreateClientRequest request = ::inburgering::testing::ClientRequest(bsn);
    v1::Client client;
    EXPECT_TRUE(
        clients_->CreateClient(CallerContext("consultant", "0303").get(), request, &client).ok());
    return client;
  }

  v1::Trajectory NewTrajectory(const v1::Client& client) {
    v1::CreateTrajectoryRequest create;
    create.set_parent(client.name());
    v1::Trajectory trajectory;
    EXPECT_TRUE(
        trajectories_
            ->CreateTrajectory(CallerContext("consultant", "0303").get(), create, &trajectory)
            .ok());
    return trajectory;
  }

  TestServer server_;
  std::unique_ptr<v1::ClientService::Stub> clients_;
  std::unique_ptr<v1::TrajectoryService::Stub> trajectories_;
};

TEST_P(JournalTest, EveryCallLeavesExactlyOneAuditRecordRefusedOnesToo) {
  const v1::Client client = NewClient("111222333");
  EXPECT_EQ(Count("audit_records"), 1);
  EXPECT_EQ(LastAudit("action"), "CreateClient");
  EXPECT_EQ(LastAudit("result"), "OK");
  EXPECT_EQ(LastAudit("object"), client.name());  // the client it created, not the parent
  EXPECT_THAT(LastAudit("changes"), HasSubstr("created"));

  // A read, with the caller's trace id.
  auto context = CallerContext("consultant", "0303", "consultant-9");
  context->AddMetadata("traceparent", kTraceparent);
  v1::GetClientRequest get;
  get.set_name(client.name());
  v1::Client read;
  ASSERT_TRUE(clients_->GetClient(context.get(), get, &read).ok());
  EXPECT_EQ(Count("audit_records"), 2);
  EXPECT_EQ(LastAudit("trace_id"), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(LastAudit("actor"), "consultant-9");
  EXPECT_EQ(LastAudit("object"), client.name());
  EXPECT_THAT(LastAudit("origin"), HasSubstr("127.0.0.1"));

  // Refused: no credentials at all, another municipality, invalid input, a rule.
  auto other = CallerContext("consultant", "0344");
  EXPECT_EQ(clients_->GetClient(other.get(), get, &read).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Count("audit_records"), 3);
  EXPECT_EQ(LastAudit("result"), "NOT_FOUND");
  get.set_name("municipalities/0303/clients/bad id");
  EXPECT_EQ(clients_->GetClient(CallerContext("consultant", "0303").get(), get, &read).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Count("audit_records"), 4);
  EXPECT_EQ(LastAudit("result"), "INVALID_ARGUMENT");
  v1::Trajectory trajectory = NewTrajectory(client);
  ASSERT_FALSE(trajectory.name().empty());
  v1::CreateTrajectoryRequest again;
  again.set_parent(client.name());
  EXPECT_EQ(
      trajectories_->CreateTrajectory(CallerContext("consultant", "0303").get(), again, &trajectory)
          .error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Count("audit_records"), 6);
  EXPECT_EQ(LastAudit("result"), "FAILED_PRECONDITION");
  // No BSN anywhere in the trail.
  EXPECT_EQ(Count("audit_records", "changes LIKE '%111222333%' OR object LIKE '%111222333%'"), 0);
}

// GetCaseFile runs on gRPC's callback API: no thread waits for its records; the group commit that
// makes them durable answers the call. Still: answered only with its records committed, logged
// once with its caller and trace, a refusal journaled too, and none lost under concurrent reads.
TEST_P(JournalTest, ACaseFileIsAnsweredByTheCommitOfItsRecordsAndLoggedOnceWithItsCaller) {
  const v1::Trajectory trajectory = NewTrajectory(NewClient("111222333"));
  ASSERT_FALSE(trajectory.name().empty());
  const int audits = Count("audit_records");
  std::string logs;
  SetLogSinkForTesting(&logs);
  auto context = CallerContext("consultant", "0303", "consultant-9");
  context->AddMetadata("traceparent", kTraceparent);
  v1::GetCaseFileRequest get;
  get.set_name(trajectory.name());
  v1::CaseFile file;
  const grpc::Status read = trajectories_->GetCaseFile(context.get(), get, &file);
  // Counted at once after the answer: the records were durable before it left.
  const int audits_after_read = Count("audit_records");
  get.set_name("municipalities/0303/clients/bad id/trajectories/x");
  v1::CaseFile refused;
  const grpc::Status bad =
      trajectories_->GetCaseFile(CallerContext("consultant", "0303", "c-2").get(), get, &refused);
  SetLogSinkForTesting(nullptr);
  ASSERT_TRUE(read.ok()) << read.error_message();
  EXPECT_EQ(file.trajectory().name(), trajectory.name());
  EXPECT_EQ(audits_after_read, audits + 1);
  EXPECT_EQ(Count("audit_records",
                  "action = 'GetCaseFile' AND actor = 'consultant-9' AND "
                  "trace_id = '4bf92f3577b34da6a3ce929d0e0e4736' AND result = 'OK'"),
            1);
  EXPECT_GE(Count("processing_records", "trace_id = '4bf92f3577b34da6a3ce929d0e0e4736'"), 1);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Count("audit_records", "action = 'GetCaseFile' AND result = 'INVALID_ARGUMENT'"), 1);
  const std::vector<nlohmann::json> calls = ::inburgering::testing::CallLines(logs);
  ASSERT_EQ(calls.size(), 2u) << logs;
  EXPECT_EQ(calls[0]["method"], "/inburgering.v1.TrajectoryService/GetCaseFile");
  EXPECT_EQ(calls[0]["code"], "OK");
  EXPECT_EQ(calls[0]["caller"], "consultant-9");
  EXPECT_EQ(calls[0]["trace_id"], "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_FALSE(calls[0].contains("journaled")) << calls[0];
  EXPECT_EQ(calls[1]["code"], "INVALID_ARGUMENT");
  EXPECT_EQ(calls[1]["caller"], "c-2");
  EXPECT_FALSE(calls[1].contains("journaled")) << calls[1];

  // Concurrent reads share commits; every one is answered and journaled.
  constexpr int kThreads = 8;
  constexpr int kReads = 20;
  std::atomic<int> failed{0};
  std::vector<std::thread> readers;
  readers.reserve(kThreads);
  get.set_name(trajectory.name());
  for (int t = 0; t < kThreads; ++t) {
    readers.emplace_back([&] {
      for (int i = 0; i < kReads; ++i) {
        v1::CaseFile each;
        if (!trajectories_->GetCaseFile(CallerContext("consultant", "0303").get(), get, &each)
                 .ok()) {
          ++failed;
        }
      }
    });
  }
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(Count("audit_records", "action = 'GetCaseFile' AND result = 'OK'"),
            1 + kThreads * kReads);
}

TEST_P(JournalTest, ABatchOfSignalsAndAnEventStreamLeaveOneAuditRecordEach) {
  auto duo = v1::DuoService::NewStub(server_.channel());
  v1::BatchIngestDuoSignalsRequest batch;
  batch.set_parent("municipalities/0303");
  for (int i = 0; i < 3; ++i) {
    v1::DuoSignal* s = batch.add_signals();
    s->set_signal_id("kg-" + std::to_string(i));
    s->set_kind(v1::DUO_SIGNAL_KIND_OBLIGATION_NOTICE);
    *s->mutable_signal_date() = ProtoDate(2025, 2, 3);
    s->set_bsn(::inburgering::testing::SeriesBsn(i));
    s->set_given_names("Yonas");
    s->set_family_name("Tesfaye");
    *s->mutable_birth_date() = ProtoDate(1990, 1, 1);
    s->set_target_group(v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER);
    *s->mutable_obligation_notice_date() = ProtoDate(2025, 2, 3);
  }
  v1::BatchIngestDuoSignalsResponse ingested;
  ASSERT_TRUE(duo->BatchIngestDuoSignals(CallerContext("integration", "0303", "duo-adapter").get(),
                                         batch, &ingested)
                  .ok());
  EXPECT_EQ(Count("audit_records"), 1);
  EXPECT_EQ(LastAudit("action"), "BatchIngestDuoSignals");
  EXPECT_EQ(LastAudit("actor"), "duo-adapter");
  EXPECT_EQ(Count("processing_records", "activity = 'BatchIngestDuoSignals'"), 3);

  // The stream's record says which part of the log it disclosed.
  auto events = v1::EventService::NewStub(server_.channel());
  auto context = CallerContext("integration", "0303", "benefits-system");
  v1::WatchEventsRequest watch;
  auto stream = events->WatchEvents(context.get(), watch);
  v1::Event event;
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(stream->Read(&event));
  context->TryCancel();
  stream->Finish();
  // The server journals the stream when its handler returns, shortly after the cancellation.
  for (int i = 0; i < 200 && Count("audit_records") < 2; ++i)
    absl::SleepFor(absl::Milliseconds(10));
  EXPECT_EQ(Count("audit_records"), 2);
  EXPECT_EQ(LastAudit("action"), "WatchEvents");
  EXPECT_THAT(LastAudit("changes"), HasSubstr("events: 3; cursor: 0.0 -> "));
  // No BSN anywhere in the trail.
  for (int i = 0; i < 3; ++i) {
    const std::string bsn = ::inburgering::testing::SeriesBsn(i);
    EXPECT_EQ(Count("audit_records", "changes LIKE '%" + bsn + "%'"), 0);
  }
}

TEST_P(JournalTest, ProcessingRecordsNameEachSubjectByPseudonymIncludingRefusals) {
  const v1::Client a = NewClient("111222333");
  const v1::Client b = NewClient("123456782");
  const int before = Count("processing_records");
  v1::ListClientsRequest list;
  list.set_parent("municipalities/0303");
  v1::ListClientsResponse listed;
  ASSERT_TRUE(clients_->ListClients(CallerContext("consultant", "0303").get(), list, &listed).ok());
  EXPECT_EQ(Count("processing_records"), before + 2);  // one per data subject

  // Citizen B asking for A's record: refused as NOT_FOUND, and the refusal is logged about A.
  auto citizen = CallerContext("citizen", "");
  citizen->AddMetadata("x-dev-bsn", "123456782");
  v1::GetClientRequest get;
  get.set_name(a.name());
  v1::Client read;
  EXPECT_EQ(clients_->GetClient(citizen.get(), get, &read).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Count("processing_records", "status = 'NOT_FOUND' AND activity = 'GetClient'"), 1);
  // Subjects are pseudonyms: neither BSN nor client id in clear.
  const std::string a_id = a.name().substr(a.name().rfind('/') + 1);
  EXPECT_EQ(Count("processing_records",
                  "subject = '" + a_id + "' OR subject LIKE '%111222333%' OR subject = ''"),
            0);
  // The same person always gets the same pseudonym.
  auto lease = server_.app().database().Acquire();
  int distinct = 0;
  lease->session() << "SELECT count(DISTINCT subject) FROM processing_records",
      soci::into(distinct);
  EXPECT_EQ(distinct, 2);
}

// A replay answers with the client again (its BSN included): a processing of personal data like
// the first call, so it leaves a processing record too (A2), and both audit records name it.
TEST_P(JournalTest, AnIdempotentReplayLeavesAProcessingRecord) {
  v1::CreateClientRequest request = ::inburgering::testing::ClientRequest("111222333");
  request.set_request_id("create-amal-1");
  v1::Client first, again;
  ASSERT_TRUE(
      clients_->CreateClient(CallerContext("consultant", "0303").get(), request, &first).ok());
  ASSERT_TRUE(
      clients_->CreateClient(CallerContext("consultant", "0303").get(), request, &again).ok());
  EXPECT_EQ(again.name(), first.name());
  EXPECT_EQ(Count("audit_records", "action = 'CreateClient'"), 2);
  EXPECT_EQ(Count("processing_records", "activity = 'CreateClient'"), 2);
  EXPECT_EQ(Count("audit_records", "object = '" + first.name() + "'"), 2);
  EXPECT_THAT(LastAudit("changes"), HasSubstr("replay"));

  // The same for a step on a trajectory.
  v1::CreateTrajectoryRequest create;
  create.set_parent(first.name());
  create.set_request_id("start-amal-1");
  v1::Trajectory trajectory;
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(
        trajectories_
            ->CreateTrajectory(CallerContext("consultant", "0303").get(), create, &trajectory)
            .ok());
  }
  EXPECT_EQ(Count("processing_records", "activity = 'CreateTrajectory'"), 2);
  EXPECT_EQ(Count("audit_records", "object = '" + trajectory.name() + "'"), 2);
}

TEST_P(JournalTest, AuditAndProcessingRecordsAreAppendOnly) {
  NewClient("111222333");
  auto lease = server_.app().database().Acquire();
  EXPECT_ANY_THROW(lease->session() << "UPDATE audit_records SET actor = 'someone else'");
  EXPECT_ANY_THROW(lease->session() << "DELETE FROM audit_records");
  EXPECT_ANY_THROW(lease->session() << "DELETE FROM processing_records");
  int count = 0;
  lease->session() << "SELECT count(*) FROM audit_records", soci::into(count);
  EXPECT_EQ(count, 1);
}

TEST_P(JournalTest, AChangeAndItsRecordsCommitTogether) {
  const v1::Client client = NewClient("111222333");
  v1::UpdateClientRequest update;
  *update.mutable_client() = client;
  update.mutable_client()->set_target_group(v1::TARGET_GROUP_FAMILY_MIGRANT);
  update.mutable_update_mask()->add_paths("target_group");
  v1::Client updated;
  ASSERT_TRUE(
      clients_->UpdateClient(CallerContext("consultant", "0303").get(), update, &updated).ok());
  EXPECT_THAT(LastAudit("changes"),
              HasSubstr("target_group: asylum_status_holder -> family_migrant"));
  EXPECT_THAT(LastAudit("changes"), Not(HasSubstr("111222333")));
  // A refused change (stale etag) leaves its refusal, not a change.
  ASSERT_FALSE(
      clients_->UpdateClient(CallerContext("consultant", "0303").get(), update, &updated).ok());
  EXPECT_EQ(LastAudit("result"), "ABORTED");
  EXPECT_EQ(LastAudit("changes"), "");
}

}  // namespace
}  // namespace inburgering::server

namespace inburgering::server {
namespace {

TEST_P(JournalTest, PrivacyOfficerAndCitizenReadTheProcessingLog) {
  const v1::Client a = NewClient("111222333");
  NewClient("123456782");
  v1::GetClientRequest get;
  get.set_name(a.name());
  v1::Client read;
  ASSERT_TRUE(clients_->GetClient(CallerContext("consultant", "0303").get(), get, &read).ok());
  auto privacy = v1::PrivacyService::NewStub(server_.channel());

  v1::ListProcessingRecordsRequest request;
  request.set_parent("municipalities/0303");
  request.set_client(a.name());
  v1::ListProcessingRecordsResponse response;
  ASSERT_TRUE(
      privacy->ListProcessingRecords(CallerContext("admin", "0303").get(), request, &response)
          .ok());
  ASSERT_EQ(response.records_size(), 2);  // newest first: the read, then the registration
  EXPECT_EQ(response.records(0).activity(), "GetClient");
  EXPECT_EQ(response.records(1).activity(), "CreateClient");
  EXPECT_EQ(response.records(0).subject(), response.records(1).subject());

  // The inzage for a person known by BSN: the same records, the BSN in no record.
  v1::ListProcessingRecordsRequest by_bsn;
  by_bsn.set_parent("municipalities/0303");
  by_bsn.set_bsn("111222333");
  v1::ListProcessingRecordsResponse found;
  ASSERT_TRUE(
      privacy->ListProcessingRecords(CallerContext("admin", "0303").get(), by_bsn, &found).ok());
  ASSERT_EQ(found.records_size(), 3);  // the officer's own read of the log is a processing too
  EXPECT_EQ(found.records(0).activity(), "ListProcessingRecords");
  EXPECT_EQ(found.records(1).activity(), "GetClient");
  EXPECT_EQ(found.records(0).subject(), response.records(0).subject());
  by_bsn.set_client(a.name());
  EXPECT_EQ(privacy->ListProcessingRecords(CallerContext("admin", "0303").get(), by_bsn, &found)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  auto own = [] {
    auto context = CallerContext("citizen", "");
    context->AddMetadata("x-dev-bsn", "111222333");
    return context;
  };
  v1::ListProcessingRecordsResponse mine;
  ASSERT_TRUE(privacy->ListProcessingRecords(own().get(), request, &mine).ok());
  EXPECT_GE(mine.records_size(), 2);

  auto stranger = CallerContext("citizen", "");
  stranger->AddMetadata("x-dev-bsn", "123456782");
  EXPECT_EQ(privacy->ListProcessingRecords(stranger.get(), request, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(
      privacy->ListProcessingRecords(CallerContext("consultant", "0303").get(), request, &response)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  request.clear_client();
  EXPECT_EQ(privacy->ListProcessingRecords(own().get(), request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(
      privacy->ListProcessingRecords(CallerContext("admin", "0303").get(), request, &response)
          .ok());
  EXPECT_GE(response.records_size(), 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, JournalTest,
                         ::testing::ValuesIn(::inburgering::testing::AllBackends()),
                         ::inburgering::testing::BackendParamName());

}  // namespace
}  // namespace inburgering::server
