#include "domain/privacy_use_cases.h"

#include <memory>

#include "domain/errors.h"
#include "domain/status_macros.h"

namespace inburgering::domain {

absl::StatusOr<Page<ProcessingRecord>> PrivacyUseCases::ListProcessingRecords(
    const Caller& caller, CallJournal& journal, absl::string_view municipality,
    const std::optional<std::string>& client_id, const PageRequest& page) {
  if (client_id) journal.NoteSubject(*client_id);
  const bool admin = caller.Has(Role::kAdmin);
  const bool citizen = !caller.IsStaff() && caller.Has(Role::kCitizen);
  if (!admin && !citizen) {
    return absl::PermissionDeniedError("the processing log is for the privacy officer (admin)");
  }
  if (admin && !caller.ActsFor(municipality)) {
    return NotFound("no such municipality for this caller");
  }
  if (citizen && !client_id) {
    return InvalidArgument({{"client", "required: a citizen may read their own records only"}});
  }
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kReadOnly));
  ProcessingFilter filter;
  filter.municipality = std::string(municipality);
  if (client_id) {
    ASSIGN_OR_RETURN(Client client, work->clients().Get(municipality, *client_id));
    RETURN_IF_ERROR(AuthorizeClientRead(caller, client.bsn));
    filter.subject = pseudonyms_.Of(*client_id);
  }
  return work->journal().ListProcessing(filter, page);
}

}  // namespace inburgering::domain
