#include "persistence/database.h"

#include <cstdlib>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "domain/errors.h"
#include "persistence/soci_errors.h"
#include "soci/connection-pool.h"
#include "soci/postgresql/soci-postgresql.h"
#include "soci/soci.h"
#include "soci/sqlite3/soci-sqlite3.h"

namespace inburgering::persistence {
namespace {

constexpr absl::string_view kSqlitePrefix = "sqlite:";

absl::Status OpenSqlite(soci::session& session, absl::string_view path,
                        absl::Duration busy_timeout) {
  session.open(*soci::factory_sqlite3(), absl::StrCat("db=", path));
  // Extended result codes tell a unique violation from other constraint failures.
  auto* backend = static_cast<soci::sqlite3_session_backend*>(session.get_backend());
  sqlite_api::sqlite3_extended_result_codes(backend->conn_, 1);
  // busy_timeout first: switching to WAL needs a lock that another process may hold.
  session << absl::StrCat("PRAGMA busy_timeout = ", absl::ToInt64Milliseconds(busy_timeout));
  // Switching a new file to WAL needs an exclusive lock for which SQLite does not call the busy
  // handler: a replica starting at the same moment as another retries here instead.
  const absl::Time give_up = absl::Now() + busy_timeout;
  for (;;) {
    try {
      session << "PRAGMA journal_mode = WAL";
      break;
    } catch (const soci::sqlite3_soci_error& e) {
      const int code = e.result() & 0xff;
      if ((code != 5 && code != 6) || absl::Now() > give_up) throw;  // SQLITE_BUSY, SQLITE_LOCKED
      absl::SleepFor(absl::Milliseconds(10));
    }
  }
  // FULL: an acknowledged commit survives power loss (NORMAL may lose the last ones in WAL mode).
  session << "PRAGMA synchronous = FULL";
  session << "PRAGMA foreign_keys = ON";
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Backend> BackendOf(absl::string_view url) {
  if (absl::StartsWith(url, kSqlitePrefix) && url.size() > kSqlitePrefix.size()) {
    const absl::string_view path = url.substr(kSqlitePrefix.size());
    if (absl::StrContains(path, ' ')) {
      return domain::InvalidArgument({{"database_url", "the SQLite path may not contain spaces"}});
    }
    return Backend::kSqlite;
  }
  if (absl::StartsWith(url, "postgresql://") || absl::StartsWith(url, "postgres://")) {
    return Backend::kPostgresql;
  }
  return domain::InvalidArgument(
      {{"database_url", "must be sqlite:PATH or postgresql://USER@HOST:PORT/DB"}});
}

Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), pos_(other.pos_), in_use_(other.in_use_) {
  other.pool_ = nullptr;
}

Lease::~Lease() {
  if (pool_ == nullptr) return;
  pool_->give_back(pos_);
  --*in_use_;
}

soci::session& Lease::session() const { return pool_->at(pos_); }

Database::Database(Backend backend, int pool_size, absl::Duration lease_timeout,
                   absl::Duration statement_timeout, std::unique_ptr<soci::connection_pool> pool)
    : backend_(backend),
      pool_size_(pool_size),
      lease_timeout_(lease_timeout),
      statement_timeout_(statement_timeout),
      pool_(std::move(pool)) {}

Database::~Database() = default;

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  absl::StatusOr<Backend> backend = BackendOf(options.url);
  if (!backend.ok()) return backend.status();
  if (options.pool_size < 1) {
    return domain::InvalidArgument({{"pool_size", "must be at least 1"}});
  }
  if (*backend == Backend::kPostgresql) {
    // A connection attempt to a hung server must end (libpq waits for ever by default); the
    // operator's own PGCONNECT_TIMEOUT, when set, wins.
    setenv("PGCONNECT_TIMEOUT", "5", /*overwrite=*/0);
  }
  auto pool = std::make_unique<soci::connection_pool>(options.pool_size);
  for (int i = 0; i < options.pool_size; ++i) {
    absl::Status opened = Guard("open", [&]() -> absl::Status {
      soci::session& session = pool->at(i);
      if (*backend == Backend::kSqlite) {
        return OpenSqlite(session, absl::string_view(options.url).substr(kSqlitePrefix.size()),
                          options.busy_timeout);
      }
      session.open(*soci::factory_postgresql(), options.url);
      session << absl::StrCat("SET statement_timeout = ",
                              absl::ToInt64Milliseconds(options.statement_timeout));
      return absl::OkStatus();
    });
    if (!opened.ok()) {
      // Whatever went wrong, a server that cannot open its database cannot serve.
      return domain::WithReason(
          absl::UnavailableError(absl::StrCat("cannot open the database: ", opened.message())),
          domain::reason::kDatabaseUnavailable);
    }
  }
  return std::unique_ptr<Database>(new Database(*backend, options.pool_size, options.lease_timeout,
                                                options.statement_timeout, std::move(pool)));
}

absl::StatusOr<Lease> Database::Acquire() {
  size_t pos = 0;
  const auto timeout_ms = static_cast<int>(absl::ToInt64Milliseconds(lease_timeout_));
  ++waiting_;
  const bool leased = pool_->try_lease(pos, timeout_ms);
  --waiting_;
  if (!leased) {
    return domain::WithReason(
        absl::UnavailableError("no database session became free in time; retry later"),
        domain::reason::kDatabaseUnavailable);
  }
  ++in_use_;
  Lease lease(pool_.get(), pos, &in_use_);
  if (absl::Status repaired = Repair(lease.session()); !repaired.ok()) return repaired;
  return lease;
}

absl::Status Database::Repair(soci::session& session) {
  if (backend_ != Backend::kPostgresql) return absl::OkStatus();
  auto* backend = static_cast<soci::postgresql_session_backend*>(session.get_backend());
  if (backend != nullptr && PQstatus(backend->conn_) == CONNECTION_OK) return absl::OkStatus();
  absl::Status reconnected = Guard("reconnect", [&]() -> absl::Status {
    session.reconnect();
    session << absl::StrCat("SET statement_timeout = ",
                            absl::ToInt64Milliseconds(statement_timeout_));
    return absl::OkStatus();
  });
  if (reconnected.ok()) return reconnected;
  // Whatever the driver said, the database cannot be reached now: retry later.
  return domain::WithReason(absl::UnavailableError("the database cannot be reached; retry later"),
                            domain::reason::kDatabaseUnavailable);
}

absl::Status Database::Ping() {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  return Guard("ping", [&]() -> absl::Status {
    int one = 0;
    lease->session() << "SELECT 1", soci::into(one);
    return absl::OkStatus();
  });
}

}  // namespace inburgering::persistence
