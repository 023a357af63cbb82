#include "domain/privacy_use_cases.h"

#include <memory>

#include "absl/strings/str_cat.h"
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
  ASSIGN_OR_RETURN(Page<ProcessingRecord> result, work->journal().ListProcessing(filter, page));
  for (ProcessingRecord& r : result.items) CompleteActivity(r);
  return result;
}

absl::Status PrivacyUseCases::ExportProcessingRecords(
    const Caller& caller, CallJournal& journal, absl::string_view municipality, int64_t after_id,
    int batch_size, const std::function<absl::Status(const std::vector<ProcessingRecord>&)>& send) {
  if (!caller.Has(Role::kAdmin)) {
    return absl::PermissionDeniedError("the processing log is for the privacy officer (admin)");
  }
  if (municipality.empty() ? !caller.all_municipalities : !caller.ActsFor(municipality)) {
    return NotFound("no such municipality for this caller");
  }
  ProcessingFilter filter;
  filter.municipality = std::string(municipality);
  filter.after_id = after_id;
  int64_t sent = 0;
  while (true) {
    std::vector<ProcessingRecord> batch;
    {  // a transaction per batch: a long export holds no snapshot
      ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                       transactions_.Begin(TransactionMode::kReadOnly));
      ASSIGN_OR_RETURN(batch, work->journal().ExportProcessing(filter, batch_size));
    }
    for (ProcessingRecord& r : batch) CompleteActivity(r);
    if (!batch.empty()) {
      RETURN_IF_ERROR(send(batch));
      sent += static_cast<int64_t>(batch.size());
      filter.after_id = batch.back().id;
    }
    if (static_cast<int>(batch.size()) < batch_size) break;
  }
  journal.NoteChanges(absl::StrCat("exported ", sent, " processing records after record ", after_id,
                                   " up to record ", filter.after_id, "; "));
  return absl::OkStatus();
}

void PrivacyUseCases::CompleteActivity(ProcessingRecord& record) const {
  if (record.processing_activity_id.empty()) {
    record.processing_activity_id = logbook_.ActivityOf(record.activity, record.municipality);
  }
}

}  // namespace inburgering::domain
