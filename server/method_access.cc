#include "server/method_access.h"

#include <utility>

#include "absl/strings/match.h"

namespace inburgering::server {

std::optional<domain::Access> AccessOf(absl::string_view request_message) {
  using domain::Access;
  static constexpr std::pair<absl::string_view, Access> kAccess[] = {
      // ClientService
      {"CreateConsultantRequest", Access::kManageTeam},
      {"GetConsultantRequest", Access::kRead},
      {"ListConsultantsRequest", Access::kRead},
      {"UpdateConsultantRequest", Access::kManageTeam},
      {"CreateClientRequest", Access::kWrite},
      {"GetClientRequest", Access::kOwnRecords},
      {"ListClientsRequest", Access::kRead},
      {"UpdateClientRequest", Access::kWrite},
      {"FindClientByBsnRequest", Access::kOwnRecords},
      {"AssignConsultantRequest", Access::kWrite},
      // TrajectoryService: reads a citizen may make of their own file, and the steps
      {"CreateTrajectoryRequest", Access::kWrite},
      {"GetTrajectoryRequest", Access::kOwnRecords},
      {"ListTrajectoriesRequest", Access::kOwnRecords},
      {"GetCaseFileRequest", Access::kOwnRecords},
      {"RecordIntakeRequest", Access::kWrite},
      {"RecordLearnabilityTestRequest", Access::kWrite},
      {"ExemptFromLearnabilityTestRequest", Access::kWrite},
      {"EstablishPlanRequest", Access::kWrite},
      {"AmendPlanRequest", Access::kWrite},
      {"RecordEnrollmentRequest", Access::kWrite},
      {"RecordAttendanceRequest", Access::kWrite},
      {"RecordExamResultRequest", Access::kWrite},
      {"RecordComponentResultRequest", Access::kWrite},
      {"RecordProgressReviewRequest", Access::kWrite},
      {"ScheduleAppointmentRequest", Access::kWrite},
      {"RecordAppointmentOutcomeRequest", Access::kWrite},
      {"RecordExtensionRequest", Access::kWrite},
      {"RecordExemptionRequest", Access::kWrite},
      {"CloseTrajectoryRequest", Access::kWrite},
      {"RecordParticipationOutcomeRequest", Access::kWrite},
      // EnforcementService
      {"RecordWarningRequest", Access::kWrite},
      {"RecordFineIntentionRequest", Access::kWrite},
      {"RecordFineViewRequest", Access::kWrite},
      {"DecideFineRequest", Access::kWrite},
      {"RecordFineObjectionRequest", Access::kWrite},
      {"DecideFineObjectionRequest", Access::kWrite},
      // DuoService
      {"ListDuoReportsRequest", Access::kExchange},
      {"MarkDuoReportSentRequest", Access::kExchange},
      {"ConfirmDuoReportRequest", Access::kExchange},
      {"IngestDuoSignalRequest", Access::kExchange},
      {"BatchIngestDuoSignalsRequest", Access::kExchange},
      {"IssueProgrammeLateStatementRequest", Access::kWrite},
      {"RecordBlameworthinessFindingRequest", Access::kWrite},
      {"RecordSocialGuidanceRequest", Access::kWrite},
      {"RecordUnburdeningRequest", Access::kWrite},
      {"LodgePlanObjectionRequest", Access::kWrite},
      {"DecidePlanObjectionRequest", Access::kWrite},
      {"DecideZRouteCompletionRequest", Access::kWrite},
      {"ReportExpectedNonCompletionRequest", Access::kWrite},
      {"RequestPlanInformationRequest", Access::kWrite},
      {"ReceivePlanInformationRequest", Access::kWrite},
      // ProviderService
      {"CreateProviderRequest", Access::kManageTeam},
      {"GetProviderRequest", Access::kProviderRecords},
      {"ListProvidersRequest", Access::kRead},
      {"ListProviderEnrollmentsRequest", Access::kProviderRecords},
      {"BatchSubmitProviderReportsRequest", Access::kProviderReport},
      {"ListProviderReportsRequest", Access::kProviderRecords},
      // EventService, PrivacyService, ReportingService
      {"WatchEventsRequest", Access::kFollowEvents},
      {"ListProcessingRecordsRequest", Access::kProcessingLog},
      {"ExportProcessingRecordsRequest", Access::kProcessingLog},
      {"GetIndicatorsRequest", Access::kAggregates},
      {"GetCaseloadRequest", Access::kAggregates},
      {"ListWorkItemsRequest", Access::kRead},
      {"GetProviderOutcomesRequest", Access::kAggregates},
      {"ExportCbsDeliveryRequest", Access::kCbsExport},
      {"ListCbsDeliveriesRequest", Access::kCbsExport},
  };
  for (const auto& [message, access] : kAccess) {
    if (message == request_message) return access;
  }
  return std::nullopt;
}

bool IsBulk(absl::string_view request_message) {
  static constexpr absl::string_view kReports[] = {"GetIndicatorsRequest", "GetCaseloadRequest",
                                                   "GetProviderOutcomesRequest"};
  if (absl::StartsWith(request_message, "List")) return true;
  for (absl::string_view report : kReports) {
    if (report == request_message) return true;
  }
  return false;
}

}  // namespace inburgering::server
