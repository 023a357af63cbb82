#pragma once

// The use cases of reporting. Aggregates (indicators, caseload, provider outcomes) are for staff
// and the reporting role; the work queue names clients, so it is for staff; the CBS delivery
// carries BSNs, so it is for team leads and admins. Thread-safe.

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/caller.h"
#include "domain/clock.h"
#include "domain/ids.h"
#include "domain/journal.h"
#include "domain/policy.h"
#include "domain/ports.h"
#include "domain/reporting.h"

namespace inburgering::domain {

struct ConsultantCaseload {
  std::string consultant_id;  // empty: clients without a consultant
  std::string display_name;
  int capacity = 0;
  std::array<int64_t, 3> active_by_phase{};  // intake, planned, programme
  int64_t overdue = 0;

  int64_t active() const { return active_by_phase[0] + active_by_phase[1] + active_by_phase[2]; }
};

struct Caseload {
  absl::CivilDay as_of;                         // the municipality's today
  std::vector<ConsultantCaseload> consultants;  // by display name; the unassigned last
  ConsultantCaseload team;                      // totals; capacity summed over active consultants
};

// The indicators of one cohort, computed on `as_of` (the municipality's today).
struct IndicatorReport {
  absl::CivilDay as_of;
  std::vector<Indicator> indicators;
  // Trajectories of the cohort's year of people outside the Wi2021 (the Wi2013 group,
  // volunteers): counted apart, in no indicator.
  int64_t outside_wi2021 = 0;
};

// What a delivery contained, per municipality.
struct CbsExportSummary {
  std::vector<CbsDelivery> deliveries;
  int64_t records = 0;
};

class ReportingUseCases {
 public:
  ReportingUseCases(TransactionManager& transactions, const Clock& clock, IdGenerator& ids,
                    const Policy& policy, IndicatorTargets targets)
      : transactions_(transactions),
        clock_(clock),
        ids_(ids),
        policy_(policy),
        targets_(std::move(targets)) {}

  // The indicators of the cohort whose first plan falls in `year`.
  absl::StatusOr<IndicatorReport> Indicators(const Caller& caller, CallJournal& journal,
                                             const std::string& municipality, int year);
  // The cohort of `year` grouped by provider (empty provider: no programme yet).
  absl::StatusOr<std::vector<CohortGroup>> ProviderOutcomes(const Caller& caller,
                                                            CallJournal& journal,
                                                            const std::string& municipality,
                                                            int year);
  // The municipality's CBS deliveries, newest first: who delivered which quarter when.
  absl::StatusOr<Page<CbsDelivery>> ListCbsDeliveries(const Caller& caller, CallJournal& journal,
                                                      const std::string& municipality,
                                                      const PageRequest& page);
  absl::StatusOr<Caseload> GetCaseload(const Caller& caller, CallJournal& journal,
                                       const std::string& municipality);
  // What is due within the policy's warning days or overdue (`overdue` set against today), terms
  // ending within `term_months`, extension windows open, and DUO report items to send.
  absl::StatusOr<Page<WorkItem>> WorkItems(const Caller& caller, CallJournal& journal,
                                           const std::string& municipality,
                                           std::optional<std::string> consultant_id,
                                           int term_months, const PageRequest& page);

  // Streams the delivery of `quarter` for `municipalities` to `each` (after telling `start` how
  // many records follow and the file's creation time) and records it, one delivery per
  // municipality, once all went out. A
  // correction holds the records changed since the municipality's last delivery of that quarter
  // (FAILED_PRECONDITION NO_DELIVERY_TO_CORRECT without one).
  absl::StatusOr<CbsExportSummary> ExportCbs(
      const Caller& caller, CallJournal& journal, const std::vector<std::string>& municipalities,
      const std::string& quarter, bool correction,
      const std::function<void(int64_t total, absl::Time created)>& start,
      const std::function<absl::Status(const CbsRecord&)>& each);

 private:
  absl::CivilDay Today() const;

  // The year's cohort, grouped, for a caller allowed aggregates.
  absl::StatusOr<std::vector<CohortGroup>> Cohort(const Caller& caller, CallJournal& journal,
                                                  const std::string& municipality, int year);

  TransactionManager& transactions_;
  const Clock& clock_;
  IdGenerator& ids_;
  const Policy& policy_;
  IndicatorTargets targets_;
};

namespace reason {
inline constexpr absl::string_view kNoDeliveryToCorrect = "NO_DELIVERY_TO_CORRECT";
}  // namespace reason

}  // namespace inburgering::domain
