#include "domain/reporting_use_cases.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "domain/enforcement_rules.h"
#include "domain/errors.h"
#include "domain/journal.h"
#include "domain/rules.h"
#include "domain/status_macros.h"

namespace inburgering::domain {

absl::CivilDay ReportingUseCases::Today() const { return DayOf(clock_.Now(), policy_.time_zone); }

absl::StatusOr<std::vector<CohortGroup>> ReportingUseCases::Cohort(const Caller& caller,
                                                                   CallJournal& journal,
                                                                   const std::string& municipality,
                                                                   int year) {
  RETURN_IF_ERROR(AuthorizeStaff(caller, municipality, Access::kAggregates));
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kReadOnly));
  return work->reporting().Cohort(municipality, year, Today());
}

absl::StatusOr<IndicatorReport> ReportingUseCases::Indicators(const Caller& caller,
                                                              CallJournal& journal,
                                                              const std::string& municipality,
                                                              int year) {
  ASSIGN_OR_RETURN(std::vector<CohortGroup> groups, Cohort(caller, journal, municipality, year));
  IndicatorReport report{Today(), ComposeIndicators(groups, municipality, year, targets_)};
  for (const CohortGroup& g : groups) report.outside_wi2021 += g.counters[kOutsideWi2021];
  return report;
}

absl::StatusOr<std::vector<CohortGroup>> ReportingUseCases::ProviderOutcomes(
    const Caller& caller, CallJournal& journal, const std::string& municipality, int year) {
  ASSIGN_OR_RETURN(std::vector<CohortGroup> groups, Cohort(caller, journal, municipality, year));
  std::vector<CohortGroup> providers;
  absl::flat_hash_map<std::string, size_t> at;
  for (const CohortGroup& g : groups) {
    auto [it, added] = at.try_emplace(g.provider, providers.size());
    if (added) {
      providers.emplace_back();
      providers.back().provider = g.provider;
    }
    CohortGroup& p = providers[it->second];
    for (int c = 0; c < kCounterCount; ++c) p.counters[c] += g.counters[c];
  }
  std::sort(providers.begin(), providers.end(),
            [](const CohortGroup& a, const CohortGroup& b) { return a.provider < b.provider; });
  return providers;
}

absl::StatusOr<Page<CbsDelivery>> ReportingUseCases::ListCbsDeliveries(
    const Caller& caller, CallJournal& journal, const std::string& municipality,
    const PageRequest& page) {
  RETURN_IF_ERROR(AuthorizeStaff(caller, municipality, Access::kCbsExport));
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kReadOnly));
  return work->reporting().ListDeliveries(municipality, page);
}

absl::StatusOr<Caseload> ReportingUseCases::GetCaseload(const Caller& caller, CallJournal& journal,
                                                        const std::string& municipality) {
  RETURN_IF_ERROR(AuthorizeStaff(caller, municipality, Access::kAggregates));
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kReadOnly));
  ASSIGN_OR_RETURN(std::vector<CaseloadRow> rows,
                   work->reporting().Caseload(municipality, Today()));
  Caseload load;
  load.as_of = Today();
  absl::flat_hash_map<std::string, size_t> at;
  PageRequest page{kMaxPageSize, ""};
  do {  // the team: a handful of consultants, in pages to be safe
    ASSIGN_OR_RETURN(Page<Consultant> team,
                     work->consultants().List({municipality, /*include_inactive=*/true}, page));
    for (const Consultant& c : team.items) {
      at[c.id] = load.consultants.size();
      load.consultants.push_back({c.id, c.display_name, c.active ? c.case_capacity : 0, {}, 0});
      if (c.active) load.team.capacity += c.case_capacity;
    }
    page.after = team.next_after;
  } while (!page.after.empty());
  for (const CaseloadRow& row : rows) {
    auto it = at.find(row.consultant_id);
    if (it == at.end()) {
      it = at.emplace(row.consultant_id, load.consultants.size()).first;
      load.consultants.push_back({row.consultant_id, "", 0, {}, 0});
    }
    ConsultantCaseload& c = load.consultants[it->second];
    const size_t phase = static_cast<size_t>(row.phase);
    if (phase < c.active_by_phase.size()) {
      c.active_by_phase[phase] += row.active;
      load.team.active_by_phase[phase] += row.active;
    }
    c.overdue += row.overdue;
    load.team.overdue += row.overdue;
  }
  // Consultants without a case (inactive ones) add nothing to show.
  load.consultants.erase(std::remove_if(load.consultants.begin(), load.consultants.end(),
                                        [](const ConsultantCaseload& c) {
                                          return c.capacity == 0 && c.active() == 0;
                                        }),
                         load.consultants.end());
  return load;
}

absl::StatusOr<Page<WorkItem>> ReportingUseCases::WorkItems(
    const Caller& caller, CallJournal& journal, const std::string& municipality,
    std::optional<std::string> consultant_id, int term_months, const PageRequest& page) {
  RETURN_IF_ERROR(AuthorizeStaff(caller, municipality, Access::kRead));
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kReadOnly));
  const absl::CivilDay today = Today();
  WorkItemFilter filter{municipality, std::move(consultant_id), today,
                        today + policy_.deadline_warning_days, AddMonths(today, term_months)};
  ASSIGN_OR_RETURN(Page<WorkItem> items, work->reporting().WorkItems(filter, page));
  for (WorkItem& item : items.items) {
    item.overdue = item.due < today;
    journal.NoteSubject(item.client_id);
    if (item.kind != WorkItemKind::kAbsenceStreak) continue;
    // Absence from the programme the plan obliges: a written warning on the plan's ground is the
    // next step where the Wi2021 applies and the municipality fines the client's target group.
    ASSIGN_OR_RETURN(Client client, work->clients().Get(municipality, item.client_id));
    if (Wi2021Applies(client) && !FiningSwitchedOff(client, policy_)) {
      item.suggested_step = "RecordWarning";
    }
  }
  return items;
}

namespace {

// A pseudonym's 16 bytes from its 32 hexadecimal digits (Pseudonyms::Of); false if it is not.
bool PseudonymBytes(absl::string_view hex, std::array<unsigned char, 16>* bytes) {
  if (hex.size() != 2 * bytes->size()) return false;
  auto digit = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < bytes->size(); ++i) {
    const int high = digit(hex[2 * i]), low = digit(hex[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    (*bytes)[i] = static_cast<unsigned char>(high * 16 + low);
  }
  return true;
}

}  // namespace

absl::StatusOr<CbsExportSummary> ReportingUseCases::ExportCbs(
    const Caller& caller, CallJournal& journal, const std::vector<std::string>& municipalities,
    const std::string& quarter, bool correction,
    const std::function<void(int64_t total, absl::Time created)>& start,
    const std::function<absl::Status(const CbsRecord&)>& each) {
  for (const std::string& m : municipalities) {
    RETURN_IF_ERROR(AuthorizeStaff(caller, m, Access::kCbsExport));
  }
  CbsSelection selection;
  if (!ParseQuarter(quarter, &selection.from, &selection.to)) {
    return InvalidArgument({{"quarter", "must be a quarter like 2025Q3"}});
  }
  selection.municipalities = municipalities;
  selection.zone = policy_.time_zone;
  selection.quarter_end = absl::FromCivil(selection.to + 1, policy_.time_zone);
  CbsExportSummary summary;
  std::vector<int64_t> counts(municipalities.size(), 0);  // records, by place in municipalities
  // Every person delivered: a processing record each (the file carries their BSN to CBS). Kept
  // packed until the records are written: their pseudonym's 16 bytes and their municipality's
  // place in `municipalities` (18 bytes a person, 16 MB at 1 M). Written in pseudonym order, so
  // that the processing log's subject index takes them in one pass (on SQLite, in the order of
  // the file, each record read and wrote a random page of it: most of a delivery's time at 1 M).
  struct Delivered {
    std::array<unsigned char, 16> subject;
    uint16_t municipality;
  };
  std::vector<Delivered> delivered;
  const Pseudonyms* pseudonyms = journal.pseudonyms;
  {
    ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                     transactions_.Begin(TransactionMode::kReadOnly));
    if (correction) {
      // The records changed since the earliest of the municipalities' last deliveries.
      for (const std::string& m : municipalities) {
        ASSIGN_OR_RETURN(std::optional<CbsDelivery> last,
                         work->reporting().LastDelivery(m, quarter));
        if (!last) {
          return RuleViolated(reason::kNoDeliveryToCorrect,
                              "a correction needs an earlier delivery of this quarter for every "
                              "municipality in it");
        }
        if (!selection.changed_since || last->create_time < *selection.changed_since) {
          selection.changed_since = last->create_time;
        }
      }
    }
    ASSIGN_OR_RETURN(int64_t count, work->reporting().CountRecords(selection));
    delivered.reserve(static_cast<size_t>(count));
    start(count, clock_.Now());
    size_t place = 0;  // of the record's municipality in `municipalities`
    RETURN_IF_ERROR(work->reporting().ExportRecords(selection, [&](const CbsRecord& r) {
      if (municipalities[place] != r.municipality) {
        place = static_cast<size_t>(
            std::find(municipalities.begin(), municipalities.end(), r.municipality) -
            municipalities.begin());
        if (place == municipalities.size()) {
          return absl::InternalError("a record of another municipality");
        }
      }
      ++counts[place];
      ++summary.records;
      Delivered d{{}, static_cast<uint16_t>(place)};
      if (pseudonyms != nullptr && !PseudonymBytes(pseudonyms->Of(r.client_id), &d.subject)) {
        return absl::InternalError("a pseudonym is not 32 hexadecimal digits");
      }
      delivered.push_back(d);
      return each(r);
    }));
  }
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kReadWrite));
  const absl::Time now = clock_.Now();
  for (size_t i = 0; i < municipalities.size(); ++i) {
    CbsDelivery d{ids_.NewId(), municipalities[i], quarter, correction, caller.subject,
                  now,          counts[i]};
    RETURN_IF_ERROR(work->reporting().InsertDelivery(d));
    summary.deliveries.push_back(std::move(d));
  }
  journal.NoteChanges(absl::StrCat("quarter: ", quarter, "; records: ", summary.records, "; ",
                                   correction ? "correction; " : ""));
  RETURN_IF_ERROR(WriteJournal(*work, caller, journal, "OK", now));
  std::sort(delivered.begin(), delivered.end(),
            [](const Delivered& a, const Delivered& b) { return a.subject < b.subject; });
  // What a municipality's records share (ProcessingOf); each its own span and subject.
  std::vector<ProcessingRecord> shared;
  for (const std::string& m : municipalities) {
    shared.push_back(ProcessingOf(caller, journal, "OK", now, m, ""));
    shared.back().subject.clear();
  }
  size_t at = 0;
  RETURN_IF_ERROR(work->journal().AppendAll([&](ProcessingRecord& record) {
    if (at == delivered.size()) return false;
    const Delivered& d = delivered[at++];
    record = shared[d.municipality];
    record.span_id = NewSpanId();
    if (pseudonyms != nullptr) {
      record.subject = absl::BytesToHexString(
          absl::string_view(reinterpret_cast<const char*>(d.subject.data()), d.subject.size()));
    }
    return true;
  }));
  RETURN_IF_ERROR(work->Commit());
  return summary;
}

}  // namespace inburgering::domain
