#pragma once

// The ports the use cases call; persistence/ implements them with SOCI. Every use case does its
// work in one UnitOfWork: one database transaction, so that an RPC never leaves half a change.
//
// Errors: NOT_FOUND for a missing row, ALREADY_EXISTS for a duplicate key, ABORTED for a lost
// optimistic-concurrency race or a serialization failure, UNAVAILABLE when the database cannot be
// reached or no connection is free in time, INTERNAL otherwise (the message never holds data).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/client.h"
#include "domain/consultant.h"
#include "domain/duo_signal.h"
#include "domain/journal.h"
#include "domain/outbox.h"
#include "domain/paging.h"
#include "domain/provider.h"
#include "domain/reporting.h"
#include "domain/reporting_facts.h"
#include "domain/trajectory.h"

namespace inburgering::domain {

struct ConsultantFilter {
  std::string municipality;
  bool include_inactive = false;
};

class ConsultantRepository {
 public:
  virtual ~ConsultantRepository() = default;
  virtual absl::Status Insert(const Consultant& consultant) = 0;
  // Get and List read in one statement (TransactionMode::kOneStatement).
  virtual absl::StatusOr<Consultant> Get(absl::string_view municipality, absl::string_view id) = 0;
  // Writes `consultant` (whose version is already the new one) if the stored version is still
  // `expected_version`; ABORTED otherwise.
  virtual absl::Status Update(const Consultant& consultant, int64_t expected_version) = 0;
  // Ordered by display name, then id.
  virtual absl::StatusOr<Page<Consultant>> List(const ConsultantFilter& filter,
                                                const PageRequest& page) = 0;
};

struct ClientFilter {
  std::string municipality;
  std::optional<std::string> consultant_id;
  std::optional<TargetGroup> target_group;
  std::optional<Phase> phase;                // clients with a trajectory in this phase
  std::optional<absl::CivilDay> overdue_on;  // clients with an open deadline before this day
};

class ClientRepository {
 public:
  virtual ~ClientRepository() = default;
  // ALREADY_EXISTS when the municipality has a client with the same BSN.
  virtual absl::Status Insert(const Client& client) = 0;
  // With the consultant assignment history. Get, FindByBsn and List each read in one statement,
  // so they may run as TransactionMode::kOneStatement.
  virtual absl::StatusOr<Client> Get(absl::string_view municipality, absl::string_view id) = 0;
  virtual absl::StatusOr<std::optional<Client>> FindByBsn(absl::string_view municipality,
                                                          absl::string_view bsn) = 0;
  // Writes the client's fields (version already the new one) if the stored version is still
  // `expected_version`, else ABORTED; appends assignments not stored yet.
  virtual absl::Status Update(const Client& client, int64_t expected_version) = 0;
  // Ordered by family name, given names, id.
  virtual absl::StatusOr<Page<Client>> List(const ClientFilter& filter,
                                            const PageRequest& page) = 0;
  // Removes the client and their consultant history (retention).
  virtual absl::Status Delete(absl::string_view municipality, absl::string_view id) = 0;
};

// The facts of a trajectory that queries filter and sort on, derived by the domain at every save.
struct TrajectoryIndex {
  Phase phase = Phase::kIntake;
  std::optional<Route> route;
  std::optional<absl::CivilDay> first_plan_date;
  std::optional<absl::CivilDay> next_deadline;
  std::optional<absl::CivilDay> closed_on;
  ReportingFacts facts;
};

struct TrajectoryKey {
  std::string municipality;
  std::string client_id;
  std::string id;
};

// What a case file is made of: the trajectory, its client (with the consultant history) and the
// client's consultant, if there is one.
struct CaseRecords {
  Trajectory trajectory;
  Client client;
  std::optional<Consultant> consultant;
};

class TrajectoryRepository {
 public:
  virtual ~TrajectoryRepository() = default;
  virtual absl::Status Insert(const Trajectory& trajectory, const TrajectoryIndex& index) = 0;
  virtual absl::StatusOr<Trajectory> Get(absl::string_view municipality,
                                         absl::string_view client_id, absl::string_view id) = 0;
  // The trajectory with its client and consultant, read together in one statement (a case file
  // in one round trip; it may run as TransactionMode::kOneStatement). NOT_FOUND as Get.
  virtual absl::StatusOr<CaseRecords> GetCase(absl::string_view municipality,
                                              absl::string_view client_id,
                                              absl::string_view id) = 0;
  // As ClientRepository::Update.
  virtual absl::Status Update(const Trajectory& trajectory, const TrajectoryIndex& index,
                              int64_t expected_version) = 0;
  // A client's trajectories, oldest first.
  virtual absl::StatusOr<Page<Trajectory>> List(absl::string_view municipality,
                                                absl::string_view client_id,
                                                const PageRequest& page) = 0;
  virtual absl::StatusOr<bool> HasOpen(absl::string_view municipality,
                                       absl::string_view client_id) = 0;
  // The client's open trajectory, if there is one.
  virtual absl::StatusOr<std::optional<Trajectory>> FindOpen(absl::string_view municipality,
                                                             absl::string_view client_id) = 0;
  // Trajectories closed before `cutoff`, oldest closure first.
  // Up to `limit` trajectories after `after` in (municipality, id) order (empty key: the first).
  virtual absl::StatusOr<std::vector<TrajectoryKey>> KeysAfter(const TrajectoryKey& after,
                                                               int limit) = 0;
  virtual absl::StatusOr<std::vector<TrajectoryKey>> ClosedBefore(absl::CivilDay cutoff,
                                                                  int limit) = 0;
  virtual absl::Status Delete(absl::string_view municipality, absl::string_view id) = 0;
};

// What the first call with a request_id did, so that a retry can answer the same.
struct IdempotencyRecord {
  std::string municipality;
  std::string request_id;
  std::string operation;    // the RPC, e.g. `CreateConsultant`
  std::string fingerprint;  // a digest of the request body
  std::string resource_id;  // the resource the call created or changed
  absl::Time create_time;
};

class IdempotencyRepository {
 public:
  virtual ~IdempotencyRepository() = default;
  virtual absl::StatusOr<std::optional<IdempotencyRecord>> Find(absl::string_view municipality,
                                                                absl::string_view request_id) = 0;
  // ABORTED when a concurrent call recorded the same request_id first (the retry then replays).
  virtual absl::Status Insert(const IdempotencyRecord& record) = 0;
};

struct EventFilter {
  std::vector<std::string> municipalities;  // empty: every municipality
  std::vector<EventType> types;             // empty: every type
};

// The event log: append-only, in commit order.
class EventRepository {
 public:
  virtual ~EventRepository() = default;
  virtual absl::Status Append(const Event& event) = 0;
  // Up to `limit` events after `after` matching `filter`, in log order. Only events whose
  // position is final are returned: no event that commits later can come before the last one
  // returned, so a reader that continues after it misses nothing.
  virtual absl::StatusOr<std::vector<Event>> ReadAfter(const EventPosition& after,
                                                       const EventFilter& filter, int limit) = 0;
};

struct DuoReportFilter {
  std::string municipality;
  std::optional<DuoReportState> state;
  std::optional<std::string> client_id;
};

class DuoReportRepository {
 public:
  virtual ~DuoReportRepository() = default;
  virtual absl::Status Insert(const DuoReport& report) = 0;
  virtual absl::StatusOr<DuoReport> Get(absl::string_view municipality, absl::string_view id) = 0;
  // As ClientRepository::Update.
  virtual absl::Status Update(const DuoReport& report, int64_t expected_version) = 0;
  // Items in `state`, over every municipality (for the metrics endpoint).
  virtual absl::StatusOr<int64_t> CountInState(DuoReportState state) = 0;
  // In the order they were created.
  virtual absl::StatusOr<Page<DuoReport>> List(const DuoReportFilter& filter,
                                               const PageRequest& page) = 0;
};

class DuoSignalRepository {
 public:
  virtual ~DuoSignalRepository() = default;
  virtual absl::StatusOr<std::optional<DuoSignalRecord>> Find(absl::string_view municipality,
                                                              absl::string_view signal_id) = 0;
  // ALREADY_EXISTS when the signal id is recorded (a concurrent call applied it first).
  virtual absl::Status Insert(const DuoSignalRecord& record) = 0;
};

struct ProviderReportFilter {
  std::string municipality;
  std::string provider_id;
  std::string enrollment_id;  // empty: every enrollment's
};

// The providers' register, what each sees of its enrollments, and every version of its reports.
// A trajectory's Delete (the retention purge) removes its enrollments' rows and reports too.
class ProviderRepository {
 public:
  virtual ~ProviderRepository() = default;
  // ALREADY_EXISTS when the id is registered in the municipality.
  virtual absl::Status Insert(const Provider& provider) = 0;
  // Get and List read in one statement (TransactionMode::kOneStatement).
  virtual absl::StatusOr<Provider> Get(absl::string_view municipality, absl::string_view id) = 0;
  virtual absl::StatusOr<Page<Provider>> List(absl::string_view municipality,
                                              const PageRequest& page) = 0;
  // Inserts or replaces the row of `enrollment` (the names and `closed` are not stored).
  virtual absl::Status SaveEnrollment(const ProviderEnrollment& enrollment) = 0;
  virtual absl::StatusOr<std::optional<ProviderEnrollment>> FindEnrollment(
      absl::string_view municipality, absl::string_view provider_id,
      absl::string_view enrollment_id) = 0;
  // Oldest first, with the student's names and whether the trajectory closed.
  virtual absl::StatusOr<Page<ProviderEnrollment>> ListEnrollments(absl::string_view municipality,
                                                                   absl::string_view provider_id,
                                                                   const PageRequest& page) = 0;
  // The current (highest) version of the report `record_id`, if any.
  virtual absl::StatusOr<std::optional<ProviderReport>> LatestReport(
      absl::string_view municipality, absl::string_view provider_id,
      absl::string_view record_id) = 0;
  virtual absl::Status InsertReport(const ProviderReport& report) = 0;
  // The highest `sequence` of the provider's reports (0 when none): the next batch follows it.
  virtual absl::StatusOr<int64_t> LastReportSequence(absl::string_view municipality,
                                                     absl::string_view provider_id) = 0;
  // Every version, in the order received.
  virtual absl::StatusOr<Page<ProviderReport>> ListReports(const ProviderReportFilter& filter,
                                                           const PageRequest& page) = 0;
};

// One transaction. Destroying it without Commit() rolls everything back.
class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;
  virtual ConsultantRepository& consultants() = 0;
  virtual ClientRepository& clients() = 0;
  virtual TrajectoryRepository& trajectories() = 0;
  virtual IdempotencyRepository& idempotency() = 0;
  virtual JournalRepository& journal() = 0;
  virtual EventRepository& events() = 0;
  virtual DuoReportRepository& duo_reports() = 0;
  virtual DuoSignalRepository& duo_signals() = 0;
  virtual ReportingRepository& reporting() = 0;
  virtual ProviderRepository& providers() = 0;
  virtual absl::Status Commit() = 0;

  // A change that finds it was made already (an idempotent replay) answers the earlier outcome
  // and writes nothing: TransactionManager::Change then rolls it back instead of committing.
  void KeepNothing() { keep_nothing_ = true; }
  bool keeps_nothing() const { return keep_nothing_; }

 private:
  bool keep_nothing_ = false;
};

enum class TransactionMode {
  kReadOnly,   // reads in one snapshot
  kReadWrite,  // a change
  // A read of exactly one statement, which is its own snapshot: no transaction around it, so
  // no BEGIN and ROLLBACK (on PostgreSQL two round trips of a read's three). A unit of work in
  // this mode must run one statement; anything more wants kReadOnly.
  kOneStatement,
};

class TransactionManager {
 public:
  virtual ~TransactionManager() = default;
  virtual absl::StatusOr<std::unique_ptr<UnitOfWork>> Begin(TransactionMode mode) = 0;

  // Runs `change` in a read-write unit of work and commits it if it returns OK (and did not
  // call KeepNothing()); rolls it back otherwise. Returns OK only once the change is durable. A
  // manager may run `change` on another thread than the caller's, while the caller waits (SQLite
  // runs the changes waiting for its one writer one after another on the thread that has the turn),
  // so `change` must not depend on thread-local state. Here: Begin(kReadWrite), `change`, Commit().
  virtual absl::Status Change(absl::FunctionRef<absl::Status(UnitOfWork&)> change) {
    absl::StatusOr<std::unique_ptr<UnitOfWork>> work = Begin(TransactionMode::kReadWrite);
    if (!work.ok()) return work.status();
    if (absl::Status done = change(**work); !done.ok()) return done;
    if ((*work)->keeps_nothing()) return absl::OkStatus();
    return (*work)->Commit();
  }
};

// A change that produces a value: `change(UnitOfWork*)` returns absl::StatusOr<T>, which is
// returned once the change is durable (TransactionManager::Change).
template <typename T, typename F>
absl::StatusOr<T> InChange(TransactionManager& transactions, F&& change) {
  std::optional<T> result;
  absl::Status status = transactions.Change([&](UnitOfWork& work) -> absl::Status {
    absl::StatusOr<T> value = change(&work);
    if (!value.ok()) return value.status();
    result = *std::move(value);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return *std::move(result);
}

}  // namespace inburgering::domain
