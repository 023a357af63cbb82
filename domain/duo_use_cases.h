#pragma once

// The exchange with DUO: the report items the municipality works off in DUO's portal (to send,
// sent, confirmed), and the signals DUO sends in (notices and corrections), applied idempotently
// by DUO's signal id. Thread-safe; every method is one transaction.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/caller.h"
#include "domain/clock.h"
#include "domain/duo_signal.h"
#include "domain/idempotency.h"
#include "domain/ids.h"
#include "domain/journal.h"
#include "domain/outbox.h"
#include "domain/paging.h"
#include "domain/policy.h"
#include "domain/ports.h"
#include "domain/validation.h"

namespace inburgering::domain {

namespace reason {
inline constexpr absl::string_view kDuoReportState = "DUO_REPORT_STATE";
inline constexpr absl::string_view kSignalForUnknownClient = "SIGNAL_FOR_UNKNOWN_CLIENT";
inline constexpr absl::string_view kSignalIdReused = "SIGNAL_ID_REUSED";
}  // namespace reason

inline constexpr int kMaxSignalsPerBatch = 1000;

// A signal with the digest of its content (the server computes it) and its path in the request
// (`signal`, `signals[3]`), which errors name.
// Records every date of `signal` (under `field`) that lies after `today`.
void CheckSignalDates(const DuoSignal& signal, absl::CivilDay today, absl::string_view field,
                      Violations& violations);

struct FingerprintedSignal {
  DuoSignal signal;
  std::string fingerprint;
  std::string field;
};

class DuoUseCases {
 public:
  DuoUseCases(TransactionManager& transactions, const Clock& clock, IdGenerator& ids,
              const Policy& policy)
      : transactions_(transactions), clock_(clock), ids_(ids), policy_(policy) {}

  absl::StatusOr<Page<DuoReport>> ListReports(const Caller& caller, CallJournal& journal,
                                              const DuoReportFilter& filter,
                                              const PageRequest& page);
  // TO_SEND -> SENT, by the caller, now. DUO_REPORT_STATE otherwise. `expected_version` is
  // checked when given.
  absl::StatusOr<DuoReport> MarkSent(const Caller& caller, CallJournal& journal,
                                     absl::string_view municipality, absl::string_view id,
                                     std::optional<int64_t> expected_version,
                                     const IdempotencyKey& key);
  // SENT -> CONFIRMED with DUO's reference.
  absl::StatusOr<DuoReport> Confirm(const Caller& caller, CallJournal& journal,
                                    absl::string_view municipality, absl::string_view id,
                                    absl::string_view reference,
                                    std::optional<int64_t> expected_version,
                                    const IdempotencyKey& key);

  // Applies `signals` (validated field by field, all of `municipality`) in order, in one
  // transaction: all or none. A signal id seen before answers what it did then (a replay changes
  // nothing); the same id with other content is INVALID_ARGUMENT (SIGNAL_ID_REUSED) on
  // `{field}.signal_id`. A correction or retraction for a person the municipality does not
  // know is FAILED_PRECONDITION (SIGNAL_FOR_UNKNOWN_CLIENT).
  // `found` holds the violations the signals' parsing recorded: with their dates checked against
  // today they refuse the batch (INVALID_ARGUMENT) before anything is read.
  absl::StatusOr<std::vector<DuoSignalRecord>> Ingest(
      const Caller& caller, CallJournal& journal, absl::string_view municipality,
      const std::vector<FingerprintedSignal>& signals, Violations found = {});

 private:
  absl::CivilDay Today() const;
  absl::StatusOr<DuoReport> Transition(const Caller& caller, CallJournal& journal,
                                       absl::string_view municipality, absl::string_view id,
                                       std::optional<int64_t> expected_version,
                                       const IdempotencyKey& key, DuoReportState from,
                                       const std::function<void(DuoReport&, absl::Time)>& apply);
  absl::StatusOr<DuoSignalRecord> Apply(UnitOfWork& work, const FingerprintedSignal& signal,
                                        absl::Time now);

  TransactionManager& transactions_;
  const Clock& clock_;
  IdGenerator& ids_;
  const Policy& policy_;
};

}  // namespace inburgering::domain
