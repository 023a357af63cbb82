// inburgering-bench-floor: what SQLite alone spends on a read and the journal it owes, with no
// server around it: the floor under R1, R7 and R2 (bench/where-the-time-goes.md). On one thread,
// through SQLite's C API (no SOCI, gRPC, mapping or decoding), for each read: the server's own
// statement (persistence/sql_repositories.h: a case file, or the first page of 50 clients), every
// column stepped and its bytes touched; then, for each batch of --batch reads, the records the
// reads owe in the server's two multi-row inserts (a case file: an audit record and a processing
// record; a page: an audit record and a processing record for each client shown) and one
// durable commit (WAL, synchronous=FULL, as the server runs). With --apart the reads run on a
// connection of their own, as on the server, whose page cache each commit of the journal's
// connection empties.
//
//   inburgering-bench-floor --database /tmp/copy.db [--workload casefile|list] [--seconds 5]
//                           [--batch 12] [--apart] [--seed 1]
//   inburgering-bench-floor --sql [--workload casefile|list]   (the statement, for pgbench)
//
// Prints one JSON object: reads, commits, and per read the thread's CPU (user and system) for
// the statement and for the journal with its commit.
// Writes journal rows: run it on a copy.

#include <sqlite3.h>
#include <time.h>

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "persistence/sql_repositories.h"

namespace {

namespace p = inburgering::persistence;

struct Key {
  std::string municipality, client_id, id;
};

[[noreturn]] void Fail(sqlite3* db, const std::string& what) {
  std::cerr << "inburgering-bench-floor: " << what << ": " << sqlite3_errmsg(db) << "\n";
  std::exit(1);
}

void Exec(sqlite3* db, const char* sql) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) Fail(db, sql);
}

sqlite3_stmt* Prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) !=
      SQLITE_OK) {
    Fail(db, "prepare");
  }
  return st;
}

// `head` followed by `rows` rows of `columns` positional parameters.
std::string MultiRow(const char* head, int rows, int columns) {
  std::string sql = head;
  for (int r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ", (";
    for (int c = 0; c < columns; ++c) sql += c == 0 ? "?" : ", ?";
    sql += ")";
  }
  return sql;
}

double ThreadCpuMicros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

double MonotonicSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

class Hex {
 public:
  explicit Hex(uint64_t seed) : random_(seed) {}
  std::string Next(int digits) {
    std::string out;
    while (static_cast<int>(out.size()) < digits) {
      absl::StrAppend(&out, absl::Hex(random_(), absl::kZeroPad16));
    }
    out.resize(static_cast<size_t>(digits));
    return out;
  }

 private:
  std::mt19937_64 random_;
};

// A stand-in for the server's pseudonym of a client (a keyed hash, persistence cannot compute
// it): 32 hex digits that are the same for the same client and spread like a hash, so that a
// client's records land where the server's would (the same leaf each time it is read).
std::string Pseudonym(const std::string& client_id) {
  uint64_t h1 = 1469598103934665603ULL;
  uint64_t h2 = 1099511628211ULL * 31;
  for (const char ch : client_id) {
    h1 = (h1 ^ static_cast<unsigned char>(ch)) * 1099511628211ULL;
    h2 = (h2 ^ static_cast<unsigned char>(ch)) * 6364136223846793005ULL;
  }
  return absl::StrCat(absl::Hex(h1, absl::kZeroPad16), absl::Hex(h2, absl::kZeroPad16));
}

void BindText(sqlite3_stmt* st, int index, const std::string& value) {
  sqlite3_bind_text(st, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
}

void BindNamed(sqlite3* db, sqlite3_stmt* st, const char* name, const std::string& value) {
  const int index = sqlite3_bind_parameter_index(st, name);
  if (index == 0) Fail(db, absl::StrCat("the statement has no ", name));
  BindText(st, index, value);
}

// The server's statements: a case file, and the first page of 50 clients of a municipality.
std::string ReadSql(bool list) {
  if (!list) return p::CaseFileSql();
  inburgering::domain::ClientFilter filter;
  filter.municipality = "0303";
  return p::ClientSelectSql(p::ClientListWhere(filter, false), p::kClientListOrder,
                            p::Backend::kSqlite);
}

}  // namespace

int main(int argc, char** argv) {
  std::string path;
  std::string workload = "casefile";
  bool print_sql = false;
  double seconds = 5;
  int batch = 12;
  uint64_t seed = 1;
  bool apart = false;
  CLI::App cli{"inburgering-bench-floor: SQLite's own cost of a read and its journal"};
  auto* database =
      cli.add_option("--database", path, "a copy of a bench database (journal rows are written)");
  cli.add_flag("--sql", print_sql,
               "print the workload's read statement and stop (the bench runs it in pgbench)");
  cli.add_option("--workload", workload,
                 "casefile: GetCaseFile (an audit and a processing record); list: the first page "
                 "of 50 clients of municipality 0303 (an audit record and 50 processing records)")
      ->check(CLI::IsMember({"casefile", "list"}));
  cli.add_option("--seconds", seconds, "how long to read")->check(CLI::PositiveNumber);
  cli.add_option("--batch", batch,
                 "reads a durable commit carries (the server's: 12-13 case files)")
      ->check(CLI::Range(1, 32));
  cli.add_option("--seed", seed, "the order of the case files read");
  cli.add_flag("--apart", apart,
               "read on a second connection, as the server's sessions do: each commit of the "
               "journal's connection empties its page cache");
  CLI11_PARSE(cli, argc, argv);
  const bool list = workload == "list";
  if (print_sql) {
    std::cout << ReadSql(list) << "\n";
    return 0;
  }
  if (database->count() == 0) {
    std::cerr << "inburgering-bench-floor: --database is required\n";
    return 1;
  }
  const int people = list ? 50 : 1;  // processing records a read owes: one per person shown

  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    Fail(db, "open");
  }
  // As the server opens its sessions (persistence/database.cc).
  Exec(db, "PRAGMA journal_mode = WAL");
  Exec(db, "PRAGMA synchronous = FULL");
  Exec(db, "PRAGMA foreign_keys = ON");
  sqlite3* reader = db;
  if (apart &&
      sqlite3_open_v2(path.c_str(), &reader, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    Fail(reader, "open");
  }

  std::vector<Key> keys;
  {
    sqlite3_stmt* st = Prepare(db, "SELECT municipality, client_id, id FROM trajectories");
    while (sqlite3_step(st) == SQLITE_ROW) {
      Key k;
      for (auto [i, s] : {std::pair{0, &k.municipality}, {1, &k.client_id}, {2, &k.id}}) {
        *s = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
      }
      keys.push_back(std::move(k));
    }
    sqlite3_finalize(st);
  }
  if (keys.empty()) {
    std::cerr << "inburgering-bench-floor: the database holds no trajectory\n";
    return 1;
  }
  std::mt19937_64 random(seed);
  std::shuffle(keys.begin(), keys.end(), random);
  Hex hex(seed + 1);

  sqlite3_stmt* read = Prepare(reader, ReadSql(list));
  sqlite3_stmt* audit = Prepare(db, MultiRow(p::kJournalAppendAudit, batch, p::kAuditColumns));
  sqlite3_stmt* processing =
      Prepare(db, MultiRow(p::kJournalAppendProcessing, batch * people, p::kProcessingColumns));
  sqlite3_stmt* begin = Prepare(db, "BEGIN IMMEDIATE");
  sqlite3_stmt* commit = Prepare(db, "COMMIT");

  double read_us = 0;
  double journal_us = 0;
  int64_t reads = 0;
  int64_t commits = 0;
  int64_t rows = 0;
  const double started = MonotonicSeconds();
  size_t next = 0;
  const std::string action = list ? "ListClients" : "GetCaseFile";
  std::vector<std::vector<std::string>> shown;  // per read of the batch: the clients it showed
  while (MonotonicSeconds() - started < seconds) {
    std::vector<const Key*> done;
    shown.assign(static_cast<size_t>(batch), {});
    const double t0 = ThreadCpuMicros();
    for (int i = 0; i < batch; ++i) {
      const Key& k = keys[next++ % keys.size()];
      if (list) {
        BindNamed(reader, read, ":municipality", "0303");
        sqlite3_bind_int(read, sqlite3_bind_parameter_index(read, ":limit"), people + 1);
      } else {
        BindNamed(reader, read, ":municipality", k.municipality);
        BindNamed(reader, read, ":client_id", k.client_id);
        BindNamed(reader, read, ":id", k.id);
      }
      int rc = 0;
      while ((rc = sqlite3_step(read)) == SQLITE_ROW) {
        // Every column as the server takes it: numbers as numbers, text as its bytes.
        for (int c = 0; c < sqlite3_column_count(read); ++c) {
          if (sqlite3_column_type(read, c) == SQLITE_INTEGER) {
            sqlite3_column_int64(read, c);
          } else {
            sqlite3_column_blob(read, c);
            sqlite3_column_bytes(read, c);
          }
        }
        ++rows;
        // The clients shown, each once (a client's history rows come together); column 1 is the
        // client's id in both statements.
        const auto* id = reinterpret_cast<const char*>(sqlite3_column_text(read, 1));
        auto& clients = shown[static_cast<size_t>(i)];
        if (static_cast<int>(clients.size()) < people &&
            (clients.empty() || clients.back() != id)) {
          clients.emplace_back(id);
        }
      }
      if (rc != SQLITE_DONE) Fail(reader, "read");
      if (static_cast<int>(shown[static_cast<size_t>(i)].size()) != people) {
        std::cerr << "inburgering-bench-floor: a read showed fewer than " << people << " clients\n";
        return 1;
      }
      sqlite3_reset(read);
      done.push_back(&k);
    }
    const double t1 = ThreadCpuMicros();
    read_us += t1 - t0;

    // The records the batch's reads owe, column by column as the server writes them (the values
    // of a run of `make bench`: ids random, each client's pseudonym the same at every read, as
    // the server's, so that the indexes by object and by subject grow where the server's do).
    const int64_t now = absl::ToUnixMicros(absl::Now());
    int a = 1;
    int p = 1;
    // A row's text columns after its times, bound in the insert's order.
    const auto bind_row = [&](sqlite3_stmt* st, int& index, int times, int columns,
                              const std::vector<std::string>& texts) {
      if (times + static_cast<int>(texts.size()) != columns) {
        Fail(db, "the journal's columns have changed: update bench/floor.cc");
      }
      for (int t = 0; t < times; ++t) sqlite3_bind_int64(st, index++, now - int64_t{400} * t);
      for (const std::string& text : texts) BindText(st, index++, text);
    };
    for (size_t r = 0; r < done.size(); ++r) {
      const Key* k = done[r];
      const std::string object = list
                                     ? absl::StrCat("municipalities/", k->municipality)
                                     : absl::StrCat("municipalities/", k->municipality, "/clients/",
                                                    k->client_id, "/trajectories/", k->id);
      const std::string trace = hex.Next(32);
      const std::string span = hex.Next(16);
      const std::string request = hex.Next(32);
      // time, trace_id, span_id, request_id, actor, origin, action, municipality, object,
      // result, changes
      bind_row(audit, a, 1, p::kAuditColumns,
               {trace, span, request, "bench", "ipv4:127.0.0.1:38510", action, k->municipality,
                object, "OK", ""});
      for (const std::string& client : shown[r]) {
        // time, start_time, trace_id, span_id, parent_span_id, operation_id, activity, status,
        // ldv_status, processing_activity_id, municipality, subject, data_subject_id_type,
        // foreign_span_id, foreign_processor, resource
        bind_row(processing, p, 2, p::kProcessingColumns,
                 {trace, hex.Next(16), span, request, action, "OK", "Ok",
                  "urn:inburgering:processing-activity:intake_and_plan", k->municipality,
                  Pseudonym(client), "urn:inburgering:pseudonym:client", "", "",
                  "service.name=inburgering;service.version=0.1.0"});
      }
    }
    for (sqlite3_stmt* st : {begin, audit, processing, commit}) {
      if (sqlite3_step(st) != SQLITE_DONE) Fail(db, "journal");
      sqlite3_reset(st);
    }
    sqlite3_clear_bindings(audit);
    sqlite3_clear_bindings(processing);
    journal_us += ThreadCpuMicros() - t1;
    reads += batch;
    ++commits;
  }
  const double wall = MonotonicSeconds() - started;
  for (sqlite3_stmt* st : {read, audit, processing, begin, commit}) sqlite3_finalize(st);
  if (apart) sqlite3_close(reader);
  sqlite3_close(db);

  const auto per_read = [&](double total) { return total / static_cast<double>(reads); };
  std::cout << absl::StrFormat(
      "{\"workload\": \"%s\", \"reads\": %d, \"commits\": %d, \"seconds\": %.3f, \"batch\": %d,"
      " \"rows_per_read\": %.1f, \"statement_cpu_us_per_read\": %.2f,"
      " \"journal_cpu_us_per_read\": %.2f}\n",
      workload, reads, commits, wall, batch, per_read(static_cast<double>(rows)), per_read(read_us),
      per_read(journal_us));
  return 0;
}
