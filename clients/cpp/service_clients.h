#pragma once

// A client class per service over the generated gRPC classes: every call returns
// absl::StatusOr, carries the caller's credentials, a fresh x-request-id and a deadline
// (CallOptions::deadline, per attempt), and fills `request_id` on creates and steps that have
// one. Calls are retried (RetryAfter: UNAVAILABLE, and a replica's RESOURCE_EXHAUSTED after the
// delay its RetryInfo names) only when that is safe: reads, and requests with a `request_id`
// (the server answers a replay without recording twice). ForEachPage walks a List.
//
//   auto channel = grpc::CreateChannel("localhost:50051", grpc::InsecureChannelCredentials());
//   CallOptions options;
//   options.channel = channel;
//   options.bearer_token = token;
//   ClientServiceClient clients(options);
//   absl::StatusOr<v1::Client> client = clients.GetClient(request);
//
// Consumers' tests pass gRPC's generated mocks (`service_mocks.h`) instead of a channel.

#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "clients/cpp/call.h"
#include "inburgering/v1/client_service.grpc.pb.h"
#include "inburgering/v1/duo_service.grpc.pb.h"
#include "inburgering/v1/enforcement_service.grpc.pb.h"
#include "inburgering/v1/event_service.grpc.pb.h"
#include "inburgering/v1/privacy_service.grpc.pb.h"
#include "inburgering/v1/provider_service.grpc.pb.h"
#include "inburgering/v1/reporting_service.grpc.pb.h"
#include "inburgering/v1/trajectory_service.grpc.pb.h"

namespace inburgering::clients {

// Calls `fetch` (a List call taking the request) page after page, passing each page to `visit`
// until `visit` returns false or there are no more pages.
//
//   ForEachPage(request, [&](const auto& r) { return clients.ListClients(r); },
//               [&](const v1::ListClientsResponse& page) { ...; return true; });
template <typename Request, typename Fetch, typename Visit>
absl::Status ForEachPage(Request request, Fetch fetch, Visit visit) {
  while (true) {
    auto page = fetch(request);
    if (!page.ok()) return page.status();
    if (!visit(*page) || page->next_page_token().empty()) return absl::OkStatus();
    request.set_page_token(page->next_page_token());
  }
}

// The call policy shared by the service clients.
template <typename Service>
class ServiceClient {
 public:
  using Stub = typename Service::StubInterface;

  // Over the options' channel.
  explicit ServiceClient(CallOptions options)
      : stub_(Service::NewStub(options.channel)), options_(std::move(options)) {}
  // Over any stub: gRPC's generated mock in a consumer's tests.
  ServiceClient(std::shared_ptr<Stub> stub, CallOptions options)
      : stub_(std::move(stub)), options_(std::move(options)) {}

  const CallOptions& options() const { return options_; }
  Stub& stub() const { return *stub_; }

 protected:
  template <typename Request, typename Response>
  using Method = grpc::Status (Stub::*)(grpc::ClientContext*, const Request&, Response*);

  // A read, or a change the server keys by an id of the caller's (a DUO signal): retried as
  // RetryAfter says.
  template <typename Request, typename Response>
  absl::StatusOr<Response> Idempotent(Method<Request, Response> method,
                                      const Request& request) const {
    return Call(method, request, options_.attempts);
  }

  // A change: `request_id` filled in; retried as RetryAfter says only when the request has one.
  template <typename Request, typename Response>
  absl::StatusOr<Response> Change(Method<Request, Response> method, Request request) const {
    const bool replayable = FillRequestId(request);
    return Call(method, request, replayable ? options_.attempts : 1);
  }

 private:
  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(Method<Request, Response> method, const Request& request,
                                int attempts) const {
    std::chrono::milliseconds backoff = options_.first_backoff;
    for (int attempt = 1;; ++attempt) {
      Response response;
      auto context = NewContext(options_);
      const grpc::Status status = ((*stub_).*method)(context.get(), request, &response);
      if (status.ok()) return response;
      const auto pause =
          attempt < attempts ? RetryAfter(status, backoff) : std::optional<decltype(backoff)>();
      if (!pause) return ToStatus(status);
      std::this_thread::sleep_for(*pause);
      backoff *= 2;
    }
  }

  std::shared_ptr<Stub> stub_;
  CallOptions options_;
};

// Consultants and clients (ClientService).
class ClientServiceClient : public ServiceClient<v1::ClientService> {
 public:
  using ServiceClient::ServiceClient;
  auto CreateConsultant(const v1::CreateConsultantRequest& r) const {
    return Change(&Stub::CreateConsultant, r);
  }
  auto GetConsultant(const v1::GetConsultantRequest& r) const {
    return Idempotent(&Stub::GetConsultant, r);
  }
  auto ListConsultants(const v1::ListConsultantsRequest& r) const {
    return Idempotent(&Stub::ListConsultants, r);
  }
  auto UpdateConsultant(const v1::UpdateConsultantRequest& r) const {
    return Change(&Stub::UpdateConsultant, r);
  }
  auto CreateClient(const v1::CreateClientRequest& r) const {
    return Change(&Stub::CreateClient, r);
  }
  auto GetClient(const v1::GetClientRequest& r) const { return Idempotent(&Stub::GetClient, r); }
  auto ListClients(const v1::ListClientsRequest& r) const {
    return Idempotent(&Stub::ListClients, r);
  }
  auto UpdateClient(const v1::UpdateClientRequest& r) const {
    return Change(&Stub::UpdateClient, r);
  }
  auto FindClientByBsn(const v1::FindClientByBsnRequest& r) const {
    return Idempotent(&Stub::FindClientByBsn, r);
  }
  auto AssignConsultant(const v1::AssignConsultantRequest& r) const {
    return Change(&Stub::AssignConsultant, r);
  }
};

// Trajectories and their steps (TrajectoryService).
class TrajectoryServiceClient : public ServiceClient<v1::TrajectoryService> {
 public:
  using ServiceClient::ServiceClient;
  auto CreateTrajectory(const v1::CreateTrajectoryRequest& r) const {
    return Change(&Stub::CreateTrajectory, r);
  }
  auto GetTrajectory(const v1::GetTrajectoryRequest& r) const {
    return Idempotent(&Stub::GetTrajectory, r);
  }
  auto ListTrajectories(const v1::ListTrajectoriesRequest& r) const {
    return Idempotent(&Stub::ListTrajectories, r);
  }
  auto GetCaseFile(const v1::GetCaseFileRequest& r) const {
    return Idempotent(&Stub::GetCaseFile, r);
  }
  auto RecordIntake(const v1::RecordIntakeRequest& r) const {
    return Change(&Stub::RecordIntake, r);
  }
  auto RecordLearnabilityTest(const v1::RecordLearnabilityTestRequest& r) const {
    return Change(&Stub::RecordLearnabilityTest, r);
  }
  auto ExemptFromLearnabilityTest(const v1::ExemptFromLearnabilityTestRequest& r) const {
    return Change(&Stub::ExemptFromLearnabilityTest, r);
  }
  auto EstablishPlan(const v1::EstablishPlanRequest& r) const {
    return Change(&Stub::EstablishPlan, r);
  }
  auto AmendPlan(const v1::AmendPlanRequest& r) const { return Change(&Stub::AmendPlan, r); }
  auto RecordEnrollment(const v1::RecordEnrollmentRequest& r) const {
    return Change(&Stub::RecordEnrollment, r);
  }
  auto RecordAttendance(const v1::RecordAttendanceRequest& r) const {
    return Change(&Stub::RecordAttendance, r);
  }
  auto RecordExamResult(const v1::RecordExamResultRequest& r) const {
    return Change(&Stub::RecordExamResult, r);
  }
  auto RecordComponentResult(const v1::RecordComponentResultRequest& r) const {
    return Change(&Stub::RecordComponentResult, r);
  }
  auto RecordProgressReview(const v1::RecordProgressReviewRequest& r) const {
    return Change(&Stub::RecordProgressReview, r);
  }
  auto ScheduleAppointment(const v1::ScheduleAppointmentRequest& r) const {
    return Change(&Stub::ScheduleAppointment, r);
  }
  auto RecordAppointmentOutcome(const v1::RecordAppointmentOutcomeRequest& r) const {
    return Change(&Stub::RecordAppointmentOutcome, r);
  }
  auto RecordExtension(const v1::RecordExtensionRequest& r) const {
    return Change(&Stub::RecordExtension, r);
  }
  auto RecordExemption(const v1::RecordExemptionRequest& r) const {
    return Change(&Stub::RecordExemption, r);
  }
  auto CloseTrajectory(const v1::CloseTrajectoryRequest& r) const {
    return Change(&Stub::CloseTrajectory, r);
  }
  auto RecordParticipationOutcome(const v1::RecordParticipationOutcomeRequest& r) const {
    return Change(&Stub::RecordParticipationOutcome, r);
  }
  auto RecordSocialGuidance(const v1::RecordSocialGuidanceRequest& r) const {
    return Change(&Stub::RecordSocialGuidance, r);
  }
  auto RecordUnburdening(const v1::RecordUnburdeningRequest& r) const {
    return Change(&Stub::RecordUnburdening, r);
  }
  auto LodgePlanObjection(const v1::LodgePlanObjectionRequest& r) const {
    return Change(&Stub::LodgePlanObjection, r);
  }
  auto DecidePlanObjection(const v1::DecidePlanObjectionRequest& r) const {
    return Change(&Stub::DecidePlanObjection, r);
  }
  auto DecideZRouteCompletion(const v1::DecideZRouteCompletionRequest& r) const {
    return Change(&Stub::DecideZRouteCompletion, r);
  }
  auto RequestPlanInformation(const v1::RequestPlanInformationRequest& r) const {
    return Change(&Stub::RequestPlanInformation, r);
  }
  auto ReceivePlanInformation(const v1::ReceivePlanInformationRequest& r) const {
    return Change(&Stub::ReceivePlanInformation, r);
  }
};

// Warnings and fines (EnforcementService).
class EnforcementServiceClient : public ServiceClient<v1::EnforcementService> {
 public:
  using ServiceClient::ServiceClient;
  auto RecordWarning(const v1::RecordWarningRequest& r) const {
    return Change(&Stub::RecordWarning, r);
  }
  auto RecordBlameworthinessFinding(const v1::RecordBlameworthinessFindingRequest& r) const {
    return Change(&Stub::RecordBlameworthinessFinding, r);
  }
  auto RecordFineIntention(const v1::RecordFineIntentionRequest& r) const {
    return Change(&Stub::RecordFineIntention, r);
  }
  auto RecordFineView(const v1::RecordFineViewRequest& r) const {
    return Change(&Stub::RecordFineView, r);
  }
  auto DecideFine(const v1::DecideFineRequest& r) const { return Change(&Stub::DecideFine, r); }
  auto RecordFineObjection(const v1::RecordFineObjectionRequest& r) const {
    return Change(&Stub::RecordFineObjection, r);
  }
  auto DecideFineObjection(const v1::DecideFineObjectionRequest& r) const {
    return Change(&Stub::DecideFineObjection, r);
  }
};

// The exchange with DUO (DuoService).
class DuoServiceClient : public ServiceClient<v1::DuoService> {
 public:
  using ServiceClient::ServiceClient;
  auto ListDuoReports(const v1::ListDuoReportsRequest& r) const {
    return Idempotent(&Stub::ListDuoReports, r);
  }
  auto MarkDuoReportSent(const v1::MarkDuoReportSentRequest& r) const {
    return Change(&Stub::MarkDuoReportSent, r);
  }
  auto ConfirmDuoReport(const v1::ConfirmDuoReportRequest& r) const {
    return Change(&Stub::ConfirmDuoReport, r);
  }
  // Idempotent by the signal's id, so both are safe to retry.
  auto IngestDuoSignal(const v1::IngestDuoSignalRequest& r) const {
    return Idempotent(&Stub::IngestDuoSignal, r);
  }
  auto BatchIngestDuoSignals(const v1::BatchIngestDuoSignalsRequest& r) const {
    return Idempotent(&Stub::BatchIngestDuoSignals, r);
  }
  auto IssueProgrammeLateStatement(const v1::IssueProgrammeLateStatementRequest& r) const {
    return Change(&Stub::IssueProgrammeLateStatement, r);
  }
  auto ReportExpectedNonCompletion(const v1::ReportExpectedNonCompletionRequest& r) const {
    return Change(&Stub::ReportExpectedNonCompletion, r);
  }
};

// Reports for the council and the team (ReportingService); the CBS export streams, see
// cbs_export.h.
class ReportingServiceClient : public ServiceClient<v1::ReportingService> {
 public:
  using ServiceClient::ServiceClient;
  auto GetIndicators(const v1::GetIndicatorsRequest& r) const {
    return Idempotent(&Stub::GetIndicators, r);
  }
  auto GetCaseload(const v1::GetCaseloadRequest& r) const {
    return Idempotent(&Stub::GetCaseload, r);
  }
  auto ListWorkItems(const v1::ListWorkItemsRequest& r) const {
    return Idempotent(&Stub::ListWorkItems, r);
  }
  auto GetProviderOutcomes(const v1::GetProviderOutcomesRequest& r) const {
    return Idempotent(&Stub::GetProviderOutcomes, r);
  }
};

// The processing log (PrivacyService).
class PrivacyServiceClient : public ServiceClient<v1::PrivacyService> {
 public:
  using ServiceClient::ServiceClient;
  auto ListProcessingRecords(const v1::ListProcessingRecordsRequest& r) const {
    return Idempotent(&Stub::ListProcessingRecords, r);
  }
  // ExportProcessingRecords is a stream: ExportProcessing (ldv_export.h) reads it.
};

// The providers' side (ProviderService): the register, and a provider's enrollments and reports.
class ProviderServiceClient : public ServiceClient<v1::ProviderService> {
 public:
  using ServiceClient::ServiceClient;
  auto CreateProvider(const v1::CreateProviderRequest& r) const {
    return Change(&Stub::CreateProvider, r);
  }
  auto GetProvider(const v1::GetProviderRequest& r) const {
    return Idempotent(&Stub::GetProvider, r);
  }
  auto ListProviders(const v1::ListProvidersRequest& r) const {
    return Idempotent(&Stub::ListProviders, r);
  }
  auto ListProviderEnrollments(const v1::ListProviderEnrollmentsRequest& r) const {
    return Idempotent(&Stub::ListProviderEnrollments, r);
  }
  // Idempotent by the provider's record ids: safe to retry.
  auto BatchSubmitProviderReports(const v1::BatchSubmitProviderReportsRequest& r) const {
    return Idempotent(&Stub::BatchSubmitProviderReports, r);
  }
  auto ListProviderReports(const v1::ListProviderReportsRequest& r) const {
    return Idempotent(&Stub::ListProviderReports, r);
  }
};

// The event log (EventService). WatchEvents is a stream: read it on `stub()` with
// `NewContext(options(), /*stream=*/true)`.
using EventServiceClient = ServiceClient<v1::EventService>;

}  // namespace inburgering::clients
