#include "domain/retention.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/dates.h"
#include "domain/journal.h"
#include "domain/status_macros.h"

namespace inburgering::domain {

absl::CivilDay RetentionCutoff(absl::CivilDay today, int retention_years) {
  return AddYears(today, -retention_years);
}

absl::StatusOr<int> RetentionUseCases::Purge(int retention_years) {
  const absl::CivilDay cutoff =
      RetentionCutoff(DayOf(clock_.Now(), policy_.time_zone), retention_years);
  int removed = 0;
  while (true) {
    ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                     transactions_.Begin(TransactionMode::kReadWrite));
    ASSIGN_OR_RETURN(std::vector<TrajectoryKey> due, work->trajectories().ClosedBefore(cutoff, 1));
    if (due.empty()) return removed;
    const TrajectoryKey& key = due.front();
    // The whole client's file at once: every trajectory of theirs that is due.
    ASSIGN_OR_RETURN(
        Page<Trajectory> all,
        work->trajectories().List(key.municipality, key.client_id, {kMaxPageSize, ""}));
    int kept = 0;
    for (const Trajectory& t : all.items) {
      if (t.closure && t.closure->date < cutoff) {
        RETURN_IF_ERROR(work->trajectories().Delete(t.municipality, t.id));
        ++removed;
      } else {
        ++kept;
      }
    }
    CallJournal journal;
    journal.action = "Purge";
    journal.municipality = key.municipality;
    journal.object = absl::StrCat("municipalities/", key.municipality, "/clients/", key.client_id);
    journal.pseudonyms = &pseudonyms_;
    journal.logbook = &logbook_;
    journal.NoteSubject(key.client_id);
    journal.changes = kept == 0 ? "client and trajectories removed; " : "trajectories removed; ";
    if (kept == 0) RETURN_IF_ERROR(work->clients().Delete(key.municipality, key.client_id));
    RETURN_IF_ERROR(WriteJournal(*work, SystemCaller("retention"), journal, "OK", clock_.Now()));
    RETURN_IF_ERROR(work->Commit());
  }
}

absl::StatusOr<int64_t> RetentionUseCases::PurgeProcessingRecords(int retention_years) {
  const absl::Time now = clock_.Now();
  const absl::CivilDay cutoff = RetentionCutoff(DayOf(now, policy_.time_zone), retention_years);
  const absl::Time before = absl::FromCivil(cutoff, policy_.time_zone);
  ASSIGN_OR_RETURN(std::unique_ptr<UnitOfWork> work,
                   transactions_.Begin(TransactionMode::kReadWrite));
  ASSIGN_OR_RETURN(int64_t purged, work->journal().PurgeProcessing(before));
  CallJournal journal;
  journal.action = "PurgeProcessingRecords";
  journal.object = "processing_records";
  journal.logbook = &logbook_;
  journal.changes = absl::StrCat(purged, " processing records written before ",
                                 absl::FormatCivilTime(cutoff), " removed; ");
  RETURN_IF_ERROR(WriteJournal(*work, SystemCaller("retention"), journal, "OK", now));
  RETURN_IF_ERROR(work->Commit());
  return purged;
}

}  // namespace inburgering::domain
