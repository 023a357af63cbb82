// Domain transitions and field validation on arbitrary input: a byte string drives a sequence of
// recorded steps on one trajectory (with dates, routes and hours taken from the input) and the
// text validators. Nothing may crash, and the law's invariants must hold after every step:
// the term starts the day after the FIRST plan and never moves; plan versions count up by one;
// a closed trajectory never changes again; the onderwijsroute never carries MAP hours.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "domain/client.h"
#include "domain/dates.h"
#include "domain/enforcement_rules.h"
#include "domain/outbox.h"
#include "domain/rules.h"
#include "domain/trajectory_rules.h"
#include "domain/validation.h"

namespace {

int kind = -1;  // the step being checked, for the report of a broken invariant

using namespace inburgering::domain;  // NOLINT(google-build-using-namespace): a fuzz driver

class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint8_t Byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  int Int(int max) { return (Byte() << 8 | Byte()) % (max + 1); }
  absl::CivilDay Day() { return absl::CivilDay(2020, 1, 1) + Int(4000); }
  std::string Text() {
    const int length = Int(40);
    std::string s;
    for (int i = 0; i < length; ++i) s.push_back(static_cast<char>(Byte()));
    return s;
  }
  bool Done() const { return pos_ >= size_; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

// Aborts naming the broken invariant, so that a finding says which one it broke.
#define Check(invariant)                                                                           \
  do {                                                                                             \
    if (!(invariant)) {                                                                            \
      std::fprintf(stderr, "invariant broken: %s (line %d, step kind %d)\n", #invariant, __LINE__, \
                   kind);                                                                          \
      std::abort();                                                                                \
    }                                                                                              \
  } while (false)

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Input in(data, size);
  Policy policy;
  Client client;
  client.birth_date = in.Day() - 365 * 30;
  client.target_group = static_cast<TargetGroup>(in.Int(2));
  client.obligation_notice_date = in.Day();
  client.bsn = in.Text();
  client.given_names = in.Text();
  client.family_name = in.Text();
  Violations violations;
  ValidateClientFields(client, in.Day(), "client.", violations);
  (void)IsValidBsn(client.bsn);
  absl::CivilDay parsed;
  (void)ParseDay(client.given_names, &parsed);

  Trajectory t;
  std::optional<absl::CivilDay> term_start;
  for (int step = 0; step < 64 && !in.Done(); ++step) {
    const Trajectory before = t;
    kind = -1;
    const bool was_closed = t.closed();
    absl::Status status = RequireOpen(t);
    if (status.ok()) {
      kind = in.Int(13);
      switch (kind) {
        case 0: {
          Intake intake;
          intake.date = in.Day();
          intake.education_and_work_history = in.Byte() & 1;
          intake.personal_circumstances = in.Byte() & 1;
          status = RecordIntake(t, intake);
          break;
        }
        case 1:
          status = RecordLearnabilityTest(t, {in.Day(), in.Int(100)});
          break;
        case 2:
        case 3: {
          PlanVersion plan;
          plan.decision_date = in.Day();
          plan.route = static_cast<Route>(in.Int(2));
          plan.kind = static_cast<AmendmentKind>(in.Int(4));
          plan.language_hours = in.Int(2000);
          plan.participation_hours = in.Int(2000);
          plan.map_hours = in.Int(100);
          status = in.Byte() & 1 ? EstablishPlan(t, client, plan, policy)
                                 : AmendPlan(t, client, plan, policy);
          break;
        }
        case 4: {
          Enrollment e;
          e.id = std::to_string(step);
          e.quality_mark = static_cast<QualityMark>(in.Int(2));
          e.start_date = in.Day();
          status = RecordEnrollment(t, e);
          break;
        }
        case 5: {
          AttendanceRecord a;
          a.enrollment_id = std::to_string(in.Int(64));
          a.attended_hours = in.Int(1000);
          status = RecordAttendance(t, a);
          break;
        }
        case 6: {
          ComponentResult c;
          c.component = static_cast<Component>(in.Int(2));
          status = RecordComponentResult(t, c);
          break;
        }
        case 7: {
          Extension e;
          e.weeks = in.Int(260);
          status = RecordExtension(t, e);
          break;
        }
        case 8:
          status = CloseTrajectory(t, {static_cast<ClosureReason>(in.Int(5)), in.Day()});
          break;
        case 9: {
          Warning w;
          w.id = "w" + std::to_string(step);
          w.ground = static_cast<EnforcementGround>(in.Int(1));
          w.appointment_id = std::to_string(in.Int(64));
          w.date = in.Day();
          status = RecordWarning(t, w);
          break;
        }
        case 10: {
          Fine f;
          f.id = std::to_string(in.Int(64));
          f.ground = static_cast<EnforcementGround>(in.Int(1));
          f.appointment_id = std::to_string(in.Int(64));
          f.offence_date = in.Day();
          f.intention_date = in.Day();
          f.blameworthy = in.Byte() & 1;
          f.blameworthiness_reasons = in.Text();
          f.intended_amount_cents = in.Int(100000);
          status = RecordFineIntention(t, client, f, policy);
          break;
        }
        case 11: {
          const std::string fine = std::to_string(in.Int(64));
          status =
              in.Byte() & 1
                  ? RecordFineView(t, fine, {in.Day(), true, "", ""})
                  : DecideFine(t, client, fine,
                               {in.Day(), (in.Byte() & 1) != 0, in.Int(100000), "", ""}, policy);
          break;
        }
        case 12: {
          const std::string fine = std::to_string(in.Int(64));
          status = in.Byte() & 1
                       ? RecordFineObjection(t, fine, in.Day())
                       : DecideFineObjection(t, fine, static_cast<ObjectionOutcome>(in.Int(3)),
                                             in.Day(), in.Int(100000));
          break;
        }
        case 13:
          status = IssueProgrammeLateStatement(t, client, {"s", in.Day(), {}, {}, {}, ""});
          break;
        default: {
          Appointment a;
          a.id = std::to_string(step);
          a.kind = static_cast<AppointmentKind>(in.Int(3));
          a.invitation_number = in.Int(3);
          a.scheduled_at = absl::FromUnixSeconds(in.Int(60000) * 3600);
          status = ScheduleAppointment(t, a);
          if (status.ok()) {
            status = RecordAppointmentOutcome(t, a.id, static_cast<AppointmentOutcome>(in.Int(3)));
          }
          break;
        }
      }
    }
    // A closed trajectory is never changed; a refused step changes nothing.
    if (was_closed || !status.ok()) {
      Check(t.plans.size() == before.plans.size() && t.closed() == before.closed() &&
            t.enrollments.size() == before.enrollments.size());
    }
    // Enforcement: no standing fine above its ground's maximum or without a warning on its ground
    // and a blameworthiness finding; at most two live fines on the intake ladder; the outbox of
    // a refused step is empty.
    int intake_fines = 0;
    for (const Fine& f : t.fines) {
      Check(f.blameworthy && !f.blameworthiness_reasons.empty() && !f.warning_id.empty());
      Check(f.intended_amount_cents <= MaximumFineCents(f.ground, policy));
      if (f.decision) Check(f.decision->amount_cents <= f.intended_amount_cents);
      if (f.ground == EnforcementGround::kIntakeNoShow && f.Live()) ++intake_fines;
    }
    Check(intake_fines <= 2);
    const Outbox outbox = TrajectoryOutbox(before, t);
    if (!status.ok()) Check(outbox.events.empty() && outbox.reports.empty());
    if (!t.plans.empty()) {
      const absl::CivilDay start = IntegrationTermStart(t.plans.front().decision_date);
      if (term_start) Check(start == *term_start);
      term_start = start;
      for (size_t i = 0; i < t.plans.size(); ++i) {
        Check(t.plans[i].version == static_cast<int>(i) + 1);
        Check(t.plans[i].route != Route::kEducation || t.plans[i].map_hours == 0);
      }
      (void)Deadlines(t, client, policy, in.Day());
      (void)NextOpenDeadline(t, client, policy);
    }
  }
  return 0;
}
