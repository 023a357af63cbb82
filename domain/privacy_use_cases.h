#pragma once

// Reading the processing log: the privacy officer (admin role) sees a municipality's records;
// a citizen sees the records about themself (right of access, AVG art. 15). Thread-safe.

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/caller.h"
#include "domain/journal.h"
#include "domain/paging.h"
#include "domain/ports.h"
#include "domain/pseudonyms.h"

namespace inburgering::domain {

class PrivacyUseCases {
 public:
  PrivacyUseCases(TransactionManager& transactions, const Pseudonyms& pseudonyms)
      : transactions_(transactions), pseudonyms_(pseudonyms) {}

  // `client_id`: only that client's records (required for citizens, who may ask for their own
  // only); `bsn`: only the records of the client with that BSN (the privacy officer's inzage;
  // NOT_FOUND when there is none). Other roles: PERMISSION_DENIED.
  absl::StatusOr<Page<ProcessingRecord>> ListProcessingRecords(
      const Caller& caller, CallJournal& journal, absl::string_view municipality,
      std::optional<std::string> client_id, const std::optional<std::string>& bsn,
      const PageRequest& page);

 private:
  TransactionManager& transactions_;
  const Pseudonyms& pseudonyms_;
};

}  // namespace inburgering::domain
