// Every RPC under every role (S1, S3, S4 of quality.md): another person's or municipality's
// resources answer NOT_FOUND, staff-only RPCs answer PERMISSION_DENIED to citizens, reporting
// and integration callers, and team management is for team leads and admins.

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "inburgering/v1/duo_service.grpc.pb.h"
#include "inburgering/v1/enforcement_service.grpc.pb.h"
#include "inburgering/v1/event_service.grpc.pb.h"
#include "inburgering/v1/privacy_service.grpc.pb.h"
#include "inburgering/v1/provider_service.grpc.pb.h"
#include "inburgering/v1/reporting_service.grpc.pb.h"
#include "inburgering/v1/trajectory_service.grpc.pb.h"
#include "tests/testing/test_server.h"

namespace inburgering::server {
namespace {

using ::inburgering::testing::ProtoDate;
using ::inburgering::testing::TestServer;

using Rpc = std::function<grpc::Status(grpc::ClientContext*)>;

struct Role {
  const char* name;
  const char* roles;
  const char* municipalities;
  const char* bsn;
  const char* provider;  // the provider role's `provider_id`
};

const Role kRoles[] = {
    {"citizen_own", "citizen", "", "111222333", ""},
    {"citizen_other", "citizen", "", "123456782", ""},
    {"consultant", "consultant", "0303", "", ""},
    {"team_lead", "team_lead", "0303", "", ""},
    {"admin", "admin", "*", "", ""},
    {"reporting", "reporting", "0303", "", ""},
    {"integration", "integration", "0303", "", ""},
    {"other_municipality", "team_lead", "0344", "", ""},
    {"provider_own", "provider", "0303", "", "school"},
    {"provider_other", "provider", "0303", "", "other-school"},
};

// The RPCs a citizen may call on their own file.
const std::set<std::string> kCitizenReads = {"GetClient", "FindClientByBsn", "GetTrajectory",
                                             "ListTrajectories", "GetCaseFile"};
const std::set<std::string> kTeamManagement = {"CreateConsultant", "UpdateConsultant",
                                               "CreateProvider"};
// What a provider may call about itself (another provider's id: NOT_FOUND); staff read them too.
const std::set<std::string> kProviderOwn = {"GetProvider", "ListProviderEnrollments",
                                            "BatchSubmitProviderReports", "ListProviderReports"};
// Reports without personal data: staff and the reporting role.
const std::set<std::string> kAggregates = {"GetIndicators", "GetCaseload", "GetProviderOutcomes"};
// The exchange with DUO: staff, and the integration role (an adapter).
const std::set<std::string> kExchange = {"ListDuoReports", "MarkDuoReportSent", "ConfirmDuoReport",
                                         "IngestDuoSignal", "BatchIngestDuoSignals"};

enum class Outcome { kAuthorized, kPermissionDenied, kNotFound };

Outcome Expected(const std::string& role, const std::string& rpc) {
  if (role == "provider_own" || role == "provider_other") {
    if (!kProviderOwn.count(rpc)) return Outcome::kPermissionDenied;
    return role == "provider_own" ? Outcome::kAuthorized : Outcome::kNotFound;
  }
  // A provider's reports come from the provider alone (staff record attendance as steps).
  if (rpc == "BatchSubmitProviderReports") return Outcome::kPermissionDenied;
  if (rpc == "ListProcessingRecords") {  // the privacy officer's, and a citizen's own
    if (role == "admin" || role == "citizen_own") return Outcome::kAuthorized;
    return role == "citizen_other" ? Outcome::kNotFound : Outcome::kPermissionDenied;
  }
  if (role == "citizen_own") {
    return kCitizenReads.count(rpc) ? Outcome::kAuthorized : Outcome::kPermissionDenied;
  }
  if (role == "citizen_other") {
    return kCitizenReads.count(rpc) ? Outcome::kNotFound : Outcome::kPermissionDenied;
  }
  if (rpc == "ExportProcessingRecords") {  // the privacy officer's, for a central Logboek
    return role == "admin" ? Outcome::kAuthorized : Outcome::kPermissionDenied;
  }
  if (kAggregates.count(rpc) && role == "reporting") return Outcome::kAuthorized;
  if ((rpc == "ExportCbsDelivery" || rpc == "ListCbsDeliveries") &&
      (role == "consultant" || role == "reporting")) {
    return Outcome::kPermissionDenied;  // it carries BSNs: team leads and admins
  }
  if (rpc == "WatchEvents") {  // team leads, admins and other back-ends
    if (role == "consultant" || role == "reporting") return Outcome::kPermissionDenied;
    return role == "other_municipality" ? Outcome::kNotFound : Outcome::kAuthorized;
  }
  if (role == "integration" && kExchange.count(rpc)) return Outcome::kAuthorized;
  if (role == "reporting" || role == "integration") return Outcome::kPermissionDenied;
  if (role == "other_municipality") return Outcome::kNotFound;
  if (role == "consultant" && kTeamManagement.count(rpc)) return Outcome::kPermissionDenied;
  return Outcome::kAuthorized;
}

class AuthorizationTest : public ::testing::TestWithParam<persistence::Backend> {};

TEST_P(AuthorizationTest, EveryRpcUnderEveryRole) {
  TestServer server(GetParam());
  auto clients = server.clients();
  auto trajectories = v1::TrajectoryService::NewStub(server.channel());
  auto lead = [] { return ::inburgering::testing::CallerContext("team_lead", "0303"); };

  v1::CreateConsultantRequest new_consultant;
  new_consultant.set_parent("municipalities/0303");
  new_consultant.mutable_consultant()->set_display_name("Sanne");
  v1::Consultant consultant;
  ASSERT_TRUE(clients->CreateConsultant(lead().get(), new_consultant, &consultant).ok());
  v1::Client a, b;
  for (auto [bsn, out] :
       {std::pair<const char*, v1::Client*>{"111222333", &a}, {"123456782", &b}}) {
    v1::CreateClientRequest request = ::inburgering::testing::ClientRequest(bsn);
    ASSERT_TRUE(clients->CreateClient(lead().get(), request, out).ok());
  }
  v1::CreateTrajectoryRequest create_trajectory;
  create_trajectory.set_parent(a.name());
  v1::Trajectory trajectory;
  ASSERT_TRUE(trajectories->CreateTrajectory(lead().get(), create_trajectory, &trajectory).ok());
  const std::string t = trajectory.name();

  // One valid request per RPC, about client A and its trajectory.
  std::vector<std::pair<std::string, Rpc>> rpcs;
  auto add = [&](const std::string& name, Rpc rpc) { rpcs.emplace_back(name, std::move(rpc)); };
  add("CreateConsultant", [&](grpc::ClientContext* c) {
    v1::Consultant out;
    return clients->CreateConsultant(c, new_consultant, &out);
  });
  add("GetConsultant", [&](grpc::ClientContext* c) {
    v1::GetConsultantRequest r;
    r.set_name(consultant.name());
    v1::Consultant out;
    return clients->GetConsultant(c, r, &out);
  });
  add("ListConsultants", [&](grpc::ClientContext* c) {
    v1::ListConsultantsRequest r;
    r.set_parent("municipalities/0303");
    v1::ListConsultantsResponse out;
    return clients->ListConsultants(c, r, &out);
  });
  add("UpdateConsultant", [&](grpc::ClientContext* c) {
    v1::UpdateConsultantRequest r;
    *r.mutable_consultant() = consultant;
    r.mutable_update_mask()->add_paths("case_capacity");
    v1::Consultant out;
    return clients->UpdateConsultant(c, r, &out);
  });
  add("CreateClient", [&](grpc::ClientContext* c) {
    v1::CreateClientRequest r;
    r.set_parent("municipalities/0303");
    *r.mutable_client() = a;
    v1::Client out;
    return clients->CreateClient(c, r, &out);
  });
  add("GetClient", [&](grpc::ClientContext* c) {
    v1::GetClientRequest r;
    r.set_name(a.name());
    v1::Client out;
    return clients->GetClient(c, r, &out);
  });
  add("ListClients", [&](grpc::ClientContext* c) {
    v1::ListClientsRequest r;
    r.set_parent("municipalities/0303");
    v1::ListClientsResponse out;
    return clients->ListClients(c, r, &out);
  });
  add("UpdateClient", [&](grpc::ClientContext* c) {
    v1::UpdateClientRequest r;
    *r.mutable_client() = a;
    r.mutable_update_mask()->add_paths("family_name");
    v1::Client out;
    return clients->UpdateClient(c, r, &out);
  });
  add("FindClientByBsn", [&](grpc::ClientContext* c) {
    v1::FindClientByBsnRequest r;
    r.set_parent("municipalities/0303");
    r.set_bsn(a.bsn());
    v1::Client out;
    return clients->FindClientByBsn(c, r, &out);
  });
  add("AssignConsultant", [&](grpc::ClientContext* c) {
    v1::AssignConsultantRequest r;
    r.set_name(a.name());
    r.set_consultant(consultant.name());
    r.set_etag(a.etag());
    v1::Client out;
    return clients->AssignConsultant(c, r, &out);
  });
  add("CreateTrajectory", [&](grpc::ClientContext* c) {
    v1::Trajectory out;
    return trajectories->CreateTrajectory(c, create_trajectory, &out);
  });
  add("GetTrajectory", [&](grpc::ClientContext* c) {
    v1::GetTrajectoryRequest r;
    r.set_name(t);
    v1::Trajectory out;
    return trajectories->GetTrajectory(c, r, &out);
  });
  add("ListTrajectories", [&](grpc::ClientContext* c) {
    v1::ListTrajectoriesRequest r;
    r.set_parent(a.name());
    v1::ListTrajectoriesResponse out;
    return trajectories->ListTrajectories(c, r, &out);
  });
  add("GetCaseFile", [&](grpc::ClientContext* c) {
    v1::GetCaseFileRequest r;
    r.set_name(t);
    v1::CaseFile out;
    return trajectories->GetCaseFile(c, r, &out);
  });
  // The recorded steps: each with a valid payload at etag v1 (stale after the first change,
  // which still proves the caller got past authorization).
  const auto today = ProtoDate(2025, 3, 1);
  auto enforcement = v1::EnforcementService::NewStub(server.channel());
  auto duo = v1::DuoService::NewStub(server.channel());
  auto step_on = [&](auto* stub, const std::string& name, auto method, auto build) {
    add(name, [&, stub, method, build](grpc::ClientContext* c) {
      auto request = build();
      request.set_name(t);
      request.set_etag("v1");
      v1::CaseFile out;
      return (stub->*method)(c, request, &out);
    });
  };
  auto record = [&](const std::string& name, auto method, auto build) {
    step_on(trajectories.get(), name, method, build);
  };
  using S = v1::TrajectoryService::Stub;
  record("RecordIntake", &S::RecordIntake, [&] {
    v1::RecordIntakeRequest r;
    *r.mutable_intake()->mutable_date() = today;
    return r;
  });
  record("RecordLearnabilityTest", &S::RecordLearnabilityTest, [&] {
    v1::RecordLearnabilityTestRequest r;
    *r.mutable_learnability_test()->mutable_date() = today;
    return r;
  });
  record("ExemptFromLearnabilityTest", &S::ExemptFromLearnabilityTest, [&] {
    v1::ExemptFromLearnabilityTestRequest r;
    *r.mutable_exemption()->mutable_date() = today;
    r.mutable_exemption()->set_reason(v1::TEST_EXEMPTION_REASON_VISUAL_IMPAIRMENT);
    return r;
  });
  auto plan = [&] {
    v1::Plan p;
    *p.mutable_decision_date() = today;
    p.set_route(v1::LEARNING_ROUTE_B1);
    p.set_target_level(v1::LANGUAGE_LEVEL_B1);
    return p;
  };
  record("EstablishPlan", &S::EstablishPlan, [&] {
    v1::EstablishPlanRequest r;
    *r.mutable_plan() = plan();
    return r;
  });
  record("AmendPlan", &S::AmendPlan, [&] {
    v1::AmendPlanRequest r;
    *r.mutable_amendment() = plan();
    r.mutable_amendment()->set_kind(v1::PLAN_CHANGE_KIND_OTHER);
    return r;
  });
  record("RecordEnrollment", &S::RecordEnrollment, [&] {
    v1::RecordEnrollmentRequest r;
    r.mutable_enrollment()->set_provider("School");
    r.mutable_enrollment()->set_quality_mark(v1::QUALITY_MARK_NONE);
    *r.mutable_enrollment()->mutable_start_date() = today;
    return r;
  });
  record("RecordAttendance", &S::RecordAttendance, [&] {
    v1::RecordAttendanceRequest r;
    r.mutable_attendance()->set_enrollment_id("e1");
    *r.mutable_attendance()->mutable_period_start() = today;
    *r.mutable_attendance()->mutable_period_end() = today;
    return r;
  });
  record("RecordExamResult", &S::RecordExamResult, [&] {
    v1::RecordExamResultRequest r;
    r.mutable_exam_result()->set_skill(v1::EXAM_SKILL_READING);
    r.mutable_exam_result()->set_level(v1::LANGUAGE_LEVEL_A2);
    r.mutable_exam_result()->set_attempt(1);
    *r.mutable_exam_result()->mutable_date() = today;
    return r;
  });
  record("RecordComponentResult", &S::RecordComponentResult, [&] {
    v1::RecordComponentResultRequest r;
    r.mutable_component_result()->set_component(v1::COMPONENT_KIND_KNM);
    *r.mutable_component_result()->mutable_date() = today;
    return r;
  });
  record("RecordProgressReview", &S::RecordProgressReview, [&] {
    v1::RecordProgressReviewRequest r;
    *r.mutable_progress_review()->mutable_date() = today;
    return r;
  });
  record("ScheduleAppointment", &S::ScheduleAppointment, [&] {
    v1::ScheduleAppointmentRequest r;
    r.mutable_appointment()->set_kind(v1::APPOINTMENT_KIND_TEST_SESSION);
    r.mutable_appointment()->mutable_scheduled_time()->set_seconds(1745000000);
    return r;
  });
  record("RecordAppointmentOutcome", &S::RecordAppointmentOutcome, [&] {
    v1::RecordAppointmentOutcomeRequest r;
    r.set_appointment_id("a1");
    r.set_outcome(v1::APPOINTMENT_OUTCOME_ATTENDED);
    return r;
  });
  record("RecordExtension", &S::RecordExtension, [&] {
    v1::RecordExtensionRequest r;
    r.mutable_extension()->set_ground(v1::EXTENSION_GROUND_ILLNESS);
    r.mutable_extension()->set_weeks(10);
    *r.mutable_extension()->mutable_decision_date() = today;
    return r;
  });
  record("RecordExemption", &S::RecordExemption, [&] {
    v1::RecordExemptionRequest r;
    r.mutable_exemption()->set_kind(v1::EXEMPTION_KIND_MEDICAL);
    *r.mutable_exemption()->mutable_decision_date() = today;
    return r;
  });
  record("CloseTrajectory", &S::CloseTrajectory, [&] {
    v1::CloseTrajectoryRequest r;
    r.mutable_closure()->set_reason(v1::CLOSURE_REASON_LEFT_COUNTRY);
    *r.mutable_closure()->mutable_date() = today;
    return r;
  });
  auto privacy = v1::PrivacyService::NewStub(server.channel());
  add("ListProcessingRecords", [&](grpc::ClientContext* c) {
    v1::ListProcessingRecordsRequest r;
    r.set_parent("municipalities/0303");
    r.set_client(a.name());
    v1::ListProcessingRecordsResponse out;
    return privacy->ListProcessingRecords(c, r, &out);
  });
  using E = v1::EnforcementService::Stub;
  step_on(enforcement.get(), "RecordWarning", &E::RecordWarning, [&] {
    v1::RecordWarningRequest r;
    r.mutable_warning()->set_ground(v1::ENFORCEMENT_GROUND_PLAN_OBLIGATION);
    *r.mutable_warning()->mutable_date() = today;
    return r;
  });
  step_on(enforcement.get(), "RecordFineIntention", &E::RecordFineIntention, [&] {
    v1::RecordFineIntentionRequest r;
    r.mutable_fine()->set_ground(v1::ENFORCEMENT_GROUND_PLAN_OBLIGATION);
    *r.mutable_fine()->mutable_offence_date() = today;
    *r.mutable_fine()->mutable_intention_date() = today;
    r.mutable_fine()->set_blameworthy(true);
    r.mutable_fine()->set_blameworthiness_reasons("missed lessons");
    r.mutable_fine()->set_intended_amount_euro_cents(10000);
    return r;
  });
  step_on(enforcement.get(), "RecordFineView", &E::RecordFineView, [&] {
    v1::RecordFineViewRequest r;
    r.set_fine_id("f1");
    *r.mutable_view()->mutable_date() = today;
    return r;
  });
  step_on(enforcement.get(), "DecideFine", &E::DecideFine, [&] {
    v1::DecideFineRequest r;
    r.set_fine_id("f1");
    *r.mutable_decision()->mutable_date() = today;
    return r;
  });
  step_on(enforcement.get(), "RecordFineObjection", &E::RecordFineObjection, [&] {
    v1::RecordFineObjectionRequest r;
    r.set_fine_id("f1");
    *r.mutable_filed_date() = today;
    return r;
  });
  step_on(enforcement.get(), "DecideFineObjection", &E::DecideFineObjection, [&] {
    v1::DecideFineObjectionRequest r;
    r.set_fine_id("f1");
    r.set_outcome(v1::OBJECTION_OUTCOME_UPHELD);
    *r.mutable_date() = today;
    return r;
  });
  step_on(duo.get(), "IssueProgrammeLateStatement",
          &v1::DuoService::Stub::IssueProgrammeLateStatement, [&] {
            v1::IssueProgrammeLateStatementRequest r;
            *r.mutable_issue_date() = today;
            return r;
          });
  // A report item to work on: client B's learnability-test exemption.
  v1::CreateTrajectoryRequest create_b;
  create_b.set_parent(b.name());
  v1::Trajectory trajectory_b;
  ASSERT_TRUE(trajectories->CreateTrajectory(lead().get(), create_b, &trajectory_b).ok());
  v1::ExemptFromLearnabilityTestRequest exempt;
  exempt.set_name(trajectory_b.name());
  exempt.set_etag(trajectory_b.etag());
  *exempt.mutable_exemption()->mutable_date() = today;
  exempt.mutable_exemption()->set_reason(v1::TEST_EXEMPTION_REASON_VISUAL_IMPAIRMENT);
  v1::CaseFile file_b;
  ASSERT_TRUE(trajectories->ExemptFromLearnabilityTest(lead().get(), exempt, &file_b).ok());
  v1::ListDuoReportsRequest list_reports;
  list_reports.set_parent("municipalities/0303");
  v1::ListDuoReportsResponse reports;
  ASSERT_TRUE(duo->ListDuoReports(lead().get(), list_reports, &reports).ok());
  ASSERT_EQ(reports.duo_reports_size(), 1);
  const std::string report = reports.duo_reports(0).name();
  add("ListDuoReports", [&](grpc::ClientContext* c) {
    v1::ListDuoReportsResponse out;
    return duo->ListDuoReports(c, list_reports, &out);
  });
  add("MarkDuoReportSent", [&](grpc::ClientContext* c) {
    v1::MarkDuoReportSentRequest r;
    r.set_name(report);
    v1::DuoReport out;
    return duo->MarkDuoReportSent(c, r, &out);
  });
  add("ConfirmDuoReport", [&](grpc::ClientContext* c) {
    v1::ConfirmDuoReportRequest r;
    r.set_name(report);
    r.set_confirmation_reference("DUO-1");
    v1::DuoReport out;
    return duo->ConfirmDuoReport(c, r, &out);
  });
  v1::DuoSignal notice;
  notice.set_signal_id("kg-1");
  notice.set_kind(v1::DUO_SIGNAL_KIND_OBLIGATION_NOTICE);
  *notice.mutable_signal_date() = today;
  notice.set_bsn(::inburgering::testing::SeriesBsn(1));
  notice.set_given_names("Yonas");
  notice.set_family_name("Tesfaye");
  *notice.mutable_birth_date() = ProtoDate(1990, 1, 1);
  notice.set_target_group(v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER);
  *notice.mutable_obligation_notice_date() = today;
  add("IngestDuoSignal", [&](grpc::ClientContext* c) {
    v1::IngestDuoSignalRequest r;
    r.set_parent("municipalities/0303");
    *r.mutable_signal() = notice;
    v1::IngestDuoSignalResponse out;
    return duo->IngestDuoSignal(c, r, &out);
  });
  add("BatchIngestDuoSignals", [&](grpc::ClientContext* c) {
    v1::BatchIngestDuoSignalsRequest r;
    r.set_parent("municipalities/0303");
    *r.add_signals() = notice;
    v1::BatchIngestDuoSignalsResponse out;
    return duo->BatchIngestDuoSignals(c, r, &out);
  });
  auto events = v1::EventService::NewStub(server.channel());
  add("WatchEvents", [&](grpc::ClientContext* c) {
    v1::WatchEventsRequest r;
    r.add_municipalities("0303");
    auto stream = events->WatchEvents(c, r);
    v1::Event first;
    if (stream->Read(&first)) c->TryCancel();  // authorized: the log has events
    return stream->Finish();
  });
  record("RecordParticipationOutcome", &S::RecordParticipationOutcome, [&] {
    v1::RecordParticipationOutcomeRequest r;
    r.mutable_outcome()->set_months(12);
    *r.mutable_outcome()->mutable_date() = today;
    return r;
  });
  auto reporting = v1::ReportingService::NewStub(server.channel());
  add("GetIndicators", [&](grpc::ClientContext* c) {
    v1::GetIndicatorsRequest r;
    r.set_parent("municipalities/0303");
    r.set_year(2025);
    v1::IndicatorReport out;
    return reporting->GetIndicators(c, r, &out);
  });
  add("GetCaseload", [&](grpc::ClientContext* c) {
    v1::GetCaseloadRequest r;
    r.set_parent("municipalities/0303");
    v1::Caseload out;
    return reporting->GetCaseload(c, r, &out);
  });
  add("GetProviderOutcomes", [&](grpc::ClientContext* c) {
    v1::GetProviderOutcomesRequest r;
    r.set_parent("municipalities/0303");
    r.set_year(2025);
    v1::ProviderOutcomes out;
    return reporting->GetProviderOutcomes(c, r, &out);
  });
  add("ListWorkItems", [&](grpc::ClientContext* c) {
    v1::ListWorkItemsRequest r;
    r.set_parent("municipalities/0303");
    v1::ListWorkItemsResponse out;
    return reporting->ListWorkItems(c, r, &out);
  });
  add("ExportCbsDelivery", [&](grpc::ClientContext* c) {
    v1::ExportCbsDeliveryRequest r;
    r.add_municipalities("0303");
    r.set_quarter("2025Q1");
    auto stream = reporting->ExportCbsDelivery(c, r);
    v1::CbsDeliveryChunk chunk;
    while (stream->Read(&chunk)) {
    }
    return stream->Finish();
  });
  // The duties of the second wave, on the same trajectory.
  record("RecordSocialGuidance", &S::RecordSocialGuidance, [&] {
    v1::RecordSocialGuidanceRequest r;
    *r.mutable_guidance()->mutable_offered_date() = today;
    r.mutable_guidance()->set_provider("VluchtelingenWerk");
    r.mutable_guidance()->add_parts(v1::GUIDANCE_PART_PRACTICAL_MATTERS);
    *r.mutable_guidance()->mutable_start_date() = today;
    r.mutable_guidance()->set_participation(v1::GUIDANCE_PARTICIPATION_PARTICIPATING);
    return r;
  });
  record("RecordUnburdening", &S::RecordUnburdening, [&] {
    v1::RecordUnburdeningRequest r;
    *r.mutable_unburdening()->mutable_start_date() = today;
    r.mutable_unburdening()->add_costs(v1::FIXED_COST_RENT);
    r.mutable_unburdening()->set_decision_reference("PW-1");
    return r;
  });
  record("LodgePlanObjection", &S::LodgePlanObjection, [&] {
    v1::LodgePlanObjectionRequest r;
    r.mutable_objection()->set_stage(v1::OBJECTION_STAGE_OBJECTION);
    r.mutable_objection()->set_plan_version(1);
    *r.mutable_objection()->mutable_filed_date() = today;
    return r;
  });
  record("DecidePlanObjection", &S::DecidePlanObjection, [&] {
    v1::DecidePlanObjectionRequest r;
    r.set_objection_id("o1");
    r.set_outcome(v1::PLAN_OBJECTION_OUTCOME_PLAN_UPHELD);
    *r.mutable_date() = today;
    r.set_reasons("the plan stands");
    return r;
  });
  record("DecideZRouteCompletion", &S::DecideZRouteCompletion, [&] {
    v1::DecideZRouteCompletionRequest r;
    *r.mutable_decision()->mutable_date() = today;
    r.mutable_decision()->set_completed(true);
    r.mutable_decision()->set_final_interview_id("a1");
    r.mutable_decision()->set_reasons("self-reliant");
    return r;
  });
  record("RequestPlanInformation", &S::RequestPlanInformation, [&] {
    v1::RequestPlanInformationRequest r;
    r.mutable_information()->set_source("GP");
    *r.mutable_information()->mutable_requested_date() = today;
    return r;
  });
  record("ReceivePlanInformation", &S::ReceivePlanInformation, [&] {
    v1::ReceivePlanInformationRequest r;
    r.set_information_id("i1");
    *r.mutable_received_date() = today;
    return r;
  });
  step_on(enforcement.get(), "RecordBlameworthinessFinding", &E::RecordBlameworthinessFinding, [&] {
    v1::RecordBlameworthinessFindingRequest r;
    r.mutable_finding()->set_subject(v1::NON_FULFILMENT_SUBJECT_PVT);
    *r.mutable_finding()->mutable_date() = today;
    r.mutable_finding()->set_blameworthy(true);
    r.mutable_finding()->set_reasons("came to 2 of 12 sessions");
    return r;
  });
  step_on(duo.get(), "ReportExpectedNonCompletion",
          &v1::DuoService::Stub::ReportExpectedNonCompletion, [&] {
            v1::ReportExpectedNonCompletionRequest r;
            r.mutable_notice()->set_kind(v1::NON_COMPLETION_KIND_WILL_NOT_FINISH_IN_TIME);
            *r.mutable_notice()->mutable_date() = today;
            r.mutable_notice()->set_reasons("long illness");
            return r;
          });
  add("ListCbsDeliveries", [&](grpc::ClientContext* c) {
    v1::ListCbsDeliveriesRequest r;
    r.set_parent("municipalities/0303");
    v1::ListCbsDeliveriesResponse out;
    return reporting->ListCbsDeliveries(c, r, &out);
  });
  add("ExportProcessingRecords", [&](grpc::ClientContext* c) {
    v1::ExportProcessingRecordsRequest r;
    r.set_parent("municipalities/0303");
    auto stream = privacy->ExportProcessingRecords(c, r);
    v1::ExportProcessingRecordsResponse batch;
    while (stream->Read(&batch)) {
    }
    return stream->Finish();
  });
  // The providers' side, about the registered provider "school". A report dated after today: the
  // provider itself is told INVALID_ARGUMENT (it got past authorization), another NOT_FOUND.
  auto providers = v1::ProviderService::NewStub(server.channel());
  v1::CreateProviderRequest new_provider;
  new_provider.set_parent("municipalities/0303");
  new_provider.set_provider_id("school");
  new_provider.mutable_provider()->set_display_name("Taalschool");
  new_provider.mutable_provider()->set_quality_mark(v1::QUALITY_MARK_BLIK_OP_WERK);
  new_provider.mutable_provider()->add_components(v1::OFFER_COMPONENT_LANGUAGE);
  {
    v1::Provider out;
    ASSERT_TRUE(providers->CreateProvider(lead().get(), new_provider, &out).ok());
  }
  const std::string school = "municipalities/0303/providers/school";
  add("CreateProvider", [&](grpc::ClientContext* c) {
    v1::Provider out;
    return providers->CreateProvider(c, new_provider, &out);
  });
  add("GetProvider", [&](grpc::ClientContext* c) {
    v1::GetProviderRequest r;
    r.set_name(school);
    v1::Provider out;
    return providers->GetProvider(c, r, &out);
  });
  add("ListProviders", [&](grpc::ClientContext* c) {
    v1::ListProvidersRequest r;
    r.set_parent("municipalities/0303");
    v1::ListProvidersResponse out;
    return providers->ListProviders(c, r, &out);
  });
  add("ListProviderEnrollments", [&](grpc::ClientContext* c) {
    v1::ListProviderEnrollmentsRequest r;
    r.set_parent(school);
    v1::ListProviderEnrollmentsResponse out;
    return providers->ListProviderEnrollments(c, r, &out);
  });
  add("BatchSubmitProviderReports", [&](grpc::ClientContext* c) {
    v1::BatchSubmitProviderReportsRequest r;
    r.set_parent(school);
    v1::ProviderReport* report = r.add_reports();
    report->set_record_id("week-1");
    report->set_enrollment_id("e1");
    *report->mutable_lessons_started()->mutable_date() = ProtoDate(2999, 1, 1);
    v1::BatchSubmitProviderReportsResponse out;
    return providers->BatchSubmitProviderReports(c, r, &out);
  });
  add("ListProviderReports", [&](grpc::ClientContext* c) {
    v1::ListProviderReportsRequest r;
    r.set_parent(school);
    v1::ListProviderReportsResponse out;
    return providers->ListProviderReports(c, r, &out);
  });
  // Every RPC of every service, found by reflection: a new RPC fails here until it is in the
  // matrix.
  std::set<std::string> listed, api;
  for (const auto& [name, rpc] : rpcs) listed.insert(name);
  for (const char* service : ::inburgering::testing::kApiServices) {
    const auto* descriptor = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
        absl::StrCat("inburgering.v1.", service));
    ASSERT_NE(descriptor, nullptr);
    for (int i = 0; i < descriptor->method_count(); ++i) api.insert(descriptor->method(i)->name());
  }
  ASSERT_EQ(listed, api);
  ASSERT_EQ(rpcs.size(), api.size());

  for (const Role& role : kRoles) {
    for (const auto& [name, rpc] : rpcs) {
      SCOPED_TRACE(absl::StrCat(role.name, " ", name));
      auto context = ::inburgering::testing::CallerContext(role.roles, role.municipalities);
      context->AddMetadata("x-dev-bsn", role.bsn);
      if (*role.provider != '\0') context->AddMetadata("x-dev-provider", role.provider);
      const grpc::StatusCode code = rpc(context.get()).error_code();
      switch (Expected(role.name, name)) {
        case Outcome::kAuthorized:
          EXPECT_NE(code, grpc::StatusCode::PERMISSION_DENIED);
          EXPECT_NE(code, grpc::StatusCode::NOT_FOUND);
          EXPECT_NE(code, grpc::StatusCode::UNAUTHENTICATED);
          break;
        case Outcome::kPermissionDenied:
          EXPECT_EQ(code, grpc::StatusCode::PERMISSION_DENIED);
          break;
        case Outcome::kNotFound:
          EXPECT_EQ(code, grpc::StatusCode::NOT_FOUND);
          break;
      }
    }
  }
}

TEST_P(AuthorizationTest, CitizensSeeTheirFileWithoutHealthOrInternalNotes) {
  TestServer server(GetParam());
  auto clients = server.clients();
  auto trajectories = v1::TrajectoryService::NewStub(server.channel());
  auto lead = [] { return ::inburgering::testing::CallerContext("team_lead", "0303"); };
  v1::CreateClientRequest request;
  request.set_parent("municipalities/0303");
  request.mutable_client()->set_bsn("111222333");
  request.mutable_client()->set_given_names("A");
  request.mutable_client()->set_family_name("B");
  *request.mutable_client()->mutable_birth_date() = ProtoDate(1990, 1, 1);
  request.mutable_client()->set_target_group(v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER);
  request.mutable_client()->set_regime(v1::REGIME_WI2021);
  request.mutable_client()->set_source(v1::REGISTRATION_SOURCE_COA_LINK);
  v1::Client client;
  ASSERT_TRUE(clients->CreateClient(lead().get(), request, &client).ok());
  v1::CreateTrajectoryRequest create;
  create.set_parent(client.name());
  v1::Trajectory trajectory;
  ASSERT_TRUE(trajectories->CreateTrajectory(lead().get(), create, &trajectory).ok());
  v1::RecordIntakeRequest intake;
  intake.set_name(trajectory.name());
  intake.set_etag(trajectory.etag());
  *intake.mutable_intake()->mutable_date() = ProtoDate(2025, 3, 1);
  intake.mutable_intake()->set_summary("internal: previous job");
  intake.mutable_intake()->set_medical_limitation(true);
  intake.mutable_intake()->set_medical_note("back problems");
  v1::CaseFile staff_view;
  ASSERT_TRUE(trajectories->RecordIntake(lead().get(), intake, &staff_view).ok());
  EXPECT_EQ(staff_view.intake().medical_note(), "back problems");

  auto citizen = ::inburgering::testing::CallerContext("citizen", "");
  citizen->AddMetadata("x-dev-bsn", "111222333");
  v1::GetCaseFileRequest get;
  get.set_name(trajectory.name());
  v1::CaseFile own;
  ASSERT_TRUE(trajectories->GetCaseFile(citizen.get(), get, &own).ok());
  EXPECT_TRUE(own.has_intake());
  EXPECT_EQ(own.intake().medical_note(), "");
  EXPECT_FALSE(own.intake().medical_limitation());
  EXPECT_EQ(own.intake().summary(), "");
  EXPECT_EQ(own.client().bsn(), "111222333");
}

TEST_P(AuthorizationTest, CitizenFindsOnlyTheirOwnRecordByBsn) {
  TestServer server(GetParam());
  auto clients = server.clients();
  auto lead = ::inburgering::testing::CallerContext("team_lead", "0303");
  v1::CreateClientRequest request = ::inburgering::testing::ClientRequest("111222333");
  v1::Client client;
  ASSERT_TRUE(clients->CreateClient(lead.get(), request, &client).ok());
  ASSERT_TRUE(clients
                  ->CreateClient(::inburgering::testing::CallerContext("team_lead", "0303").get(),
                                 ::inburgering::testing::ClientRequest("123456782"), &client)
                  .ok());

  auto find = [&](const std::string& own_bsn, const std::string& asked, v1::Client* out) {
    auto citizen = ::inburgering::testing::CallerContext("citizen", "");
    citizen->AddMetadata("x-dev-bsn", own_bsn);
    v1::FindClientByBsnRequest r;
    r.set_parent("municipalities/0303");
    r.set_bsn(asked);
    return clients->FindClientByBsn(citizen.get(), r, out);
  };
  v1::Client own;
  ASSERT_TRUE(find("111222333", "111222333", &own).ok());
  EXPECT_EQ(own.bsn(), "111222333");

  // Another person's BSN answers exactly as an unknown one: nothing leaks.
  v1::Client other;
  const grpc::Status known = find("111222333", "123456782", &other);
  const grpc::Status unknown = find("111222333", "999999990", &other);
  EXPECT_EQ(known.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(known.error_message(), unknown.error_message());
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthorizationTest,
                         ::testing::ValuesIn(::inburgering::testing::AllBackends()),
                         ::inburgering::testing::BackendParamName());

}  // namespace
}  // namespace inburgering::server
