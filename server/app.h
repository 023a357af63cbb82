#pragma once

// The composition root's product: the database, the use cases and the gRPC server, wired and
// running. main() builds one from flags; the server tests build one on port 0.

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "domain/client_use_cases.h"
#include "domain/clock.h"
#include "domain/consultant_use_cases.h"
#include "domain/duo_use_cases.h"
#include "domain/event_use_cases.h"
#include "domain/ids.h"
#include "domain/policy.h"
#include "domain/privacy_use_cases.h"
#include "domain/provider_use_cases.h"
#include "domain/reporting_use_cases.h"
#include "domain/trajectory_use_cases.h"
#include "grpcpp/server.h"
#include "persistence/database.h"
#include "persistence/unit_of_work.h"
#include "server/authenticator.h"
#include "server/event_notifier.h"
#include "server/event_service.h"
#include "server/jwt.h"
#include "server/metrics.h"
#include "server/page_token.h"
#include "server/pseudonyms.h"
#include "server/rpc.h"

namespace inburgering::server {

// The health service names that Kubernetes' gRPC probes ask for.
inline constexpr char kLivenessService[] = "liveness";
inline constexpr char kReadinessService[] = "readiness";

struct ServerConfig {
  std::string listen = "127.0.0.1:50051";
  std::string database_url = "sqlite:var/inburgering.db";
  int pool_size = 8;
  int worker_threads = 64;
  bool migrate_on_start = true;
  bool dev_auth = false;
  std::string page_token_secret;
  absl::Duration lease_timeout = absl::Seconds(5);
  // The longest a unary call may keep the database busy (waiting for a session included), when
  // its own deadline is not sooner: DEADLINE_EXCEEDED after it (persistence/call_budget.h).
  absl::Duration call_budget = absl::Seconds(15);
  absl::Duration readiness_interval = absl::Seconds(2);
  // After SIGTERM: readiness turns NOT_SERVING, the server waits `drain_delay` for load balancers
  // to notice, then lets calls in flight finish until `shutdown_grace` (counted from the signal)
  // has passed, and cancels what is left.
  absl::Duration shutdown_grace = absl::Seconds(10);
  absl::Duration drain_delay = absl::Seconds(1);
  // At most this many calls at once on one connection (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS):
  // a client asking for more waits (or is refused with RST_STREAM), so that one connection cannot
  // queue tens of thousands of calls in memory (S8).
  int max_streams_per_connection = 100;
  // gRPC's memory quota for its buffers; under pressure it shrinks them and refuses new calls.
  int64_t memory_quota_bytes = 192LL * 1024 * 1024;
  // Server reflection (grpcurl's `list` and `describe`): off unless asked for, or under
  // --dev-auth; it answers without a token, so it would show the schema to anyone who connects.
  bool reflection = false;
  // A connection is closed (GOAWAY, calls in flight finish within the grace) after this long, so
  // that clients reconnect and spread over replicas as they scale; zero: never.
  absl::Duration max_connection_age = absl::Minutes(5);
  absl::Duration max_connection_age_grace = absl::Seconds(30);
  int max_message_bytes = 4 * 1024 * 1024;
  int max_metadata_bytes = 16 * 1024;
  // Local policy and the municipality's time zone (main loads Europe/Amsterdam).
  domain::Policy policy;
  // Bearer tokens: verified against this JWKS file when set (and dev_auth is off).
  JwtOptions jwt;
  // Logboek Dataverwerkingen 1.0: the register URIs of the processing activities, the calling
  // parties' URLs, the service's name and version in the records (server/logbook_settings.h).
  domain::LogbookSettings logbook;
  // The key of the pseudonyms in logs and the processing log; the same on every replica.
  std::string pseudonym_key;
  // TLS: a server certificate and key (PEM files); with a client CA, clients must present a
  // certificate it signed (mutual TLS).
  std::string tls_cert;
  std::string tls_key;
  std::string tls_client_ca;
  // The municipality's indicator targets by municipality and year (none: no targets).
  domain::IndicatorTargets indicator_targets;
  // The Prometheus endpoint (host:port); empty: none.
  std::string metrics_listen;
  // WatchEvents streams: how many at once, and how often they look for other replicas' events.
  EventStreamOptions event_streams;
};

class App {
 public:
  // Opens the database, applies migrations (when configured), starts serving. Readiness turns
  // SERVING once the database answered and no migration is pending.
  static absl::StatusOr<std::unique_ptr<App>> Start(const ServerConfig& config,
                                                    std::unique_ptr<domain::Clock> clock);
  ~App();

  int port() const { return port_; }
  // The metrics endpoint's port (0 without one).
  int metrics_port() const { return metrics_endpoint_ ? metrics_endpoint_->port() : 0; }
  persistence::Database& database() { return *database_; }

  // The SIGTERM sequence; returns when the server has stopped. Idempotent.
  void Shutdown();

 private:
  App() = default;
  void MonitorReadiness();
  std::string RenderMetrics();
  void SetReady(bool ready);

  ServerConfig config_;
  std::unique_ptr<domain::Clock> clock_;
  domain::TimeOrderedIdGenerator ids_;
  std::unique_ptr<persistence::Database> database_;
  std::unique_ptr<persistence::SociTransactionManager> transactions_;
  std::unique_ptr<domain::ConsultantUseCases> consultants_;
  std::unique_ptr<domain::ClientUseCases> clients_;
  std::unique_ptr<domain::TrajectoryUseCases> trajectories_;
  std::unique_ptr<domain::PrivacyUseCases> privacy_;
  std::unique_ptr<domain::DuoUseCases> duo_;
  std::unique_ptr<domain::ProviderUseCases> providers_;
  std::unique_ptr<domain::EventUseCases> events_;
  std::unique_ptr<domain::ReportingUseCases> reporting_;
  EventNotifier event_notifier_;
  std::unique_ptr<HmacPseudonyms> pseudonyms_;
  std::unique_ptr<JwtVerifier> jwt_verifier_;
  std::unique_ptr<Authenticator> authenticator_;
  std::unique_ptr<RpcFrame> frame_;
  std::unique_ptr<PageTokenCodec> page_tokens_;
  std::unique_ptr<grpc::Service> client_service_;
  std::unique_ptr<grpc::Service> trajectory_service_;
  std::unique_ptr<grpc::Service> privacy_service_;
  std::unique_ptr<grpc::Service> enforcement_service_;
  std::unique_ptr<grpc::Service> duo_service_;
  std::unique_ptr<grpc::Service> provider_service_;
  std::unique_ptr<grpc::Service> event_service_;
  std::unique_ptr<grpc::Service> reporting_service_;
  std::unique_ptr<grpc::Server> server_;
  Metrics metrics_;
  std::unique_ptr<MetricsEndpoint> metrics_endpoint_;
  int port_ = 0;
  std::atomic<bool> ready_{false};
  absl::Notification stopping_;
  std::thread monitor_;
  std::atomic<bool> shut_down_{false};
};

}  // namespace inburgering::server
