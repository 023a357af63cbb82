#pragma once

// Reporting (domain.md, Reporting): the council's performance indicators, the team's caseload,
// the work queue, outcomes per provider, and the quarterly CBS delivery. Every figure comes from
// SQL aggregates over the reporting facts (reporting_facts.h) and every export streams: nothing
// here loads all trajectories into memory (R5, R6).

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/client.h"
#include "domain/enum_names.h"
#include "domain/paging.h"
#include "domain/reporting_facts.h"
#include "domain/trajectory.h"

namespace inburgering::domain {

// The counters of a cohort, per group. The cohort of a period is the trajectories whose first
// plan falls in it; the plan-on-time counters use the trajectories whose plan was due in it.
enum Counter : int {
  kCohort,       // first plan in the period
  kPlanDue,      // plan due in the period, and established or overdue by today
  kPlanInTime,   // ... established on or before its due date
  kStartDue,     // cohort, programme started or its start overdue by today
  kStartInTime,  // ... started on or before its due date
  kRouteB1,      // cohort by current route
  kRouteEducation,
  kRouteZ,
  kSwitched,  // at least one route switch
  kLowered,   // B1 lowered to A2
  kKnmDone,
  kPvtDone,
  kMapDue,  // cohort outside the onderwijsroute (no MAP there)
  kMapDone,
  kReadingPassed,
  kListeningPassed,
  kWritingPassed,
  kSpeakingPassed,
  kTermEnded,        // cohort whose term ended by today, or closed
  kFulfilledInTerm,  // ... closed fulfilled or exempted on or before the term's end
  kExtendedIllness,  // at least one extension on this ground
  kExtendedChildbirth,
  kExtendedSpecial,
  kExtendedProgrammeLate,
  kExtendedOther,
  kWarned,
  kFined,
  kOutcome12,  // participation recorded after 12 months
  kWork12,
  kEducation12,
  kOffBenefits12,
  kOutcome24,
  kWork24,
  kEducation24,
  kOffBenefits24,
  kOutcome36,
  kWork36,
  kEducation36,
  kOffBenefits36,
  kAttendedHours,  // sums over the cohort, whole hours
  kUnexcusedHours,
  kOfferCents,     // ... the learning offers bought, euro cents
  kOutsideWi2021,  // first plan in the period, outside the Wi2021: in no other counter
  kCounterCount,
};

struct CohortGroup {
  TargetGroup target_group = TargetGroup::kAsylumStatusHolder;
  std::optional<Route> route;
  std::string provider;  // the first programme's provider; empty before a programme
  std::array<int64_t, kCounterCount> counters{};
};

// A local target: the value should be at least (or at most) `value`.
struct IndicatorTarget {
  double value = 0;
  bool at_most = false;
};

struct Breakdown {
  std::string dimension;  // TARGET_GROUP, ROUTE or PROVIDER
  std::string key;        // the group's value (an API enum name, or the provider)
  int64_t numerator = 0;
  int64_t denominator = 0;
};

struct Indicator {
  std::string name;  // e.g. PLAN_WITHIN_10_WEEKS
  std::string description;
  int64_t numerator = 0;
  int64_t denominator = 0;
  std::optional<IndicatorTarget> target;
  std::vector<Breakdown> breakdowns;

  double value() const {
    return denominator == 0 ? 0.0
                            : static_cast<double>(numerator) / static_cast<double>(denominator);
  }
  // nullopt without a target or without a denominator.
  std::optional<bool> met() const;
};

// The targets a municipality set, by `municipality/year/INDICATOR`.
using IndicatorTargets = std::function<std::optional<IndicatorTarget>(
    const std::string& municipality, int year, const std::string& indicator)>;

// Every indicator of the cohort from its groups (computed by the SQL aggregate), with totals,
// targets and breakdowns by target group, route and provider. Memory: O(groups).
std::vector<Indicator> ComposeIndicators(const std::vector<CohortGroup>& groups,
                                         const std::string& municipality, int year,
                                         const IndicatorTargets& targets);

struct CaseloadRow {
  std::string consultant_id;  // empty: clients without a consultant
  Phase phase = Phase::kIntake;
  int64_t active = 0;   // open trajectories
  int64_t overdue = 0;  // ... with a deadline passed
};

enum class WorkItemKind {
  kPlanDue,
  kProgrammeStartDue,
  kReviewDue,
  kTermEnding,
  kExtensionWindowOpen,
  kDuoReportToSend,
  kAbsenceStreak,
  kDropoutReported,
};
template <>
struct EnumNames<WorkItemKind> {
  static constexpr EnumEntry<WorkItemKind> kEntries[] = {
      {WorkItemKind::kPlanDue, "PLAN_DUE"},
      {WorkItemKind::kProgrammeStartDue, "PROGRAMME_START_DUE"},
      {WorkItemKind::kReviewDue, "REVIEW_DUE"},
      {WorkItemKind::kTermEnding, "TERM_ENDING"},
      {WorkItemKind::kExtensionWindowOpen, "EXTENSION_WINDOW_OPEN"},
      {WorkItemKind::kDuoReportToSend, "DUO_REPORT_TO_SEND"},
      {WorkItemKind::kAbsenceStreak, "ABSENCE_STREAK"},
      {WorkItemKind::kDropoutReported, "DROPOUT_REPORTED"}};
};

struct WorkItem {
  WorkItemKind kind = WorkItemKind::kPlanDue;
  absl::CivilDay due;
  std::string client_id;
  std::string trajectory_id;
  std::string duo_report_id;  // kDuoReportToSend
  std::string consultant_id;
  bool overdue = false;  // due before today
  // The step prepared for the consultant (the RPC's name), e.g. `RecordWarning`; empty if none.
  std::string suggested_step;
};

struct WorkItemFilter {
  std::string municipality;
  std::optional<std::string> consultant_id;
  absl::CivilDay today;
  absl::CivilDay due_by;          // deadlines (plan, start, review) due on or before
  absl::CivilDay term_ending_by;  // terms ending on or before
};

// One client's record in the CBS delivery (the GGM items, domain.md Reporting).
struct CbsRecord {
  std::string municipality;
  std::string client_id;
  std::string trajectory_id;
  std::string bsn;
  absl::CivilDay birth_date;
  Regime regime = Regime::kWi2021;
  std::optional<Route> route;
  ReportingFacts facts;
  std::optional<absl::CivilDay> first_plan_date;
  std::optional<absl::CivilDay> closed_on;
  absl::CivilDay link_date;  // the link to the municipality, or the day the BSN became known here
};

struct CbsSelection {
  std::vector<std::string> municipalities;
  absl::CivilDay from;  // the quarter's first and last day
  absl::CivilDay to;
  // The quarter's end: midnight after `to` in the municipality's time zone (`zone`).
  absl::TimeZone zone;
  absl::Time quarter_end;
  // A correction: only records changed after this instant (per municipality: its last delivery).
  std::optional<absl::Time> changed_since;
};

struct CbsDelivery {
  std::string id;
  std::string municipality;
  std::string quarter;  // e.g. 2025Q3
  bool correction = false;
  std::string created_by;
  absl::Time create_time;
  int64_t records = 0;
};

class ReportingRepository {
 public:
  virtual ~ReportingRepository() = default;
  // The cohort of trajectories with a first plan (or a plan due) in the calendar year, grouped,
  // as of `today`.
  virtual absl::StatusOr<std::vector<CohortGroup>> Cohort(const std::string& municipality, int year,
                                                          absl::CivilDay today) = 0;
  virtual absl::StatusOr<std::vector<CaseloadRow>> Caseload(const std::string& municipality,
                                                            absl::CivilDay today) = 0;
  // Most urgent first (earliest due), then by kind and id.
  virtual absl::StatusOr<Page<WorkItem>> WorkItems(const WorkItemFilter& filter,
                                                   const PageRequest& page) = 0;
  // Streams the records of `selection` to `each`, one per person (client) with their latest
  // trajectory, ordered by municipality and client; stops at the first error `each` returns.
  virtual absl::Status ExportRecords(const CbsSelection& selection,
                                     const std::function<absl::Status(const CbsRecord&)>& each) = 0;
  virtual absl::StatusOr<int64_t> CountRecords(const CbsSelection& selection) = 0;
  virtual absl::StatusOr<std::optional<CbsDelivery>> LastDelivery(const std::string& municipality,
                                                                  const std::string& quarter) = 0;
  virtual absl::Status InsertDelivery(const CbsDelivery& delivery) = 0;
  // The municipality's deliveries, newest first.
  virtual absl::StatusOr<Page<CbsDelivery>> ListDeliveries(const std::string& municipality,
                                                           const PageRequest& page) = 0;
};

// `2025Q3` -> its first and last day; false for anything else (years 2000-2199).
bool ParseQuarter(absl::string_view quarter, absl::CivilDay* from, absl::CivilDay* to);

}  // namespace inburgering::domain
