#include "tests/testing/test_server.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "server/logging.h"

namespace inburgering::testing {
namespace {

// Every BSN the tests use, valid or not: none may appear in any log line of the run (the check
// runs in every server test process, so together they cover the whole test run).
constexpr const char* kTestBsns[] = {"111222333", "123456782", "111222345", "100000009",
                                     "123456789"};

class NoBsnInLogs : public ::testing::Environment {
 public:
  void SetUp() override {
    server::SetLogObserverForTesting([this](absl::string_view line) {
      for (const char* bsn : kTestBsns) {
        if (absl::StrContains(line, bsn)) {
          absl::MutexLock lock(&mu_);
          leaks_.emplace_back(line);
        }
      }
    });
  }
  void TearDown() override {
    server::SetLogObserverForTesting(nullptr);
    absl::MutexLock lock(&mu_);
    EXPECT_TRUE(leaks_.empty()) << "a BSN reached the log: " << leaks_.front();
  }

 private:
  absl::Mutex mu_;
  std::vector<std::string> leaks_ ABSL_GUARDED_BY(mu_);
};

const auto* const kNoBsnInLogs = ::testing::AddGlobalTestEnvironment(new NoBsnInLogs);

}  // namespace

server::ServerConfig TestServer::DefaultConfig() {
  server::ServerConfig config;
  config.dev_auth = true;
  config.pool_size = 4;
  config.worker_threads = 32;
  config.drain_delay = absl::ZeroDuration();
  config.shutdown_grace = absl::Seconds(5);
  config.readiness_interval = absl::Milliseconds(100);
  config.page_token_secret = "test-secret";
  return config;
}

TestServer::TestServer(persistence::Backend backend, server::ServerConfig config)
    : database_(backend) {
  config.listen = "127.0.0.1:0";
  config.database_url = database_.url();
  auto clock = std::make_unique<FakeClock>();
  clock_ = clock.get();
  auto app = server::App::Start(config, std::move(clock));
  if (!app.ok()) {
    ADD_FAILURE() << "the server did not start: " << app.status();
    return;
  }
  app_ = *std::move(app);
  channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", app_->port()),
                                 grpc::InsecureChannelCredentials());
}

TestServer::~TestServer() {
  if (app_) app_->Shutdown();
}

std::unique_ptr<v1::ClientService::Stub> TestServer::clients() const {
  return v1::ClientService::NewStub(channel_);
}

std::unique_ptr<grpc::ClientContext> CallerContext(const std::string& roles,
                                                   const std::string& municipalities,
                                                   const std::string& subject) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("x-dev-roles", roles);
  context->AddMetadata("x-dev-municipalities", municipalities);
  context->AddMetadata("x-dev-subject", subject);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

google::type::Date ProtoDate(int year, int month, int day) {
  google::type::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

v1::CreateClientRequest ClientRequest(const std::string& bsn) {
  v1::CreateClientRequest request;
  request.set_parent("municipalities/0303");
  v1::Client* c = request.mutable_client();
  c->set_bsn(bsn);
  c->set_given_names("Amal");
  c->set_family_name("Haddad");
  *c->mutable_birth_date() = ProtoDate(1990, 1, 1);
  c->set_target_group(v1::TARGET_GROUP_ASYLUM_STATUS_HOLDER);
  c->set_regime(v1::REGIME_WI2021);
  c->set_source(v1::REGISTRATION_SOURCE_COA_LINK);
  return request;
}

std::vector<std::string> RpcError::fields() const {
  std::vector<std::string> out;
  for (const auto& [field, description] : field_violations) out.push_back(field);
  return out;
}

RpcError DecodeError(const grpc::Status& status) {
  RpcError error;
  error.code = status.error_code();
  error.message = status.error_message();
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return error;
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad_request;
    google::rpc::LocalizedMessage localized;
    google::rpc::RetryInfo retry;
    if (any.UnpackTo(&info)) {
      error.reason = info.reason();
      error.domain = info.domain();
    } else if (any.UnpackTo(&bad_request)) {
      for (const auto& v : bad_request.field_violations()) {
        error.field_violations.emplace_back(v.field(), v.description());
      }
    } else if (any.UnpackTo(&localized)) {
      error.localized.emplace_back(localized.locale(), localized.message());
    } else if (any.UnpackTo(&retry)) {
      error.retry_delay = absl::Seconds(retry.retry_delay().seconds()) +
                          absl::Nanoseconds(retry.retry_delay().nanos());
    }
  }
  return error;
}

std::string SeriesBsn(int n) {
  for (int prefix = 30000000 + n * 2;; ++prefix) {
    const std::string digits = std::to_string(prefix);
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += (digits[i] - '0') * (9 - i);
    if (sum % 11 <= 9) return absl::StrCat(digits, sum % 11);
  }
}

std::vector<nlohmann::json> CallLines(const std::string& logs) {
  std::vector<nlohmann::json> calls;
  for (const auto& line : absl::StrSplit(logs, '\n', absl::SkipEmpty())) {
    nlohmann::json json = nlohmann::json::parse(line);
    if (json["msg"] == "call") calls.push_back(std::move(json));
  }
  return calls;
}

int Occurrences(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

}  // namespace inburgering::testing
