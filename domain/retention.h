#pragma once

// Retention (Selectielijst gemeenten 2020, process type 8.1): an integration file is destroyed a
// set period (10 years by default) after the trajectory ended. Purging removes the closed
// trajectories and each client left without any, and leaves a processing record and an audit
// record for each client it removed.

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "domain/clock.h"
#include "domain/journal.h"
#include "domain/policy.h"
#include "domain/ports.h"
#include "domain/pseudonyms.h"

namespace inburgering::domain {

// Trajectories closed before this day are due for destruction.
absl::CivilDay RetentionCutoff(absl::CivilDay today, int retention_years);

class RetentionUseCases {
 public:
  RetentionUseCases(TransactionManager& transactions, const Clock& clock, const Policy& policy,
                    const Pseudonyms& pseudonyms, const LogbookSettings& logbook)
      : transactions_(transactions),
        clock_(clock),
        policy_(policy),
        pseudonyms_(pseudonyms),
        logbook_(logbook) {}

  // Purges what the retention period allows; one transaction per client. Returns how many
  // trajectories were removed.
  absl::StatusOr<int> Purge(int retention_years);

  // Deletes the processing records written more than `retention_years` ago (the table's horizon
  // moves with it; later records stay undeletable), in one transaction with an audit record
  // saying how many and up to when. Returns how many.
  absl::StatusOr<int64_t> PurgeProcessingRecords(int retention_years);

 private:
  TransactionManager& transactions_;
  const Clock& clock_;
  const Policy& policy_;
  const Pseudonyms& pseudonyms_;
  const LogbookSettings& logbook_;
};

}  // namespace inburgering::domain
