#include "persistence/statements.h"

#include "soci/sqlite3/soci-sqlite3.h"

namespace inburgering::persistence {
namespace {

// The cap on one session's kept statements: far above the service's distinct SQL texts (the
// list filters combine into a few dozen), a bound should a caller find a way to vary them.
constexpr size_t kMaxStatements = 512;

}  // namespace

Statement::Statement(soci::statement* statement, Backend backend, bool* in_use,
                     std::unique_ptr<soci::statement> owned)
    : statement_(statement), backend_(backend), in_use_(in_use), owned_(std::move(owned)) {}

Statement::Statement(Statement&& other) noexcept
    : statement_(other.statement_),
      backend_(other.backend_),
      in_use_(other.in_use_),
      owned_(std::move(other.owned_)) {
  other.statement_ = nullptr;
  other.in_use_ = nullptr;
}

Statement::~Statement() {
  if (statement_ == nullptr) return;
  if (backend_ == Backend::kSqlite) {
    auto* backend = static_cast<soci::sqlite3_statement_backend*>(statement_->get_backend());
    if (backend != nullptr && backend->stmt_ != nullptr) sqlite_api::sqlite3_reset(backend->stmt_);
  }
  try {
    statement_->bind_clean_up();
  } catch (...) {  // NOLINT(bugprone-empty-catch): a destructor; the next use binds afresh
  }
  if (in_use_ != nullptr) *in_use_ = false;
}

StatementCache::~StatementCache() { Clear(); }

void StatementCache::Clear() { entries_.clear(); }

Statement StatementCache::Prepare(const std::string& sql) {
  auto fresh = [&] {
    auto st = std::make_unique<soci::statement>(session_);
    st->alloc();
    st->prepare(sql);
    prepares_.fetch_add(1, std::memory_order_relaxed);
    return st;
  };
  auto uncached = [&] {
    std::unique_ptr<soci::statement> own = fresh();
    soci::statement* raw = own.get();
    return Statement(raw, backend_, nullptr, std::move(own));
  };
  auto it = entries_.find(sql);
  if (it == entries_.end()) {
    if (entries_.size() >= kMaxStatements) return uncached();
    it = entries_.emplace(sql, std::make_unique<Entry>()).first;
    try {
      it->second->statement = fresh();
    } catch (...) {
      entries_.erase(it);
      throw;
    }
  }
  Entry& entry = *it->second;
  if (entry.in_use) return uncached();
  entry.in_use = true;
  return Statement(entry.statement.get(), backend_, &entry.in_use, nullptr);
}

}  // namespace inburgering::persistence
