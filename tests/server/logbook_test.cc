// Logboek Dataverwerkingen 1.0: each field of a processing record, through the real server on
// SQLite and PostgreSQL (read back with ListProcessingRecords and ExportProcessingRecords), and the
// settings file that names the register's URIs.

#include <fstream>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "inburgering/v1/privacy_service.grpc.pb.h"
#include "server/logbook_settings.h"
#include "soci/soci.h"
#include "tests/testing/test_server.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::CallerContext;
using ::inburgering::testing::TestServer;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

constexpr char kTraceparent[] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

ServerConfig WithRegister() {
  ServerConfig config = ::inburgering::testing::TestServer::DefaultConfig();
  config.logbook.activity_by_group["intake_and_plan"] =
      "https://register.example.nl/{municipality}/verwerkingen/1";
  config.logbook.activity_by_operation["GetClient"] =
      "https://register.example.nl/{municipality}/verwerkingen/2";
  config.logbook.processor_by_caller["portal"] = "https://portaal.example.nl";
  return config;
}

class LogbookTest : public ::testing::TestWithParam<persistence::Backend> {
 protected:
  LogbookTest()
      : server_(GetParam(), WithRegister()),
        clients_(server_.clients()),
        privacy_(v1::PrivacyService::NewStub(server_.channel())) {}

  v1::Client NewClient(const std::string& bsn) {
    v1::Client client;
    EXPECT_TRUE(clients_
                    ->CreateClient(CallerContext("consultant", "0303").get(),
                                   ::inburgering::testing::ClientRequest(bsn), &client)
                    .ok());
    return client;
  }

  // The records of `client`, newest first.
  std::vector<v1::ProcessingRecord> RecordsOf(const v1::Client& client) {
    v1::ListProcessingRecordsRequest request;
    request.set_parent("municipalities/0303");
    request.set_client(client.name());
    v1::ListProcessingRecordsResponse response;
    EXPECT_TRUE(
        privacy_->ListProcessingRecords(CallerContext("admin", "0303").get(), request, &response)
            .ok());
    return {response.records().begin(), response.records().end()};
  }

  // The newest record of the activity `activity` about `client`.
  v1::ProcessingRecord Newest(const v1::Client& client, const std::string& activity) {
    for (const v1::ProcessingRecord& r : RecordsOf(client)) {
      if (r.activity() == activity) return r;
    }
    ADD_FAILURE() << "no record of " << activity;
    return {};
  }

  std::string AuditSpanOf(const std::string& trace_id) {
    auto lease = server_.app().database().Acquire();
    std::string span;
    lease->session() << "SELECT span_id FROM audit_records WHERE trace_id = :t",
        soci::use(trace_id), soci::into(span);
    return span;
  }

  v1::Client Get(const v1::Client& client, const std::string& traceparent,
                 const std::string& subject = "consultant-9") {
    auto context = CallerContext("consultant", "0303", subject);
    if (!traceparent.empty()) context->AddMetadata("traceparent", traceparent);
    v1::GetClientRequest request;
    request.set_name(client.name());
    v1::Client read;
    EXPECT_TRUE(clients_->GetClient(context.get(), request, &read).ok());
    return read;
  }

  TestServer server_;
  std::unique_ptr<v1::ClientService::Stub> clients_;
  std::unique_ptr<v1::PrivacyService::Stub> privacy_;
};

TEST_P(LogbookTest, LdvTraceIdIsTheCallersFromTraceparentOrANewOne) {
  const v1::Client client = NewClient("111222333");
  Get(client, kTraceparent);
  EXPECT_EQ(Newest(client, "GetClient").trace_id(), "4bf92f3577b34da6a3ce929d0e0e4736");
  Get(client, "");
  const std::string fresh = Newest(client, "GetClient").trace_id();
  EXPECT_THAT(fresh, MatchesRegex("[0-9a-f]{32}"));
  EXPECT_NE(fresh, "4bf92f3577b34da6a3ce929d0e0e4736");
  // A malformed traceparent is ignored as a whole (W3C Trace Context): a new trace.
  Get(client, "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01");
  EXPECT_NE(Newest(client, "GetClient").trace_id(), "4bf92f3577b34da6a3ce929d0e0e4736");
}

TEST_P(LogbookTest, LdvSpanIdIsOnePerDataSubjectUnderTheCallsSpan) {
  NewClient("111222333");
  NewClient("123456782");
  auto context = CallerContext("consultant", "0303", "consultant-9");
  context->AddMetadata("traceparent", kTraceparent);
  v1::ListClientsRequest list;
  list.set_parent("municipalities/0303");
  v1::ListClientsResponse listed;
  ASSERT_TRUE(clients_->ListClients(context.get(), list, &listed).ok());
  std::set<std::string> spans;
  std::set<std::string> parents;
  for (const v1::Client& c : listed.clients()) {
    const v1::ProcessingRecord r = Newest(c, "ListClients");
    EXPECT_THAT(r.span_id(), MatchesRegex("[0-9a-f]{16}"));
    spans.insert(r.span_id());
    parents.insert(r.parent_span_id());
  }
  EXPECT_EQ(spans.size(), 2u);    // a span each
  ASSERT_EQ(parents.size(), 1u);  // under one call
  // LDV parent_span_id: the call's span, which its audit record carries.
  EXPECT_EQ(*parents.begin(), AuditSpanOf("4bf92f3577b34da6a3ce929d0e0e4736"));
  EXPECT_NE(*parents.begin(), "00f067aa0ba902b7");  // the caller's span is the foreign operation
}

TEST_P(LogbookTest, LdvStartAndEndTimeAreTheCalls) {
  const v1::Client client = NewClient("111222333");
  server_.clock().Advance(absl::Hours(1));
  Get(client, "");
  const v1::ProcessingRecord r = Newest(client, "GetClient");
  ASSERT_TRUE(r.has_start_time() && r.has_end_time());
  // The test's clock stands still during a call: both are its time, and the end is `time`.
  EXPECT_EQ(r.start_time().seconds(), absl::ToUnixSeconds(server_.clock().Now()));
  EXPECT_LE(r.start_time().seconds(), r.end_time().seconds());
  EXPECT_EQ(r.end_time().seconds(), r.time().seconds());
}

TEST_P(LogbookTest, LdvStatusIsOkForDoneAndUnsetForARefusal) {
  const v1::Client a = NewClient("111222333");
  NewClient("123456782");
  EXPECT_EQ(Newest(a, "CreateClient").processing_status(), v1::PROCESSING_STATUS_OK);
  // Citizen B asking for A's record: refused (NOT_FOUND), a processing without a fault of ours.
  auto citizen = CallerContext("citizen", "");
  citizen->AddMetadata("x-dev-bsn", "123456782");
  v1::GetClientRequest get;
  get.set_name(a.name());
  v1::Client read;
  EXPECT_EQ(clients_->GetClient(citizen.get(), get, &read).error_code(),
            grpc::StatusCode::NOT_FOUND);
  const v1::ProcessingRecord refused = Newest(a, "GetClient");
  EXPECT_EQ(refused.status(), "NOT_FOUND");
  EXPECT_EQ(refused.processing_status(), v1::PROCESSING_STATUS_UNSET);
}

TEST_P(LogbookTest, LdvProcessingActivityIdIsTheRegistersUriByOperationOrGroup) {
  const v1::Client client = NewClient("111222333");
  Get(client, "");
  EXPECT_EQ(Newest(client, "CreateClient").processing_activity_id(),
            "https://register.example.nl/0303/verwerkingen/1");  // the group's
  EXPECT_EQ(Newest(client, "GetClient").processing_activity_id(),
            "https://register.example.nl/0303/verwerkingen/2");  // the operation's own
  // Without a register configured: the service's URN of the group.
  EXPECT_EQ(domain::LogbookSettings().ActivityOf("RecordWarning", "0303"),
            "urn:inburgering:processing-activity:enforcement");
}

TEST_P(LogbookTest, LdvDataSubjectIdIsAPseudonymWithItsType) {
  const v1::Client client = NewClient("111222333");
  const v1::ProcessingRecord r = Newest(client, "CreateClient");
  EXPECT_EQ(r.data_subject_id_type(), domain::kClientSubjectType);
  EXPECT_THAT(r.subject(), Not(HasSubstr("111222333")));
  EXPECT_EQ(r.subject().find(client.name().substr(client.name().rfind('/') + 1)),
            std::string::npos);
  // A consultant's own data: the consultant's type.
  v1::CreateConsultantRequest consultant;
  consultant.set_parent("municipalities/0303");
  consultant.mutable_consultant()->set_display_name("A. de Vries");
  v1::Consultant created;
  ASSERT_TRUE(
      clients_->CreateConsultant(CallerContext("team_lead", "0303").get(), consultant, &created)
          .ok());
  auto lease = server_.app().database().Acquire();
  std::string type;
  lease->session() << "SELECT data_subject_id_type FROM processing_records"
                      " WHERE activity = 'CreateConsultant'",
      soci::into(type);
  EXPECT_EQ(type, domain::kConsultantSubjectType);
}

TEST_P(LogbookTest, LdvForeignOperationIsTheCallersSpanAndConfiguredProcessor) {
  const v1::Client client = NewClient("111222333");
  EXPECT_FALSE(Newest(client, "CreateClient").has_foreign_operation());  // no traceparent
  Get(client, kTraceparent, "portal");
  const v1::ProcessingRecord r = Newest(client, "GetClient");
  EXPECT_EQ(r.foreign_operation().span_id(), "00f067aa0ba902b7");
  EXPECT_EQ(r.foreign_operation().processor(), "https://portaal.example.nl");
  Get(client, kTraceparent, "unknown-system");
  EXPECT_EQ(Newest(client, "GetClient").foreign_operation().processor(), "");
}

TEST_P(LogbookTest, LdvResourceNamesTheApplicationAndItsVersion) {
  const v1::Client client = NewClient("111222333");
  const v1::ProcessingRecord r = Newest(client, "CreateClient");
  EXPECT_EQ(r.resource().at("service.name"), "inburgering");
  EXPECT_EQ(r.resource().at("service.version"), INBURGERING_VERSION);
}

TEST_P(LogbookTest, LdvKeepsTheUserOutOfTheRecordAndInTheAuditTrail) {
  const v1::Client client = NewClient("111222333");
  Get(client, kTraceparent, "consultant-9");
  const v1::ProcessingRecord r = Newest(client, "GetClient");
  // Neither in the answer (the deprecated field stays empty) nor in the table.
  EXPECT_EQ(r.GetReflection()->GetString(r, r.GetDescriptor()->FindFieldByName("actor")), "");
  auto lease = server_.app().database().Acquire();
  EXPECT_ANY_THROW(lease->session() << "SELECT actor FROM processing_records");
  std::string actor;
  lease->session() << "SELECT actor FROM audit_records WHERE trace_id = :t AND span_id = :s",
      soci::use(r.trace_id()), soci::use(r.parent_span_id()), soci::into(actor);
  EXPECT_EQ(actor, "consultant-9");
}

TEST_P(LogbookTest, TheExportResumesAfterItsTokenAndIsForThePrivacyOfficerOnly) {
  for (int i = 0; i < 3; ++i) NewClient(::inburgering::testing::SeriesBsn(i));
  auto exported = [&](const std::string& resume_token, int batch_size, std::string* last_token) {
    v1::ExportProcessingRecordsRequest request;
    request.set_parent("municipalities/0303");
    request.set_resume_token(resume_token);
    request.set_batch_size(batch_size);
    auto context = CallerContext("admin", "0303");
    auto stream = privacy_->ExportProcessingRecords(context.get(), request);
    v1::ExportProcessingRecordsResponse batch;
    std::vector<std::string> activities;
    while (stream->Read(&batch)) {
      for (const auto& r : batch.records()) activities.push_back(r.activity());
      *last_token = batch.resume_token();
    }
    EXPECT_TRUE(stream->Finish().ok());
    return activities;
  };
  std::string token;
  EXPECT_EQ(exported("", 2, &token).size(), 3u);  // oldest first, in batches of 2
  NewClient(::inburgering::testing::SeriesBsn(7));
  std::string next;
  EXPECT_THAT(exported(token, 0, &next), ::testing::ElementsAre("CreateClient"));  // only the new

  // Not for a consultant; not for another municipality's officer; a bad token names its field.
  v1::ExportProcessingRecordsRequest request;
  request.set_parent("municipalities/0303");
  v1::ExportProcessingRecordsResponse batch;
  auto consultant = CallerContext("consultant", "0303");
  auto refused = privacy_->ExportProcessingRecords(consultant.get(), request);
  while (refused->Read(&batch)) {
  }
  EXPECT_EQ(refused->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
  auto other = CallerContext("admin", "0344");
  auto elsewhere = privacy_->ExportProcessingRecords(other.get(), request);
  while (elsewhere->Read(&batch)) {
  }
  EXPECT_EQ(elsewhere->Finish().error_code(), grpc::StatusCode::NOT_FOUND);
  request.set_resume_token("not-a-token");
  auto admin = CallerContext("admin", "0303");
  auto bad = privacy_->ExportProcessingRecords(admin.get(), request);
  while (bad->Read(&batch)) {
  }
  const grpc::Status status = bad->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("resume_token"));
  // The export is audited with the range it sent.
  auto lease = server_.app().database().Acquire();
  int audited = 0;
  lease->session() << "SELECT count(*) FROM audit_records WHERE action = 'ExportProcessingRecords'"
                      " AND changes LIKE 'exported 3 processing records after record 0%'",
      soci::into(audited);
  EXPECT_EQ(audited, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, LogbookTest,
                         ::testing::ValuesIn(::inburgering::testing::AllBackends()),
                         ::inburgering::testing::BackendParamName());

std::string WriteFile(const std::string& text) {
  const std::string path = ::testing::TempDir() + "/logbook.json";
  std::ofstream(path) << text;
  return path;
}

TEST(LogbookSettingsTest, ReadsTheRegistersUrisAndRefusesWhatIsNoUri) {
  auto settings = LoadLogbookSettings(
      WriteFile(R"({"activities": {"groups": {"enforcement": "https://r.example.nl/va/7"},
                                   "operations": {"GetCaseFile": "urn:example:va:8"}},
                    "processors": {"callers": {"portal": "https://portaal.example.nl"},
                                   "default": "https://www.example.nl"}})"),
      {});
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->ActivityOf("DecideFine", "0303"), "https://r.example.nl/va/7");
  EXPECT_EQ(settings->ActivityOf("GetCaseFile", "0303"), "urn:example:va:8");
  EXPECT_EQ(settings->ProcessorOf("portal"), "https://portaal.example.nl");
  EXPECT_EQ(settings->ProcessorOf("someone"), "https://www.example.nl");
  for (const char* bad :
       {R"({"activities": {"groups": {"fun": "https://r.example.nl"}}})",
        R"({"activities": {"operations": {"MakeCoffee": "urn:x:y"}}})",
        R"({"activities": {"groups": {"privacy": "not a uri"}}})",
        R"({"processors": {"default": "www.example.nl"}})", R"([1, 2])", R"({"activites": {}})"}) {
    EXPECT_EQ(LoadLogbookSettings(WriteFile(bad), {}).status().code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
}

}  // namespace
}  // namespace inburgering::server
