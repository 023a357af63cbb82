#include "domain/reporting.h"

#include <map>
#include <utility>

#include "absl/strings/numbers.h"

namespace inburgering::domain {
namespace {

struct Definition {
  const char* name;
  const char* description;
  Counter numerator;
  Counter denominator;
};

// The council's indicators (domain.md, Reporting), each a share of a counted population.
constexpr Definition kDefinitions[] = {
    {"PLAN_WITHIN_10_WEEKS", "Plans (PIP) established within 10 weeks of the notice", kPlanInTime,
     kPlanDue},
    {"PROGRAMME_STARTED_IN_TIME",
     "Programmes started within 3 months of the plan (6 on the onderwijsroute)", kStartInTime,
     kStartDue},
    {"ROUTE_B1", "Plans on the B1-route", kRouteB1, kCohort},
    {"ROUTE_EDUCATION", "Plans on the onderwijsroute", kRouteEducation, kCohort},
    {"ROUTE_Z", "Plans on the Z-route", kRouteZ, kCohort},
    {"ROUTE_SWITCHED", "Trajectories that switched route", kSwitched, kCohort},
    {"LOWERED_TO_A2", "B1-route plans lowered to A2", kLowered, kCohort},
    {"KNM_COMPLETED", "KNM passed", kKnmDone, kCohort},
    {"PVT_COMPLETED", "Participation statement (PVT) signed", kPvtDone, kCohort},
    {"MAP_COMPLETED", "Labour-market module (MAP) completed (B1 and Z routes)", kMapDone, kMapDue},
    {"EXAM_READING_PASSED", "Reading exam passed", kReadingPassed, kCohort},
    {"EXAM_LISTENING_PASSED", "Listening exam passed", kListeningPassed, kCohort},
    {"EXAM_WRITING_PASSED", "Writing exam passed", kWritingPassed, kCohort},
    {"EXAM_SPEAKING_PASSED", "Speaking exam passed", kSpeakingPassed, kCohort},
    {"FULFILLED_WITHIN_TERM", "Obligation fulfilled (or exempted) within the term, of terms ended",
     kFulfilledInTerm, kTermEnded},
    {"EXTENDED_ILLNESS", "Term extended for illness", kExtendedIllness, kCohort},
    {"EXTENDED_CHILDBIRTH", "Term extended for childbirth", kExtendedChildbirth, kCohort},
    {"EXTENDED_SPECIAL_CIRCUMSTANCES", "Term extended for special circumstances", kExtendedSpecial,
     kCohort},
    {"EXTENDED_PROGRAMME_LATE", "Term extended because the programme started late",
     kExtendedProgrammeLate, kCohort},
    {"EXTENDED_OTHER", "Term extended on another ground", kExtendedOther, kCohort},
    {"WARNED", "Trajectories with a written warning", kWarned, kCohort},
    {"FINED", "Trajectories with an imposed municipal fine", kFined, kCohort},
    {"IN_WORK_12_MONTHS", "In work 12 months after the plan, of those recorded", kWork12,
     kOutcome12},
    {"IN_EDUCATION_12_MONTHS", "In education 12 months after the plan", kEducation12, kOutcome12},
    {"OFF_BENEFITS_12_MONTHS", "Off benefits 12 months after the plan", kOffBenefits12, kOutcome12},
    {"IN_WORK_24_MONTHS", "In work 24 months after the plan", kWork24, kOutcome24},
    {"IN_EDUCATION_24_MONTHS", "In education 24 months after the plan", kEducation24, kOutcome24},
    {"OFF_BENEFITS_24_MONTHS", "Off benefits 24 months after the plan", kOffBenefits24, kOutcome24},
    {"IN_WORK_36_MONTHS", "In work 36 months after the plan", kWork36, kOutcome36},
    {"IN_EDUCATION_36_MONTHS", "In education 36 months after the plan", kEducation36, kOutcome36},
    {"OFF_BENEFITS_36_MONTHS", "Off benefits 36 months after the plan", kOffBenefits36, kOutcome36},
};

const char* TargetGroupKey(TargetGroup g) {
  switch (g) {
    case TargetGroup::kAsylumStatusHolder:
      return "ASYLUM_STATUS_HOLDER";
    case TargetGroup::kFamilyMigrant:
      return "FAMILY_MIGRANT";
    case TargetGroup::kOtherMigrant:
      return "OTHER_MIGRANT";
  }
  return "";
}

const char* RouteKey(const std::optional<Route>& r) {
  if (!r) return "NONE";
  switch (*r) {
    case Route::kB1:
      return "B1";
    case Route::kEducation:
      return "EDUCATION";
    case Route::kZ:
      return "Z";
  }
  return "";
}

}  // namespace

std::optional<bool> Indicator::met() const {
  if (!target || denominator == 0) return std::nullopt;
  return target->at_most ? value() <= target->value : value() >= target->value;
}

std::vector<Indicator> ComposeIndicators(const std::vector<CohortGroup>& groups,
                                         const std::string& municipality, int year,
                                         const IndicatorTargets& targets) {
  std::vector<Indicator> out;
  out.reserve(std::size(kDefinitions));
  for (const Definition& d : kDefinitions) {
    Indicator indicator;
    indicator.name = d.name;
    indicator.description = d.description;
    if (targets) indicator.target = targets(municipality, year, d.name);
    // dimension -> key -> (numerator, denominator), ordered for a stable answer.
    std::map<std::pair<std::string, std::string>, std::pair<int64_t, int64_t>> by;
    for (const CohortGroup& g : groups) {
      const int64_t num = g.counters[d.numerator], den = g.counters[d.denominator];
      indicator.numerator += num;
      indicator.denominator += den;
      if (den == 0 && num == 0) continue;
      for (const auto& key :
           {std::pair<std::string, std::string>{"TARGET_GROUP", TargetGroupKey(g.target_group)},
            {"ROUTE", RouteKey(g.route)},
            {"PROVIDER", g.provider}}) {
        auto& slot = by[key];
        slot.first += num;
        slot.second += den;
      }
    }
    for (const auto& [key, counts] : by) {
      indicator.breakdowns.push_back({key.first, key.second, counts.first, counts.second});
    }
    out.push_back(std::move(indicator));
  }
  return out;
}

bool ParseQuarter(absl::string_view quarter, absl::CivilDay* from, absl::CivilDay* to) {
  int year = 0;
  if (quarter.size() != 6 || quarter[4] != 'Q' || !absl::SimpleAtoi(quarter.substr(0, 4), &year) ||
      year < 2000 || year > 2199 || quarter[5] < '1' || quarter[5] > '4') {
    return false;
  }
  const int q = quarter[5] - '0';
  *from = absl::CivilDay(year, 3 * (q - 1) + 1, 1);
  *to = absl::CivilDay(absl::CivilMonth(year, 3 * q + 1, 1)) - 1;
  return true;
}

}  // namespace inburgering::domain
