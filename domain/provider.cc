#include "domain/provider.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/rules.h"
#include "domain/status_macros.h"
#include "domain/trajectory_rules.h"

namespace inburgering::domain {
namespace {

// Puts `record` in `records` as what the report `record_id` says: in place of the record an
// earlier version of it made (keeping that record's id), or added with a fresh id.
template <typename T>
T& Put(std::vector<T>& records, T record, const std::string& record_id, IdGenerator& ids) {
  record.provider_record_id = record_id;
  for (T& r : records) {
    if (r.provider_record_id != record_id) continue;
    record.id = r.id;
    r = std::move(record);
    return r;
  }
  record.id = ids.NewId();
  return records.emplace_back(std::move(record));
}

// The latest day a consultant acted on the trajectory: a progress review or a warning.
std::optional<absl::CivilDay> LastConversation(const Trajectory& t, bool with_warnings) {
  std::optional<absl::CivilDay> last;
  for (const ProgressReview& r : t.reviews) {
    if (!last || r.date > *last) last = r.date;
  }
  if (with_warnings) {
    for (const Warning& w : t.warnings) {
      if (!last || w.date > *last) last = w.date;
    }
  }
  return last;
}

}  // namespace

void ValidateProviderFields(const Provider& p, absl::string_view prefix, Violations& v) {
  const std::string name = absl::StrCat(prefix, "display_name");
  if (v.Check(!p.display_name.empty(), name, "required")) {
    v.Check(IsCleanText(p.display_name, 200), name,
            "must be at most 200 characters of text without control characters");
  }
  v.Check(IsCleanText(p.contract_reference, 200), absl::StrCat(prefix, "contract_reference"),
          "must be at most 200 characters of text without control characters");
  std::vector<OfferComponent> components = p.components;
  std::sort(components.begin(), components.end());
  v.Check(!components.empty() &&
              std::adjacent_find(components.begin(), components.end()) == components.end(),
          absl::StrCat(prefix, "components"), "must hold 1 to 6 distinct components");
}

std::vector<ProviderEnrollment> ProviderEnrollmentsChanged(const Trajectory& before,
                                                           const Trajectory& after) {
  std::vector<ProviderEnrollment> changed;
  for (const Enrollment& e : after.enrollments) {
    if (e.registered_provider.empty()) continue;
    const auto old = std::find_if(before.enrollments.begin(), before.enrollments.end(),
                                  [&](const Enrollment& b) { return b.id == e.id; });
    if (old != before.enrollments.end() && old->start_date == e.start_date &&
        old->lessons_start == e.lessons_start && old->dropout_date == e.dropout_date) {
      continue;
    }
    ProviderEnrollment row;
    row.municipality = after.municipality;
    row.provider_id = e.registered_provider;
    row.enrollment_id = e.id;
    row.client_id = after.client_id;
    row.trajectory_id = after.id;
    row.component = e.component;
    row.planned_hours = e.planned_hours;
    row.start_date = e.start_date;
    row.lessons_start = e.lessons_start;
    row.dropout_date = e.dropout_date;
    row.contract_reference = e.contract_reference;
    changed.push_back(std::move(row));
  }
  return changed;
}

void CheckProviderReportDates(const ProviderReport& r, absl::CivilDay today,
                              absl::string_view field, Violations& v) {
  auto not_after = [&](absl::CivilDay day, absl::string_view name) {
    v.Check(day <= today, absl::StrCat(field, ".", name), "must not be in the future");
  };
  switch (r.kind) {
    case ProviderReportKind::kAttendance:
      not_after(r.attendance.period_start, "attendance.period_start");
      not_after(r.attendance.period_end, "attendance.period_end");
      break;
    case ProviderReportKind::kProgress:
      not_after(r.progress.date, "progress.date");
      break;
    case ProviderReportKind::kExamResult:
      not_after(r.exam_result.date, "exam_result.date");
      break;
    case ProviderReportKind::kComponentResult:
      not_after(r.component_result.date, "component_result.date");
      break;
    case ProviderReportKind::kLessonsStarted:
      not_after(r.date, "lessons_started.date");
      break;
    case ProviderReportKind::kDropout:
      not_after(r.date, "dropout.date");
      break;
  }
}

absl::Status ApplyProviderReport(Trajectory& t, const ProviderReport& r, IdGenerator& ids) {
  const auto enrollment =
      std::find_if(t.enrollments.begin(), t.enrollments.end(),
                   [&](const Enrollment& e) { return e.id == r.enrollment_id; });
  if (enrollment == t.enrollments.end() || enrollment->registered_provider != r.provider_id) {
    return absl::InternalError("the report's enrollment is not in its trajectory");
  }
  switch (r.kind) {
    case ProviderReportKind::kAttendance:
      Put(t.attendance, r.attendance, r.record_id, ids).enrollment_id = r.enrollment_id;
      break;
    case ProviderReportKind::kProgress:
      Put(t.provider_progress, r.progress, r.record_id, ids).enrollment_id = r.enrollment_id;
      break;
    case ProviderReportKind::kExamResult:
      Put(t.exams, r.exam_result, r.record_id, ids);
      break;
    case ProviderReportKind::kComponentResult: {
      // The rule a consultant's result meets (a plan; no MAP on the onderwijsroute), checked on a
      // copy so that a refused correction leaves the earlier result in place.
      Trajectory probe;
      probe.plans = t.plans;
      RETURN_IF_ERROR(RecordComponentResult(probe, r.component_result));
      Put(t.components, r.component_result, r.record_id, ids);
      break;
    }
    case ProviderReportKind::kLessonsStarted:
      enrollment->lessons_start = r.date;
      break;
    case ProviderReportKind::kDropout:
      enrollment->dropout_date = r.date;
      enrollment->dropout_reason = r.dropout_reason;
      break;
  }
  return absl::OkStatus();
}

std::optional<absl::CivilDay> UnexcusedAbsenceStreak(const Trajectory& t, int periods) {
  if (periods <= 0) return std::nullopt;
  const std::optional<absl::CivilDay> acted = LastConversation(t, /*with_warnings=*/true);
  std::optional<absl::CivilDay> earliest;
  for (const Enrollment& e : t.enrollments) {
    std::vector<const AttendanceRecord*> records;
    for (const AttendanceRecord& a : t.attendance) {
      if (a.enrollment_id == e.id && (!acted || a.period_end > *acted)) records.push_back(&a);
    }
    std::sort(records.begin(), records.end(),
              [](const AttendanceRecord* a, const AttendanceRecord* b) {
                return std::tie(a->period_end, a->period_start) <
                       std::tie(b->period_end, b->period_start);
              });
    int run = 0;
    std::optional<absl::CivilDay> flagged;
    for (const AttendanceRecord* a : records) {
      if (a->unexcused_hours <= 0) {
        run = 0;
        flagged.reset();
        continue;
      }
      if (++run == periods) flagged = a->period_end;
    }
    if (flagged && (!earliest || *flagged < *earliest)) earliest = flagged;
  }
  return earliest;
}

std::optional<absl::CivilDay> DropoutToDiscuss(const Trajectory& t) {
  const std::optional<absl::CivilDay> reviewed = LastConversation(t, /*with_warnings=*/false);
  std::optional<absl::CivilDay> earliest;
  for (const Enrollment& e : t.enrollments) {
    if (!e.dropout_date || (reviewed && *reviewed >= *e.dropout_date)) continue;
    if (!earliest || *e.dropout_date < *earliest) earliest = e.dropout_date;
  }
  return earliest;
}

}  // namespace inburgering::domain
