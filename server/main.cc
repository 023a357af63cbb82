// inburgering-server: the composition root. Reads flags (each with an environment variable, for
// Kubernetes), then serves, or applies migrations and exits.

#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "domain/dates.h"
#include "domain/names.h"
#include "domain/retention.h"
#include "domain/trajectory_use_cases.h"
#include "persistence/cohort_summary.h"
#include "persistence/database.h"
#include "persistence/migrations.h"
#include "persistence/unit_of_work.h"
#include "server/app.h"
#include "server/indicator_targets.h"
#include "server/logbook_settings.h"
#include "server/logging.h"
#include "server/pseudonyms.h"

namespace {

using inburgering::server::Log;
using inburgering::server::LogLevel;

int Fail(const absl::Status& status) {
  Log(LogLevel::kError, std::string(status.message()),
      {{"code", absl::StatusCodeToString(status.code())}});
  return 1;
}

// The database of a one-off command (migrate, purge), migrated.
absl::StatusOr<std::unique_ptr<inburgering::persistence::Database>> OpenMigrated(
    const inburgering::server::ServerConfig& config) {
  inburgering::persistence::DatabaseOptions options;
  options.url = config.database_url;
  options.pool_size = 1;
  auto database = inburgering::persistence::Database::Open(options);
  if (!database.ok()) return database.status();
  auto applied = inburgering::persistence::Migrate(**database);
  if (!applied.ok()) return applied.status();
  Log(LogLevel::kInfo, "migrations applied", {{"count", *applied}});
  return database;
}

int RunMigrate(const inburgering::server::ServerConfig& config) {
  auto database = OpenMigrated(config);
  return database.ok() ? 0 : Fail(database.status());
}

int RunPurge(const inburgering::server::ServerConfig& config, int retention_years,
             int processing_retention_years) {
  auto database = OpenMigrated(config);
  if (!database.ok()) return Fail(database.status());
  inburgering::persistence::SociTransactionManager transactions(**database);
  inburgering::domain::SystemClock clock;
  inburgering::server::HmacPseudonyms pseudonyms(config.pseudonym_key);
  inburgering::domain::RetentionUseCases retention(transactions, clock, config.policy, pseudonyms,
                                                   config.logbook);
  auto removed = retention.Purge(retention_years);
  if (!removed.ok()) return Fail(removed.status());
  auto records = retention.PurgeProcessingRecords(processing_retention_years);
  if (!records.ok()) return Fail(records.status());
  Log(LogLevel::kInfo, "purged",
      {{"trajectories", *removed},
       {"retention_years", retention_years},
       {"processing_records", *records},
       {"processing_retention_years", processing_retention_years}});
  return 0;
}

// `reindex --verify`: the cohort summary against a full recount; 1 when they differ.
int RunVerifySummaries(inburgering::persistence::Database& database,
                       const inburgering::server::ServerConfig& config) {
  auto differences = inburgering::persistence::VerifyCohortSummary(
      database, inburgering::domain::DayOf(absl::Now(), config.policy.time_zone));
  if (!differences.ok()) return Fail(differences.status());
  for (const std::string& difference : *differences) {
    Log(LogLevel::kError, "cohort summary differs from a recount", {{"group", difference}});
  }
  Log(differences->empty() ? LogLevel::kInfo : LogLevel::kError, "verified cohort summary",
      {{"differences", static_cast<int64_t>(differences->size())}});
  return differences->empty() ? 0 : 1;
}

int RunReindex(const inburgering::server::ServerConfig& config, bool verify, bool summaries) {
  auto database = OpenMigrated(config);
  if (!database.ok()) return Fail(database.status());
  if (verify) return RunVerifySummaries(**database, config);
  if (summaries) {
    absl::Status rebuilt = inburgering::persistence::RebuildCohortSummary(**database);
    if (!rebuilt.ok()) return Fail(rebuilt);
    Log(LogLevel::kInfo, "rebuilt cohort summary", {});
    return 0;
  }
  inburgering::persistence::SociTransactionManager transactions(**database);
  inburgering::domain::SystemClock clock;
  inburgering::domain::TimeOrderedIdGenerator ids;
  inburgering::domain::TrajectoryUseCases trajectories(transactions, clock, ids, config.policy);
  auto rewritten = trajectories.ReindexAll();
  if (!rewritten.ok()) return Fail(rewritten.status());
  Log(LogLevel::kInfo, "reindexed", {{"trajectories", *rewritten}});
  return 0;
}

int RunServe(const inburgering::server::ServerConfig& config) {
  // Signals are taken by sigwait() below, never by a handler in a random thread.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  if (config.dev_auth) {
    Log(LogLevel::kWarning,
        "!!! DEVELOPMENT AUTHENTICATION: every caller is trusted on its word (x-dev-* metadata). "
        "Never run like this with real data. !!!");
  }
  auto app =
      inburgering::server::App::Start(config, std::make_unique<inburgering::domain::SystemClock>());
  if (!app.ok()) return Fail(app.status());
  const std::string host = config.listen.substr(0, config.listen.rfind(':'));
  const std::string address = host + ":" + std::to_string((*app)->port());
  Log(LogLevel::kInfo, "serving gRPC",
      {{"address", address},
       {"try", config.reflection || config.dev_auth
                   ? "grpcurl -plaintext " + address + " grpc.health.v1.Health/Check ; " +
                         "grpcurl -plaintext " + address + " list"
                   : "grpc-health-probe -addr=" + address +
                         " (reflection is off: --reflection turns it on)"}});

  int signal = 0;
  sigwait(&signals, &signal);
  Log(LogLevel::kInfo, "signal received", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"}});
  (*app)->Shutdown();
  app->reset();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Debian's Abseil checks every Mutex acquisition for lock-order cycles (a debugging aid that
  // cost 1-2 % of the server's CPU in the benchmark) that production does not need.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // A database file that reaches the process's file-size limit must fail the write (EFBIG: the
  // call answers UNAVAILABLE and reads go on), not kill the server with SIGXFSZ (test F5).
  signal(SIGXFSZ, SIG_IGN);
  inburgering::server::ServerConfig config;
  std::string log_level = "info";
  double grace_seconds = absl::ToDoubleSeconds(config.shutdown_grace);
  double drain_seconds = absl::ToDoubleSeconds(config.drain_delay);
  double lease_seconds = absl::ToDoubleSeconds(config.lease_timeout);
  double budget_seconds = absl::ToDoubleSeconds(config.call_budget);
  double connection_age_seconds = absl::ToDoubleSeconds(config.max_connection_age);
  int64_t memory_quota_mib = config.memory_quota_bytes / (int64_t{1024} * 1024);
  std::string time_zone = "Europe/Amsterdam";

  CLI::App cli{
      "inburgering-server: the municipality's Civic Integration Act 2021 case service (gRPC).\n"
      "Every option can also be set by the environment variable shown beside it."};
  cli.option_defaults()->always_capture_default();
  cli.set_version_flag("--version", std::string("inburgering-server ") + INBURGERING_VERSION);
  cli.add_option("--listen", config.listen, "Address to serve gRPC on (port 0: any free port)")
      ->envname("INBURGERING_LISTEN");
  cli.add_option("--database-url", config.database_url,
                 "sqlite:PATH, or postgresql://USER@HOST:PORT/DB (or ?host=/socket/dir)")
      ->envname("INBURGERING_DATABASE_URL");
  cli.add_option("--pool-size", config.pool_size, "Database sessions in the pool")
      ->envname("INBURGERING_POOL_SIZE")
      ->check(CLI::Range(1, 256));
  cli.add_option("--max-connection-age", connection_age_seconds,
                 "Seconds after which a connection is closed so that clients reconnect and "
                 "spread over replicas (0: never)")
      ->envname("INBURGERING_MAX_CONNECTION_AGE")
      ->check(CLI::Range(0.0, 86400.0));
  cli.add_flag("--reflection", config.reflection,
               "Serve gRPC reflection (on with --dev-auth; it answers without a token)")
      ->envname("INBURGERING_REFLECTION");
  cli.add_option("--max-streams-per-connection", config.max_streams_per_connection,
                 "Most calls at once on one connection (more wait in the client)")
      ->envname("INBURGERING_MAX_STREAMS_PER_CONNECTION")
      ->check(CLI::Range(1, 100000));
  cli.add_option("--memory-quota-mib", memory_quota_mib,
                 "MiB gRPC may use for its buffers (then it refuses new calls)")
      ->envname("INBURGERING_MEMORY_QUOTA_MIB")
      ->check(CLI::Range(16, 65536));
  cli.add_option("--worker-threads", config.worker_threads,
                 "Most changes served at once, and most changes and most reads waiting")
      ->envname("INBURGERING_WORKER_THREADS")
      ->check(CLI::Range(2, 1024));
  cli.add_option("--log-level", log_level, "debug, info, warning or error")
      ->envname("INBURGERING_LOG_LEVEL")
      ->check(CLI::IsMember({"debug", "info", "warning", "error"}));
  cli.add_option("--shutdown-grace", grace_seconds,
                 "Seconds from SIGTERM until calls still running are cancelled")
      ->envname("INBURGERING_SHUTDOWN_GRACE")
      ->check(CLI::Range(0.0, 3600.0));
  cli.add_option("--drain-delay", drain_seconds,
                 "Seconds to stay up after readiness turns NOT_SERVING (at most half the grace)")
      ->envname("INBURGERING_DRAIN_DELAY")
      ->check(CLI::Range(0.0, 600.0));
  cli.add_option("--db-lease-timeout", lease_seconds,
                 "Seconds a call waits for a free database session before UNAVAILABLE")
      ->envname("INBURGERING_DB_LEASE_TIMEOUT")
      ->check(CLI::Range(0.001, 600.0));
  cli.add_option("--call-budget", budget_seconds,
                 "Seconds a call may keep the database busy when its deadline is not sooner "
                 "(then DEADLINE_EXCEEDED; streams excepted)")
      ->envname("INBURGERING_CALL_BUDGET")
      ->check(CLI::Range(0.01, 3600.0));
  cli.add_flag("!--no-migrate-on-start", config.migrate_on_start,
               "Do not apply migrations at start-up (readiness then waits until they are)")
      ->envname("INBURGERING_NO_MIGRATE_ON_START");
  cli.add_flag("--dev-auth", config.dev_auth,
               "DEVELOPMENT ONLY: trust x-dev-* metadata instead of verifying credentials")
      ->envname("INBURGERING_DEV_AUTH");
  cli.add_option("--page-token-secret", config.page_token_secret,
                 "Secret that seals page tokens; the same on every replica")
      ->envname("INBURGERING_PAGE_TOKEN_SECRET");
  cli.add_option("--time-zone", time_zone, "The municipality's time zone: what 'today' is")
      ->envname("INBURGERING_TIME_ZONE");
  cli.add_option("--progress-review-weeks", config.policy.progress_review_interval_weeks,
                 "Local policy: weeks between progress reviews")
      ->envname("INBURGERING_PROGRESS_REVIEW_WEEKS")
      ->check(CLI::Range(1, 104));
  cli.add_option("--deadline-warning-days", config.policy.deadline_warning_days,
                 "A deadline this close counts as due")
      ->envname("INBURGERING_DEADLINE_WARNING_DAYS")
      ->check(CLI::Range(0, 365));
  cli.add_option("--education-route-target-age,--education-route-max-age",
                 config.policy.education_route_target_age,
                 "Onderwijsroute: its target group's highest age on the plan's decision date "
                 "(28); above it the case file advises recording why the route suits the "
                 "person; 0: no advisory")
      ->envname("INBURGERING_EDUCATION_ROUTE_TARGET_AGE")
      ->check(CLI::Range(0, 67));
  cli.add_option("--lowering-min-hours", config.policy.lowering_to_a2_min_hours,
                 "Afschalen B1 -> A2: attended hours at a certified provider (600)")
      ->envname("INBURGERING_LOWERING_MIN_HOURS")
      ->check(CLI::Range(0.0, 5000.0));
  cli.add_option("--max-plan-fine-cents", config.policy.max_plan_fine_cents,
                 "Local policy: the highest fine for breaking the plan's obligations (80000)")
      ->envname("INBURGERING_MAX_PLAN_FINE_CENTS")
      ->check(CLI::Range(int64_t{0}, int64_t{100000000}));
  cli.add_option("--intake-no-show-fine-cents", config.policy.intake_no_show_fine_cents,
                 "Local policy: each fine of the intake no-show ladder (25000)")
      ->envname("INBURGERING_INTAKE_NO_SHOW_FINE_CENTS")
      ->check(CLI::Range(int64_t{0}, int64_t{100000000}));
  cli.add_option("--fine-needs-warning", config.policy.fine_needs_prior_warning,
                 "Local policy: a written warning on the same ground before every fine (true); "
                 "good practice, not a statutory requirement")
      ->envname("INBURGERING_FINE_NEEDS_WARNING");
  std::vector<std::string> no_fines_for;
  cli.add_option("--no-fines-for", no_fines_for,
                 "Local policy: target groups not fined (asylum_status_holder, family_migrant, "
                 "other_migrant), comma-separated")
      ->envname("INBURGERING_NO_FINES_FOR")
      ->delimiter(',')
      ->check(CLI::IsMember({"asylum_status_holder", "family_migrant", "other_migrant"}));
  cli.add_option("--absence-streak-periods", config.policy.absence_streak_periods,
                 "Local policy: unexcused absence a provider reports in this many periods in a row "
                 "puts an ABSENCE_STREAK work item in the consultant's queue (3); 0: off")
      ->envname("INBURGERING_ABSENCE_STREAK_PERIODS")
      ->check(CLI::Range(0, 52));
  std::vector<std::string> streak_by_municipality;
  cli.add_option("--absence-streak-periods-for", streak_by_municipality,
                 "The same per municipality where it differs: 0303=2,0034=4")
      ->envname("INBURGERING_ABSENCE_STREAK_PERIODS_FOR")
      ->delimiter(',');
  cli.add_option("--metrics-listen", config.metrics_listen,
                 "host:port of the Prometheus metrics endpoint (plain HTTP); none when empty")
      ->envname("INBURGERING_METRICS_LISTEN");
  std::string logbook_path;
  cli.add_option("--logbook-settings", logbook_path,
                 "JSON file: the processing activities' URIs in the municipality's register and "
                 "the calling parties' URLs (Logboek Dataverwerkingen 1.0)")
      ->envname("INBURGERING_LOGBOOK_SETTINGS");
  std::string targets_path;
  cli.add_option("--indicator-targets", targets_path,
                 "JSON file with the council's indicator targets per municipality and year")
      ->envname("INBURGERING_INDICATOR_TARGETS");
  cli.add_option("--max-event-streams", config.event_streams.max_streams,
                 "WatchEvents streams served at once by this replica (each holds a worker)")
      ->envname("INBURGERING_MAX_EVENT_STREAMS")
      ->check(CLI::Range(0, 1000));
  cli.add_option("--jwks", config.jwt.jwks_path,
                 "JSON Web Key Set file with the RS256/ES256 keys that sign bearer tokens "
                 "(re-read when it changes)")
      ->envname("INBURGERING_JWKS_FILE");
  cli.add_option("--jwt-issuer", config.jwt.issuer, "The tokens' required `iss`")
      ->envname("INBURGERING_JWT_ISSUER");
  cli.add_option("--jwt-audience", config.jwt.audience, "This service's name in the tokens' `aud`")
      ->envname("INBURGERING_JWT_AUDIENCE");
  cli.add_option("--pseudonym-key", config.pseudonym_key,
                 "Secret key of the pseudonyms in logs and the processing log")
      ->envname("INBURGERING_PSEUDONYM_KEY");
  cli.add_option("--tls-cert", config.tls_cert, "Server certificate chain (PEM file)")
      ->envname("INBURGERING_TLS_CERT");
  cli.add_option("--tls-key", config.tls_key, "Server private key (PEM file)")
      ->envname("INBURGERING_TLS_KEY");
  cli.add_option("--tls-client-ca", config.tls_client_ca,
                 "CA (PEM file) whose client certificates are required: mutual TLS")
      ->envname("INBURGERING_TLS_CLIENT_CA");
  cli.add_subcommand("serve", "Serve gRPC (the default)");
  CLI::App* migrate = cli.add_subcommand("migrate", "Apply pending database migrations and exit");
  int retention_years = 10;
  CLI::App* purge = cli.add_subcommand(
      "purge",
      "Destroy trajectories closed longer ago than the retention period (and clients "
      "left without any), leaving processing records; for a daily job");
  purge
      ->add_option("--retention-years", retention_years,
                   "Selectielijst 2020 process 8.1: years after the end (10)")
      ->envname("INBURGERING_RETENTION_YEARS")
      ->check(CLI::Range(1, 100));
  int processing_retention_years = 10;
  purge
      ->add_option("--processing-retention-years", processing_retention_years,
                   "Processing records older than this are deleted, the deletion audited (10)")
      ->envname("INBURGERING_PROCESSING_RETENTION_YEARS")
      ->check(CLI::Range(1, 100));
  CLI::App* reindex = cli.add_subcommand(
      "reindex", "Re-derive every trajectory's reporting facts (after an upgrade adds some)");
  bool verify_summaries = false;
  reindex->add_flag("--verify", verify_summaries,
                    "Only compare the cohort summary with a full recount; exit 1 when they differ");
  bool rebuild_summaries = false;
  reindex->add_flag("--summaries", rebuild_summaries,
                    "Only rebuild the cohort summary from the stored trajectories (after rows were "
                    "written outside the server, e.g. a bulk load)");
  cli.require_subcommand(0, 1);
  cli.fallthrough();
  CLI11_PARSE(cli, argc, argv);

  inburgering::server::LogLevel level;
  inburgering::server::ParseLogLevel(log_level, &level);
  inburgering::server::SetLogLevel(level);
  config.shutdown_grace = absl::Seconds(grace_seconds);
  config.drain_delay = absl::Seconds(drain_seconds);
  config.lease_timeout = absl::Seconds(lease_seconds);
  config.call_budget = absl::Seconds(budget_seconds);
  config.max_connection_age = absl::Seconds(connection_age_seconds);
  config.memory_quota_bytes = memory_quota_mib * 1024 * 1024;
  for (const std::string& group : no_fines_for) {
    for (inburgering::domain::TargetGroup g :
         {inburgering::domain::TargetGroup::kAsylumStatusHolder,
          inburgering::domain::TargetGroup::kFamilyMigrant,
          inburgering::domain::TargetGroup::kOtherMigrant}) {
      if (inburgering::domain::NameOf(g) == group) config.policy.no_fines_for.insert(g);
    }
  }
  for (const std::string& entry : streak_by_municipality) {
    const std::vector<std::string> parts = absl::StrSplit(entry, '=');
    int periods = 0;
    if (parts.size() != 2 || parts[0].size() != 4 ||
        !std::all_of(parts[0].begin(), parts[0].end(), absl::ascii_isdigit) ||
        !absl::SimpleAtoi(parts[1], &periods) || periods < 0 || periods > 52) {
      return Fail(absl::InvalidArgumentError(
          "--absence-streak-periods-for: each entry is a municipality code, '=', and 0 to 52"));
    }
    config.policy.absence_streak_periods_by_municipality[parts[0]] = periods;
  }
  if (!targets_path.empty()) {
    absl::StatusOr<inburgering::domain::IndicatorTargets> targets =
        inburgering::server::LoadIndicatorTargets(targets_path);
    if (!targets.ok()) return Fail(targets.status());
    config.indicator_targets = *std::move(targets);
  }
  if (!absl::LoadTimeZone(time_zone, &config.policy.time_zone)) {
    return Fail(
        absl::InvalidArgumentError("--time-zone: unknown time zone (is tzdata installed?)"));
  }

  if (migrate->parsed()) return RunMigrate(config);
  config.logbook.service_version = INBURGERING_VERSION;
  if (!logbook_path.empty()) {
    absl::StatusOr<inburgering::domain::LogbookSettings> logbook =
        inburgering::server::LoadLogbookSettings(logbook_path, config.logbook);
    if (!logbook.ok()) return Fail(logbook.status());
    config.logbook = *std::move(logbook);
  }

  if (purge->parsed()) return RunPurge(config, retention_years, processing_retention_years);
  if (reindex->parsed()) return RunReindex(config, verify_summaries, rebuild_summaries);
  return RunServe(config);
}
