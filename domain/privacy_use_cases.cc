#include "domain/privacy_use_cases.h"

#include <memory>

#include "domain/errors.h"
#include "domain/status_macros.h"

namespace inburgering::domain {

absl::StatusOr<Page<ProcessingRecord>> PrivacyUseCases::ListProcessingRecords(
    const Caller& caller, CallJournal& journal, absl::string_view municipality,
    std::optional<std::string> client_id, const std::optional<std::string>& bsn,
    const PageRequest& page) {
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
  if (bsn && !admin) {
    return InvalidArgument({{"bsn", "only the privacy officer looks a person up by BSN"}});
  }
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kReadOnly));
  if (bsn) {  // the inzage for a person known by BSN: the client, then their pseudonym
    ASSIGN_OR_RETURN(std::optional<Client> found, work->clients().FindByBsn(municipality, *bsn));
    if (!found) return NotFound("no client with that BSN in this municipality");
    client_id = found->id;
    journal.NoteSubject(*client_id);
  }
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
