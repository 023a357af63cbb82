#include "tests/testing/scenario.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace inburgering::testing {

Scenario::Scenario(persistence::Backend backend, server::ServerConfig config)
    : server_(backend, std::move(config)),
      clients_(server_.clients()),
      trajectories_(v1::TrajectoryService::NewStub(server_.channel())),
      enforcement_(v1::EnforcementService::NewStub(server_.channel())),
      duo_(v1::DuoService::NewStub(server_.channel())),
      events_(v1::EventService::NewStub(server_.channel())) {}

void Scenario::Today(int year, int month, int day) {
  server_.clock().Set(
      absl::FromCivil(absl::CivilSecond(year, month, day, 10, 0, 0), absl::UTCTimeZone()));
}

std::unique_ptr<grpc::ClientContext> Scenario::Staff() {
  return CallerContext("consultant", "0303");
}

v1::Client Scenario::NewClient(const std::string& bsn, v1::TargetGroup group,
                               google::type::Date notice) {
  v1::CreateConsultantRequest consultant_request;
  consultant_request.set_parent("municipalities/0303");
  consultant_request.mutable_consultant()->set_display_name(
      absl::StrCat("Consultant ", ++consultants_));
  v1::Consultant consultant;
  EXPECT_TRUE(clients_
                  ->CreateConsultant(CallerContext("team_lead", "0303").get(), consultant_request,
                                     &consultant)
                  .ok());
  v1::CreateClientRequest request = ClientRequest(bsn);
  request.mutable_client()->set_target_group(group);
  *request.mutable_client()->mutable_obligation_notice_date() = notice;
  request.mutable_client()->set_consultant(consultant.name());
  v1::Client created;
  grpc::Status status = clients_->CreateClient(Staff().get(), request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

v1::CaseFile Scenario::NewTrajectory(const v1::Client& client) {
  v1::CreateTrajectoryRequest request;
  request.set_parent(client.name());
  v1::Trajectory trajectory;
  grpc::Status status = trajectories_->CreateTrajectory(Staff().get(), request, &trajectory);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return Read(trajectory.name());
}

v1::CaseFile Scenario::Read(const std::string& trajectory_name) {
  v1::GetCaseFileRequest request;
  request.set_name(trajectory_name);
  v1::CaseFile file;
  grpc::Status status = trajectories_->GetCaseFile(Staff().get(), request, &file);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return file;
}

RpcError Scenario::CompleteIntake(v1::CaseFile& file, google::type::Date date) {
  v1::RecordIntakeRequest intake;
  *intake.mutable_intake()->mutable_date() = date;
  intake.mutable_intake()->set_education_and_work_history(true);
  intake.mutable_intake()->set_personal_circumstances(true);
  RpcError error = Send(*trajectories_, file, intake, &v1::TrajectoryService::Stub::RecordIntake);
  if (error.code != grpc::StatusCode::OK) return error;
  v1::RecordLearnabilityTestRequest test;
  *test.mutable_learnability_test()->mutable_date() = date;
  test.mutable_learnability_test()->set_score(60);
  return Send(*trajectories_, file, test, &v1::TrajectoryService::Stub::RecordLearnabilityTest);
}

RpcError Scenario::Establish(v1::CaseFile& file, google::type::Date date,
                             const std::string& request_id, v1::LearningRoute route) {
  v1::EstablishPlanRequest request;
  request.set_request_id(request_id);
  v1::Plan* plan = request.mutable_plan();
  *plan->mutable_decision_date() = date;
  plan->set_route(route);
  plan->set_target_level(route == v1::LEARNING_ROUTE_Z ? v1::LANGUAGE_LEVEL_A1
                                                       : v1::LANGUAGE_LEVEL_B1);
  plan->set_ontzorgen_reference("PW-2025-0042");
  return Send(*trajectories_, file, request, &v1::TrajectoryService::Stub::EstablishPlan);
}

RpcError Scenario::Component(v1::CaseFile& file, v1::ComponentKind kind, google::type::Date date,
                             const std::string& request_id) {
  v1::RecordComponentResultRequest request;
  request.set_request_id(request_id);
  request.mutable_component_result()->set_component(kind);
  *request.mutable_component_result()->mutable_date() = date;
  request.mutable_component_result()->set_completed(true);
  return Send(*trajectories_, file, request, &v1::TrajectoryService::Stub::RecordComponentResult);
}

RpcError Scenario::Invite(v1::CaseFile& file, int number, google::type::Date date,
                          v1::AppointmentOutcome outcome) {
  return Appoint(file, v1::APPOINTMENT_KIND_INTAKE_INVITATION, number, date, outcome);
}

RpcError Scenario::Appoint(v1::CaseFile& file, v1::AppointmentKind kind, int number,
                           google::type::Date date, v1::AppointmentOutcome outcome) {
  v1::ScheduleAppointmentRequest schedule;
  v1::Appointment* a = schedule.mutable_appointment();
  a->set_kind(kind);
  a->set_invitation_number(number);
  a->mutable_scheduled_time()->set_seconds(absl::ToUnixSeconds(absl::FromCivil(
      absl::CivilSecond(date.year(), date.month(), date.day(), 10, 0, 0), absl::UTCTimeZone())));
  RpcError error =
      Send(*trajectories_, file, schedule, &v1::TrajectoryService::Stub::ScheduleAppointment);
  if (error.code != grpc::StatusCode::OK) return error;
  v1::RecordAppointmentOutcomeRequest outcome_request;
  outcome_request.set_appointment_id(file.appointments(file.appointments_size() - 1).id());
  outcome_request.set_outcome(outcome);
  return Send(*trajectories_, file, outcome_request,
              &v1::TrajectoryService::Stub::RecordAppointmentOutcome);
}

RpcError Scenario::Close(v1::CaseFile& file, v1::ClosureReason reason, google::type::Date date) {
  v1::CloseTrajectoryRequest request;
  request.mutable_closure()->set_reason(reason);
  *request.mutable_closure()->mutable_date() = date;
  return Send(*trajectories_, file, request, &v1::TrajectoryService::Stub::CloseTrajectory);
}

std::vector<v1::DuoReportKind> DuoReportKinds(const v1::ListDuoReportsResponse& response) {
  std::vector<v1::DuoReportKind> kinds;
  for (const v1::DuoReport& r : response.duo_reports()) kinds.push_back(r.kind());
  return kinds;
}

v1::ListDuoReportsResponse Scenario::DuoReports(const std::string& client) {
  v1::ListDuoReportsRequest request;
  request.set_parent("municipalities/0303");
  request.set_client(client);
  request.set_page_size(500);
  v1::ListDuoReportsResponse response;
  grpc::Status status = duo_->ListDuoReports(Staff().get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response;
}

}  // namespace inburgering::testing
