#pragma once

// The facts of a trajectory that reports aggregate, derived by the domain at every save and
// stored beside the trajectory as columns, so that indicators, caseload, the work queue and the
// CBS delivery are SQL aggregates and streamed queries over one row per trajectory, never a
// decoding of every case file.

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "domain/client.h"
#include "domain/policy.h"
#include "domain/trajectory.h"

namespace inburgering::domain {

// Blameworthy non-fulfilment bits (ReportingFacts::blameworthy), by the latest finding per subject.
inline constexpr int kBlameworthyPvt = 1;
inline constexpr int kBlameworthyMap = 2;
inline constexpr int kBlameworthyLearningRoute = 4;

// Participation outcome bits (ReportingFacts::outcomes).
inline constexpr int kOutcomeInWork = 1;
inline constexpr int kOutcomeInEducation = 2;
inline constexpr int kOutcomeOffBenefits = 4;
inline constexpr int kOutcomeRecorded = 8;

struct ReportingFacts {
  TargetGroup target_group = TargetGroup::kAsylumStatusHolder;
  Regime regime = Regime::kWi2021;  // outside the Wi2021: counted apart, never delivered to CBS
  std::optional<absl::CivilDay> notice_date;
  std::optional<absl::CivilDay> intake_date;
  std::optional<absl::CivilDay> plan_due;
  std::optional<absl::CivilDay> plan_date;  // the current plan's decision date
  std::optional<Level> level;               // the current plan's target level
  bool lowered = false;                     // B1 lowered to A2
  int route_switches = 0;
  std::optional<absl::CivilDay> programme_start;
  std::optional<absl::CivilDay> programme_start_due;
  std::string provider;  // the first programme's provider
  std::optional<absl::CivilDay> knm_date;
  std::optional<absl::CivilDay> pvt_date;
  std::optional<absl::CivilDay> map_date;
  // First pass per skill: reading, listening, writing, speaking.
  std::array<std::optional<absl::CivilDay>, 4> exam_passed;
  double attended_hours = 0;
  double excused_hours = 0;
  double unexcused_hours = 0;
  int extension_weeks = 0;
  std::optional<ExtensionGround> last_extension_ground;
  // Extensions per ground, in ExtensionGround's order.
  std::array<int, 5> extensions_by_ground{};
  int warnings = 0;
  int fines_imposed = 0;
  // kBlameworthy* bits: the latest finding per subject found not completing it blameworthy.
  int blameworthy = 0;
  int64_t fine_cents = 0;   // standing fines, after objections
  int64_t offer_cents = 0;  // the learning offers bought for the trajectory, every provider
  // Participation after 12, 24 and 36 months: kOutcome* bits, 0 when not recorded.
  std::array<int, 3> outcomes{};
  std::optional<absl::CivilDay> term_last_day;
  // Most extension grounds can be requested once the term has run 2.5 years (lifecycle 10).
  std::optional<absl::CivilDay> extension_window;
  std::optional<absl::CivilDay> review_due;  // the next progress review, while open
  // What providers reported that the consultant has not discussed yet (work items).
  std::optional<absl::CivilDay> absence_streak;  // UnexcusedAbsenceStreak
  std::optional<absl::CivilDay> dropout;         // DropoutToDiscuss
  std::optional<ClosureReason> closure_reason;
};

ReportingFacts FactsOf(const Trajectory& trajectory, const Client& client, const Policy& policy);

}  // namespace inburgering::domain
