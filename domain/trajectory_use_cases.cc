#include "domain/trajectory_use_cases.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/journal.h"
#include "domain/names.h"
#include "domain/provider_use_cases.h"
#include "domain/status_macros.h"
#include "domain/trajectory_rules.h"

namespace inburgering::domain {

void ApplyCitizenView(CaseFile& file) {
  ApplyCitizenView(file.client);
  if (file.consultant) file.consultant->case_capacity = 0;
  if (file.trajectory.intake) {
    file.trajectory.intake->summary.clear();
    file.trajectory.intake->medical_limitation = false;
    file.trajectory.intake->medical_note.clear();
  }
  for (ProgressReview& r : file.trajectory.reviews) r.summary.clear();
  for (ComponentResult& c : file.trajectory.components) c.note.clear();
  for (Warning& w : file.trajectory.warnings) {
    w.note.clear();
    w.issued_by.clear();
  }
  for (Fine& f : file.trajectory.fines) {
    f.intended_by.clear();
    if (f.view) {
      f.view->summary.clear();
      f.view->recorded_by.clear();
    }
    if (f.decision) f.decision->decided_by.clear();
  }
  for (ProgrammeLateStatement& s : file.trajectory.late_statements) s.issued_by.clear();
  for (BlameworthinessFinding& f : file.trajectory.findings) f.found_by.clear();
  if (file.trajectory.social_guidance) file.trajectory.social_guidance->recorded_by.clear();
  if (file.trajectory.unburdening) file.trajectory.unburdening->recorded_by.clear();
  for (ZRouteDecision& d : file.trajectory.z_route_decisions) d.decided_by.clear();
  for (NonCompletionNotice& n : file.trajectory.non_completion_notices) n.reported_by.clear();
}

absl::CivilDay TrajectoryUseCases::Today() const { return DayOf(clock_.Now(), policy_.time_zone); }

TrajectoryIndex IndexOf(const Trajectory& trajectory, const Client& client, const Policy& policy) {
  TrajectoryIndex index;
  index.phase = PhaseOf(trajectory);
  if (const PlanVersion* plan = trajectory.current_plan()) index.route = plan->route;
  if (!trajectory.plans.empty()) index.first_plan_date = trajectory.plans.front().decision_date;
  index.next_deadline = NextOpenDeadline(trajectory, client, policy);
  if (trajectory.closure) index.closed_on = trajectory.closure->date;
  index.facts = FactsOf(trajectory, client, policy);
  return index;
}

absl::Status ReindexTrajectories(UnitOfWork& work, const Client& client, const Policy& policy) {
  PageRequest page{kMaxPageSize, ""};
  do {
    ASSIGN_OR_RETURN(Page<Trajectory> trajectories,
                     work.trajectories().List(client.municipality, client.id, page));
    for (const Trajectory& t : trajectories.items) {
      RETURN_IF_ERROR(work.trajectories().Update(t, IndexOf(t, client, policy), t.version));
    }
    page.after = trajectories.next_after;
  } while (!page.after.empty());
  return absl::OkStatus();
}

std::vector<Advisory> AdvisoriesOf(const Trajectory& trajectory, const Client& client,
                                   const Policy& policy) {
  std::vector<Advisory> out;
  const PlanVersion* plan = trajectory.current_plan();
  if (plan == nullptr) return out;
  if (EducationRouteAboveTargetAge(client.birth_date, *plan, policy)) {
    out.push_back({"EDUCATION_ROUTE_ABOVE_TARGET_AGE",
                   absl::StrCat("the onderwijsroute's target group is people up to ",
                                policy.education_route_target_age,
                                "; record in the plan why it suits this person "
                                "(education_route_age_reason)")});
  }
  if (!trajectory.plans.empty() &&
      trajectory.plans.front().intake_basis != IntakeBasis::kCompleteIntake &&
      !IntakeComplete(trajectory)) {
    out.push_back({"PLAN_WITHOUT_COMPLETE_INTAKE",
                   "the plan rests on the information available; the broad intake is still "
                   "incomplete"});
  }
  return out;
}

absl::StatusOr<int64_t> TrajectoryUseCases::ReindexAll() {
  int64_t rewritten = 0;
  TrajectoryKey after;
  while (true) {
    ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                     transactions_.Begin(TransactionMode::kReadWrite));
    ASSIGN_OR_RETURN(std::vector<TrajectoryKey> keys, work->trajectories().KeysAfter(after, 200));
    if (keys.empty()) return rewritten;
    for (const TrajectoryKey& key : keys) {
      ASSIGN_OR_RETURN(Trajectory t,
                       work->trajectories().Get(key.municipality, key.client_id, key.id));
      ASSIGN_OR_RETURN(Client client, work->clients().Get(key.municipality, key.client_id));
      RETURN_IF_ERROR(work->trajectories().Update(t, IndexOf(t, client, policy_), t.version));
      ++rewritten;
    }
    RETURN_IF_ERROR(work->Commit());
    after = keys.back();
  }
}

absl::StatusOr<CaseFile> TrajectoryUseCases::Assemble(UnitOfWork& work, Trajectory trajectory,
                                                      std::optional<Client> client) {
  CaseRecords records;
  if (client) {
    records.client = *std::move(client);
  } else {
    ASSIGN_OR_RETURN(records.client,
                     work.clients().Get(trajectory.municipality, trajectory.client_id));
  }
  if (!records.client.consultant_id.empty()) {
    absl::StatusOr<Consultant> consultant =
        work.consultants().Get(records.client.municipality, records.client.consultant_id);
    if (consultant.ok()) records.consultant = *std::move(consultant);
  }
  records.trajectory = std::move(trajectory);
  return Compose(std::move(records));
}

CaseFile TrajectoryUseCases::Compose(CaseRecords records) const {
  CaseFile file;
  file.client = std::move(records.client);
  file.consultant = std::move(records.consultant);
  Trajectory& trajectory = records.trajectory;
  file.today = Today();
  file.phase = PhaseOf(trajectory);
  // Outside the Wi2021 there is no plan deadline and no term (Wi2021Applies).
  if (Wi2021Applies(file.client)) {
    file.plan_due = PlanDueAfterInformation(file.client, trajectory);
    file.term_start = TermStartAfterMoves(trajectory);
  }
  if (file.term_start) {
    file.term_last_day = IntegrationTermLastDay(*file.term_start, trajectory.extensions);
    file.route_switch_last_day = RouteSwitchWindowLastDay(*file.term_start);
  }
  file.deadlines = Deadlines(trajectory, file.client, policy_, file.today);
  file.no_show_advice = NextNoShowStep(trajectory, policy_);
  for (const AttendanceRecord& a : trajectory.attendance) {
    file.attended_hours += a.attended_hours;
    file.excused_hours += a.excused_hours;
    file.unexcused_hours += a.unexcused_hours;
  }
  file.certified_attended_hours = CertifiedAttendedHours(trajectory);
  file.advisories = AdvisoriesOf(trajectory, file.client, policy_);
  file.trajectory = std::move(trajectory);
  return file;
}

absl::StatusOr<CaseFile> TrajectoryUseCases::Create(const Caller& caller, CallJournal& journal,
                                                    absl::string_view municipality,
                                                    absl::string_view client_id,
                                                    const IdempotencyKey& key,
                                                    std::optional<MoveIn> moved_in,
                                                    Violations found) {
  journal.NoteSubject(client_id);
  if (moved_in) {
    const absl::CivilDay today = Today();
    found.Check(moved_in->first_plan_date <= today, "moved_in.first_plan_date",
                "must not be in the future");
    found.Check(moved_in->move_date <= today, "moved_in.move_date", "must not be in the future");
    found.Check(moved_in->move_date >= moved_in->first_plan_date, "moved_in.move_date",
                "must not be before the first plan");
    found.Check(moved_in->from_municipality != municipality, "moved_in.from_municipality",
                "must be another municipality");
  }
  RETURN_IF_ERROR(found.ToStatus());
  RETURN_IF_ERROR(AuthorizeStaff(caller, municipality, Access::kWrite));
  return InChange<CaseFile>(transactions_, [&](UnitOfWork* work) -> absl::StatusOr<CaseFile> {
    ASSIGN_OR_RETURN(std::optional<std::string> replay, FindReplay(*work, municipality, key));
    if (replay) {
      journal.NoteObject(absl::StrCat("municipalities/", municipality, "/clients/", client_id,
                                      "/trajectories/", *replay));
      journal.NoteReplay(client_id);
      work->KeepNothing();  // the change was made: the earlier outcome again
      ASSIGN_OR_RETURN(Trajectory existing,
                       work->trajectories().Get(municipality, client_id, *replay));
      return Assemble(*work, std::move(existing));
    }
    ASSIGN_OR_RETURN(Client client, work->clients().Get(municipality, client_id));
    ASSIGN_OR_RETURN(bool open, work->trajectories().HasOpen(municipality, client_id));
    if (open) {
      return RuleViolated(reason::kTrajectoryAlreadyOpen,
                          "the client has an open trajectory: close it before starting another");
    }
    const absl::Time now = clock_.Now();
    Trajectory trajectory;
    trajectory.municipality = std::string(municipality);
    trajectory.client_id = std::string(client_id);
    trajectory.id = ids_.NewId();
    trajectory.create_time = now;
    trajectory.update_time = now;
    trajectory.version = 1;
    trajectory.moved_in = std::move(moved_in);
    RETURN_IF_ERROR(work->trajectories().Insert(trajectory, IndexOf(trajectory, client, policy_)));
    RETURN_IF_ERROR(Remember(*work, municipality, key, trajectory.id, now));
    Outbox outbox;
    outbox.events.push_back(ClientEvent(EventType::kTrajectoryStarted, client));
    outbox.events.back().trajectory_id = trajectory.id;
    if (trajectory.moved_in) {  // art. 11 lid 3: DUO hears of both sides of a move
      outbox.events.back().kind = "MOVED_IN";
      DuoReport report;
      report.municipality = trajectory.municipality;
      report.client_id = trajectory.client_id;
      report.trajectory_id = trajectory.id;
      report.kind = DuoReportKind::kMovedIn;
      report.fact_date = trajectory.moved_in->move_date;
      report.route = trajectory.moved_in->route;
      outbox.reports.push_back(std::move(report));
    }
    KeepReportsForDuo(client, outbox);
    RETURN_IF_ERROR(WriteOutbox(*work, std::move(outbox), ids_, now));
    journal.NoteObject(absl::StrCat("municipalities/", municipality, "/clients/", client_id,
                                    "/trajectories/", trajectory.id));
    journal.NoteChanges("created; ");
    RETURN_IF_ERROR(WriteJournal(*work, caller, journal, "OK", now));
    ASSIGN_OR_RETURN(CaseFile file, Assemble(*work, std::move(trajectory)));
    return file;
  });
}

absl::StatusOr<CaseFile> TrajectoryUseCases::GetCaseFile(const Caller& caller, CallJournal& journal,
                                                         const TrajectoryRef& ref) {
  journal.NoteSubject(ref.client_id);
  RETURN_IF_ERROR(AuthorizeRead(caller, ref.municipality));
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kOneStatement));
  ASSIGN_OR_RETURN(CaseRecords records,
                   work->trajectories().GetCase(ref.municipality, ref.client_id, ref.id));
  CaseFile file = Compose(std::move(records));
  RETURN_IF_ERROR(AuthorizeClientRead(caller, file.client.bsn));
  if (!caller.IsStaff()) ApplyCitizenView(file);
  return file;
}

absl::StatusOr<Page<Trajectory>> TrajectoryUseCases::List(const Caller& caller,
                                                          CallJournal& journal,
                                                          absl::string_view municipality,
                                                          absl::string_view client_id,
                                                          const PageRequest& page) {
  journal.NoteSubject(client_id);
  RETURN_IF_ERROR(AuthorizeRead(caller, municipality));
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kReadOnly));
  // NOT_FOUND for an unknown client (or another person's) rather than an empty list.
  ASSIGN_OR_RETURN(Client client, work->clients().Get(municipality, client_id));
  RETURN_IF_ERROR(AuthorizeClientRead(caller, client.bsn));
  return work->trajectories().List(municipality, client_id, page);
}

absl::StatusOr<CaseFile> TrajectoryUseCases::Record(const Caller& caller, CallJournal& journal,
                                                    const TrajectoryRef& ref,
                                                    int64_t expected_version,
                                                    const IdempotencyKey& key, Step step,
                                                    Violations found) {
  CheckDates(step, Today(), found);
  RETURN_IF_ERROR(found.ToStatus());
  journal.NoteSubject(ref.client_id);
  RETURN_IF_ERROR(AuthorizeStaff(caller, ref.municipality, Access::kWrite));
  return InChange<CaseFile>(transactions_, [&](UnitOfWork* work) -> absl::StatusOr<CaseFile> {
    ASSIGN_OR_RETURN(std::optional<std::string> replay, FindReplay(*work, ref.municipality, key));
    ASSIGN_OR_RETURN(Trajectory trajectory,
                     work->trajectories().Get(ref.municipality, ref.client_id, ref.id));
    if (replay) {
      journal.NoteReplay(ref.client_id);
      work->KeepNothing();  // the change was made: the earlier outcome again
      return Assemble(*work, std::move(trajectory));
    }
    RETURN_IF_ERROR(RequireVersion(trajectory, expected_version));
    RETURN_IF_ERROR(RequireOpen(trajectory));
    ASSIGN_OR_RETURN(Client client, work->clients().Get(ref.municipality, ref.client_id));
    const Trajectory original = trajectory;
    const TrajectoryIndex before = IndexOf(trajectory, client, policy_);
    if (auto* enrollment = std::get_if<steps::RecordEnrollment>(&step)) {
      RETURN_IF_ERROR(ResolveRegisteredProvider(*work, ref.municipality, enrollment->enrollment));
    }
    RETURN_IF_ERROR(
        ApplyStep(std::move(step), trajectory, StepContext{client, policy_, ids_, caller.subject}));
    const absl::Time now = clock_.Now();
    trajectory.update_time = now;
    trajectory.version = expected_version + 1;
    const TrajectoryIndex after = IndexOf(trajectory, client, policy_);
    RETURN_IF_ERROR(work->trajectories().Update(trajectory, after, expected_version));
    RETURN_IF_ERROR(SaveProviderEnrollments(*work, original, trajectory, now));
    RETURN_IF_ERROR(Remember(*work, ref.municipality, key, ref.id, now));
    Outbox outbox = TrajectoryOutbox(original, trajectory);
    KeepReportsForDuo(client, outbox);
    RETURN_IF_ERROR(WriteOutbox(*work, std::move(outbox), ids_, now));
    auto route = [](const std::optional<Route>& r) { return r ? NameOf(*r) : ""; };
    journal.NoteChanges(absl::StrCat(
        Change("version", absl::StrCat(expected_version), absl::StrCat(trajectory.version)),
        Change("phase", NameOf(before.phase), NameOf(after.phase)),
        Change("route", route(before.route), route(after.route))));
    RETURN_IF_ERROR(WriteJournal(*work, caller, journal, "OK", now));
    ASSIGN_OR_RETURN(CaseFile file, Assemble(*work, std::move(trajectory), std::move(client)));
    return file;
  });
}

}  // namespace inburgering::domain
