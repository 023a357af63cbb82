#include "clients/cpp/steps.h"

#include <functional>
#include <map>

#include "absl/strings/str_cat.h"
#include "clients/cpp/json.h"

namespace inburgering::clients {
namespace {

using Step = std::function<absl::StatusOr<v1::CaseFile>(
    const StepClients&, const std::string& name, const std::string& etag, const std::string& json)>;

// A step of `Client` taking `Request`: parse, address, send.
template <typename Request, typename Client>
Step StepOf(absl::StatusOr<v1::CaseFile> (Client::*method)(const Request&) const,
            const Client StepClients::*client) {
  return
      [method, client](const StepClients& clients, const std::string& name, const std::string& etag,
                       const std::string& json) -> absl::StatusOr<v1::CaseFile> {
        Request request;
        if (absl::Status parsed = FromJson(json, request); !parsed.ok()) return parsed;
        request.set_name(name);
        request.set_etag(etag);
        return (clients.*client.*method)(request);
      };
}

const std::map<std::string, Step>& Steps() {
  using T = TrajectoryServiceClient;
  using E = EnforcementServiceClient;
  constexpr auto kT = &StepClients::trajectories;
  constexpr auto kE = &StepClients::enforcement;
  static const auto* steps = new std::map<std::string, Step>{
      {"RecordIntake", StepOf(&T::RecordIntake, kT)},
      {"RecordLearnabilityTest", StepOf(&T::RecordLearnabilityTest, kT)},
      {"ExemptFromLearnabilityTest", StepOf(&T::ExemptFromLearnabilityTest, kT)},
      {"EstablishPlan", StepOf(&T::EstablishPlan, kT)},
      {"AmendPlan", StepOf(&T::AmendPlan, kT)},
      {"RecordEnrollment", StepOf(&T::RecordEnrollment, kT)},
      {"RecordAttendance", StepOf(&T::RecordAttendance, kT)},
      {"RecordExamResult", StepOf(&T::RecordExamResult, kT)},
      {"RecordComponentResult", StepOf(&T::RecordComponentResult, kT)},
      {"RecordProgressReview", StepOf(&T::RecordProgressReview, kT)},
      {"ScheduleAppointment", StepOf(&T::ScheduleAppointment, kT)},
      {"RecordAppointmentOutcome", StepOf(&T::RecordAppointmentOutcome, kT)},
      {"RecordExtension", StepOf(&T::RecordExtension, kT)},
      {"RecordExemption", StepOf(&T::RecordExemption, kT)},
      {"CloseTrajectory", StepOf(&T::CloseTrajectory, kT)},
      {"RecordParticipationOutcome", StepOf(&T::RecordParticipationOutcome, kT)},
      {"RecordSocialGuidance", StepOf(&T::RecordSocialGuidance, kT)},
      {"RecordUnburdening", StepOf(&T::RecordUnburdening, kT)},
      {"LodgePlanObjection", StepOf(&T::LodgePlanObjection, kT)},
      {"DecidePlanObjection", StepOf(&T::DecidePlanObjection, kT)},
      {"DecideZRouteCompletion", StepOf(&T::DecideZRouteCompletion, kT)},
      {"RequestPlanInformation", StepOf(&T::RequestPlanInformation, kT)},
      {"ReceivePlanInformation", StepOf(&T::ReceivePlanInformation, kT)},
      {"RecordWarning", StepOf(&E::RecordWarning, kE)},
      {"RecordBlameworthinessFinding", StepOf(&E::RecordBlameworthinessFinding, kE)},
      {"RecordFineIntention", StepOf(&E::RecordFineIntention, kE)},
      {"RecordFineView", StepOf(&E::RecordFineView, kE)},
      {"DecideFine", StepOf(&E::DecideFine, kE)},
      {"RecordFineObjection", StepOf(&E::RecordFineObjection, kE)},
      {"DecideFineObjection", StepOf(&E::DecideFineObjection, kE)},
      {"IssueProgrammeLateStatement",
       StepOf(&DuoServiceClient::IssueProgrammeLateStatement, &StepClients::duo)},
      {"ReportExpectedNonCompletion",
       StepOf(&DuoServiceClient::ReportExpectedNonCompletion, &StepClients::duo)},
  };
  return *steps;
}

}  // namespace

std::vector<std::string> StepNames() {
  std::vector<std::string> names;
  for (const auto& [name, step] : Steps()) names.push_back(name);
  return names;
}

absl::StatusOr<v1::CaseFile> RecordStep(const StepClients& clients, const std::string& step,
                                        const std::string& trajectory, const std::string& json) {
  auto found = Steps().find(step);
  if (found == Steps().end()) {
    return absl::InvalidArgumentError(absl::StrCat("no step called '", step, "'"));
  }
  v1::GetCaseFileRequest get;
  get.set_name(trajectory);
  absl::StatusOr<v1::CaseFile> file = clients.trajectories.GetCaseFile(get);
  if (!file.ok()) return file.status();
  return found->second(clients, trajectory, file->trajectory().etag(), json);
}

}  // namespace inburgering::clients
