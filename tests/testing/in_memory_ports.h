#pragma once

// In-memory fakes of the domain's ports (domain/ports.h), for use-case tests that run without a
// database in milliseconds. A unit of work works on a copy of the data and writes it back on
// Commit; one without Commit changes nothing, as a rolled-back transaction. Version checks,
// the BSN's uniqueness and the request_id's uniqueness behave as the SQL repositories do; the
// reporting queries are not faked (UNIMPLEMENTED): their tests run on SQLite and PostgreSQL.
// Header-only, so that the domain's tests link the domain alone.

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "domain/errors.h"
#include "domain/ids.h"
#include "domain/ports.h"
#include "domain/status_macros.h"

namespace inburgering::testing {

// Everything the fakes store.
struct InMemoryData {
  using Key = std::pair<std::string, std::string>;  // municipality, id
  std::map<Key, domain::Consultant> consultants;
  std::map<Key, domain::Client> clients;
  // municipality, client id, id
  std::map<std::tuple<std::string, std::string, std::string>,
           std::pair<domain::Trajectory, domain::TrajectoryIndex>>
      trajectories;
  std::map<Key, domain::IdempotencyRecord> idempotency;  // municipality, request_id
  std::vector<domain::AuditRecord> audit;
  std::vector<domain::ProcessingRecord> processing;
  std::vector<domain::Event> events;
  std::map<Key, domain::DuoReport> duo_reports;
  std::map<Key, domain::DuoSignalRecord> duo_signals;  // municipality, signal id
  std::map<Key, domain::Provider> providers;
  // municipality, provider id, enrollment id
  std::map<std::tuple<std::string, std::string, std::string>, domain::ProviderEnrollment>
      provider_enrollments;
  std::vector<domain::ProviderReport> provider_reports;  // in the order received
};

// Ids "id1", "id2", ... in order.
class SequentialIds final : public domain::IdGenerator {
 public:
  std::string NewId() override { return absl::StrCat("id", ++next_); }

 private:
  int next_ = 0;
};

namespace fake {

using Key = InMemoryData::Key;
inline Key K(absl::string_view a, absl::string_view b) { return {std::string(a), std::string(b)}; }
template <typename Map, typename K>
auto Find(Map& map, const K& key, const char* what) -> absl::StatusOr<typename Map::mapped_type> {
  auto it = map.find(key);
  if (it == map.end()) return domain::NotFound(absl::StrCat(what, " not found"));
  return it->second;
}
// Writes `value` over the stored one if its version is still `expected`; ABORTED otherwise.
template <typename T>
absl::Status Replace(T& stored, const T& value, int64_t expected) {
  RETURN_IF_ERROR(domain::RequireVersion(stored, expected));
  stored = value;
  return absl::OkStatus();
}

class Consultants final : public domain::ConsultantRepository {
 public:
  explicit Consultants(InMemoryData& data) : data_(data) {}

  absl::Status Insert(const domain::Consultant& c) override {
    return data_.consultants.emplace(K(c.municipality, c.id), c).second
               ? absl::OkStatus()
               : absl::AlreadyExistsError("consultant exists");
  }
  absl::StatusOr<domain::Consultant> Get(absl::string_view municipality,
                                         absl::string_view id) override {
    return Find(data_.consultants, K(municipality, id), "consultant");
  }
  absl::Status Update(const domain::Consultant& c, int64_t expected) override {
    auto it = data_.consultants.find(K(c.municipality, c.id));
    if (it == data_.consultants.end()) return domain::StaleEtag();
    return Replace(it->second, c, expected);
  }
  absl::StatusOr<domain::Page<domain::Consultant>> List(const domain::ConsultantFilter& filter,
                                                        const domain::PageRequest&) override {
    domain::Page<domain::Consultant> page;
    for (const auto& [key, c] : data_.consultants) {
      if (key.first == filter.municipality && (c.active || filter.include_inactive)) {
        page.items.push_back(c);
      }
    }
    std::sort(page.items.begin(), page.items.end(), [](const auto& a, const auto& b) {
      return std::tie(a.display_name, a.id) < std::tie(b.display_name, b.id);
    });
    return page;
  }

 private:
  InMemoryData& data_;
};

class Clients final : public domain::ClientRepository {
 public:
  explicit Clients(InMemoryData& data) : data_(data) {}

  absl::Status Insert(const domain::Client& c) override {
    for (const auto& [key, other] : data_.clients) {
      if (key.first == c.municipality && other.bsn == c.bsn) {
        return absl::AlreadyExistsError("the municipality has a client with this BSN");
      }
    }
    data_.clients.emplace(K(c.municipality, c.id), c);
    return absl::OkStatus();
  }
  absl::StatusOr<domain::Client> Get(absl::string_view municipality,
                                     absl::string_view id) override {
    return Find(data_.clients, K(municipality, id), "client");
  }
  absl::StatusOr<std::optional<domain::Client>> FindByBsn(absl::string_view municipality,
                                                          absl::string_view bsn) override {
    for (const auto& [key, c] : data_.clients) {
      if (key.first == municipality && c.bsn == bsn) return std::optional<domain::Client>(c);
    }
    return std::optional<domain::Client>();
  }
  absl::Status Update(const domain::Client& c, int64_t expected) override {
    auto it = data_.clients.find(K(c.municipality, c.id));
    if (it == data_.clients.end()) return domain::StaleEtag();
    return Replace(it->second, c, expected);
  }
  absl::StatusOr<domain::Page<domain::Client>> List(const domain::ClientFilter& filter,
                                                    const domain::PageRequest&) override {
    domain::Page<domain::Client> page;
    for (const auto& [key, c] : data_.clients) {
      if (key.first == filter.municipality) page.items.push_back(c);
    }
    return page;
  }
  absl::Status Delete(absl::string_view municipality, absl::string_view id) override {
    data_.clients.erase(K(municipality, id));
    return absl::OkStatus();
  }

 private:
  InMemoryData& data_;
};

class Trajectories final : public domain::TrajectoryRepository {
 public:
  explicit Trajectories(InMemoryData& data) : data_(data) {}

  absl::Status Insert(const domain::Trajectory& t, const domain::TrajectoryIndex& index) override {
    data_.trajectories[{t.municipality, t.client_id, t.id}] = {t, index};
    return absl::OkStatus();
  }
  absl::StatusOr<domain::Trajectory> Get(absl::string_view municipality,
                                         absl::string_view client_id,
                                         absl::string_view id) override {
    auto it = data_.trajectories.find(
        {std::string(municipality), std::string(client_id), std::string(id)});
    if (it == data_.trajectories.end()) return domain::NotFound("trajectory not found");
    return it->second.first;
  }
  absl::StatusOr<domain::CaseRecords> GetCase(absl::string_view municipality,
                                              absl::string_view client_id,
                                              absl::string_view id) override {
    domain::CaseRecords records;
    ASSIGN_OR_RETURN(records.trajectory, Get(municipality, client_id, id));
    auto client = data_.clients.find({std::string(municipality), std::string(client_id)});
    if (client == data_.clients.end()) return domain::NotFound("trajectory not found");
    records.client = client->second;
    auto consultant =
        data_.consultants.find({records.client.municipality, records.client.consultant_id});
    if (consultant != data_.consultants.end()) records.consultant = consultant->second;
    return records;
  }
  absl::Status Update(const domain::Trajectory& t, const domain::TrajectoryIndex& index,
                      int64_t expected) override {
    auto it = data_.trajectories.find({t.municipality, t.client_id, t.id});
    if (it == data_.trajectories.end()) return domain::StaleEtag();
    RETURN_IF_ERROR(Replace(it->second.first, t, expected));
    it->second.second = index;
    return absl::OkStatus();
  }
  std::vector<domain::Trajectory> Of(absl::string_view municipality, absl::string_view client) {
    std::vector<domain::Trajectory> found;
    for (const auto& [key, value] : data_.trajectories) {
      if (std::get<0>(key) == municipality && std::get<1>(key) == client) {
        found.push_back(value.first);
      }
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      return std::tie(a.create_time, a.id) < std::tie(b.create_time, b.id);
    });
    return found;
  }
  absl::StatusOr<domain::Page<domain::Trajectory>> List(absl::string_view municipality,
                                                        absl::string_view client_id,
                                                        const domain::PageRequest&) override {
    domain::Page<domain::Trajectory> page;
    page.items = Of(municipality, client_id);
    return page;
  }
  absl::StatusOr<bool> HasOpen(absl::string_view municipality,
                               absl::string_view client_id) override {
    ASSIGN_OR_RETURN(std::optional<domain::Trajectory> open, FindOpen(municipality, client_id));
    return open.has_value();
  }
  absl::StatusOr<std::optional<domain::Trajectory>> FindOpen(absl::string_view municipality,
                                                             absl::string_view client_id) override {
    for (domain::Trajectory& t : Of(municipality, client_id)) {
      if (!t.closure) return std::optional<domain::Trajectory>(std::move(t));
    }
    return std::optional<domain::Trajectory>();
  }
  absl::StatusOr<std::vector<domain::TrajectoryKey>> KeysAfter(const domain::TrajectoryKey&,
                                                               int) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<std::vector<domain::TrajectoryKey>> ClosedBefore(absl::CivilDay, int) override {
    return absl::UnimplementedError("not faked");
  }
  absl::Status Delete(absl::string_view municipality, absl::string_view id) override {
    for (auto it = data_.trajectories.begin(); it != data_.trajectories.end();) {
      const bool match = std::get<0>(it->first) == municipality && std::get<2>(it->first) == id;
      it = match ? data_.trajectories.erase(it) : std::next(it);
    }
    return absl::OkStatus();
  }

 private:
  InMemoryData& data_;
};

class Idempotency final : public domain::IdempotencyRepository {
 public:
  explicit Idempotency(InMemoryData& data) : data_(data) {}

  absl::StatusOr<std::optional<domain::IdempotencyRecord>> Find(
      absl::string_view municipality, absl::string_view request_id) override {
    auto it = data_.idempotency.find(K(municipality, request_id));
    if (it == data_.idempotency.end()) return std::optional<domain::IdempotencyRecord>();
    return std::optional<domain::IdempotencyRecord>(it->second);
  }
  absl::Status Insert(const domain::IdempotencyRecord& r) override {
    return data_.idempotency.emplace(K(r.municipality, r.request_id), r).second
               ? absl::OkStatus()
               : absl::AbortedError("request id recorded concurrently");
  }

 private:
  InMemoryData& data_;
};

class Journal final : public domain::JournalRepository {
 public:
  explicit Journal(InMemoryData& data) : data_(data) {}

  absl::Status Append(const std::vector<domain::AuditRecord>& records) override {
    for (const domain::AuditRecord& r : records) {
      data_.audit.push_back(r);
      data_.audit.back().id = static_cast<int64_t>(data_.audit.size());
    }
    return absl::OkStatus();
  }
  absl::Status Append(const std::vector<domain::ProcessingRecord>& records) override {
    data_.processing.insert(data_.processing.end(), records.begin(), records.end());
    return absl::OkStatus();
  }
  absl::Status AppendAll(const std::function<bool(domain::ProcessingRecord&)>& next) override {
    domain::ProcessingRecord r;
    while (next(r)) data_.processing.push_back(r);
    return absl::OkStatus();
  }
  absl::StatusOr<domain::Page<domain::ProcessingRecord>> ListProcessing(
      const domain::ProcessingFilter& filter, const domain::PageRequest&) override {
    domain::Page<domain::ProcessingRecord> page;
    for (const domain::ProcessingRecord& r : data_.processing) {
      if ((filter.municipality.empty() || r.municipality == filter.municipality) &&
          (!filter.subject || r.subject == *filter.subject)) {
        page.items.push_back(r);
      }
    }
    return page;
  }
  absl::StatusOr<std::vector<domain::ProcessingRecord>> ExportProcessing(
      const domain::ProcessingFilter& filter, int limit) override {
    std::vector<domain::ProcessingRecord> found;
    for (size_t i = 0; i < data_.processing.size() && static_cast<int>(found.size()) < limit; ++i) {
      const domain::ProcessingRecord& r = data_.processing[i];
      if (static_cast<int64_t>(i) + 1 > filter.after_id &&
          (filter.municipality.empty() || r.municipality == filter.municipality)) {
        found.push_back(r);
        found.back().id = static_cast<int64_t>(i) + 1;
      }
    }
    return found;
  }
  absl::StatusOr<int64_t> PurgeProcessing(absl::Time before) override {
    const auto old =
        std::remove_if(data_.processing.begin(), data_.processing.end(),
                       [&](const domain::ProcessingRecord& r) { return r.time < before; });
    const int64_t purged = data_.processing.end() - old;
    data_.processing.erase(old, data_.processing.end());
    return purged;
  }
  absl::StatusOr<std::vector<domain::AuditRecord>> AuditOf(absl::string_view object) override {
    std::vector<domain::AuditRecord> found;
    for (const domain::AuditRecord& r : data_.audit) {
      if (r.object == object) found.push_back(r);
    }
    return found;
  }

 private:
  InMemoryData& data_;
};

class Events final : public domain::EventRepository {
 public:
  explicit Events(InMemoryData& data) : data_(data) {}

  absl::Status Append(const domain::Event& e) override {
    data_.events.push_back(e);
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<domain::Event>> ReadAfter(const domain::EventPosition&,
                                                       const domain::EventFilter&, int) override {
    return absl::UnimplementedError("not faked");
  }

 private:
  InMemoryData& data_;
};

class DuoReports final : public domain::DuoReportRepository {
 public:
  explicit DuoReports(InMemoryData& data) : data_(data) {}

  absl::Status Insert(const domain::DuoReport& r) override {
    data_.duo_reports.emplace(K(r.municipality, r.id), r);
    return absl::OkStatus();
  }
  absl::StatusOr<domain::DuoReport> Get(absl::string_view municipality,
                                        absl::string_view id) override {
    return Find(data_.duo_reports, K(municipality, id), "DUO report");
  }
  absl::Status Update(const domain::DuoReport& r, int64_t expected) override {
    auto it = data_.duo_reports.find(K(r.municipality, r.id));
    if (it == data_.duo_reports.end()) return domain::StaleEtag();
    return Replace(it->second, r, expected);
  }
  absl::StatusOr<int64_t> CountInState(domain::DuoReportState state) override {
    return static_cast<int64_t>(
        std::count_if(data_.duo_reports.begin(), data_.duo_reports.end(),
                      [&](const auto& entry) { return entry.second.state == state; }));
  }
  absl::StatusOr<domain::Page<domain::DuoReport>> List(const domain::DuoReportFilter& filter,
                                                       const domain::PageRequest&) override {
    domain::Page<domain::DuoReport> page;
    for (const auto& [key, r] : data_.duo_reports) {
      if (key.first == filter.municipality && (!filter.state || r.state == *filter.state) &&
          (!filter.client_id || r.client_id == *filter.client_id)) {
        page.items.push_back(r);
      }
    }
    return page;
  }

 private:
  InMemoryData& data_;
};

class DuoSignals final : public domain::DuoSignalRepository {
 public:
  explicit DuoSignals(InMemoryData& data) : data_(data) {}

  absl::StatusOr<std::optional<domain::DuoSignalRecord>> Find(
      absl::string_view municipality, absl::string_view signal_id) override {
    auto it = data_.duo_signals.find(K(municipality, signal_id));
    if (it == data_.duo_signals.end()) return std::optional<domain::DuoSignalRecord>();
    return std::optional<domain::DuoSignalRecord>(it->second);
  }
  absl::Status Insert(const domain::DuoSignalRecord& r) override {
    return data_.duo_signals.emplace(K(r.municipality, r.signal_id), r).second
               ? absl::OkStatus()
               : absl::AlreadyExistsError("signal recorded");
  }

 private:
  InMemoryData& data_;
};

class Reporting final : public domain::ReportingRepository {
 public:
  explicit Reporting(InMemoryData& /*data*/) {}

  absl::StatusOr<std::vector<domain::CohortGroup>> Cohort(const std::string&, int,
                                                          absl::CivilDay) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<std::vector<domain::CaseloadRow>> Caseload(const std::string&,
                                                            absl::CivilDay) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<domain::Page<domain::WorkItem>> WorkItems(const domain::WorkItemFilter&,
                                                           const domain::PageRequest&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::Status ExportRecords(
      const domain::CbsSelection&,
      const std::function<absl::Status(const domain::CbsRecord&)>&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<int64_t> CountRecords(const domain::CbsSelection&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<std::optional<domain::CbsDelivery>> LastDelivery(const std::string&,
                                                                  const std::string&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::Status InsertDelivery(const domain::CbsDelivery&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<domain::Page<domain::CbsDelivery>> ListDeliveries(
      const std::string&, const domain::PageRequest&) override {
    return absl::UnimplementedError("not faked");
  }
};

// The register, the enrollments and the reports; the lists answer one page of everything.
class Providers final : public domain::ProviderRepository {
 public:
  explicit Providers(InMemoryData& data) : data_(data) {}

  absl::Status Insert(const domain::Provider& p) override {
    return data_.providers.emplace(InMemoryData::Key(p.municipality, p.id), p).second
               ? absl::OkStatus()
               : absl::AlreadyExistsError("duplicate key");
  }
  absl::StatusOr<domain::Provider> Get(absl::string_view municipality,
                                       absl::string_view id) override {
    auto it = data_.providers.find(InMemoryData::Key(municipality, id));
    if (it == data_.providers.end()) return domain::NotFound("provider not found");
    return it->second;
  }
  absl::StatusOr<domain::Page<domain::Provider>> List(absl::string_view municipality,
                                                      const domain::PageRequest&) override {
    domain::Page<domain::Provider> page;
    for (const auto& [key, p] : data_.providers) {
      if (key.first == municipality) page.items.push_back(p);
    }
    return page;
  }
  absl::Status SaveEnrollment(const domain::ProviderEnrollment& e) override {
    data_.provider_enrollments[{e.municipality, e.provider_id, e.enrollment_id}] = e;
    return absl::OkStatus();
  }
  absl::StatusOr<std::optional<domain::ProviderEnrollment>> FindEnrollment(
      absl::string_view municipality, absl::string_view provider_id,
      absl::string_view enrollment_id) override {
    auto it = data_.provider_enrollments.find(
        {std::string(municipality), std::string(provider_id), std::string(enrollment_id)});
    if (it == data_.provider_enrollments.end()) {
      return std::optional<domain::ProviderEnrollment>();
    }
    return std::optional<domain::ProviderEnrollment>(it->second);
  }
  absl::StatusOr<domain::Page<domain::ProviderEnrollment>> ListEnrollments(
      absl::string_view municipality, absl::string_view provider_id,
      const domain::PageRequest&) override {
    domain::Page<domain::ProviderEnrollment> page;
    for (const auto& [key, e] : data_.provider_enrollments) {
      if (std::get<0>(key) == municipality && std::get<1>(key) == provider_id) {
        page.items.push_back(e);
      }
    }
    return page;
  }
  absl::StatusOr<std::optional<domain::ProviderReport>> LatestReport(
      absl::string_view municipality, absl::string_view provider_id,
      absl::string_view record_id) override {
    std::optional<domain::ProviderReport> latest;
    for (const domain::ProviderReport& r : data_.provider_reports) {
      if (r.municipality == municipality && r.provider_id == provider_id &&
          r.record_id == record_id && (!latest || r.version > latest->version)) {
        latest = r;
      }
    }
    return latest;
  }
  absl::Status InsertReport(const domain::ProviderReport& r) override {
    data_.provider_reports.push_back(r);
    return absl::OkStatus();
  }
  absl::StatusOr<int64_t> LastReportSequence(absl::string_view municipality,
                                             absl::string_view provider_id) override {
    int64_t last = 0;
    for (const domain::ProviderReport& r : data_.provider_reports) {
      if (r.municipality == municipality && r.provider_id == provider_id) {
        last = std::max(last, r.sequence);
      }
    }
    return last;
  }
  absl::StatusOr<domain::Page<domain::ProviderReport>> ListReports(
      const domain::ProviderReportFilter& filter, const domain::PageRequest&) override {
    domain::Page<domain::ProviderReport> page;
    for (const domain::ProviderReport& r : data_.provider_reports) {
      if (r.municipality == filter.municipality && r.provider_id == filter.provider_id &&
          (filter.enrollment_id.empty() || r.enrollment_id == filter.enrollment_id)) {
        page.items.push_back(r);
      }
    }
    return page;
  }

 private:
  InMemoryData& data_;
};

}  // namespace fake

class InMemoryUnitOfWork final : public domain::UnitOfWork {
 public:
  InMemoryUnitOfWork(InMemoryData data, std::function<void(InMemoryData)> commit)
      : data_(std::move(data)), commit_(std::move(commit)) {}

  domain::ConsultantRepository& consultants() override { return consultants_; }
  domain::ClientRepository& clients() override { return clients_; }
  domain::TrajectoryRepository& trajectories() override { return trajectories_; }
  domain::IdempotencyRepository& idempotency() override { return idempotency_; }
  domain::JournalRepository& journal() override { return journal_; }
  domain::EventRepository& events() override { return events_; }
  domain::DuoReportRepository& duo_reports() override { return duo_reports_; }
  domain::DuoSignalRepository& duo_signals() override { return duo_signals_; }
  domain::ReportingRepository& reporting() override { return reporting_; }
  domain::ProviderRepository& providers() override { return providers_; }
  absl::Status Commit() override {
    if (commit_) commit_(std::move(data_));
    commit_ = nullptr;
    return absl::OkStatus();
  }

 private:
  InMemoryData data_;
  std::function<void(InMemoryData)> commit_;
  fake::Consultants consultants_{data_};
  fake::Clients clients_{data_};
  fake::Trajectories trajectories_{data_};
  fake::Idempotency idempotency_{data_};
  fake::Journal journal_{data_};
  fake::Events events_{data_};
  fake::DuoReports duo_reports_{data_};
  fake::DuoSignals duo_signals_{data_};
  fake::Reporting reporting_{data_};
  fake::Providers providers_{data_};
};

// Units of work over one InMemoryData; commits are serialized, the last one wins (the use cases
// under test run one at a time). `data()` is what committed units of work left.
class InMemoryTransactionManager final : public domain::TransactionManager {
 public:
  absl::StatusOr<std::unique_ptr<domain::UnitOfWork>> Begin(domain::TransactionMode mode) override {
    absl::MutexLock lock(&mu_);
    ++begun_;
    std::function<void(InMemoryData)> commit;
    if (mode == domain::TransactionMode::kReadWrite) {
      commit = [this](InMemoryData data) {
        absl::MutexLock lock(&mu_);
        data_ = std::move(data);
        ++commits_;
      };
    }
    return std::unique_ptr<domain::UnitOfWork>(
        std::make_unique<InMemoryUnitOfWork>(data_, std::move(commit)));
  }

  InMemoryData data() const {
    absl::MutexLock lock(&mu_);
    return data_;
  }
  int commits() const {
    absl::MutexLock lock(&mu_);
    return commits_;
  }
  int begun() const {
    absl::MutexLock lock(&mu_);
    return begun_;
  }
  // Seeds the data directly (a test's fixture).
  void Seed(const std::function<void(InMemoryData&)>& seed) {
    absl::MutexLock lock(&mu_);
    seed(data_);
  }

 private:
  mutable absl::Mutex mu_;
  InMemoryData data_ ABSL_GUARDED_BY(mu_);
  int commits_ ABSL_GUARDED_BY(mu_) = 0;
  int begun_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace inburgering::testing
