#pragma once

// Prepared statements kept per pooled session: each SQL text is prepared the first time a session
// runs it and reused after (SQLite's parser and PostgreSQL's PREPARE round trip paid once), bound
// afresh at each use. Every repository runs its SQL through `Sql`.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "persistence/database.h"
#include "soci/soci.h"

namespace inburgering::persistence {

class StatementCache;

// One use of a prepared statement. On destruction its bindings are dropped and (SQLite) the
// statement is reset, so that no read stays open past its unit of work.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  soci::statement& operator*() const { return *statement_; }
  soci::statement* operator->() const { return statement_; }

 private:
  friend class StatementCache;
  Statement(soci::statement* statement, Backend backend, bool* in_use,
            std::unique_ptr<soci::statement> owned);

  soci::statement* statement_;
  Backend backend_;
  bool* in_use_;                            // the cache's mark, cleared on destruction
  std::unique_ptr<soci::statement> owned_;  // a statement the cache could not lend (in use)
};

// The prepared statements of one pooled session. Not thread-safe: one lease at a time.
class StatementCache {
 public:
  StatementCache(soci::session& session, Backend backend) : session_(session), backend_(backend) {}
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // `sql` prepared on this session (only the first time), without bindings. A statement already
  // in use (the same SQL nested in itself) is prepared afresh for this use and not kept.
  Statement Prepare(const std::string& sql);
  // Drops every statement: before the session reconnects or closes.
  void Clear();
  // How many times this session prepared a statement.
  int64_t prepares() const { return prepares_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    std::unique_ptr<soci::statement> statement;
    bool in_use = false;
  };
  soci::session& session_;
  Backend backend_;
  absl::flat_hash_map<std::string, std::unique_ptr<Entry>> entries_;
  std::atomic<int64_t> prepares_{0};  // read by the metrics while a lease prepares
};

// What a repository runs on: the leased session and its prepared statements.
class Sql {
 public:
  Sql(soci::session& session, StatementCache& statements)
      : session_(session), statements_(statements) {}

  // `sql` prepared (once per session) with `bindings` (soci::into / soci::use) exchanged and
  // bound: execute it, fetch its rows.
  template <typename... Bindings>
  Statement Bind(const std::string& sql, Bindings&&... bindings) {
    Statement st = statements_.Prepare(sql);
    (st->exchange(std::forward<Bindings>(bindings)), ...);
    st->define_and_bind();
    return st;
  }
  // Runs `sql` with `bindings`, reading the first row into the into-bindings when there is one;
  // true when a row came.
  template <typename... Bindings>
  bool Run(const std::string& sql, Bindings&&... bindings) {
    return Bind(sql, std::forward<Bindings>(bindings)...)->execute(true);
  }
  // `sql` prepared (once per session), for bindings added one by one.
  Statement Prepare(const std::string& sql) { return statements_.Prepare(sql); }

  soci::session& session() const { return session_; }

 private:
  soci::session& session_;
  StatementCache& statements_;
};

}  // namespace inburgering::persistence
