#pragma once

// SQL implementations of the domain's repositories over one leased session; they run inside the
// caller's transaction and never begin or commit one themselves.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/ports.h"
#include "persistence/database.h"
#include "persistence/statements.h"

namespace inburgering::persistence {

class SqlConsultantRepository final : public domain::ConsultantRepository {
 public:
  explicit SqlConsultantRepository(Sql& sql) : sql_(sql) {}
  absl::Status Insert(const domain::Consultant& consultant) override;
  absl::StatusOr<domain::Consultant> Get(absl::string_view municipality,
                                         absl::string_view id) override;
  absl::Status Update(const domain::Consultant& consultant, int64_t expected_version) override;
  absl::StatusOr<domain::Page<domain::Consultant>> List(const domain::ConsultantFilter& filter,
                                                        const domain::PageRequest& page) override;

 private:
  Sql& sql_;
};

// The WHERE, ORDER BY and LIMIT of a client list page over `clients c`, with the binds
// :municipality, :consultant, :target_group, :phase, :today, :after_family, :after_given,
// :after_id and :limit as the filter needs them. Every filter is served by an index (a test
// reads the query plans).
std::string ClientListWhere(const domain::ClientFilter& filter, bool has_cursor);
// The statement of clients and their assignment histories (a row per assignment, in order)
// under `where_and_order`, ordered by `order`; the statement of a list page is
// ClientSelectSql(ClientListWhere(...), kClientListOrder).
std::string ClientSelectSql(absl::string_view where_and_order, absl::string_view order,
                            Backend backend);
inline constexpr const char* kClientListOrder = "c.family_name, c.given_names, c.id";

// The statement of a case file (SqlTrajectoryRepository::GetCase): the trajectory, its client,
// a row per assignment of the client's history and the client's consultant, bound by
// :municipality, :client_id and :id. Also what bench/floor.cc measures.
const std::string& CaseFileSql();

class SqlClientRepository final : public domain::ClientRepository {
 public:
  SqlClientRepository(Sql& sql, Backend backend) : sql_(sql), backend_(backend) {}
  absl::Status Insert(const domain::Client& client) override;
  absl::StatusOr<domain::Client> Get(absl::string_view municipality, absl::string_view id) override;
  absl::StatusOr<std::optional<domain::Client>> FindByBsn(absl::string_view municipality,
                                                          absl::string_view bsn) override;
  absl::Status Update(const domain::Client& client, int64_t expected_version) override;
  absl::StatusOr<domain::Page<domain::Client>> List(const domain::ClientFilter& filter,
                                                    const domain::PageRequest& page) override;
  absl::Status Delete(absl::string_view municipality, absl::string_view id) override;

 private:
  // The clients matching `where_and_order` (with `:municipality` and the binds `bind` adds),
  // with history, in `order` (the columns `where_and_order` orders by, or a unique key).
  absl::StatusOr<std::vector<domain::Client>> Select(
      const std::string& where_and_order, absl::string_view order,
      const std::function<void(soci::statement&)>& bind);
  absl::Status InsertAssignments(const domain::Client& client, size_t from);
  Sql& sql_;
  Backend backend_;
};

class SqlTrajectoryRepository final : public domain::TrajectoryRepository {
 public:
  explicit SqlTrajectoryRepository(Sql& sql) : sql_(sql) {}
  absl::Status Insert(const domain::Trajectory& trajectory,
                      const domain::TrajectoryIndex& index) override;
  absl::StatusOr<domain::Trajectory> Get(absl::string_view municipality,
                                         absl::string_view client_id,
                                         absl::string_view id) override;
  absl::StatusOr<domain::CaseRecords> GetCase(absl::string_view municipality,
                                              absl::string_view client_id,
                                              absl::string_view id) override;
  absl::Status Update(const domain::Trajectory& trajectory, const domain::TrajectoryIndex& index,
                      int64_t expected_version) override;
  absl::StatusOr<domain::Page<domain::Trajectory>> List(absl::string_view municipality,
                                                        absl::string_view client_id,
                                                        const domain::PageRequest& page) override;
  absl::StatusOr<bool> HasOpen(absl::string_view municipality,
                               absl::string_view client_id) override;
  absl::StatusOr<std::optional<domain::Trajectory>> FindOpen(absl::string_view municipality,
                                                             absl::string_view client_id) override;
  absl::StatusOr<std::vector<domain::TrajectoryKey>> KeysAfter(const domain::TrajectoryKey& after,
                                                               int limit) override;
  absl::StatusOr<std::vector<domain::TrajectoryKey>> ClosedBefore(absl::CivilDay cutoff,
                                                                  int limit) override;
  absl::Status Delete(absl::string_view municipality, absl::string_view id) override;

 private:
  Sql& sql_;
};

// The heads of the journal's multi-row inserts (rows of placeholders follow VALUES), and how
// many columns a row binds, in this order. Also what bench/floor.cc writes.
inline constexpr const char* kJournalAppendAudit =
    "INSERT INTO audit_records (time, trace_id, span_id, request_id, actor, origin, action,"
    " municipality, object, result, changes) VALUES ";
inline constexpr int kAuditColumns = 11;
inline constexpr const char* kJournalAppendProcessing =
    "INSERT INTO processing_records (time, start_time, trace_id, span_id, parent_span_id,"
    " operation_id, activity, status, ldv_status, processing_activity_id, municipality, subject,"
    " data_subject_id_type, foreign_span_id, foreign_processor, resource) VALUES ";
inline constexpr int kProcessingColumns = 16;

class SqlJournalRepository final : public domain::JournalRepository {
 public:
  explicit SqlJournalRepository(Sql& sql) : sql_(sql) {}
  absl::Status Append(const std::vector<domain::AuditRecord>& records) override;
  absl::Status Append(const std::vector<domain::ProcessingRecord>& records) override;
  absl::Status AppendAll(const std::function<bool(domain::ProcessingRecord&)>& next) override;
  absl::StatusOr<domain::Page<domain::ProcessingRecord>> ListProcessing(
      const domain::ProcessingFilter& filter, const domain::PageRequest& page) override;
  absl::StatusOr<std::vector<domain::ProcessingRecord>> ExportProcessing(
      const domain::ProcessingFilter& filter, int limit) override;
  absl::StatusOr<std::vector<domain::AuditRecord>> AuditOf(absl::string_view object) override;
  absl::StatusOr<int64_t> PurgeProcessing(absl::Time before) override;

 private:
  Sql& sql_;
};

class SqlIdempotencyRepository final : public domain::IdempotencyRepository {
 public:
  explicit SqlIdempotencyRepository(Sql& sql) : sql_(sql) {}
  absl::StatusOr<std::optional<domain::IdempotencyRecord>> Find(
      absl::string_view municipality, absl::string_view request_id) override;
  absl::Status Insert(const domain::IdempotencyRecord& record) override;

 private:
  Sql& sql_;
};

class SqlEventRepository final : public domain::EventRepository {
 public:
  SqlEventRepository(Sql& sql, Backend backend) : sql_(sql), backend_(backend) {}
  absl::Status Append(const domain::Event& event) override;
  absl::StatusOr<std::vector<domain::Event>> ReadAfter(const domain::EventPosition& after,
                                                       const domain::EventFilter& filter,
                                                       int limit) override;
  // Whether this transaction appended events (the server wakes its watchers after the commit).
  bool appended() const { return appended_; }

 private:
  Sql& sql_;
  Backend backend_;
  bool appended_ = false;
};

class SqlDuoReportRepository final : public domain::DuoReportRepository {
 public:
  explicit SqlDuoReportRepository(Sql& sql) : sql_(sql) {}
  absl::Status Insert(const domain::DuoReport& report) override;
  absl::StatusOr<domain::DuoReport> Get(absl::string_view municipality,
                                        absl::string_view id) override;
  absl::Status Update(const domain::DuoReport& report, int64_t expected_version) override;
  absl::StatusOr<int64_t> CountInState(domain::DuoReportState state) override;
  absl::StatusOr<domain::Page<domain::DuoReport>> List(const domain::DuoReportFilter& filter,
                                                       const domain::PageRequest& page) override;

 private:
  Sql& sql_;
};

class SqlDuoSignalRepository final : public domain::DuoSignalRepository {
 public:
  explicit SqlDuoSignalRepository(Sql& sql) : sql_(sql) {}
  absl::StatusOr<std::optional<domain::DuoSignalRecord>> Find(absl::string_view municipality,
                                                              absl::string_view signal_id) override;
  absl::Status Insert(const domain::DuoSignalRecord& record) override;

 private:
  Sql& sql_;
};

class SqlProviderRepository final : public domain::ProviderRepository {
 public:
  explicit SqlProviderRepository(Sql& sql) : sql_(sql) {}
  absl::Status Insert(const domain::Provider& provider) override;
  absl::StatusOr<domain::Provider> Get(absl::string_view municipality,
                                       absl::string_view id) override;
  absl::StatusOr<domain::Page<domain::Provider>> List(absl::string_view municipality,
                                                      const domain::PageRequest& page) override;
  absl::Status SaveEnrollment(const domain::ProviderEnrollment& enrollment) override;
  absl::StatusOr<std::optional<domain::ProviderEnrollment>> FindEnrollment(
      absl::string_view municipality, absl::string_view provider_id,
      absl::string_view enrollment_id) override;
  absl::StatusOr<domain::Page<domain::ProviderEnrollment>> ListEnrollments(
      absl::string_view municipality, absl::string_view provider_id,
      const domain::PageRequest& page) override;
  absl::StatusOr<std::optional<domain::ProviderReport>> LatestReport(
      absl::string_view municipality, absl::string_view provider_id,
      absl::string_view record_id) override;
  absl::Status InsertReport(const domain::ProviderReport& report) override;
  absl::StatusOr<int64_t> LastReportSequence(absl::string_view municipality,
                                             absl::string_view provider_id) override;
  absl::StatusOr<domain::Page<domain::ProviderReport>> ListReports(
      const domain::ProviderReportFilter& filter, const domain::PageRequest& page) override;

 private:
  Sql& sql_;
};

// The statements of a CBS delivery over `clients c` and each one's latest trajectory: the
// clients of the municipalities (:m0..) linked before the quarter's end (:before) whose latest
// trajectory had not closed before its start (changed since :since and :since2, for a
// correction). The export reads a chunk of `chunk` records after :after_id in client id order;
// the count counts them. On SQLite neither reads a row, only two covering indexes (a test reads
// the plans).
std::string CbsExportSql(const domain::CbsSelection& selection, int chunk);
std::string CbsCountSql(const domain::CbsSelection& selection);

class SqlReportingRepository final : public domain::ReportingRepository {
 public:
  explicit SqlReportingRepository(Sql& sql) : sql_(sql) {}
  absl::StatusOr<std::vector<domain::CohortGroup>> Cohort(const std::string& municipality, int year,
                                                          absl::CivilDay today) override;
  absl::StatusOr<std::vector<domain::CaseloadRow>> Caseload(const std::string& municipality,
                                                            absl::CivilDay today) override;
  absl::StatusOr<domain::Page<domain::WorkItem>> WorkItems(
      const domain::WorkItemFilter& filter, const domain::PageRequest& page) override;
  absl::Status ExportRecords(
      const domain::CbsSelection& selection,
      const std::function<absl::Status(const domain::CbsRecord&)>& each) override;
  absl::StatusOr<int64_t> CountRecords(const domain::CbsSelection& selection) override;
  absl::StatusOr<std::optional<domain::CbsDelivery>> LastDelivery(
      const std::string& municipality, const std::string& quarter) override;
  absl::Status InsertDelivery(const domain::CbsDelivery& delivery) override;
  absl::StatusOr<domain::Page<domain::CbsDelivery>> ListDeliveries(
      const std::string& municipality, const domain::PageRequest& page) override;

 private:
  // ExportRecords for one municipality's selection, `chunk` rows per statement.
  absl::Status ExportMunicipality(
      const domain::CbsSelection& selection, int chunk,
      const std::function<absl::Status(const domain::CbsRecord&)>& each);

  Sql& sql_;
};

}  // namespace inburgering::persistence
