#include "domain/consultant_use_cases.h"

#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "domain/journal.h"
#include "domain/status_macros.h"

namespace inburgering::domain {

absl::StatusOr<Consultant> ConsultantUseCases::Create(const Caller& caller, CallJournal& journal,
                                                      Consultant draft, const IdempotencyKey& key) {
  RETURN_IF_ERROR(AuthorizeStaff(caller, draft.municipality, Access::kManageTeam));
  journal.subjects_are_consultants = true;
  return InChange<Consultant>(transactions_, [&](UnitOfWork* work) -> absl::StatusOr<Consultant> {
    ASSIGN_OR_RETURN(std::optional<std::string> replay, FindReplay(*work, draft.municipality, key));
    if (replay) {
      journal.NoteObject(
          absl::StrCat("municipalities/", draft.municipality, "/consultants/", *replay));
      journal.NoteReplay(*replay);
      work->KeepNothing();  // the change was made: the earlier outcome again
      return work->consultants().Get(draft.municipality, *replay);
    }

    const absl::Time now = clock_.Now();
    draft.id = ids_.NewId();
    draft.active = true;
    draft.create_time = now;
    draft.update_time = now;
    draft.version = 1;
    RETURN_IF_ERROR(work->consultants().Insert(draft));
    RETURN_IF_ERROR(Remember(*work, draft.municipality, key, draft.id, now));
    journal.NoteSubject(draft.id);
    journal.NoteObject(
        absl::StrCat("municipalities/", draft.municipality, "/consultants/", draft.id));
    journal.NoteChanges("created; ");
    RETURN_IF_ERROR(WriteJournal(*work, caller, journal, "OK", now));
    return draft;
  });
}

absl::StatusOr<Consultant> ConsultantUseCases::Get(const Caller& caller, CallJournal& journal,
                                                   absl::string_view municipality,
                                                   absl::string_view id) {
  RETURN_IF_ERROR(AuthorizeStaff(caller, municipality, Access::kRead));
  journal.subjects_are_consultants = true;
  journal.NoteSubject(id);
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kOneStatement));
  return work->consultants().Get(municipality, id);
}

absl::StatusOr<Page<Consultant>> ConsultantUseCases::List(const Caller& caller,
                                                          CallJournal& journal,
                                                          const ConsultantFilter& filter,
                                                          const PageRequest& page) {
  RETURN_IF_ERROR(AuthorizeStaff(caller, filter.municipality, Access::kRead));
  journal.subjects_are_consultants = true;
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kOneStatement));
  ASSIGN_OR_RETURN(Page<Consultant> result, work->consultants().List(filter, page));
  for (const Consultant& c : result.items) journal.NoteSubject(c.id);
  return result;
}

absl::StatusOr<Consultant> ConsultantUseCases::Update(const Caller& caller, CallJournal& journal,
                                                      absl::string_view municipality,
                                                      absl::string_view id,
                                                      const ConsultantPatch& patch,
                                                      int64_t expected_version) {
  RETURN_IF_ERROR(AuthorizeStaff(caller, municipality, Access::kManageTeam));
  journal.subjects_are_consultants = true;
  return InChange<Consultant>(transactions_, [&](UnitOfWork* work) -> absl::StatusOr<Consultant> {
    journal.NoteSubject(id);
    ASSIGN_OR_RETURN(Consultant consultant, work->consultants().Get(municipality, id));
    RETURN_IF_ERROR(RequireVersion(consultant, expected_version));
    const Consultant before = consultant;
    ApplyPatch(patch, consultant);
    Violations violations;
    ValidateConsultantFields(consultant, "consultant.", violations);
    RETURN_IF_ERROR(violations.ToStatus());
    consultant.update_time = clock_.Now();
    consultant.version = expected_version + 1;
    RETURN_IF_ERROR(work->consultants().Update(consultant, expected_version));
    journal.NoteChanges(absl::StrCat(
        Change("display_name", before.display_name, consultant.display_name),
        Change("active", before.active ? "true" : "false", consultant.active ? "true" : "false"),
        Change("case_capacity", absl::StrCat(before.case_capacity),
               absl::StrCat(consultant.case_capacity))));
    RETURN_IF_ERROR(WriteJournal(*work, caller, journal, "OK", consultant.update_time));
    return consultant;
  });
}

}  // namespace inburgering::domain
