#include "domain/provider_use_cases.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "domain/enum_names.h"
#include "domain/errors.h"
#include "domain/outbox.h"
#include "domain/status_macros.h"
#include "domain/trajectory_rules.h"
#include "domain/trajectory_use_cases.h"

namespace inburgering::domain {
namespace {

std::string ProviderName(absl::string_view municipality, absl::string_view id) {
  return absl::StrCat("municipalities/", municipality, "/providers/", id);
}

// A trajectory a batch touches: as read, as changed, and its client.
struct Touched {
  Trajectory before;
  Trajectory after;
  Client client;
};

}  // namespace

absl::Status ResolveRegisteredProvider(UnitOfWork& work, absl::string_view municipality,
                                       Enrollment& e) {
  if (e.registered_provider.empty()) return absl::OkStatus();
  absl::StatusOr<Provider> provider = work.providers().Get(municipality, e.registered_provider);
  if (absl::IsNotFound(provider.status())) {
    return RuleViolated(reason::kProviderNotRegistered,
                        "enrollment.registered_provider: the municipality has not registered this "
                        "provider (ProviderService.CreateProvider)");
  }
  RETURN_IF_ERROR(provider.status());
  if (std::find(provider->components.begin(), provider->components.end(), e.component) ==
      provider->components.end()) {
    return RuleViolated(reason::kComponentNotOffered,
                        absl::StrCat("enrollment.component: the provider is registered for other "
                                     "components than ",
                                     EnumName(e.component)));
  }
  e.provider = provider->display_name;
  e.quality_mark = provider->quality_mark;
  if (e.contract_reference.empty()) e.contract_reference = provider->contract_reference;
  return absl::OkStatus();
}

absl::Status SaveProviderEnrollments(UnitOfWork& work, const Trajectory& before,
                                     const Trajectory& after, absl::Time now) {
  for (ProviderEnrollment& e : ProviderEnrollmentsChanged(before, after)) {
    e.sequence = absl::ToUnixMicros(now);
    RETURN_IF_ERROR(work.providers().SaveEnrollment(e));
  }
  return absl::OkStatus();
}

absl::StatusOr<Provider> ProviderUseCases::Create(const Caller& caller, CallJournal& journal,
                                                  Provider draft, const IdempotencyKey& key) {
  RETURN_IF_ERROR(AuthorizeStaff(caller, draft.municipality, Access::kManageTeam));
  journal.NoteObject(ProviderName(draft.municipality, draft.id));
  return InChange<Provider>(transactions_, [&](UnitOfWork* work) -> absl::StatusOr<Provider> {
    ASSIGN_OR_RETURN(std::optional<std::string> replay, FindReplay(*work, draft.municipality, key));
    if (replay) {
      journal.NoteChanges("replay; ");
      work->KeepNothing();  // the change was made: the earlier outcome again
      return work->providers().Get(draft.municipality, *replay);
    }
    const absl::Time now = clock_.Now();
    draft.create_time = now;
    absl::Status inserted = work->providers().Insert(draft);
    if (absl::IsAlreadyExists(inserted)) {
      return WithReason(
          absl::AlreadyExistsError("provider_id: this provider is registered already"),
          reason::kAlreadyExists);
    }
    RETURN_IF_ERROR(inserted);
    RETURN_IF_ERROR(Remember(*work, draft.municipality, key, draft.id, now));
    journal.NoteChanges("created; ");
    RETURN_IF_ERROR(WriteJournal(*work, caller, journal, "OK", now));
    return draft;
  });
}

absl::StatusOr<Provider> ProviderUseCases::Get(const Caller& caller, CallJournal& journal,
                                               absl::string_view municipality,
                                               absl::string_view id) {
  RETURN_IF_ERROR(AuthorizeProvider(caller, municipality, id, Access::kProviderRecords));
  journal.NoteObject(ProviderName(municipality, id));
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kOneStatement));
  return work->providers().Get(municipality, id);
}

absl::StatusOr<Page<Provider>> ProviderUseCases::List(const Caller& caller, CallJournal& journal,
                                                      absl::string_view municipality,
                                                      const PageRequest& page) {
  RETURN_IF_ERROR(AuthorizeStaff(caller, municipality, Access::kRead));
  journal.NoteObject(absl::StrCat("municipalities/", municipality));
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kOneStatement));
  return work->providers().List(municipality, page);
}

absl::StatusOr<Page<ProviderEnrollment>> ProviderUseCases::Enrollments(
    const Caller& caller, CallJournal& journal, absl::string_view municipality,
    absl::string_view provider_id, const PageRequest& page) {
  RETURN_IF_ERROR(AuthorizeProvider(caller, municipality, provider_id, Access::kProviderRecords));
  journal.NoteObject(ProviderName(municipality, provider_id));
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kReadOnly));
  ASSIGN_OR_RETURN(Page<ProviderEnrollment> result,
                   work->providers().ListEnrollments(municipality, provider_id, page));
  for (const ProviderEnrollment& e : result.items) journal.NoteSubject(e.client_id);
  return result;
}

absl::StatusOr<Page<ProviderReport>> ProviderUseCases::Reports(const Caller& caller,
                                                               CallJournal& journal,
                                                               const ProviderReportFilter& filter,
                                                               const PageRequest& page) {
  RETURN_IF_ERROR(
      AuthorizeProvider(caller, filter.municipality, filter.provider_id, Access::kProviderRecords));
  journal.NoteObject(ProviderName(filter.municipality, filter.provider_id));
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kReadOnly));
  ASSIGN_OR_RETURN(Page<ProviderReport> result, work->providers().ListReports(filter, page));
  for (const ProviderReport& r : result.items) journal.NoteSubject(r.client_id);
  return result;
}

absl::StatusOr<std::vector<ProviderReportResult>> ProviderUseCases::Submit(
    const Caller& caller, CallJournal& journal, absl::string_view municipality,
    absl::string_view provider_id, std::vector<SubmittedReport> reports, Violations found) {
  // Another provider learns nothing of what a valid report looks like: whose it is comes first
  // (when the name could be read at all).
  if (municipality.empty()) return found.ToStatus();
  RETURN_IF_ERROR(AuthorizeProvider(caller, municipality, provider_id, Access::kProviderReport));
  const absl::CivilDay today = DayOf(clock_.Now(), policy_.time_zone);
  for (const SubmittedReport& s : reports) {
    CheckProviderReportDates(s.report, today, s.field, found);
  }
  RETURN_IF_ERROR(found.ToStatus());
  journal.NoteObject(ProviderName(municipality, provider_id));
  return InChange<std::vector<ProviderReportResult>>(
      transactions_, [&](UnitOfWork* work) -> absl::StatusOr<std::vector<ProviderReportResult>> {
        const absl::Time now = clock_.Now();
        ASSIGN_OR_RETURN(int64_t sequence,
                         work->providers().LastReportSequence(municipality, provider_id));
        absl::flat_hash_map<std::string, Touched> touched;  // by trajectory id
        std::vector<std::string> order;                     // the trajectories in the order touched
        std::vector<ProviderReportResult> results;
        results.reserve(reports.size());
        int recorded = 0, corrected = 0;
        for (size_t i = 0; i < reports.size(); ++i) {
          ProviderReport& r = reports[i].report;
          const std::string& field = reports[i].field;
          ASSIGN_OR_RETURN(
              std::optional<ProviderEnrollment> enrollment,
              work->providers().FindEnrollment(municipality, provider_id, r.enrollment_id));
          if (!enrollment) {
            return NotFound(
                absl::StrCat(field, ".enrollment_id: no such enrollment with this provider"));
          }
          journal.NoteSubject(enrollment->client_id);
          ASSIGN_OR_RETURN(std::optional<ProviderReport> latest,
                           work->providers().LatestReport(municipality, provider_id, r.record_id));
          ProviderReportResult result{r.record_id, 1, ProviderReportOutcome::kRecorded};
          if (latest) {
            if (latest->fingerprint == r.fingerprint) {
              results.push_back({r.record_id, latest->version, ProviderReportOutcome::kReplayed});
              continue;
            }
            if (latest->kind != r.kind || latest->enrollment_id != r.enrollment_id) {
              return InvalidArgument(
                  {{absl::StrCat(field, ".record_id"),
                    "was used for another kind of report or another enrollment; a "
                    "correction keeps both"}},
                  reason::kProviderRecordIdReused);
            }
            result.version = latest->version + 1;
            result.outcome = ProviderReportOutcome::kCorrected;
          }
          auto it = touched.find(enrollment->trajectory_id);
          if (it == touched.end()) {
            ASSIGN_OR_RETURN(Trajectory t,
                             work->trajectories().Get(municipality, enrollment->client_id,
                                                      enrollment->trajectory_id));
            ASSIGN_OR_RETURN(Client client,
                             work->clients().Get(municipality, enrollment->client_id));
            it = touched.emplace(enrollment->trajectory_id, Touched{t, t, std::move(client)}).first;
            order.push_back(enrollment->trajectory_id);
          }
          RETURN_IF_ERROR(RequireOpen(it->second.after));
          r.municipality = std::string(municipality);
          r.provider_id = std::string(provider_id);
          r.version = result.version;
          r.client_id = enrollment->client_id;
          r.trajectory_id = enrollment->trajectory_id;
          r.receive_time = now;
          r.sequence = ++sequence;
          RETURN_IF_ERROR(ApplyProviderReport(it->second.after, r, ids_));
          RETURN_IF_ERROR(work->providers().InsertReport(r));
          (result.outcome == ProviderReportOutcome::kCorrected ? corrected : recorded)++;
          results.push_back(std::move(result));
        }
        for (const std::string& id : order) {
          Touched& t = touched.at(id);
          const int64_t expected = t.before.version;
          t.after.update_time = now;
          t.after.version = expected + 1;
          RETURN_IF_ERROR(
              work->trajectories().Update(t.after, IndexOf(t.after, t.client, policy_), expected));
          RETURN_IF_ERROR(SaveProviderEnrollments(*work, t.before, t.after, now));
          Outbox outbox = TrajectoryOutbox(t.before, t.after);
          KeepReportsForDuo(t.client, outbox);
          RETURN_IF_ERROR(WriteOutbox(*work, std::move(outbox), ids_, now));
        }
        journal.NoteChanges(absl::StrCat("reports: ", reports.size(), "; recorded: ", recorded,
                                         "; corrected: ", corrected, "; "));
        RETURN_IF_ERROR(WriteJournal(*work, caller, journal, "OK", now));
        return results;
      });
}

}  // namespace inburgering::domain
