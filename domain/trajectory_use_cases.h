#pragma once

// The use cases of trajectories: create, read (the whole case file in one call), and every
// recorded step as one transaction with its rule, version check and request_id replay.
// Thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/caller.h"
#include "domain/client.h"
#include "domain/clock.h"
#include "domain/consultant.h"
#include "domain/enforcement_rules.h"
#include "domain/idempotency.h"
#include "domain/ids.h"
#include "domain/journal.h"
#include "domain/outbox.h"
#include "domain/paging.h"
#include "domain/policy.h"
#include "domain/ports.h"
#include "domain/rules.h"
#include "domain/steps.h"
#include "domain/trajectory.h"
#include "domain/validation.h"

namespace inburgering::domain {

// Something on the case file a consultant should look at: not an error, nothing refused.
struct Advisory {
  std::string code;  // EDUCATION_ROUTE_ABOVE_TARGET_AGE, PLAN_WITHOUT_COMPLETE_INTAKE
  std::string message;
};

// The advisories of `trajectory` (EducationRouteAboveTargetAge; a plan resting on the information
// available while the intake is still incomplete).
std::vector<Advisory> AdvisoriesOf(const Trajectory& trajectory, const Client& client,
                                   const Policy& policy);

// Everything a consultant or the portal needs about one trajectory, computed as of `today`.
struct CaseFile {
  Client client;
  std::optional<Consultant> consultant;
  Trajectory trajectory;
  absl::CivilDay today;
  Phase phase = Phase::kIntake;
  std::optional<absl::CivilDay> plan_due;
  std::optional<absl::CivilDay> term_start;
  std::optional<absl::CivilDay> term_last_day;  // IntegrationTermLastDay
  std::optional<absl::CivilDay> route_switch_last_day;
  std::vector<Deadline> deadlines;
  NoShowAdvice no_show_advice;  // the intake no-show ladder's next step
  double attended_hours = 0;
  double excused_hours = 0;
  double unexcused_hours = 0;
  double certified_attended_hours = 0;
  std::vector<Advisory> advisories;
};

// The facts lists filter on, derived from the trajectory and its client at every save.
TrajectoryIndex IndexOf(const Trajectory& trajectory, const Client& client, const Policy& policy);

// Re-derives the index and reporting facts of the client's trajectories after the client's facts
// changed (the plan's due date follows the notice and BRP registration; reports group by target
// group). The trajectories themselves and their versions stay as they are.
absl::Status ReindexTrajectories(UnitOfWork& work, const Client& client, const Policy& policy);

// AVG data minimisation: what a citizen sees of their own case file: no health details, no
// internal notes, no staff identities.
void ApplyCitizenView(CaseFile& file);

struct TrajectoryRef {
  std::string municipality;
  std::string client_id;
  std::string id;
};

class TrajectoryUseCases {
 public:
  TrajectoryUseCases(TransactionManager& transactions, const Clock& clock, IdGenerator& ids,
                     const Policy& policy)
      : transactions_(transactions), clock_(clock), ids_(ids), policy_(policy) {}

  // A new trajectory for a Wi2021 client without an open one. `moved_in`: it continues another
  // municipality's after a move (art. 11 lid 3): the term keeps its start and the first plan here
  // the route; DUO hears of it (MOVED_IN). `found` holds the mapping's violations; the move's
  // dates are checked against today and each other before anything is read.
  absl::StatusOr<CaseFile> Create(const Caller& caller, CallJournal& journal,
                                  absl::string_view municipality, absl::string_view client_id,
                                  const IdempotencyKey& key,
                                  std::optional<MoveIn> moved_in = std::nullopt,
                                  Violations found = {});
  absl::StatusOr<CaseFile> GetCaseFile(const Caller& caller, CallJournal& journal,
                                       const TrajectoryRef& ref);
  absl::StatusOr<Page<Trajectory>> List(const Caller& caller, CallJournal& journal,
                                        absl::string_view municipality, absl::string_view client_id,
                                        const PageRequest& page);

  // Records `step` on the trajectory at `expected_version` (ABORTED when stale): its dates checked
  // against today, its rule applied, ids, actor and time stamped, the outbox derived, all in one
  // transaction; any change to a closed trajectory is refused; a retried request_id returns the
  // current case file. `found` holds the request's field violations that the caller's mapping
  // recorded: with the step's own, they refuse the call (INVALID_ARGUMENT, every field named)
  // before anything is read.
  absl::StatusOr<CaseFile> Record(const Caller& caller, CallJournal& journal,
                                  const TrajectoryRef& ref, int64_t expected_version,
                                  const IdempotencyKey& key, Step step, Violations found = {});

  // Re-derives every trajectory's index and reporting facts (after an upgrade that added facts),
  // in transactions of 200; returns how many it rewrote. For the `reindex` command.
  absl::StatusOr<int64_t> ReindexAll();

 private:
  absl::CivilDay Today() const;
  // `client`, when the caller read it already, saves reading it again.
  absl::StatusOr<CaseFile> Assemble(UnitOfWork& work, Trajectory trajectory,
                                    std::optional<Client> client = std::nullopt);
  // The case file of records already read: the deadlines, hours and advisories derived.
  CaseFile Compose(CaseRecords records) const;

  TransactionManager& transactions_;
  const Clock& clock_;
  IdGenerator& ids_;
  const Policy& policy_;
};

}  // namespace inburgering::domain
