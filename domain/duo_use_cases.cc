#include "domain/duo_use_cases.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/journal.h"
#include "domain/status_macros.h"
#include "domain/trajectory_rules.h"
#include "domain/trajectory_use_cases.h"

namespace inburgering::domain {
namespace {

absl::Status WrongState(absl::string_view message) {
  return RuleViolated(reason::kDuoReportState, message);
}

// The fields a correction changes, named as in the API (`birth_date,target_group`).
std::string ChangedFields(const Client& before, const Client& after) {
  std::vector<absl::string_view> fields;
  if (before.given_names != after.given_names) fields.push_back("given_names");
  if (before.family_name != after.family_name) fields.push_back("family_name");
  if (before.birth_date != after.birth_date) fields.push_back("birth_date");
  if (before.target_group != after.target_group) fields.push_back("target_group");
  if (before.obligation_notice_date != after.obligation_notice_date) {
    fields.push_back("obligation_notice_date");
  }
  return absl::StrJoin(fields, ",");
}

void ApplyFacts(const DuoSignal& signal, Client& client) {
  if (signal.given_names) client.given_names = *signal.given_names;
  if (signal.family_name) client.family_name = *signal.family_name;
  if (signal.birth_date) client.birth_date = *signal.birth_date;
  if (signal.target_group) client.target_group = *signal.target_group;
  if (signal.obligation_notice_date) client.obligation_notice_date = signal.obligation_notice_date;
}

}  // namespace

absl::CivilDay DuoUseCases::Today() const { return DayOf(clock_.Now(), policy_.time_zone); }

absl::StatusOr<Page<DuoReport>> DuoUseCases::ListReports(const Caller& caller, CallJournal& journal,
                                                         const DuoReportFilter& filter,
                                                         const PageRequest& page) {
  RETURN_IF_ERROR(AuthorizeStaff(caller, filter.municipality, Access::kExchange));
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kReadOnly));
  ASSIGN_OR_RETURN(Page<DuoReport> result, work->duo_reports().List(filter, page));
  for (const DuoReport& r : result.items) journal.NoteSubject(r.client_id);
  return result;
}

absl::StatusOr<DuoReport> DuoUseCases::Transition(
    const Caller& caller, CallJournal& journal, absl::string_view municipality,
    absl::string_view id, std::optional<int64_t> expected_version, const IdempotencyKey& key,
    DuoReportState from, const std::function<void(DuoReport&, absl::Time)>& apply) {
  RETURN_IF_ERROR(AuthorizeStaff(caller, municipality, Access::kExchange));
  return InChange<DuoReport>(transactions_, [&](UnitOfWork* work) -> absl::StatusOr<DuoReport> {
    ASSIGN_OR_RETURN(std::optional<std::string> replay, FindReplay(*work, municipality, key));
    ASSIGN_OR_RETURN(DuoReport report, work->duo_reports().Get(municipality, id));
    journal.NoteSubject(report.client_id);
    if (replay) {
      journal.NoteReplay(report.client_id);
      work->KeepNothing();  // the change was made: the earlier outcome again
      return report;
    }
    if (expected_version) RETURN_IF_ERROR(RequireVersion(report, *expected_version));
    if (report.state != from) {
      return WrongState(from == DuoReportState::kToSend
                            ? "the report was marked sent already"
                            : "only a report marked sent can be confirmed");
    }
    const int64_t version = report.version;
    const absl::Time now = clock_.Now();
    const DuoReportState before = report.state;
    apply(report, now);
    report.update_time = now;
    report.version = version + 1;
    RETURN_IF_ERROR(work->duo_reports().Update(report, version));
    RETURN_IF_ERROR(Remember(*work, municipality, key, report.id, now));
    journal.NoteChanges(Change("state", before == DuoReportState::kToSend ? "to_send" : "sent",
                               report.state == DuoReportState::kSent ? "sent" : "confirmed"));
    RETURN_IF_ERROR(WriteJournal(*work, caller, journal, "OK", now));
    return report;
  });
}

absl::StatusOr<DuoReport> DuoUseCases::MarkSent(const Caller& caller, CallJournal& journal,
                                                absl::string_view municipality,
                                                absl::string_view id,
                                                std::optional<int64_t> expected_version,
                                                const IdempotencyKey& key) {
  return Transition(caller, journal, municipality, id, expected_version, key,
                    DuoReportState::kToSend, [&](DuoReport& r, absl::Time now) {
                      r.state = DuoReportState::kSent;
                      r.sent_by = caller.subject;
                      r.sent_time = now;
                    });
}

absl::StatusOr<DuoReport> DuoUseCases::Confirm(const Caller& caller, CallJournal& journal,
                                               absl::string_view municipality, absl::string_view id,
                                               absl::string_view reference,
                                               std::optional<int64_t> expected_version,
                                               const IdempotencyKey& key) {
  return Transition(caller, journal, municipality, id, expected_version, key, DuoReportState::kSent,
                    [&](DuoReport& r, absl::Time now) {
                      r.state = DuoReportState::kConfirmed;
                      r.confirmed_by = caller.subject;
                      r.confirm_time = now;
                      r.confirmation_reference = std::string(reference);
                    });
}

void CheckSignalDates(const DuoSignal& signal, absl::CivilDay today, absl::string_view field,
                      Violations& violations) {
  auto check = [&](absl::CivilDay day, absl::string_view name) {
    violations.Check(day <= today, absl::StrCat(field, ".", name), "must not be in the future");
  };
  check(signal.signal_date, "signal_date");
  if (signal.birth_date) check(*signal.birth_date, "birth_date");
  if (signal.obligation_notice_date)
    check(*signal.obligation_notice_date, "obligation_notice_date");
}

absl::StatusOr<std::vector<DuoSignalRecord>> DuoUseCases::Ingest(
    const Caller& caller, CallJournal& journal, absl::string_view municipality,
    const std::vector<FingerprintedSignal>& signals, Violations found) {
  const absl::CivilDay today = Today();
  for (const FingerprintedSignal& s : signals) CheckSignalDates(s.signal, today, s.field, found);
  RETURN_IF_ERROR(found.ToStatus());
  RETURN_IF_ERROR(AuthorizeStaff(caller, municipality, Access::kExchange));
  return InChange<std::vector<DuoSignalRecord>>(
      transactions_, [&](UnitOfWork* work) -> absl::StatusOr<std::vector<DuoSignalRecord>> {
        const absl::Time now = clock_.Now();
        std::vector<DuoSignalRecord> results;
        results.reserve(signals.size());
        int applied = 0;
        for (const FingerprintedSignal& s : signals) {
          ASSIGN_OR_RETURN(std::optional<DuoSignalRecord> seen,
                           work->duo_signals().Find(municipality, s.signal.signal_id));
          if (seen) {
            if (seen->fingerprint != s.fingerprint) {
              return InvalidArgument(
                  {{absl::StrCat(s.field, ".signal_id"),
                    "was applied before with other content; DUO's signal ids are unique"}},
                  reason::kSignalIdReused);
            }
            journal.NoteSubject(seen->client_id);
            results.push_back(*std::move(seen));
            continue;
          }
          ASSIGN_OR_RETURN(DuoSignalRecord record, Apply(*work, s, now));
          record.fingerprint = s.fingerprint;
          RETURN_IF_ERROR(work->duo_signals().Insert(record));
          journal.NoteSubject(record.client_id);
          results.push_back(std::move(record));
          ++applied;
        }
        journal.NoteChanges(
            absl::StrCat("signals: ", signals.size(), "; applied: ", applied, "; "));
        RETURN_IF_ERROR(WriteJournal(*work, caller, journal, "OK", now));
        return results;
      });
}

absl::StatusOr<DuoSignalRecord> DuoUseCases::Apply(UnitOfWork& work,
                                                   const FingerprintedSignal& input,
                                                   absl::Time now) {
  const DuoSignal& signal = input.signal;
  DuoSignalRecord record;
  record.municipality = signal.municipality;
  record.signal_id = signal.signal_id;
  record.kind = signal.kind;
  record.reason = signal.reason;
  record.received_time = now;
  ASSIGN_OR_RETURN(std::optional<Client> found,
                   work.clients().FindByBsn(signal.municipality, signal.bsn));
  Outbox outbox;
  if (!found) {
    if (signal.kind != DuoSignalKind::kObligationNotice) {
      return RuleViolated(reason::kSignalForUnknownClient,
                          absl::StrCat(input.field,
                                       ": a correction for a person the municipality has no "
                                       "client record of; send the notice first"));
    }
    Client client;
    client.municipality = signal.municipality;
    client.id = ids_.NewId();
    client.bsn = signal.bsn;
    ApplyFacts(signal, client);
    client.regime = signal.regime;
    client.source = Source::kDuoNotice;
    client.create_time = now;
    client.update_time = now;
    client.version = 1;
    RETURN_IF_ERROR(work.clients().Insert(client));
    outbox.events.push_back(ClientEvent(EventType::kClientRegistered, client));
    record.client_id = client.id;
    record.outcome = DuoSignalOutcome::kClientRegistered;
    record.changes = "registered; ";
    RETURN_IF_ERROR(WriteOutbox(work, std::move(outbox), ids_, now));
    return record;
  }
  Client client = *std::move(found);
  record.client_id = client.id;
  if (signal.kind == DuoSignalKind::kRetraction) {
    record.outcome = DuoSignalOutcome::kObligationRetracted;
    ASSIGN_OR_RETURN(std::optional<Trajectory> open,
                     work.trajectories().FindOpen(client.municipality, client.id));
    if (open) {
      const Trajectory before = *open;
      RETURN_IF_ERROR(
          CloseTrajectory(*open, {ClosureReason::kObligationRetracted, signal.signal_date}));
      open->update_time = now;
      open->version = before.version + 1;
      RETURN_IF_ERROR(
          work.trajectories().Update(*open, IndexOf(*open, client, policy_), before.version));
      outbox = TrajectoryOutbox(before, *open);
      record.closed_trajectory_id = open->id;
      record.changes = "trajectory: closed; ";
    }
    RETURN_IF_ERROR(WriteOutbox(work, std::move(outbox), ids_, now));
    return record;
  }
  const Client before = client;
  if (signal.kind == DuoSignalKind::kObligationNotice) {
    // A notice for a person known from the BRP or COA: it brings the notice date (the plan's
    // clock); corrections of other facts come as correction signals.
    client.obligation_notice_date = signal.obligation_notice_date;
  } else {
    ApplyFacts(signal, client);
  }
  record.changes = ClientChanges(before, client);
  if (record.changes.empty()) {
    record.outcome = DuoSignalOutcome::kNothingChanged;
    return record;
  }
  record.outcome = signal.kind == DuoSignalKind::kObligationNotice
                       ? DuoSignalOutcome::kNoticeRecorded
                       : DuoSignalOutcome::kClientCorrected;
  client.update_time = now;
  client.version = before.version + 1;
  RETURN_IF_ERROR(work.clients().Update(client, before.version));
  RETURN_IF_ERROR(ReindexTrajectories(work, client, policy_));
  outbox.events.push_back(
      ClientEvent(EventType::kClientCorrected, client, ChangedFields(before, client)));
  RETURN_IF_ERROR(WriteOutbox(work, std::move(outbox), ids_, now));
  return record;
}

}  // namespace inburgering::domain
