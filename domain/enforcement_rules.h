#pragma once

// Municipal enforcement (domain.md, Enforcement): warnings, the intake no-show ladder, and fines
// from intention to objection. Each step is a change on the trajectory (recorded through
// TrajectoryUseCases::Record) that answers FAILED_PRECONDITION with the rule's reason when the
// law or local policy forbids it. Amounts are euro cents. Tests:
// tests/domain/enforcement_rules_test.cc.

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "domain/client.h"
#include "domain/enum_names.h"
#include "domain/policy.h"
#include "domain/trajectory.h"

namespace inburgering::domain {

namespace reason {
inline constexpr absl::string_view kFineWithoutWarning = "FINE_WITHOUT_WARNING";
inline constexpr absl::string_view kFineNotBlameworthy = "FINE_NOT_BLAMEWORTHY";
inline constexpr absl::string_view kFineOverMaximum = "FINE_OVER_MAXIMUM";
inline constexpr absl::string_view kFiningSwitchedOff = "FINING_SWITCHED_OFF";
inline constexpr absl::string_view kFinePowerLapsed = "FINE_POWER_LAPSED";
inline constexpr absl::string_view kFineLadderStep = "FINE_LADDER_STEP";
inline constexpr absl::string_view kNoShowNotRecorded = "NO_SHOW_NOT_RECORDED";
inline constexpr absl::string_view kFineStepOutOfOrder = "FINE_STEP_OUT_OF_ORDER";
inline constexpr absl::string_view kFineDecisionBeforeView = "FINE_DECISION_BEFORE_VIEW";
}  // namespace reason

// The intake no-show ladder (domain.md, lifecycle 2, Divosa guidance), by the invitation missed
// without excuse: the first calls for a written warning with a second invitation; the second for
// a fine with a third invitation; the third for a second fine. Nothing further follows from it,
// so there are at most two live fines on the intake ground.
enum class NoShowStep {
  kNone,
  kWarningWithSecondInvitation,
  kFineWithThirdInvitation,
  kSecondFine
};
template <>
struct EnumNames<NoShowStep> {
  static constexpr EnumEntry<NoShowStep> kEntries[] = {
      {NoShowStep::kNone, "UNSPECIFIED"},
      {NoShowStep::kWarningWithSecondInvitation, "WARNING_WITH_SECOND_INVITATION"},
      {NoShowStep::kFineWithThirdInvitation, "FINE_WITH_THIRD_INVITATION"},
      {NoShowStep::kSecondFine, "SECOND_FINE"}};
};

struct NoShowAdvice {
  NoShowStep step = NoShowStep::kNone;
  std::string appointment_id;  // the no-show the step answers
  int64_t amount_cents = 0;    // for the fines: the policy's intake amount
};

// The ladder's next step: for the earliest unexcused intake no-show whose step is not taken yet.
// kNone once a plan is established (the intake is over).
NoShowAdvice NextNoShowStep(const Trajectory& trajectory, const Policy& policy);

// The maximum fine for `ground` under `policy`, never above the statutory maximum.
int64_t MaximumFineCents(EnforcementGround ground, const Policy& policy);

// The highest fine the law allows on `ground` (not the policy's amount, which may be lower): up to
// EUR 800 for breaking the plan's obligations (Wi2021 art. 22-23); EUR 250 for not taking part in
// the broad intake (Besluit inburgering 2021, as the Divosa ladder cites it; secondary).
int64_t StatutoryMaximumFineCents(EnforcementGround ground);

// Awb 5:53: the procedure for a fine above EUR 340 applies where the ground's statutory maximum is
// above that (the plan ground, up to EUR 800; not the intake ground, EUR 250).
bool Awb553Applies(EnforcementGround ground);

// Awb 5:45 lid 1-2: the power to fine lapses 5 years after the offence where a fine above EUR 340
// can be imposed (Awb 5:53 applies), 3 years otherwise. Derived from the ground's statutory
// maximum, not a policy setting.
int FinePowerLapseYears(EnforcementGround ground);

// Awb 5:45 lid 3: the period is suspended while an objection or appeal against a fine for the same
// offence (same ground and offence date) runs, until it is decided. Whether the power to fine that
// offence has lapsed on `on`: later than `FinePowerLapseYears` after the offence plus the days
// suspended (a pending objection suspends up to `on`).
bool FinePowerLapsed(const Trajectory& trajectory, EnforcementGround ground,
                     absl::CivilDay offence_date, absl::CivilDay on);

// Awb 5:51 lid 1: where Awb 5:53 applies (a fine above EUR 340 can be imposed on the ground), the
// decision follows within 13 weeks of the report (rapport); the intention's date stands for the
// report's. nullopt on a ground whose maximum is EUR 340 or less.
std::optional<absl::CivilDay> FineDecisionDueDate(const Fine& fine);

// A written warning before every fine on the same ground is municipal policy (Divosa's ladder,
// e.g. CVDR707332), not a statutory requirement: `policy.fine_needs_prior_warning`.
bool FineNeedsPriorWarning(const Policy& policy);

// Whether the municipality fines people of the client's target group at all.
bool FiningSwitchedOff(const Client& client, const Policy& policy);

// A written warning. On the intake ground it answers an intake invitation missed without excuse
// (NO_SHOW_NOT_RECORDED otherwise) that has no warning or fine yet (FINE_LADDER_STEP); on the
// plan ground it needs a plan (NO_PLAN_YET).
absl::Status RecordWarning(Trajectory& trajectory, Warning warning);

// The intention to fine (voornemen). Needs: the client under the Wi2021 (NOT_UNDER_WI2021); fining
// switched on for the target group; a prior warning on the same ground (dated on or before the
// intention); the finding that the person is to blame with its reasons (Awb 5:41); an amount within
// the ground's maximum; the power to fine not lapsed; on the intake ground, a fine step of the
// ladder for that no-show (the second or third invitation) not fined yet (FINE_LADDER_STEP). Sets
// the fine's warning_id to the warning it follows.
absl::Status RecordFineIntention(Trajectory& trajectory, const Client& client, Fine fine,
                                 const Policy& policy);

// The person's view on the intention (or that they let the term pass): before the decision.
absl::Status RecordFineView(Trajectory& trajectory, const std::string& fine_id, FineView view);

// The decision: after the view (Awb 5:53), within the intended amount, while the power to fine
// lasts. `imposed` false withdraws the intention.
absl::Status DecideFine(Trajectory& trajectory, const Client& client, const std::string& fine_id,
                        FineDecision decision, const Policy& policy);

// An objection (bezwaar) against an imposed fine, and its outcome.
absl::Status RecordFineObjection(Trajectory& trajectory, const std::string& fine_id,
                                 absl::CivilDay filed_date);
absl::Status DecideFineObjection(Trajectory& trajectory, const std::string& fine_id,
                                 ObjectionOutcome outcome, absl::CivilDay date,
                                 int64_t amount_cents);

}  // namespace inburgering::domain
