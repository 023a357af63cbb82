#include "domain/enforcement_rules.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/rules.h"

namespace inburgering::domain {
namespace {

std::string Euros(int64_t cents) {
  return absl::StrFormat("EUR %d.%02d", cents / 100, cents % 100);
}

bool IsUnexcusedIntakeNoShow(const Appointment& a) {
  return a.kind == AppointmentKind::kIntakeInvitation &&
         a.outcome == AppointmentOutcome::kNoShowUnexcused;
}

// The unexcused intake no-shows, in the order they happened.
std::vector<const Appointment*> IntakeNoShows(const Trajectory& t) {
  std::vector<const Appointment*> out;
  for (const Appointment& a : t.appointments) {
    if (IsUnexcusedIntakeNoShow(a)) out.push_back(&a);
  }
  std::stable_sort(out.begin(), out.end(), [](const Appointment* a, const Appointment* b) {
    return a->scheduled_at < b->scheduled_at;
  });
  return out;
}

bool Answered(const Trajectory& t, const std::string& appointment_id) {
  for (const Warning& w : t.warnings) {
    if (w.appointment_id == appointment_id) return true;
  }
  for (const Fine& f : t.fines) {
    if (f.appointment_id == appointment_id && f.Live()) return true;
  }
  return false;
}

// The ladder's step for a no-show on intake invitation `number` (1 to 3).
NoShowStep StepFor(int invitation_number) {
  switch (invitation_number) {
    case 1:
      return NoShowStep::kWarningWithSecondInvitation;
    case 2:
      return NoShowStep::kFineWithThirdInvitation;
    case 3:
      return NoShowStep::kSecondFine;
    default:
      return NoShowStep::kNone;
  }
}

// Whether a live fine answers a no-show on intake invitation `number` already.
bool StepFined(const Trajectory& t, int invitation_number) {
  for (const Fine& f : t.fines) {
    if (f.ground != EnforcementGround::kIntakeNoShow || !f.Live()) continue;
    for (const Appointment& a : t.appointments) {
      if (a.id == f.appointment_id && a.invitation_number == invitation_number) return true;
    }
  }
  return false;
}

Fine* FindFine(Trajectory& t, const std::string& fine_id) {
  for (Fine& f : t.fines) {
    if (f.id == fine_id) return &f;
  }
  return nullptr;
}

absl::Status NoSuchFine() {
  return InvalidArgument({{"fine_id", "no such fine in this trajectory"}});
}

absl::Status OutOfOrder(absl::string_view what) {
  return RuleViolated(reason::kFineStepOutOfOrder, what);
}

absl::Status CheckPowerToFine(const Trajectory& trajectory, EnforcementGround ground,
                              absl::CivilDay offence_date, absl::CivilDay on, const Client& client,
                              const Policy& policy) {
  if (FiningSwitchedOff(client, policy)) {
    return RuleViolated(reason::kFiningSwitchedOff,
                        "the municipality's policy does not fine this target group");
  }
  if (FinePowerLapsed(trajectory, ground, offence_date, on)) {
    return RuleViolated(
        reason::kFinePowerLapsed,
        absl::StrCat("Awb 5:45: the power to fine this offence lapsed ",
                     FinePowerLapseYears(ground),
                     " years after it (plus the time an objection against a fine for it ran)"));
  }
  return absl::OkStatus();
}

}  // namespace

NoShowAdvice NextNoShowStep(const Trajectory& trajectory, const Policy& policy) {
  NoShowAdvice advice;
  if (!trajectory.plans.empty()) return advice;
  for (const Appointment* a : IntakeNoShows(trajectory)) {
    const NoShowStep step = StepFor(a->invitation_number);
    if (step == NoShowStep::kNone || Answered(trajectory, a->id)) continue;
    if (step != NoShowStep::kWarningWithSecondInvitation &&
        StepFined(trajectory, a->invitation_number)) {
      continue;
    }
    advice.step = step;
    advice.appointment_id = a->id;
    if (step != NoShowStep::kWarningWithSecondInvitation) {
      advice.amount_cents = policy.intake_no_show_fine_cents;
    }
    return advice;
  }
  return advice;
}

int64_t MaximumFineCents(EnforcementGround ground, const Policy& policy) {
  return std::min(ground == EnforcementGround::kIntakeNoShow ? policy.intake_no_show_fine_cents
                                                             : policy.max_plan_fine_cents,
                  StatutoryMaximumFineCents(ground));
}

int64_t StatutoryMaximumFineCents(EnforcementGround ground) {
  return ground == EnforcementGround::kIntakeNoShow ? 25000 : 80000;
}

bool Awb553Applies(EnforcementGround ground) {
  constexpr int64_t kAwb553ThresholdCents = 34000;  // Awb 5:53: a fine above EUR 340
  return StatutoryMaximumFineCents(ground) > kAwb553ThresholdCents;
}

int FinePowerLapseYears(EnforcementGround ground) { return Awb553Applies(ground) ? 5 : 3; }

std::optional<absl::CivilDay> FineDecisionDueDate(const Fine& fine) {
  if (!Awb553Applies(fine.ground)) return std::nullopt;
  constexpr absl::civil_diff_t kWeek = 7;
  return fine.intention_date + 13 * kWeek;
}

bool FinePowerLapsed(const Trajectory& trajectory, EnforcementGround ground,
                     absl::CivilDay offence_date, absl::CivilDay on) {
  absl::civil_diff_t suspended = 0;
  for (const Fine& f : trajectory.fines) {
    if (f.ground != ground || f.offence_date != offence_date || !f.objection) continue;
    const FineObjection& o = *f.objection;
    if (o.filed_date > on) continue;
    const absl::CivilDay until = o.outcome_date ? std::min(*o.outcome_date, on) : on;
    if (until > o.filed_date) suspended += until - o.filed_date;
  }
  return on > AddYears(offence_date, FinePowerLapseYears(ground)) + suspended;
}

bool FineNeedsPriorWarning(const Policy& policy) { return policy.fine_needs_prior_warning; }

bool FiningSwitchedOff(const Client& client, const Policy& policy) {
  return policy.no_fines_for.contains(client.target_group);
}

absl::Status RecordWarning(Trajectory& trajectory, Warning warning) {
  if (warning.ground == EnforcementGround::kPlanObligation) {
    if (trajectory.plans.empty()) {
      return RuleViolated(reason::kNoPlanYet,
                          "a warning for breaking the plan's obligations needs a plan");
    }
    warning.appointment_id.clear();
  } else {
    const auto it =
        std::find_if(trajectory.appointments.begin(), trajectory.appointments.end(),
                     [&](const Appointment& a) { return a.id == warning.appointment_id; });
    if (it == trajectory.appointments.end()) {
      return InvalidArgument(
          {{"warning.appointment_id", "no such appointment in this trajectory"}});
    }
    if (!IsUnexcusedIntakeNoShow(*it)) {
      return RuleViolated(reason::kNoShowNotRecorded,
                          "the appointment is not an intake invitation missed without excuse");
    }
    if (Answered(trajectory, it->id)) {
      return RuleViolated(reason::kFineLadderStep,
                          "this no-show has had its warning or fine already");
    }
  }
  trajectory.warnings.push_back(std::move(warning));
  return absl::OkStatus();
}

absl::Status RecordFineIntention(Trajectory& trajectory, const Client& client, Fine fine,
                                 const Policy& policy) {
  if (!Wi2021Applies(client)) {
    return RuleViolated(reason::kNotUnderWi2021,
                        "the fines of art. 22-23 are for people under the Wi2021");
  }
  if (fine.intention_date < fine.offence_date) {
    return InvalidArgument({{"fine.intention_date", "must not be before the offence"}});
  }
  if (absl::Status s = CheckPowerToFine(trajectory, fine.ground, fine.offence_date,
                                        fine.intention_date, client, policy);
      !s.ok()) {
    return s;
  }
  if (fine.ground == EnforcementGround::kIntakeNoShow) {
    const std::vector<const Appointment*> no_shows = IntakeNoShows(trajectory);
    const auto it = std::find_if(no_shows.begin(), no_shows.end(), [&](const Appointment* a) {
      return a->id == fine.appointment_id;
    });
    if (it == no_shows.end()) {
      return RuleViolated(reason::kNoShowNotRecorded,
                          "the appointment is not an intake invitation missed without excuse");
    }
    const NoShowStep step = StepFor((*it)->invitation_number);
    if (step == NoShowStep::kWarningWithSecondInvitation) {
      return RuleViolated(reason::kFineLadderStep,
                          "the first intake no-show calls for a warning with a second "
                          "invitation, not a fine");
    }
    if (step == NoShowStep::kNone) {
      return RuleViolated(reason::kFineLadderStep,
                          "the intake no-show ladder ends with the second fine");
    }
    if (Answered(trajectory, fine.appointment_id) ||
        StepFined(trajectory, (*it)->invitation_number)) {
      return RuleViolated(reason::kFineLadderStep,
                          "this step of the ladder has had its fine already");
    }
  } else {
    if (trajectory.plans.empty()) {
      return RuleViolated(reason::kNoPlanYet,
                          "a fine for breaking the plan's obligations needs a plan");
    }
    fine.appointment_id.clear();
  }
  const Warning* prior = nullptr;
  for (const Warning& w : trajectory.warnings) {
    if (w.ground == fine.ground && w.date <= fine.intention_date &&
        (prior == nullptr || w.date >= prior->date)) {
      prior = &w;
    }
  }
  if (prior == nullptr && FineNeedsPriorWarning(policy)) {
    return RuleViolated(reason::kFineWithoutWarning,
                        "the municipality's policy: no fine without a prior written warning on "
                        "the same ground");
  }
  if (!fine.blameworthy || fine.blameworthiness_reasons.empty()) {
    return RuleViolated(reason::kFineNotBlameworthy,
                        "Awb 5:41: no fine unless the person is to blame, with the reasons");
  }
  const int64_t maximum = MaximumFineCents(fine.ground, policy);
  if (fine.intended_amount_cents > maximum) {
    return RuleViolated(reason::kFineOverMaximum,
                        absl::StrCat("the fine for this ground is at most ", Euros(maximum)));
  }
  fine.warning_id = prior != nullptr ? prior->id : "";
  fine.view.reset();
  fine.decision.reset();
  fine.objection.reset();
  trajectory.fines.push_back(std::move(fine));
  return absl::OkStatus();
}

absl::Status RecordFineView(Trajectory& trajectory, const std::string& fine_id, FineView view) {
  Fine* fine = FindFine(trajectory, fine_id);
  if (fine == nullptr) return NoSuchFine();
  if (fine->decision) return OutOfOrder("the fine was decided already");
  if (fine->view) return OutOfOrder("the person's view was recorded already");
  if (view.date < fine->intention_date) {
    return InvalidArgument({{"view.date", "must not be before the intention"}});
  }
  fine->view = std::move(view);
  return absl::OkStatus();
}

absl::Status DecideFine(Trajectory& trajectory, const Client& client, const std::string& fine_id,
                        FineDecision decision, const Policy& policy) {
  Fine* fine = FindFine(trajectory, fine_id);
  if (fine == nullptr) return NoSuchFine();
  if (fine->decision) return OutOfOrder("the fine was decided already");
  if (decision.date < fine->intention_date) {
    return InvalidArgument({{"decision.date", "must not be before the intention"}});
  }
  if (decision.imposed) {
    if (!fine->view) {
      return RuleViolated(reason::kFineDecisionBeforeView,
                          "Awb 5:53: record the person's view (or that they gave none) before "
                          "deciding");
    }
    if (absl::Status s = CheckPowerToFine(trajectory, fine->ground, fine->offence_date,
                                          decision.date, client, policy);
        !s.ok()) {
      return s;
    }
    const int64_t maximum =
        std::min(fine->intended_amount_cents, MaximumFineCents(fine->ground, policy));
    if (decision.amount_cents > maximum) {
      return RuleViolated(
          reason::kFineOverMaximum,
          absl::StrCat("the fine is at most the intended and the ground's maximum, ",
                       Euros(maximum)));
    }
  } else {
    decision.amount_cents = 0;
  }
  fine->decision = std::move(decision);
  return absl::OkStatus();
}

absl::Status RecordFineObjection(Trajectory& trajectory, const std::string& fine_id,
                                 absl::CivilDay filed_date) {
  Fine* fine = FindFine(trajectory, fine_id);
  if (fine == nullptr) return NoSuchFine();
  if (!fine->decision || !fine->decision->imposed) {
    return OutOfOrder("an objection is against an imposed fine");
  }
  if (fine->objection) return OutOfOrder("an objection was recorded already");
  if (filed_date < fine->decision->date) {
    return InvalidArgument({{"filed_date", "must not be before the decision"}});
  }
  FineObjection objection;
  objection.filed_date = filed_date;
  objection.amount_cents = fine->decision->amount_cents;
  fine->objection = objection;
  return absl::OkStatus();
}

absl::Status DecideFineObjection(Trajectory& trajectory, const std::string& fine_id,
                                 ObjectionOutcome outcome, absl::CivilDay date,
                                 int64_t amount_cents) {
  Fine* fine = FindFine(trajectory, fine_id);
  if (fine == nullptr) return NoSuchFine();
  if (!fine->objection || fine->objection->outcome != ObjectionOutcome::kPending) {
    return OutOfOrder("there is no pending objection against this fine");
  }
  if (date < fine->objection->filed_date) {
    return InvalidArgument({{"date", "must not be before the objection"}});
  }
  const int64_t imposed = fine->decision->amount_cents;
  switch (outcome) {
    case ObjectionOutcome::kReduced:
      if (amount_cents <= 0 || amount_cents >= imposed) {
        return InvalidArgument(
            {{"amount_cents", "a reduced fine is more than 0 and less than the imposed one"}});
      }
      break;
    case ObjectionOutcome::kUpheld:
      amount_cents = imposed;
      break;
    case ObjectionOutcome::kAnnulled:
      amount_cents = 0;
      break;
    case ObjectionOutcome::kPending:
      return InvalidArgument({{"outcome", "required"}});
  }
  fine->objection->outcome = outcome;
  fine->objection->outcome_date = date;
  fine->objection->amount_cents = amount_cents;
  return absl::OkStatus();
}

}  // namespace inburgering::domain
