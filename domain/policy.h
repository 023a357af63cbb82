#pragma once

// The values a municipality sets by policy, and the facts the domain sheet marks as unconfirmed
// (kept configurable rather than hard-coded). Defaults follow ../shared/spec/domain.md.

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/time/time.h"
#include "domain/client.h"

namespace inburgering::domain {

struct Policy {
  // Local policy: how often progress reviews (voortgangsgesprekken) are due.
  int progress_review_interval_weeks = 13;
  // A deadline within this many days counts as DUE rather than UPCOMING.
  int deadline_warning_days = 14;
  // Onderwijsroute: its target group is young people "up to 28" (MvT, Divosa), not a legal bar.
  // Above this age on the plan's decision date the case file carries an advisory until the plan
  // records why the route suits the person; 0 turns the advisory off.
  int education_route_target_age = 28;
  // Afschalen B1 -> A2: course hours at a certified provider (secondary source).
  double lowering_to_a2_min_hours = 600;
  // Z-route hours for asylum status holders (800 language + 800 participation).
  int z_route_language_hours = 800;
  int z_route_participation_hours = 800;
  // Municipal fines (art. 22-23 as policy rules cite them), in euro cents: the maximum for
  // breaking an obligation of the plan, and each of the two fines of the intake no-show ladder.
  int64_t max_plan_fine_cents = 80000;
  int64_t intake_no_show_fine_cents = 25000;
  // A written warning on the same ground before every fine: good practice and the Divosa ladder,
  // not a statutory requirement (domain.md, second pass): municipal policy, on by default. The
  // intake ladder's steps (warning first, then the fines) hold either way.
  bool fine_needs_prior_warning = true;
  // Target groups the municipality does not fine (after the 2025 rulings DUO stopped fining
  // asylum status holders; a municipality may choose likewise).
  absl::flat_hash_set<TargetGroup> no_fines_for;
  // Unexcused absence a provider reports in this many periods (lessons or weeks) in a row puts
  // an ABSENCE_STREAK work item in the consultant's queue; 0 turns it off. Per municipality where
  // `absence_streak_periods_by_municipality` names it (a shared deployment's municipalities may
  // differ).
  int absence_streak_periods = 3;
  absl::flat_hash_map<std::string, int> absence_streak_periods_by_municipality;
  int AbsenceStreakPeriodsFor(const std::string& municipality) const {
    const auto it = absence_streak_periods_by_municipality.find(municipality);
    return it == absence_streak_periods_by_municipality.end() ? absence_streak_periods : it->second;
  }
  // The municipality's time zone: "today" for every deadline.
  absl::TimeZone time_zone = absl::UTCTimeZone();
};

}  // namespace inburgering::domain
