#include "domain/consultant_use_cases.h"

#include <memory>
#include <optional>
#include <utility>

#include "domain/errors.h"
#include "domain/status_macros.h"

namespace inburgering::domain {

absl::StatusOr<Consultant> ConsultantUseCases::Create(const Caller& caller, Consultant draft,
                                                      const IdempotencyKey& key) {
  RETURN_IF_ERROR(AuthorizeStaff(caller, draft.municipality, Access::kManageTeam));
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kReadWrite));
  ASSIGN_OR_RETURN(std::optional<std::string> replay, FindReplay(*work, draft.municipality, key));
  if (replay) return work->consultants().Get(draft.municipality, *replay);

  const absl::Time now = clock_.Now();
  draft.id = ids_.NewId();
  draft.active = true;
  draft.create_time = now;
  draft.update_time = now;
  draft.version = 1;
  RETURN_IF_ERROR(work->consultants().Insert(draft));
  RETURN_IF_ERROR(Remember(*work, draft.municipality, key, draft.id, now));
  RETURN_IF_ERROR(work->Commit());
  return draft;
}

absl::StatusOr<Consultant> ConsultantUseCases::Get(const Caller& caller,
                                                   absl::string_view municipality,
                                                   absl::string_view id) {
  RETURN_IF_ERROR(AuthorizeStaff(caller, municipality, Access::kRead));
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kReadOnly));
  return work->consultants().Get(municipality, id);
}

absl::StatusOr<Page<Consultant>> ConsultantUseCases::List(const Caller& caller,
                                                          const ConsultantFilter& filter,
                                                          const PageRequest& page) {
  RETURN_IF_ERROR(AuthorizeStaff(caller, filter.municipality, Access::kRead));
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kReadOnly));
  return work->consultants().List(filter, page);
}

absl::StatusOr<Consultant> ConsultantUseCases::Update(const Caller& caller,
                                                      absl::string_view municipality,
                                                      absl::string_view id,
                                                      const ConsultantPatch& patch,
                                                      int64_t expected_version) {
  RETURN_IF_ERROR(AuthorizeStaff(caller, municipality, Access::kManageTeam));
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kReadWrite));
  ASSIGN_OR_RETURN(Consultant consultant, work->consultants().Get(municipality, id));
  if (consultant.version != expected_version) return StaleEtag();
  ApplyPatch(patch, consultant);
  Violations violations;
  ValidateConsultantFields(consultant, "consultant.", violations);
  RETURN_IF_ERROR(violations.ToStatus());
  consultant.update_time = clock_.Now();
  consultant.version = expected_version + 1;
  RETURN_IF_ERROR(work->consultants().Update(consultant, expected_version));
  RETURN_IF_ERROR(work->Commit());
  return consultant;
}

}  // namespace inburgering::domain
