// Retention (Selectielijst 2020, process 8.1) on SQLite and PostgreSQL.

#include "domain/retention.h"

#include <string>

#include "domain/dates.h"
#include "gtest/gtest.h"
#include "inburgering/v1/trajectory_service.grpc.pb.h"
#include "persistence/unit_of_work.h"
#include "server/pseudonyms.h"
#include "soci/soci.h"
#include "tests/testing/test_server.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::CallerContext;
using ::inburgering::testing::ProtoDate;
using ::inburgering::testing::TestServer;

TEST(RetentionCutoffTest, TenYearsAfterTheTrajectoryEnded) {
  EXPECT_EQ(domain::RetentionCutoff(absl::CivilDay(2036, 5, 1), 10), absl::CivilDay(2026, 5, 1));
}

class RetentionTest : public ::testing::TestWithParam<persistence::Backend> {};

TEST_P(RetentionTest, ClosedTrajectoriesAreDestroyedAfterTheRetentionPeriod) {
  TestServer server(GetParam());
  auto clients = server.clients();
  auto trajectories = v1::TrajectoryService::NewStub(server.channel());
  auto staff = [] { return CallerContext("consultant", "0303"); };
  std::vector<std::string> trajectory_names;
  for (const char* bsn : {"111222333", "123456782"}) {
    v1::CreateClientRequest request = ::inburgering::testing::ClientRequest(bsn);
    v1::Client client;
    ASSERT_TRUE(clients->CreateClient(staff().get(), request, &client).ok());
    v1::CreateTrajectoryRequest create;
    create.set_parent(client.name());
    v1::Trajectory t;
    ASSERT_TRUE(trajectories->CreateTrajectory(staff().get(), create, &t).ok());
    trajectory_names.push_back(t.name());
  }
  // The first client's trajectory ends on 2025-03-03; the second stays open.
  v1::CloseTrajectoryRequest close;
  close.set_name(trajectory_names[0]);
  close.set_etag("v1");
  close.mutable_closure()->set_reason(v1::CLOSURE_REASON_LEFT_COUNTRY);
  *close.mutable_closure()->mutable_date() = ProtoDate(2025, 3, 3);
  v1::CaseFile closed;
  ASSERT_TRUE(trajectories->CloseTrajectory(staff().get(), close, &closed).ok());

  persistence::SociTransactionManager transactions(server.app().database());
  HmacPseudonyms pseudonyms("key");
  domain::Policy policy;
  domain::LogbookSettings logbook;
  logbook.activity_by_group["privacy"] = "https://register.example.nl/va/17";
  domain::RetentionUseCases retention(transactions, server.clock(), policy, pseudonyms, logbook);
  server.clock().Set(absl::FromCivil(absl::CivilSecond(2035, 3, 3, 12, 0, 0), absl::UTCTimeZone()));
  EXPECT_EQ(*retention.Purge(10), 0);  // exactly 10 years: not yet
  server.clock().Advance(absl::Hours(24));
  EXPECT_EQ(*retention.Purge(10), 1);
  EXPECT_EQ(*retention.Purge(10), 0);

  v1::GetClientRequest get;
  get.set_name(closed.client().name());
  v1::Client gone;
  EXPECT_EQ(clients->GetClient(staff().get(), get, &gone).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::GetCaseFileRequest open;
  open.set_name(trajectory_names[1]);
  v1::CaseFile kept;
  EXPECT_TRUE(trajectories->GetCaseFile(staff().get(), open, &kept).ok());

  auto lease = server.app().database().Acquire();
  int records = 0;
  // Who purged is in the audit record; the processing record is its child span (LDV 1.0).
  lease->session() << "SELECT count(*) FROM processing_records p JOIN audit_records a"
                      " ON p.trace_id = a.trace_id AND p.parent_span_id = a.span_id"
                      " WHERE p.activity = 'Purge' AND a.actor = 'retention'"
                      " AND p.processing_activity_id = 'https://register.example.nl/va/17'",
      soci::into(records);
  EXPECT_EQ(records, 1);
  int bsns = 0;
  lease->session() << "SELECT count(*) FROM clients WHERE bsn = '111222333'", soci::into(bsns);
  EXPECT_EQ(bsns, 0);
}

// Processing records have a retention period of their own: those written before it are deleted,
// the deletion audited; later ones stay undeletable, and the horizon does not move back.
TEST_P(RetentionTest, ProcessingRecordsAreDeletedAfterTheirRetentionPeriodAndThePurgeIsAudited) {
  TestServer server(GetParam());
  auto clients = server.clients();
  server.clock().Set(absl::FromCivil(absl::CivilSecond(2024, 6, 1, 12, 0, 0), absl::UTCTimeZone()));
  v1::Client old_client, new_client;
  ASSERT_TRUE(clients
                  ->CreateClient(CallerContext("consultant", "0303").get(),
                                 ::inburgering::testing::ClientRequest("111222333"), &old_client)
                  .ok());
  server.clock().Set(absl::FromCivil(absl::CivilSecond(2026, 6, 1, 12, 0, 0), absl::UTCTimeZone()));
  ASSERT_TRUE(clients
                  ->CreateClient(CallerContext("consultant", "0303").get(),
                                 ::inburgering::testing::ClientRequest("123456782"), &new_client)
                  .ok());
  auto count = [&](const std::string& where) {
    auto lease = server.app().database().Acquire();
    int n = -1;
    lease->session() << "SELECT count(*) FROM " + where, soci::into(n);
    return n;
  };
  ASSERT_EQ(count("processing_records"), 2);
  {
    auto lease = server.app().database().Acquire();
    EXPECT_ANY_THROW(lease->session() << "DELETE FROM processing_records");
  }

  persistence::SociTransactionManager transactions(server.app().database());
  HmacPseudonyms pseudonyms("key");
  domain::Policy policy;
  domain::LogbookSettings logbook;
  domain::RetentionUseCases retention(transactions, server.clock(), policy, pseudonyms, logbook);
  server.clock().Set(absl::FromCivil(absl::CivilSecond(2027, 1, 1, 12, 0, 0), absl::UTCTimeZone()));
  EXPECT_EQ(*retention.PurgeProcessingRecords(2), 1);  // written before 2025-01-01
  EXPECT_EQ(count("processing_records"), 1);
  EXPECT_EQ(count("audit_records WHERE action = 'PurgeProcessingRecords' AND actor = 'retention'"
                  " AND changes LIKE '1 processing records written before 2025-01-01%'"),
            1);
  EXPECT_EQ(*retention.PurgeProcessingRecords(2), 0);
  // The record within the period stays append-only, and the horizon only moves forward.
  auto lease = server.app().database().Acquire();
  EXPECT_ANY_THROW(lease->session() << "DELETE FROM processing_records");
  EXPECT_ANY_THROW(lease->session() << "UPDATE journal_horizons SET before_time = 0");
  EXPECT_ANY_THROW(lease->session() << "DELETE FROM journal_horizons");
}

INSTANTIATE_TEST_SUITE_P(Backends, RetentionTest,
                         ::testing::ValuesIn(::inburgering::testing::AllBackends()),
                         ::inburgering::testing::BackendParamName());

}  // namespace
}  // namespace inburgering::server
