// Every processing of personal data leaves its processing records (Logboek Dataverwerkingen 1.0,
// A2): a walk over every RPC of every service, found by reflection, each called with a request
// filled from its own descriptor, on SQLite and PostgreSQL. An RPC that touches a client's or a
// consultant's data must leave at least one processing record under the call's trace; the few
// that process no personal data are named below with the reason.

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/type/date.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "inburgering/v1/duo_service.grpc.pb.h"
#include "inburgering/v1/event_service.grpc.pb.h"
#include "inburgering/v1/privacy_service.grpc.pb.h"
#include "inburgering/v1/provider_service.grpc.pb.h"
#include "inburgering/v1/reporting_service.grpc.pb.h"
#include "inburgering/v1/trajectory_service.grpc.pb.h"
#include "soci/soci.h"
#include "tests/testing/test_server.h"

namespace inburgering::server {
namespace {

using ::google::protobuf::FieldDescriptor;
using ::google::protobuf::Message;
using ::inburgering::testing::CallerContext;
using ::inburgering::testing::TestServer;

// RPCs that process no personal data, and why.
const std::set<std::string> kNoPersonalData = {
    "GetIndicators",        // aggregates
    "GetCaseload",          // aggregates
    "GetProviderOutcomes",  // aggregates
    "ListCbsDeliveries",    // receipts: quarter, counts, sender
    // The log itself, by pseudonym: its export is audited (who, which range), not logged per
    // subject, or every export would grow the log it exports (docs/security.md).
    "ExportProcessingRecords",
    // The providers' register: organisations, not persons.
    "CreateProvider",
    "GetProvider",
    "ListProviders",
};

// The provider the walk registers, with one enrollment of a second client (SetUp).
constexpr char kProvider[] = "municipalities/0303/providers/walk";
// RPCs only a provider may call: walked with the provider's token.
const std::set<std::string> kProviderCalls = {"BatchSubmitProviderReports"};

// What a request filled from its descriptor gets wrong, put right per RPC (text format).
const std::map<std::string, std::string> kPatches = {
    {"AmendPlan",
     "amendment { kind: PLAN_CHANGE_KIND_OTHER intake_basis: PLAN_INTAKE_BASIS_UNSPECIFIED "
     "intake_basis_reason: '' }"},
    {"RecordExamResult", "exam_result { attempt: 1 }"},
    {"RecordEnrollment", "enrollment { registered_provider: '' }"},
    {"ScheduleAppointment", "appointment { invitation_number: 1 }"},
    {"RecordAppointmentOutcome", "outcome: APPOINTMENT_OUTCOME_ATTENDED"},
    {"RecordParticipationOutcome", "outcome { months: 12 }"},
    {"LodgePlanObjection", "objection { plan_version: 1 }"},
    {"DecidePlanObjection", "outcome: PLAN_OBJECTION_OUTCOME_PLAN_UPHELD"},
    {"RecordFineIntention", "fine { intended_amount_euro_cents: 10000 }"},
    {"DecideFineObjection", "outcome: OBJECTION_OUTCOME_UPHELD"},
    {"ListProcessingRecords", "bsn: ''"},
    {"ListDuoReports", "state: DUO_REPORT_STATE_UNSPECIFIED"},
};
// Fields a filled request must not have, per RPC.
const std::map<std::string, std::string> kCleared = {
    {"DecidePlanObjection", "amended_plan"},
};

// The resources the walk acts on.
struct Names {
  std::string municipality, consultant, client, trajectory;
};

class ProcessingWalkTest : public ::testing::TestWithParam<persistence::Backend> {
 protected:
  ProcessingWalkTest() : server_(GetParam()) {}

  void SetUp() override {
    auto clients = server_.clients();
    v1::CreateConsultantRequest consultant;
    consultant.set_parent("municipalities/0303");
    consultant.mutable_consultant()->set_display_name("A. de Vries");
    v1::Consultant created_consultant;
    ASSERT_TRUE(clients->CreateConsultant(Staff().get(), consultant, &created_consultant).ok());
    v1::Client client;
    v1::CreateClientRequest create_client = ::inburgering::testing::ClientRequest("111222333");
    create_client.mutable_client()->set_consultant(created_consultant.name());
    ASSERT_TRUE(clients->CreateClient(Staff().get(), create_client, &client).ok());
    v1::CreateTrajectoryRequest create;
    create.set_parent(client.name());
    v1::Trajectory trajectory;
    ASSERT_TRUE(v1::TrajectoryService::NewStub(server_.channel())
                    ->CreateTrajectory(Staff().get(), create, &trajectory)
                    .ok());
    names_ = {"municipalities/0303", created_consultant.name(), client.name(), trajectory.name()};
    v1::CreateProviderRequest provider;
    provider.set_parent("municipalities/0303");
    provider.set_provider_id("walk");
    provider.mutable_provider()->set_display_name("Taalschool Walk");
    provider.mutable_provider()->set_quality_mark(v1::QUALITY_MARK_BLIK_OP_WERK);
    provider.mutable_provider()->add_components(v1::OFFER_COMPONENT_LANGUAGE);
    v1::Provider registered;
    ASSERT_TRUE(v1::ProviderService::NewStub(server_.channel())
                    ->CreateProvider(Staff().get(), provider, &registered)
                    .ok());
    // A second client, planned and enrolled there: what the provider's calls see and report on.
    auto steps = v1::TrajectoryService::NewStub(server_.channel());
    v1::Client pupil;
    ASSERT_TRUE(clients
                    ->CreateClient(Staff().get(),
                                   ::inburgering::testing::ClientRequest("123456782"), &pupil)
                    .ok());
    create.set_parent(pupil.name());
    v1::Trajectory pupil_trajectory;
    ASSERT_TRUE(steps->CreateTrajectory(Staff().get(), create, &pupil_trajectory).ok());
    v1::CaseFile planned;
    v1::RecordIntakeRequest intake;
    intake.set_name(pupil_trajectory.name());
    intake.set_etag(pupil_trajectory.etag());
    *intake.mutable_intake()->mutable_date() = ::inburgering::testing::ProtoDate(2025, 3, 3);
    ASSERT_TRUE(steps->RecordIntake(Staff().get(), intake, &planned).ok());
    v1::EstablishPlanRequest plan;
    plan.set_name(pupil_trajectory.name());
    plan.set_etag(planned.trajectory().etag());
    *plan.mutable_plan()->mutable_decision_date() = ::inburgering::testing::ProtoDate(2025, 3, 3);
    plan.mutable_plan()->set_route(v1::LEARNING_ROUTE_Z);
    plan.mutable_plan()->set_target_level(v1::LANGUAGE_LEVEL_A1);
    plan.mutable_plan()->set_ontzorgen_reference("PW-1");
    plan.mutable_plan()->set_intake_basis(v1::PLAN_INTAKE_BASIS_AVAILABLE_INFORMATION);
    plan.mutable_plan()->set_intake_basis_reason("the walk's pupil");
    grpc::Status planned_status = steps->EstablishPlan(Staff().get(), plan, &planned);
    ASSERT_TRUE(planned_status.ok()) << planned_status.error_message();
    v1::RecordEnrollmentRequest enroll;
    enroll.set_name(pupil_trajectory.name());
    enroll.set_etag(planned.trajectory().etag());
    enroll.mutable_enrollment()->set_registered_provider(kProvider);
    grpc::Status enrolled = steps->RecordEnrollment(Staff().get(), enroll, &planned);
    ASSERT_TRUE(enrolled.ok()) << enrolled.error_message();
    enrollment_id_ = planned.enrollments(0).id();
    // A DUO report item to send and confirm, and a plan due within the warning: a work item.
    v1::ExemptFromLearnabilityTestRequest exempt;
    exempt.set_name(trajectory.name());
    exempt.set_etag(trajectory.etag());
    *exempt.mutable_exemption()->mutable_date() = ::inburgering::testing::ProtoDate(2025, 3, 3);
    exempt.mutable_exemption()->set_reason(v1::TEST_EXEMPTION_REASON_VISUAL_IMPAIRMENT);
    v1::CaseFile file;
    ASSERT_TRUE(v1::TrajectoryService::NewStub(server_.channel())
                    ->ExemptFromLearnabilityTest(Staff().get(), exempt, &file)
                    .ok());
    server_.clock().Advance(absl::Hours(24 * 7 * 9));
  }

  // The privacy officer who is also the team lead: every RPC is open to them.
  static std::unique_ptr<grpc::ClientContext> Staff() {
    return CallerContext("team_lead,admin", "0303");
  }

  // A context under a trace of its own, to find the call's records by; the provider's for the
  // calls only a provider may make.
  std::unique_ptr<grpc::ClientContext> Traced(std::string* trace_id, bool provider = false) {
    *trace_id = absl::StrFormat("%032x", ++calls_);
    auto context = provider ? CallerContext("provider", "0303") : Staff();
    if (provider) context->AddMetadata("x-dev-provider", "walk");
    context->AddMetadata("traceparent", absl::StrCat("00-", *trace_id, "-00f067aa0ba902b7-01"));
    return context;
  }

  int RecordsOf(const std::string& trace_id) {
    auto lease = server_.app().database().Acquire();
    int count = 0;
    lease->session() << "SELECT count(*) FROM processing_records WHERE trace_id = :t",
        soci::use(trace_id), soci::into(count);
    return count;
  }

  // A DUO report item of the walk's client, once one exists.
  std::string DuoReport() {
    v1::ListDuoReportsRequest request;
    request.set_parent(names_.municipality);
    v1::ListDuoReportsResponse response;
    v1::DuoService::NewStub(server_.channel())->ListDuoReports(Staff().get(), request, &response);
    return response.duo_reports().empty() ? "" : response.duo_reports(0).name();
  }

  // The current etag of the resource `name` (empty for a municipality).
  std::string EtagOf(const std::string& name) {
    auto clients = server_.clients();
    if (name == names_.trajectory) {
      v1::GetTrajectoryRequest request;
      request.set_name(name);
      v1::Trajectory t;
      v1::TrajectoryService::NewStub(server_.channel())->GetTrajectory(Staff().get(), request, &t);
      return t.etag();
    }
    if (name == names_.client) {
      v1::GetClientRequest request;
      request.set_name(name);
      v1::Client c;
      clients->GetClient(Staff().get(), request, &c);
      return c.etag();
    }
    if (name == names_.consultant) {
      v1::GetConsultantRequest request;
      request.set_name(name);
      v1::Consultant c;
      clients->GetConsultant(Staff().get(), request, &c);
      return c.etag();
    }
    return "";
  }

  // Fills `m` from its descriptor: resource names by field name, a valid BSN, a date and time
  // just before now, the first enum value, 1 for numbers, one element in repeated fields, the
  // first field of every oneof.
  void Fill(Message& m, const std::string& name, const std::string& parent, const std::string& etag,
            int depth) {
    const auto* d = m.GetDescriptor();
    const auto* r = m.GetReflection();
    if (d->full_name() == "google.type.Date") {
      static_cast<google::type::Date&>(m) = ::inburgering::testing::ProtoDate(2025, 3, 1);
      return;
    }
    if (d->full_name() == "google.protobuf.Timestamp") {
      static_cast<google::protobuf::Timestamp&>(m).set_seconds(
          absl::ToUnixSeconds(server_.clock().Now()) - 3600);
      return;
    }
    if (d->full_name() == "inburgering.v1.Client") {
      auto& client = static_cast<v1::Client&>(m);
      client = ::inburgering::testing::ClientRequest(
                   ::inburgering::testing::SeriesBsn(static_cast<int>(calls_)))
                   .client();
      if (name == names_.client) {
        client.set_name(name);
        client.set_etag(etag);
      }
      return;
    }
    if (d->full_name() == "google.protobuf.FieldMask") {
      static_cast<google::protobuf::FieldMask&>(m).add_paths(
          name == names_.consultant ? "display_name" : "given_names");
      return;
    }
    if (depth > 3) return;
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      if (f->containing_oneof() != nullptr && f->index_in_oneof() != 0) continue;
      if (f->options().deprecated()) continue;
      const std::string& n = f->name();
      if (f->type() == FieldDescriptor::TYPE_STRING) {
        std::string v = "Walk";
        if (n == "name")
          v = name;
        else if (n == "parent")
          v = parent;
        else if (n == "client")
          v = names_.client;
        else if (n == "consultant")
          v = names_.consultant;
        else if (n == "trajectory")
          v = names_.trajectory;
        else if (n == "bsn")
          v = "111222333";
        else if (n == "email")
          v = "walk@example.nl";
        else if (n == "etag")
          v = etag;
        else if (n == "new_municipality")
          v = "";
        else if (n == "reason" && d->name() == "DuoSignal")
          v = "";  // corrections only
        else if (n == "quarter")
          v = "2025Q1";
        else if (n == "municipalities" || n == "municipality")
          v = "0303";
        else if (n == "enrollment_id")
          v = enrollment_id_;
        else if (n == "request_id" || n == "signal_id")
          v = absl::StrCat("walk-", calls_, "-", i);
        else if (absl::EndsWith(n, "token") || absl::EndsWith(n, "cursor"))
          v = "";
        if (f->is_repeated()) {
          r->AddString(&m, f, v);
        } else {
          r->SetString(&m, f, v);
        }
      } else if (f->type() == FieldDescriptor::TYPE_MESSAGE) {
        Message* child = f->is_repeated() ? r->AddMessage(&m, f) : r->MutableMessage(&m, f);
        Fill(*child, name, parent, etag, depth + 1);
      } else if (f->type() == FieldDescriptor::TYPE_ENUM) {
        const auto* value = f->enum_type()->value(std::min(1, f->enum_type()->value_count() - 1));
        if (f->is_repeated()) {
          r->AddEnum(&m, f, value);
        } else {
          r->SetEnum(&m, f, value);
        }
      } else if (f->type() == FieldDescriptor::TYPE_BOOL || f->is_repeated() || f->is_map()) {
        continue;
      }
    }
  }

  // Calls `method` once per choice of resource names until one leaves a processing record;
  // whether one did.
  bool WalkUnary(const google::protobuf::MethodDescriptor& method) {
    grpc::GenericStub generic(server_.channel());
    const std::string path = absl::StrCat("/", method.service()->full_name(), "/", method.name());
    for (const std::string& name : {names_.trajectory, names_.client, names_.consultant,
                                    names_.municipality, DuoReport(), std::string(kProvider)}) {
      for (const std::string& parent :
           {names_.client, names_.municipality, std::string(kProvider)}) {
        std::unique_ptr<Message> request(google::protobuf::MessageFactory::generated_factory()
                                             ->GetPrototype(method.input_type())
                                             ->New());
        Fill(*request, name, parent, EtagOf(name), 0);
        if (auto clear = kCleared.find(method.name()); clear != kCleared.end()) {
          request->GetReflection()->ClearField(request.get(),
                                               method.input_type()->FindFieldByName(clear->second));
        }
        if (auto patch = kPatches.find(method.name()); patch != kPatches.end()) {
          EXPECT_TRUE(google::protobuf::TextFormat::MergeFromString(patch->second, request.get()))
              << method.name();
        }
        const std::string bytes = request->SerializeAsString();
        grpc::Slice slice(bytes);
        grpc::ByteBuffer buffer(&slice, 1);
        std::string trace_id;
        auto context = Traced(&trace_id, kProviderCalls.count(method.name()) > 0);
        grpc::CompletionQueue queue;
        auto call = generic.PrepareUnaryCall(context.get(), path, buffer, &queue);
        call->StartCall();
        grpc::ByteBuffer response;
        grpc::Status status;
        call->Finish(&response, &status, reinterpret_cast<void*>(1));
        void* tag = nullptr;
        bool ok = false;
        EXPECT_TRUE(queue.Next(&tag, &ok));
        queue.Shutdown();
        while (queue.Next(&tag, &ok)) {
        }
        if (RecordsOf(trace_id) > 0) return true;
        last_refusal_.emplace(method.name(), status.error_message());  // the first: most apt
      }
    }
    return false;
  }

  TestServer server_;
  Names names_;
  int64_t calls_ = 0;
  std::string enrollment_id_ = "none";
  std::map<std::string, std::string> last_refusal_;  // what the walk was told, for the failure
};

TEST_P(ProcessingWalkTest, EveryRpcThatTouchesPersonalDataLeavesItsProcessingRecords) {
  std::vector<std::string> walked, silent;
  std::vector<const google::protobuf::MethodDescriptor*> methods;
  for (const char* service : ::inburgering::testing::kApiServices) {
    const auto* descriptor = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
        absl::StrCat("inburgering.v1.", service));
    ASSERT_NE(descriptor, nullptr);
    for (int i = 0; i < descriptor->method_count(); ++i) {
      methods.push_back(descriptor->method(i));
    }
  }
  // The work items first, while the plan is due and the DUO item unsent; closing the trajectory
  // last, so that the steps find it open.
  std::stable_partition(methods.begin(), methods.end(),
                        [](const auto* m) { return m->name() == "ListWorkItems"; });
  std::stable_partition(methods.begin(), methods.end(),
                        [](const auto* m) { return m->name() != "CloseTrajectory"; });
  for (const auto* method : methods) {
    if (kNoPersonalData.count(method->name()) > 0 || method->server_streaming()) continue;
    walked.push_back(method->name());
    if (!WalkUnary(*method)) {
      silent.push_back(absl::StrCat(method->name(), ": ", last_refusal_[method->name()]));
    }
  }
  // The streams: the CBS delivery (one record per person delivered) and the event stream (one per
  // client whose events it delivered).
  std::string trace_id;
  {
    auto context = Traced(&trace_id);
    v1::ExportCbsDeliveryRequest request;
    request.add_municipalities("0303");
    request.set_quarter("2025Q1");
    auto stream =
        v1::ReportingService::NewStub(server_.channel())->ExportCbsDelivery(context.get(), request);
    v1::CbsDeliveryChunk chunk;
    while (stream->Read(&chunk)) {
    }
    EXPECT_TRUE(stream->Finish().ok());
    walked.push_back("ExportCbsDelivery");
    if (RecordsOf(trace_id) == 0) silent.push_back("ExportCbsDelivery");
  }
  {
    auto context = Traced(&trace_id);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    v1::WatchEventsRequest request;
    request.add_municipalities("0303");
    auto stream = v1::EventService::NewStub(server_.channel())->WatchEvents(context.get(), request);
    v1::Event event;
    int events = 0;
    while (stream->Read(&event)) ++events;
    stream->Finish();
    EXPECT_GT(events, 0);
    walked.push_back("WatchEvents");
    // The stream's records are written as it ends, after the client saw its deadline pass.
    for (int i = 0; i < 50 && RecordsOf(trace_id) == 0; ++i) absl::SleepFor(absl::Milliseconds(20));
    if (RecordsOf(trace_id) == 0) silent.push_back("WatchEvents");
  }
  EXPECT_EQ(walked.size() + kNoPersonalData.size(), 66u);
  EXPECT_THAT(silent, ::testing::IsEmpty()) << "RPCs that left no processing record";
}

INSTANTIATE_TEST_SUITE_P(Backends, ProcessingWalkTest,
                         ::testing::ValuesIn(::inburgering::testing::AllBackends()),
                         ::inburgering::testing::BackendParamName());

}  // namespace
}  // namespace inburgering::server
