#pragma once

// A case worked through the real server's stubs, for the scenario tests of enforcement, the
// exchange with DUO and the event stream: the server, a stub per service, and the steps a
// consultant takes, each answering the error as a client sees it.

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "inburgering/v1/client_service.grpc.pb.h"
#include "inburgering/v1/duo_service.grpc.pb.h"
#include "inburgering/v1/enforcement_service.grpc.pb.h"
#include "inburgering/v1/event_service.grpc.pb.h"
#include "inburgering/v1/trajectory_service.grpc.pb.h"
#include "tests/testing/test_server.h"

namespace inburgering::testing {

class Scenario {
 public:
  explicit Scenario(persistence::Backend backend,
                    server::ServerConfig config = TestServer::DefaultConfig());

  TestServer& server() { return server_; }
  v1::ClientService::Stub& clients() { return *clients_; }
  v1::TrajectoryService::Stub& trajectories() { return *trajectories_; }
  v1::EnforcementService::Stub& enforcement() { return *enforcement_; }
  v1::DuoService::Stub& duo() { return *duo_; }
  v1::EventService::Stub& events() { return *events_; }

  // The fake clock at 10:00 UTC on that day.
  void Today(int year, int month, int day);

  // A consultant of municipality 0303 (as its consultant).
  static std::unique_ptr<grpc::ClientContext> Staff();

  // A client of 0303 with its own new consultant and the obligation notice of `notice`.
  v1::Client NewClient(const std::string& bsn, v1::TargetGroup group, google::type::Date notice);
  // A new trajectory of `client`, as its case file.
  v1::CaseFile NewTrajectory(const v1::Client& client);
  v1::CaseFile Read(const std::string& trajectory_name);

  // Sends a step for `file`'s trajectory at its current etag through `stub`; on success `file`
  // becomes the answer. Returns the error (code OK on success).
  template <typename Stub, typename Request, typename Method>
  RpcError Send(Stub& stub, v1::CaseFile& file, Request request, Method method) {
    request.set_name(file.trajectory().name());
    request.set_etag(file.trajectory().etag());
    v1::CaseFile answer;
    grpc::Status status = (stub.*method)(Staff().get(), request, &answer);
    if (status.ok()) file = answer;
    return DecodeError(status);
  }

  // The broad intake (all parts) and the learnability test, on `date`.
  RpcError CompleteIntake(v1::CaseFile& file, google::type::Date date);
  // The first plan, on the B1-route unless `route` says otherwise.
  RpcError Establish(v1::CaseFile& file, google::type::Date date,
                     const std::string& request_id = "",
                     v1::LearningRoute route = v1::LEARNING_ROUTE_B1);
  RpcError Component(v1::CaseFile& file, v1::ComponentKind kind, google::type::Date date,
                     const std::string& request_id = "");
  // An intake invitation `number` at 10:00 UTC on `date`, with its outcome.
  RpcError Invite(v1::CaseFile& file, int number, google::type::Date date,
                  v1::AppointmentOutcome outcome);
  // An appointment of `kind` (`number` 0 unless an intake invitation) at 10:00 UTC on `date`,
  // with its outcome.
  RpcError Appoint(v1::CaseFile& file, v1::AppointmentKind kind, int number,
                   google::type::Date date, v1::AppointmentOutcome outcome);
  RpcError Close(v1::CaseFile& file, v1::ClosureReason reason, google::type::Date date);

  // The DUO report items of 0303 (at most 500), oldest first.
  v1::ListDuoReportsResponse DuoReports(const std::string& client = "");

 private:
  TestServer server_;
  std::unique_ptr<v1::ClientService::Stub> clients_;
  std::unique_ptr<v1::TrajectoryService::Stub> trajectories_;
  std::unique_ptr<v1::EnforcementService::Stub> enforcement_;
  std::unique_ptr<v1::DuoService::Stub> duo_;
  std::unique_ptr<v1::EventService::Stub> events_;
  int consultants_ = 0;
};

// The kinds of `response`'s DUO report items, in its order.
std::vector<v1::DuoReportKind> DuoReportKinds(const v1::ListDuoReportsResponse& response);

MATCHER(Ok, "") {
  *result_listener << "code " << arg.code << " reason " << arg.reason << " " << arg.message;
  return arg.code == grpc::StatusCode::OK;
}

MATCHER_P(RefusedBy, reason, "") {
  *result_listener << "code " << arg.code << " reason " << arg.reason << " " << arg.message;
  return arg.code == grpc::StatusCode::FAILED_PRECONDITION && arg.reason == reason;
}

}  // namespace inburgering::testing
