#include "domain/client_use_cases.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "domain/errors.h"
#include "domain/journal.h"
#include "domain/names.h"
#include "domain/outbox.h"
#include "domain/rules.h"
#include "domain/status_macros.h"
#include "domain/trajectory_use_cases.h"

namespace inburgering::domain {

absl::Status RequireActiveConsultant(UnitOfWork& work, absl::string_view municipality,
                                     absl::string_view consultant_id) {
  absl::StatusOr<Consultant> consultant = work.consultants().Get(municipality, consultant_id);
  if (absl::IsNotFound(consultant.status())) {
    return InvalidArgument({{"consultant", "no such consultant in this municipality"}});
  }
  RETURN_IF_ERROR(consultant.status());
  if (!consultant->active) {
    return RuleViolated(reason::kConsultantInactive,
                        "the consultant is inactive: assign an active one");
  }
  return absl::OkStatus();
}

absl::CivilDay ClientUseCases::Today() const { return DayOf(clock_.Now(), policy_.time_zone); }

absl::StatusOr<Client> ClientUseCases::Create(const Caller& caller, CallJournal& journal,
                                              Client draft, const IdempotencyKey& key,
                                              Violations found) {
  ValidateClientFields(draft, Today(), "client.", found);
  RETURN_IF_ERROR(found.ToStatus());
  RETURN_IF_ERROR(AuthorizeStaff(caller, draft.municipality, Access::kWrite));
  return InChange<Client>(transactions_, [&](UnitOfWork* work) -> absl::StatusOr<Client> {
    ASSIGN_OR_RETURN(std::optional<std::string> replay, FindReplay(*work, draft.municipality, key));
    if (replay) {
      journal.NoteObject(absl::StrCat("municipalities/", draft.municipality, "/clients/", *replay));
      journal.NoteReplay(*replay);
      work->KeepNothing();  // the change was made: the earlier outcome again
      return work->clients().Get(draft.municipality, *replay);
    }
    ASSIGN_OR_RETURN(std::optional<Client> existing,
                     work->clients().FindByBsn(draft.municipality, draft.bsn));
    if (existing) {
      return AlreadyExists("the municipality already has a client with this BSN");
    }
    const absl::Time now = clock_.Now();
    draft.id = ids_.NewId();
    draft.create_time = now;
    draft.update_time = now;
    draft.version = 1;
    draft.assignments.clear();
    if (!draft.consultant_id.empty()) {
      RETURN_IF_ERROR(RequireActiveConsultant(*work, draft.municipality, draft.consultant_id));
      draft.assignments.push_back({draft.consultant_id, now, caller.subject});
    }
    RETURN_IF_ERROR(work->clients().Insert(draft));
    RETURN_IF_ERROR(Remember(*work, draft.municipality, key, draft.id, now));
    Outbox outbox;
    outbox.events.push_back(ClientEvent(EventType::kClientRegistered, draft));
    RETURN_IF_ERROR(WriteOutbox(*work, std::move(outbox), ids_, now));
    journal.NoteSubject(draft.id);
    journal.NoteObject(absl::StrCat("municipalities/", draft.municipality, "/clients/", draft.id));
    journal.NoteChanges(absl::StrCat("created; ", Change("consultant", "", draft.consultant_id)));
    RETURN_IF_ERROR(WriteJournal(*work, caller, journal, "OK", now));
    return draft;
  });
}

absl::StatusOr<Client> ClientUseCases::Get(const Caller& caller, CallJournal& journal,
                                           absl::string_view municipality, absl::string_view id) {
  journal.NoteSubject(id);
  RETURN_IF_ERROR(AuthorizeRead(caller, municipality));
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kOneStatement));
  ASSIGN_OR_RETURN(Client client, work->clients().Get(municipality, id));
  RETURN_IF_ERROR(AuthorizeClientRead(caller, client.bsn));
  if (!caller.IsStaff()) ApplyCitizenView(client);
  return client;
}

absl::StatusOr<Client> ClientUseCases::FindByBsn(const Caller& caller, CallJournal& journal,
                                                 absl::string_view municipality,
                                                 absl::string_view bsn) {
  RETURN_IF_ERROR(AuthorizeRead(caller, municipality));
  constexpr absl::string_view kNoSuchClient = "no client with this BSN in this municipality";
  // A citizen finds their own record (the portal's way in); another BSN answers as if unknown.
  if (!caller.IsStaff() && bsn != caller.citizen_bsn) return NotFound(kNoSuchClient);
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kOneStatement));
  ASSIGN_OR_RETURN(std::optional<Client> client, work->clients().FindByBsn(municipality, bsn));
  if (!client) return NotFound(kNoSuchClient);
  journal.NoteSubject(client->id);
  if (!caller.IsStaff()) ApplyCitizenView(*client);
  return *std::move(client);
}

absl::StatusOr<Page<Client>> ClientUseCases::List(const Caller& caller, CallJournal& journal,
                                                  ClientFilter filter, const PageRequest& page,
                                                  bool overdue_only) {
  RETURN_IF_ERROR(AuthorizeStaff(caller, filter.municipality, Access::kRead));
  if (overdue_only) filter.overdue_on = Today();
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kOneStatement));
  ASSIGN_OR_RETURN(Page<Client> result, work->clients().List(filter, page));
  for (const Client& c : result.items) journal.NoteSubject(c.id);
  return result;
}

absl::StatusOr<Client> ClientUseCases::Update(const Caller& caller, CallJournal& journal,
                                              absl::string_view municipality, absl::string_view id,
                                              const ClientPatch& patch, int64_t expected_version) {
  RETURN_IF_ERROR(AuthorizeStaff(caller, municipality, Access::kWrite));
  return InChange<Client>(transactions_, [&](UnitOfWork* work) -> absl::StatusOr<Client> {
    journal.NoteSubject(id);
    ASSIGN_OR_RETURN(Client client, work->clients().Get(municipality, id));
    RETURN_IF_ERROR(RequireVersion(client, expected_version));
    const Client before = client;
    ApplyPatch(patch, client);
    Violations violations;
    ValidateClientFields(client, Today(), "client.", violations);
    RETURN_IF_ERROR(violations.ToStatus());
    client.update_time = clock_.Now();
    client.version = expected_version + 1;
    RETURN_IF_ERROR(work->clients().Update(client, expected_version));
    RETURN_IF_ERROR(ReindexTrajectories(*work, client, policy_));
    journal.NoteChanges(ClientChanges(before, client));
    RETURN_IF_ERROR(WriteJournal(*work, caller, journal, "OK", client.update_time));
    return client;
  });
}

absl::StatusOr<Client> ClientUseCases::AssignConsultant(const Caller& caller, CallJournal& journal,
                                                        absl::string_view municipality,
                                                        absl::string_view id,
                                                        absl::string_view consultant_id,
                                                        int64_t expected_version,
                                                        const IdempotencyKey& key) {
  RETURN_IF_ERROR(AuthorizeStaff(caller, municipality, Access::kWrite));
  return InChange<Client>(transactions_, [&](UnitOfWork* work) -> absl::StatusOr<Client> {
    ASSIGN_OR_RETURN(std::optional<std::string> replay, FindReplay(*work, municipality, key));
    if (replay) {
      journal.NoteReplay(*replay);
      work->KeepNothing();  // the change was made: the earlier outcome again
      return work->clients().Get(municipality, *replay);
    }
    journal.NoteSubject(id);
    ASSIGN_OR_RETURN(Client client, work->clients().Get(municipality, id));
    RETURN_IF_ERROR(RequireVersion(client, expected_version));
    RETURN_IF_ERROR(RequireActiveConsultant(*work, municipality, consultant_id));
    const absl::Time now = clock_.Now();
    journal.NoteChanges(Change("consultant", client.consultant_id, consultant_id));
    client.consultant_id = std::string(consultant_id);
    client.assignments.push_back({client.consultant_id, now, caller.subject});
    client.update_time = now;
    client.version = expected_version + 1;
    RETURN_IF_ERROR(work->clients().Update(client, expected_version));
    RETURN_IF_ERROR(Remember(*work, municipality, key, client.id, now));
    Outbox outbox;
    outbox.events.push_back(ClientEvent(EventType::kConsultantAssigned, client));
    RETURN_IF_ERROR(WriteOutbox(*work, std::move(outbox), ids_, now));
    RETURN_IF_ERROR(WriteJournal(*work, caller, journal, "OK", now));
    return client;
  });
}

}  // namespace inburgering::domain
