#include "server/app.h"

#include <malloc.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "domain/status_macros.h"
#include "grpc/health/v1/health.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/impl/server_builder_option.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "persistence/migrations.h"
#include "server/call_log.h"
#include "server/client_service.h"
#include "server/duo_service.h"
#include "server/enforcement_service.h"
#include "server/logging.h"
#include "server/privacy_service.h"
#include "server/provider_service.h"
#include "server/reporting_service.h"
#include "server/trajectory_service.h"

namespace inburgering::server {

namespace {

constexpr absl::Duration kTrimInterval = absl::Seconds(10);

// Serves reflection on one server, or not. Linking grpc++_reflection registers its plugin for
// every server the process builds (a static initializer), so leaving it off means taking it out.
class ReflectionOption final : public grpc::ServerBuilderOption {
 public:
  explicit ReflectionOption(bool on) : on_(on) {}
  void UpdateArguments(grpc::ChannelArguments* /*args*/) override {}
  void UpdatePlugins(std::vector<std::unique_ptr<grpc::ServerBuilderPlugin>>* plugins) override {
    const std::string name = grpc::reflection::ProtoServerReflectionPlugin().name();
    plugins->erase(std::remove_if(plugins->begin(), plugins->end(),
                                  [&](const auto& plugin) { return plugin->name() == name; }),
                   plugins->end());
    if (on_) plugins->push_back(std::make_unique<grpc::reflection::ProtoServerReflectionPlugin>());
  }

 private:
  bool on_;
};

absl::StatusOr<std::string> ReadFile(const std::string& path, const char* flag) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return absl::InvalidArgumentError(absl::StrCat(flag, ": cannot read ", path));
  return text.str();
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(
    const ServerConfig& config) {
  if (config.tls_cert.empty() && config.tls_key.empty()) {
    if (!config.tls_client_ca.empty()) {
      return absl::InvalidArgumentError("--tls-client-ca needs --tls-cert and --tls-key");
    }
    return grpc::InsecureServerCredentials();
  }
  grpc::SslServerCredentialsOptions options;
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  ASSIGN_OR_RETURN(pair.cert_chain, ReadFile(config.tls_cert, "--tls-cert"));
  ASSIGN_OR_RETURN(pair.private_key, ReadFile(config.tls_key, "--tls-key"));
  options.pem_key_cert_pairs.push_back(std::move(pair));
  if (!config.tls_client_ca.empty()) {
    ASSIGN_OR_RETURN(options.pem_root_certs, ReadFile(config.tls_client_ca, "--tls-client-ca"));
    options.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(options);
}

}  // namespace

absl::StatusOr<std::unique_ptr<App>> App::Start(const ServerConfig& config,
                                                std::unique_ptr<domain::Clock> clock) {
  std::unique_ptr<App> app(new App());
  app->config_ = config;
  if (app->config_.logbook.service_version.empty()) {
    app->config_.logbook.service_version = INBURGERING_VERSION;
  }
  app->clock_ = std::move(clock);

  persistence::DatabaseOptions db_options;
  db_options.url = config.database_url;
  db_options.pool_size = config.pool_size;
  db_options.lease_timeout = config.lease_timeout;
  ASSIGN_OR_RETURN(app->database_, persistence::Database::Open(db_options));
  if (config.migrate_on_start) {
    ASSIGN_OR_RETURN(int applied, persistence::Migrate(*app->database_));
    Log(LogLevel::kInfo, "migrations applied", {{"count", applied}});
  }

  app->transactions_ = std::make_unique<persistence::SociTransactionManager>(*app->database_);
  app->transactions_->OnEventsCommitted([raw = app.get()] { raw->event_notifier_.Notify(); });
  app->consultants_ =
      std::make_unique<domain::ConsultantUseCases>(*app->transactions_, *app->clock_, app->ids_);
  app->clients_ = std::make_unique<domain::ClientUseCases>(*app->transactions_, *app->clock_,
                                                           app->ids_, app->config_.policy);
  app->trajectories_ = std::make_unique<domain::TrajectoryUseCases>(
      *app->transactions_, *app->clock_, app->ids_, app->config_.policy);
  if (config.pseudonym_key.empty()) {
    Log(LogLevel::kWarning,
        "no pseudonym key configured: pseudonyms will change with every start "
        "(set INBURGERING_PSEUDONYM_KEY)");
  }
  app->pseudonyms_ = std::make_unique<HmacPseudonyms>(config.pseudonym_key);
  if (config.dev_auth) {
    app->authenticator_ = MakeDevelopmentAuthenticator();
  } else if (!config.jwt.jwks_path.empty()) {
    ASSIGN_OR_RETURN(app->jwt_verifier_, JwtVerifier::Create(config.jwt, *app->clock_));
    app->authenticator_ = MakeJwtAuthenticator(*app->jwt_verifier_, *app->pseudonyms_);
  } else {
    Log(LogLevel::kWarning,
        "no authentication configured (--jwks): every call but health will be UNAUTHENTICATED");
    app->authenticator_ = MakeRefusingAuthenticator();
  }
  if (config.page_token_secret.empty()) {
    Log(LogLevel::kWarning,
        "no page token secret configured: page tokens will not survive a restart and will not "
        "work across replicas (set INBURGERING_PAGE_TOKEN_SECRET)");
  }
  app->page_tokens_ = std::make_unique<PageTokenCodec>(config.page_token_secret);
  // Reads: as many threads as sessions (more would wait for one), lists and reports as many as
  // the bulk lane may hold; changes: up to --worker-threads (each waits for its shared commit);
  // --worker-threads calls waiting in each.
  app->frame_ = std::make_unique<RpcFrame>(*app->authenticator_, *app->transactions_, *app->clock_,
                                           *app->pseudonyms_, app->config_.logbook,
                                           config.call_budget, app->database_->pool_size(),
                                           app->database_->bulk_capacity(), config.worker_threads);
  app->client_service_ = std::make_unique<ClientServiceImpl>(*app->consultants_, *app->clients_,
                                                             *app->frame_, *app->page_tokens_);
  app->trajectory_service_ = std::make_unique<TrajectoryServiceImpl>(
      *app->trajectories_, *app->frame_, *app->page_tokens_);
  app->privacy_ = std::make_unique<domain::PrivacyUseCases>(*app->transactions_, *app->pseudonyms_,
                                                            app->config_.logbook);
  app->privacy_service_ =
      std::make_unique<PrivacyServiceImpl>(*app->privacy_, *app->frame_, *app->page_tokens_);
  app->enforcement_service_ =
      std::make_unique<EnforcementServiceImpl>(*app->trajectories_, *app->frame_);
  app->duo_ = std::make_unique<domain::DuoUseCases>(*app->transactions_, *app->clock_, app->ids_,
                                                    app->config_.policy);
  app->duo_service_ = std::make_unique<DuoServiceImpl>(*app->duo_, *app->trajectories_,
                                                       *app->frame_, *app->page_tokens_);
  app->providers_ = std::make_unique<domain::ProviderUseCases>(*app->transactions_, *app->clock_,
                                                               app->ids_, app->config_.policy);
  app->provider_service_ =
      std::make_unique<ProviderServiceImpl>(*app->providers_, *app->frame_, *app->page_tokens_);
  app->reporting_ = std::make_unique<domain::ReportingUseCases>(
      *app->transactions_, *app->clock_, app->ids_, app->config_.policy, config.indicator_targets);
  app->reporting_service_ =
      std::make_unique<ReportingServiceImpl>(*app->reporting_, *app->frame_, *app->page_tokens_);
  app->events_ = std::make_unique<domain::EventUseCases>(*app->transactions_);
  app->event_service_ = std::make_unique<EventServiceImpl>(
      *app->events_, *app->frame_, app->event_notifier_, config.event_streams);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  const bool reflection = config.reflection || config.dev_auth;
  // The health service's descriptors, linked in so that reflection can describe what it lists
  // (gRPC's own health service is built without them).
  if (reflection) grpc::health::v1::HealthCheckRequest::descriptor();
  builder.SetOption(std::make_unique<ReflectionOption>(reflection));
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials, ServerCredentials(config));
  builder.AddListeningPort(config.listen, credentials, &app->port_);
  builder.RegisterService(app->client_service_.get());
  builder.RegisterService(app->trajectory_service_.get());
  builder.RegisterService(app->privacy_service_.get());
  builder.RegisterService(app->enforcement_service_.get());
  builder.RegisterService(app->duo_service_.get());
  builder.RegisterService(app->provider_service_.get());
  builder.RegisterService(app->event_service_.get());
  builder.RegisterService(app->reporting_service_.get());
  grpc::ResourceQuota quota("inburgering");
  quota.SetMaxThreads(config.worker_threads);
  quota.Resize(static_cast<size_t>(config.memory_quota_bytes));
  builder.SetResourceQuota(quota);
  // A thread that finishes its call stays to wait for the next while fewer than half the workers
  // wait; gRPC's default (2) made it exit, and the next call create one again: about 2,000
  // threads a second under 32 case-file reads in flight, a fifth of the server's CPU.
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              std::max(1, config.worker_threads / 2));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, config.max_streams_per_connection);
  if (config.max_connection_age > absl::ZeroDuration()) {
    builder.AddChannelArgument(
        GRPC_ARG_MAX_CONNECTION_AGE_MS,
        static_cast<int>(absl::ToInt64Milliseconds(config.max_connection_age)));
    builder.AddChannelArgument(
        GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
        static_cast<int>(absl::ToInt64Milliseconds(config.max_connection_age_grace)));
  }
  // Keepalive: the server pings an idle connection every 2 minutes (dead peers go), and accepts
  // clients' pings every 20 s at most, with or without calls (more often is a GOAWAY).
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 120000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 20000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.SetMaxReceiveMessageSize(config.max_message_bytes);
  // Request metadata (tokens included) is bounded too: larger headers are refused by gRPC.
  builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, config.max_metadata_bytes);
  builder.SetMaxSendMessageSize(config.max_message_bytes);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(std::make_unique<CallLogInterceptorFactory>(&app->metrics_));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  app->server_ = builder.BuildAndStart();
  if (app->server_ == nullptr || app->port_ == 0) {
    return absl::UnavailableError("cannot listen on the configured address (--listen)");
  }
  if (!config.metrics_listen.empty()) {
    ASSIGN_OR_RETURN(app->metrics_endpoint_,
                     MetricsEndpoint::Start(config.metrics_listen,
                                            [raw = app.get()] { return raw->RenderMetrics(); }));
    Log(LogLevel::kInfo, "serving metrics", {{"port", app->metrics_endpoint_->port()}});
  }
  app->server_->GetHealthCheckService()->SetServingStatus(kLivenessService, true);
  app->SetReady(false);
  app->monitor_ = std::thread([raw = app.get()] { raw->MonitorReadiness(); });
  return app;
}

App::~App() { Shutdown(); }

std::string App::RenderMetrics() {
  Metrics::Gauges g;
  g.pool_size = database_->pool_size();
  const persistence::PoolUsage usage = database_->usage();
  g.pool_in_use = usage.in_use;
  g.pool_waiting = usage.waiting;
  g.database_errors = persistence::DatabaseErrorCount();
  g.event_streams = static_cast<EventServiceImpl*>(event_service_.get())->open_streams();
  g.change_commits = transactions_->batches_committed();
  g.changes_committed = transactions_->changes_committed();
  g.journal_commits = frame_->journals().commits();
  g.journals_committed = frame_->journals().journals_committed();
  absl::StatusOr<std::unique_ptr<domain::UnitOfWork>> work =
      transactions_->Begin(domain::TransactionMode::kReadOnly);
  if (work.ok()) {
    absl::StatusOr<int64_t> to_send =
        (*work)->duo_reports().CountInState(domain::DuoReportState::kToSend);
    if (to_send.ok()) g.duo_reports_to_send = *to_send;
  }
  return metrics_.Render(g);
}

void App::SetReady(bool ready) {
  if (stopping_.HasBeenNotified()) ready = false;
  const bool was = ready_.exchange(ready);
  auto* health = server_->GetHealthCheckService();
  health->SetServingStatus(kReadinessService, ready);
  health->SetServingStatus("", ready);  // the server as a whole
  if (was != ready) Log(LogLevel::kInfo, ready ? "ready" : "not ready");
}

void App::MonitorReadiness() {
  absl::Time next_trim = absl::Now();
  do {
    if (absl::Now() >= next_trim) {
      // Memory freed after a burst (a stream flood, a large export) goes back to the system,
      // rather than staying in the allocator's arenas (64 threads, many arenas) for ever.
      malloc_trim(0);
      next_trim = absl::Now() + kTrimInterval;
    }
    absl::Status db = database_->Ping();
    absl::StatusOr<int> pending = db.ok() ? persistence::PendingMigrations(*database_) : db;
    const bool ready = pending.ok() && *pending == 0;
    if (!ready && ready_.load()) {
      Log(LogLevel::kWarning, "readiness check failed",
          {{"detail",
            pending.ok() ? "migrations pending" : std::string(pending.status().message())}});
    }
    SetReady(ready);
  } while (!stopping_.WaitForNotificationWithTimeout(config_.readiness_interval));
}

void App::Shutdown() {
  // An App whose Start failed half-way has no server to stop.
  if (server_ == nullptr || shut_down_.exchange(true)) return;
  const absl::Time deadline = absl::Now() + config_.shutdown_grace;
  stopping_.Notify();
  if (monitor_.joinable()) monitor_.join();
  SetReady(false);
  // Event streams never finish by themselves: end them, so that their callers reconnect
  // elsewhere with their cursor.
  event_notifier_.Stop();
  Log(LogLevel::kInfo, "shutting down: readiness NOT_SERVING, draining",
      {{"grace_seconds", absl::ToDoubleSeconds(config_.shutdown_grace)}});
  absl::SleepFor(std::min(config_.drain_delay, config_.shutdown_grace / 2));
  // Leave a little of the grace period for closing the pool and exiting.
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoMilliseconds((deadline - absl::Now()) * 0.9));
  server_->Wait();
  metrics_endpoint_.reset();
  Log(LogLevel::kInfo, "stopped");
}

}  // namespace inburgering::server
