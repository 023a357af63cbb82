#include "persistence/facts_columns.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "persistence/codec.h"

namespace inburgering::persistence {
namespace {

using domain::ReportingFacts;

// Column order: dates, enums, ints, cents, doubles, provider.
constexpr const char* kDateColumns[] = {
    "notice_date",         "intake_date",    "plan_due",        "plan_date",     "programme_start",
    "programme_start_due", "knm_date",       "pvt_date",        "map_date",      "reading_passed",
    "listening_passed",    "writing_passed", "speaking_passed", "term_last_day", "extension_window",
    "review_due",          "absence_streak", "dropout_reported"};
constexpr const char* kEnumColumns[] = {"target_group", "level", "last_extension_ground",
                                        "closure_reason", "regime"};
constexpr const char* kCentsColumns[] = {"fine_cents", "offer_cents"};
constexpr const char* kIntColumns[] = {
    "lowered",     "route_switches",     "extension_weeks", "ext_illness", "ext_childbirth",
    "ext_special", "ext_programme_late", "ext_other",       "warnings",    "fines_imposed",
    "outcome_12",  "outcome_24",         "outcome_36",      "blameworthy"};
constexpr const char* kDoubleColumns[] = {"attended_hours", "excused_hours", "unexcused_hours"};
static_assert(std::size(kDateColumns) == FactsRow::kDates, "a date column per FactsRow date");
static_assert(std::size(kIntColumns) == FactsRow::kInts, "an int column per FactsRow int");
static_assert(std::size(kEnumColumns) == FactsRow::kEnums, "an enum column per FactsRow enum");
static_assert(std::size(kCentsColumns) == FactsRow::kCents, "a column per FactsRow amount");

std::vector<std::string> Names() {
  std::vector<std::string> names;
  for (const char* c : kDateColumns) names.emplace_back(c);
  for (const char* c : kEnumColumns) names.emplace_back(c);
  for (const char* c : kIntColumns) names.emplace_back(c);
  for (const char* c : kCentsColumns) names.emplace_back(c);
  for (const char* c : kDoubleColumns) names.emplace_back(c);
  names.emplace_back("provider");
  return names;
}

const std::vector<std::string>& AllNames() {
  static const auto* const names = new std::vector<std::string>(Names());
  return *names;
}

// The facts' dates, in kDateColumns order.
std::array<std::optional<absl::CivilDay>*, FactsRow::kDates> DatesOf(ReportingFacts& f) {
  return {&f.notice_date,    &f.intake_date,     &f.plan_due,
          &f.plan_date,      &f.programme_start, &f.programme_start_due,
          &f.knm_date,       &f.pvt_date,        &f.map_date,
          &f.exam_passed[0], &f.exam_passed[1],  &f.exam_passed[2],
          &f.exam_passed[3], &f.term_last_day,   &f.extension_window,
          &f.review_due,     &f.absence_streak,  &f.dropout};
}

// The facts' counts after `lowered` (a bool, column 0), in kIntColumns order.
std::array<int*, 13> CountsOf(ReportingFacts& f) {
  return {&f.route_switches,
          &f.extension_weeks,
          &f.extensions_by_ground[0],
          &f.extensions_by_ground[1],
          &f.extensions_by_ground[2],
          &f.extensions_by_ground[3],
          &f.extensions_by_ground[4],
          &f.warnings,
          &f.fines_imposed,
          &f.outcomes[0],
          &f.outcomes[1],
          &f.outcomes[2],
          &f.blameworthy};
}

template <typename E>
std::optional<std::string> Stored(const std::optional<E>& value) {
  if (!value) return std::nullopt;
  return std::string(StoredName(*value));
}

template <typename E>
bool Parse(const Nullable& column, std::optional<E>* out) {
  if (!column.Get()) {
    out->reset();
    return true;
  }
  E value;
  if (!ParseStored(*column.Get(), &value)) return false;
  *out = value;
  return true;
}

}  // namespace

std::string FactColumns(const std::string& prefix) {
  std::vector<std::string> cols;
  for (const std::string& n : AllNames()) cols.push_back(prefix + n);
  return absl::StrJoin(cols, ", ");
}

std::string FactColumnsOrZero(const std::string& prefix) {
  std::vector<std::string> cols;
  auto in = [](const std::string& name, const auto& list) {
    return std::find(std::begin(list), std::end(list), name) != std::end(list);
  };
  for (const std::string& n : AllNames()) {
    if (in(n, kIntColumns) || in(n, kCentsColumns) || in(n, kDoubleColumns)) {
      cols.push_back(absl::StrCat("COALESCE(", prefix, n, ", 0)"));
    } else if (n == "provider") {
      cols.push_back(absl::StrCat("COALESCE(", prefix, n, ", '')"));
    } else {
      cols.push_back(prefix + n);
    }
  }
  return absl::StrJoin(cols, ", ");
}

std::string FactPlaceholders() {
  std::vector<std::string> cols;
  for (const std::string& n : AllNames()) cols.push_back(":f_" + n);
  return absl::StrJoin(cols, ", ");
}

std::string FactAssignments() {
  std::vector<std::string> cols;
  for (const std::string& n : AllNames()) cols.push_back(absl::StrCat(n, " = :f_", n));
  return absl::StrJoin(cols, ", ");
}

FactsRow::FactsRow(const ReportingFacts& facts) {
  ReportingFacts f = facts;
  const auto dates = DatesOf(f);
  for (size_t i = 0; i < kDates; ++i) dates_[i].Set(StoredDay(*dates[i]));
  enums_[0].Set(std::string(StoredName(f.target_group)));
  enums_[1].Set(Stored(f.level));
  enums_[2].Set(Stored(f.last_extension_ground));
  enums_[3].Set(Stored(f.closure_reason));
  enums_[4].Set(std::string(StoredName(f.regime)));
  const auto counts = CountsOf(f);
  for (size_t i = 0; i < counts.size(); ++i) ints_[i + 1] = *counts[i];
  ints_[0] = f.lowered ? 1 : 0;
  cents_ = {f.fine_cents, f.offer_cents};
  doubles_ = {f.attended_hours, f.excused_hours, f.unexcused_hours};
  provider_ = f.provider;
}

void FactsRow::Use(soci::statement& st) {
  // By position, in the order of FactPlaceholders() and FactAssignments(): SQLite looks a bound
  // name up among all of the statement's (about 50 here), one string compare at a time.
  for (Nullable& d : dates_) st.exchange(soci::use(d.value, d.ind));
  for (Nullable& e : enums_) st.exchange(soci::use(e.value, e.ind));
  for (int& i : ints_) st.exchange(soci::use(i));
  for (long long& c : cents_) st.exchange(soci::use(c));
  for (double& d : doubles_) st.exchange(soci::use(d));
  st.exchange(soci::use(provider_));
}

void FactsRow::Into(soci::statement& st) {
  for (Nullable& d : dates_) st.exchange(soci::into(d.value, d.ind));
  for (Nullable& e : enums_) st.exchange(soci::into(e.value, e.ind));
  for (int& i : ints_) st.exchange(soci::into(i));
  for (long long& c : cents_) st.exchange(soci::into(c));
  for (double& d : doubles_) st.exchange(soci::into(d));
  st.exchange(soci::into(provider_));
}

absl::StatusOr<ReportingFacts> FactsRow::Facts() const {
  ReportingFacts f;
  const auto dates = DatesOf(f);
  for (size_t i = 0; i < kDates; ++i) {
    absl::StatusOr<std::optional<absl::CivilDay>> day = ParseStoredDay(dates_[i].Get());
    if (!day.ok()) return day.status();
    *dates[i] = *day;
  }
  // Rows saved before the facts existed have no target group: the client's is the one to use.
  const std::optional<std::string> group = enums_[0].Get();
  if ((group && !ParseStored(*group, &f.target_group)) || !Parse(enums_[1], &f.level) ||
      !Parse(enums_[2], &f.last_extension_ground) || !Parse(enums_[3], &f.closure_reason) ||
      (enums_[4].Get() && !ParseStored(*enums_[4].Get(), &f.regime))) {
    return absl::InternalError("unreadable stored reporting facts");
  }
  const auto counts = CountsOf(f);
  for (size_t i = 0; i < counts.size(); ++i) *counts[i] = ints_[i + 1];
  f.lowered = ints_[0] != 0;
  f.fine_cents = cents_[0];
  f.offer_cents = cents_[1];
  f.attended_hours = doubles_[0];
  f.excused_hours = doubles_[1];
  f.unexcused_hours = doubles_[2];
  f.provider = provider_;
  return f;
}

}  // namespace inburgering::persistence
