// Request validation on arbitrary input: the first byte picks a request type, the rest is parsed
// as that protobuf message and run through the server's validating mappers, as an RPC would.
// Nothing may crash, and every refusal must name its fields.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/status/status.h"
#include "domain/client.h"
#include "domain/duo_use_cases.h"
#include "domain/errors.h"
#include "domain/reporting.h"
#include "inburgering/v1/client_service.pb.h"
#include "inburgering/v1/duo_service.pb.h"
#include "inburgering/v1/enforcement_service.pb.h"
#include "inburgering/v1/event_service.pb.h"
#include "inburgering/v1/provider_service.pb.h"
#include "inburgering/v1/trajectory_service.pb.h"
#include "server/api_support.h"
#include "server/duo_mapping.h"
#include "server/duties_mapping.h"
#include "server/enforcement_mapping.h"
#include "server/mapping.h"
#include "server/provider_mapping.h"
#include "server/status_conversion.h"
#include "server/trajectory_mapping.h"

namespace {

namespace v1 = inburgering::v1;
using inburgering::domain::Violations;

template <typename Message>
bool Parse(const uint8_t* data, size_t size, Message* message) {
  return message->ParseFromArray(data, static_cast<int>(size));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  using namespace inburgering::server;  // NOLINT(google-build-using-namespace): a fuzz driver
  const absl::CivilDay today(2025, 3, 3);
  Violations v;
  std::string municipality, id;
  switch (data[0] % 14) {
    case 0: {
      v1::CreateClientRequest r;
      if (!Parse(data + 1, size - 1, &r)) return 0;
      ParseMunicipalityName(r.parent(), "parent", v, &municipality);
      ValidateRequestId(r.request_id(), v);
      inburgering::domain::ValidateClientFields(ClientFromProto(r.client(), "0303", v), today,
                                                "client.", v);
      break;
    }
    case 1: {
      v1::EstablishPlanRequest r;
      if (!Parse(data + 1, size - 1, &r)) return 0;
      int64_t version = 0;
      (void)ParseEtag(r.etag(), &version);
      PlanFromProto(r.has_plan(), r.plan(), "plan", false, v);
      break;
    }
    case 2: {
      v1::AmendPlanRequest r;
      if (!Parse(data + 1, size - 1, &r)) return 0;
      PlanFromProto(r.has_amendment(), r.amendment(), "amendment", true, v);
      break;
    }
    case 3: {
      v1::RecordAttendanceRequest r;
      if (!Parse(data + 1, size - 1, &r)) return 0;
      AttendanceFromProto(r.has_attendance(), r.attendance(), v);
      v1::RecordIntakeRequest intake;
      if (Parse(data + 1, size - 1, &intake))
        IntakeFromProto(intake.has_intake(), intake.intake(), v);
      break;
    }
    case 4: {
      v1::ScheduleAppointmentRequest r;
      if (!Parse(data + 1, size - 1, &r)) return 0;
      AppointmentFromProto(r.has_appointment(), r.appointment(), v);
      v1::CloseTrajectoryRequest close;
      if (Parse(data + 1, size - 1, &close))
        ClosureFromProto(close.has_closure(), close.closure(), v);
      break;
    }
    case 5: {
      v1::BatchIngestDuoSignalsRequest r;
      if (!Parse(data + 1, size - 1, &r)) return 0;
      for (int i = 0; i < r.signals_size() && i < 50; ++i) {
        const std::string field = "signals[" + std::to_string(i) + "]";
        inburgering::domain::CheckSignalDates(DuoSignalFromProto(r.signals(i), "0303", field, v),
                                              today, field, v);
      }
      break;
    }
    case 6: {
      v1::RecordFineIntentionRequest r;
      if (!Parse(data + 1, size - 1, &r)) return 0;
      FineFromProto(r.has_fine(), r.fine(), v);
      v1::RecordWarningRequest warning;
      if (Parse(data + 1, size - 1, &warning))
        WarningFromProto(warning.has_warning(), warning.warning(), v);
      break;
    }
    case 7: {
      v1::DecideFineRequest r;
      if (!Parse(data + 1, size - 1, &r)) return 0;
      FineDecisionFromProto(r.has_decision(), r.decision(), v);
      v1::RecordFineViewRequest view;
      if (Parse(data + 1, size - 1, &view)) FineViewFromProto(view.has_view(), view.view(), v);
      break;
    }
    case 8: {
      v1::WatchEventsRequest r;
      if (!Parse(data + 1, size - 1, &r)) return 0;
      inburgering::domain::EventPosition position;
      if (ParseEventCursor(r.after_cursor(), &position) &&
          !ParseEventCursor(EventCursor(position), &position)) {
        std::abort();  // a cursor we accept must survive its own round trip
      }
      for (int i = 0; i < r.types_size() && i < 50; ++i) {
        inburgering::domain::EventType type;
        EventTypeFromProto(r.types(i), "types", v, &type);
      }
      break;
    }
    case 9: {
      v1::RecordParticipationOutcomeRequest r;
      if (!Parse(data + 1, size - 1, &r)) return 0;
      ParticipationOutcomeFromProto(r.has_outcome(), r.outcome(), v);
      absl::CivilDay from, to;
      if (inburgering::domain::ParseQuarter(r.name(), &from, &to) &&
          (to < from || to - from > 92)) {
        std::abort();  // a quarter is at most 92 days
      }
      break;
    }
    case 10: {  // the duties beside the learning route
      v1::RecordSocialGuidanceRequest r;
      if (!Parse(data + 1, size - 1, &r)) return 0;
      SocialGuidanceFromProto(r.has_guidance(), r.guidance(), v);
      v1::RecordUnburdeningRequest unburdening;
      if (Parse(data + 1, size - 1, &unburdening)) {
        UnburdeningFromProto(unburdening.has_unburdening(), unburdening.unburdening(), v);
      }
      break;
    }
    case 11: {
      v1::DecidePlanObjectionRequest r;
      if (!Parse(data + 1, size - 1, &r)) return 0;
      DecidePlanObjectionFromProto(r, v);
      v1::LodgePlanObjectionRequest lodge;
      if (Parse(data + 1, size - 1, &lodge)) {
        PlanObjectionFromProto(lodge.has_objection(), lodge.objection(), v);
      }
      v1::DecideZRouteCompletionRequest z;
      if (Parse(data + 1, size - 1, &z)) ZRouteDecisionFromProto(z.has_decision(), z.decision(), v);
      v1::ReportExpectedNonCompletionRequest notice;
      if (Parse(data + 1, size - 1, &notice)) {
        NonCompletionNoticeFromProto(notice.has_notice(), notice.notice(), v);
      }
      v1::RequestPlanInformationRequest information;
      if (Parse(data + 1, size - 1, &information)) {
        InformationRequestFromProto(information.has_information(), information.information(), v);
      }
      break;
    }
    case 12: {  // the providers' side
      v1::BatchSubmitProviderReportsRequest r;
      if (!Parse(data + 1, size - 1, &r)) return 0;
      ParseChildName(r.parent(), kProviders, "parent", v, &municipality, &id);
      for (int i = 0; i < r.reports_size() && i < 50; ++i) {
        const std::string field = "reports[" + std::to_string(i) + "]";
        inburgering::domain::CheckProviderReportDates(ReportFromProto(r.reports(i), field, v),
                                                      today, field, v);
      }
      v1::CreateProviderRequest create;
      if (Parse(data + 1, size - 1, &create)) {
        inburgering::domain::ValidateProviderFields(ProviderFromProto(create.provider(), v),
                                                    "provider.", v);
      }
      break;
    }
    default: {
      v1::UpdateClientRequest r;
      if (!Parse(data + 1, size - 1, &r)) return 0;
      ParseChildName(r.client().name(), kClients, "client.name", v, &municipality, &id);
      (void)MaskPaths(r.update_mask(), {"given_names", "family_name"}, "update_mask", v);
      break;
    }
  }
  const absl::Status status = v.ToStatus();
  for (const auto& violation : inburgering::domain::FieldViolationsOf(status)) {
    if (violation.field.empty() || violation.description.empty()) std::abort();
  }
  const grpc::Status answer = ToGrpcStatus(status);
  if (status.ok() != answer.ok()) std::abort();
  return 0;
}
