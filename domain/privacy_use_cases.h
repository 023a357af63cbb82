#pragma once

// Reading the processing log: the privacy officer (admin role) sees a municipality's records;
// a citizen sees the records about themself (right of access, AVG art. 15). Thread-safe.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

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
  PrivacyUseCases(TransactionManager& transactions, const Pseudonyms& pseudonyms,
                  const LogbookSettings& logbook)
      : transactions_(transactions), pseudonyms_(pseudonyms), logbook_(logbook) {}

  // `client_id`: only that client's records (required for citizens, who may ask for their own
  // only); `bsn`: only the records of the client with that BSN (the privacy officer's inzage;
  // NOT_FOUND when there is none). Other roles: PERMISSION_DENIED.
  absl::StatusOr<Page<ProcessingRecord>> ListProcessingRecords(
      const Caller& caller, CallJournal& journal, absl::string_view municipality,
      std::optional<std::string> client_id, const std::optional<std::string>& bsn,
      const PageRequest& page);

  // The export to a municipality's central Logboek (admins): the records after `after_id`, oldest
  // first, handed to `send` in batches of at most `batch_size`, until the records written so far
  // are sent. `municipality` empty: every municipality's (an operator acting for all). The export
  // itself leaves its audit record (who, which range), and no processing records of its own: what
  // it reads is the log, by pseudonym, and logging it per subject would grow the log with every
  // export.
  absl::Status ExportProcessingRecords(
      const Caller& caller, CallJournal& journal, absl::string_view municipality, int64_t after_id,
      int batch_size,
      const std::function<absl::Status(const std::vector<ProcessingRecord>&)>& send);

 private:
  // Records written before LDV 1.0 carry no activity URI: the one configured now.
  void CompleteActivity(ProcessingRecord& record) const;

  TransactionManager& transactions_;
  const Pseudonyms& pseudonyms_;
  const LogbookSettings& logbook_;
};

}  // namespace inburgering::domain
