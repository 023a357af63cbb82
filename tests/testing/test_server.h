#pragma once

// The real server, in process, on a free loopback port, over a fresh test database and a fake
// clock; tests call it through the generated stubs like any client would.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "google/type/date.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "inburgering/v1/client_service.grpc.pb.h"
#include "nlohmann/json.hpp"
#include "server/app.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/test_database.h"

namespace inburgering::testing {

class TestServer {
 public:
  // `config`'s listen address and database URL are replaced by the test's own.
  explicit TestServer(persistence::Backend backend, server::ServerConfig config = DefaultConfig());
  ~TestServer();

  static server::ServerConfig DefaultConfig();

  server::App& app() { return *app_; }
  FakeClock& clock() { return *clock_; }
  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }
  std::unique_ptr<v1::ClientService::Stub> clients() const;

 private:
  TestDatabase database_;
  FakeClock* clock_ = nullptr;  // owned by app_
  std::unique_ptr<server::App> app_;
  std::shared_ptr<grpc::Channel> channel_;
};

// A client context as the development authenticator reads it: `roles` comma-separated,
// `municipalities` comma-separated or `*`. Deadline: 10 s.
std::unique_ptr<grpc::ClientContext> CallerContext(const std::string& roles,
                                                   const std::string& municipalities,
                                                   const std::string& subject = "tester");

google::type::Date ProtoDate(int year, int month, int day);

// Every service of the API (package inburgering.v1), for the tests that walk all its RPCs by
// reflection; a new service goes here.
inline constexpr const char* kApiServices[] = {
    "ClientService", "TrajectoryService", "EnforcementService", "DuoService",
    "EventService",  "PrivacyService",    "ReportingService",   "ProviderService"};

// A valid CreateClient request for municipality 0303: an asylum status holder under Wi2021,
// registered from a COA link, born 1990-01-01.
v1::CreateClientRequest ClientRequest(const std::string& bsn);

// The `n`th of a series of valid BSNs (the eleven-test decides the last digit) that no fixed
// test BSN collides with.
std::string SeriesBsn(int n);

// How often `needle` occurs in `haystack` (overlaps included).
int Occurrences(const std::string& haystack, const std::string& needle);

// The call log's lines ("msg": "call", one a call) among `logs`, as caught by
// SetLogSinkForTesting (server/logging.h).
std::vector<nlohmann::json> CallLines(const std::string& logs);

// What a failed call's google.rpc.Status details say.
struct RpcError {
  grpc::StatusCode code = grpc::StatusCode::OK;
  std::string message;
  std::string reason;                                                 // ErrorInfo.reason
  std::string domain;                                                 // ErrorInfo.domain
  std::vector<std::pair<std::string, std::string>> field_violations;  // BadRequest
  std::vector<std::pair<std::string, std::string>> localized;  // LocalizedMessage: locale, text
  std::optional<absl::Duration> retry_delay;                   // RetryInfo

  std::vector<std::string> fields() const;
};
RpcError DecodeError(const grpc::Status& status);

}  // namespace inburgering::testing
