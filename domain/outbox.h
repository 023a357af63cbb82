#pragma once

// What the rest of the world must hear of a change, written in the change's own transaction:
// events for other back-ends (the benefits system, the portal) that follow the log with
// WatchEvents, and report items for DUO (domain.md, Informing DUO: the municipality registers
// them in DUO's portal; a person or a future adapter works the items off). Both are derived from
// the state before and after a change, so that a step cannot forget them and a replayed
// request_id (which changes nothing) adds none. Tests: tests/domain/outbox_test.cc.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/client.h"
#include "domain/enum_names.h"
#include "domain/ids.h"
#include "domain/trajectory.h"

namespace inburgering::domain {

enum class EventType {
  kClientRegistered,
  kClientCorrected,  // a DUO correction signal changed the client's facts
  kConsultantAssigned,
  kTrajectoryStarted,
  kPlanEstablished,  // carries the route and the ontzorgen reference
  kPlanAmended,      // a route switch, lowering, move or other change; the same details
  kProgrammeStarted,
  kComponentCompleted,
  kExtensionRecorded,
  kExemptionRecorded,
  kWarningIssued,
  kFineIntended,
  kFineDecided,  // imposed or withdrawn, with the amount
  kFineObjectionDecided,
  kProgrammeLateStatementIssued,
  kTrajectoryClosed,
  kBlameworthinessFound,     // a finding on the PVT, MAP or learning route; `kind` is the subject
  kSocialGuidanceRecorded,   // maatschappelijke begeleiding; `kind` is the participation
  kUnburdeningRecorded,      // ontzorgen; the start day, `kind` ONGOING or the end reason
  kPlanObjectionLodged,      // `kind` OBJECTION or APPEAL, the plan version
  kPlanObjectionDecided,     // `kind` the outcome
  kZRouteDecided,            // `kind` COMPLETED or NOT_COMPLETED
  kNonCompletionReported,    // `kind` WILL_NOT_FINISH_IN_TIME or ROUTE_NOT_SUITABLE
  kPlanInformationRecorded,  // information for the plan; `kind` REQUESTED or RECEIVED
};
template <>
struct EnumNames<EventType> {
  static constexpr EnumEntry<EventType> kEntries[] = {
      {EventType::kClientRegistered, "CLIENT_REGISTERED"},
      {EventType::kClientCorrected, "CLIENT_CORRECTED"},
      {EventType::kConsultantAssigned, "CONSULTANT_ASSIGNED"},
      {EventType::kTrajectoryStarted, "TRAJECTORY_STARTED"},
      {EventType::kPlanEstablished, "PLAN_ESTABLISHED"},
      {EventType::kPlanAmended, "PLAN_AMENDED"},
      {EventType::kProgrammeStarted, "PROGRAMME_STARTED"},
      {EventType::kComponentCompleted, "COMPONENT_COMPLETED"},
      {EventType::kExtensionRecorded, "EXTENSION_RECORDED"},
      {EventType::kExemptionRecorded, "EXEMPTION_RECORDED"},
      {EventType::kWarningIssued, "WARNING_ISSUED"},
      {EventType::kFineIntended, "FINE_INTENDED"},
      {EventType::kFineDecided, "FINE_DECIDED"},
      {EventType::kFineObjectionDecided, "FINE_OBJECTION_DECIDED"},
      {EventType::kProgrammeLateStatementIssued, "PROGRAMME_LATE_STATEMENT_ISSUED"},
      {EventType::kTrajectoryClosed, "TRAJECTORY_CLOSED"},
      {EventType::kBlameworthinessFound, "BLAMEWORTHINESS_FOUND"},
      {EventType::kSocialGuidanceRecorded, "SOCIAL_GUIDANCE_RECORDED"},
      {EventType::kUnburdeningRecorded, "UNBURDENING_RECORDED"},
      {EventType::kPlanObjectionLodged, "PLAN_OBJECTION_LODGED"},
      {EventType::kPlanObjectionDecided, "PLAN_OBJECTION_DECIDED"},
      {EventType::kZRouteDecided, "Z_ROUTE_DECIDED"},
      {EventType::kNonCompletionReported, "NON_COMPLETION_REPORTED"},
      {EventType::kPlanInformationRecorded, "PLAN_INFORMATION_RECORDED"}};
};

// The position of an event in the log: the order in which changes committed. `tx` is the
// committing transaction (PostgreSQL) or 0 (SQLite, whose writers are serialised).
struct EventPosition {
  int64_t tx = 0;
  int64_t seq = 0;
  bool operator<(const EventPosition& o) const { return tx < o.tx || (tx == o.tx && seq < o.seq); }
  bool operator==(const EventPosition& o) const { return tx == o.tx && seq == o.seq; }
};

struct Event {
  EventPosition position;  // assigned by the log
  EventType type = EventType::kClientRegistered;
  std::string municipality;
  std::string client_id;
  std::string trajectory_id;  // empty for client events
  absl::Time time;
  // Details, by type: the fact's day (decision, start, closure), the plan's version, route and
  // ontzorgen reference, an amount, and a kind (the amendment, component, closure reason, fields
  // corrected). Never a BSN, a name or a health detail.
  std::optional<absl::CivilDay> date;
  int plan_version = 0;
  std::optional<Route> route;
  std::string ontzorgen_reference;
  int64_t amount_cents = 0;
  std::string kind;
  std::string record_id;  // the sub-record it is about (fine, statement, ...)
};

enum class DuoReportKind {
  kPlanEstablished,
  kRouteSwitch,
  kLoweringToA2,
  kPlanAmended,
  kPvtSigned,
  kMapCompleted,
  kBlameworthyNonFulfilment,
  kLearnabilityTestExemption,
  kProgrammeLateStatement,
  kMovedOut,               // the trajectory closed: the person moved to another municipality
  kMovedIn,                // a trajectory continuing another municipality's after a move
  kZRouteCompleted,        // the decision that the Z-route is completed
  kExpectedNonCompletion,  // will not finish in time, or the route does not suit
};
template <>
struct EnumNames<DuoReportKind> {
  static constexpr EnumEntry<DuoReportKind> kEntries[] = {
      {DuoReportKind::kPlanEstablished, "PLAN_ESTABLISHED"},
      {DuoReportKind::kRouteSwitch, "ROUTE_SWITCH"},
      {DuoReportKind::kLoweringToA2, "LOWERING_TO_A2"},
      {DuoReportKind::kPlanAmended, "PLAN_AMENDED"},
      {DuoReportKind::kPvtSigned, "PVT_SIGNED"},
      {DuoReportKind::kMapCompleted, "MAP_COMPLETED"},
      {DuoReportKind::kBlameworthyNonFulfilment, "BLAMEWORTHY_NON_FULFILMENT"},
      {DuoReportKind::kLearnabilityTestExemption, "LEARNABILITY_TEST_EXEMPTION"},
      {DuoReportKind::kProgrammeLateStatement, "PROGRAMME_LATE_STATEMENT"},
      {DuoReportKind::kMovedOut, "MOVED_OUT"},
      {DuoReportKind::kMovedIn, "MOVED_IN"},
      {DuoReportKind::kZRouteCompleted, "Z_ROUTE_COMPLETED"},
      {DuoReportKind::kExpectedNonCompletion, "EXPECTED_NON_COMPLETION"}};
};
enum class DuoReportState { kToSend, kSent, kConfirmed };
template <>
struct EnumNames<DuoReportState> {
  static constexpr EnumEntry<DuoReportState> kEntries[] = {
      {DuoReportState::kToSend, "TO_SEND"},
      {DuoReportState::kSent, "SENT"},
      {DuoReportState::kConfirmed, "CONFIRMED"}};
};

// One thing DUO must hear of, and how far the municipality got with telling it.
struct DuoReport {
  std::string municipality;
  std::string id;
  std::string client_id;
  std::string trajectory_id;
  DuoReportKind kind = DuoReportKind::kPlanEstablished;
  DuoReportState state = DuoReportState::kToSend;
  absl::CivilDay fact_date;  // what DUO registers: the decision, signing, completion day
  int plan_version = 0;
  std::optional<Route> route;
  std::optional<Level> level;
  std::string record_id;  // the sub-record it reports (component result, fine, statement)
  absl::Time create_time;
  std::string sent_by;
  std::optional<absl::Time> sent_time;
  std::string confirmed_by;
  std::optional<absl::Time> confirm_time;
  std::string confirmation_reference;  // DUO's reference, as the portal showed it
  absl::Time update_time;
  int64_t version = 1;
};

struct Outbox {
  std::vector<Event> events;
  std::vector<DuoReport> reports;
};

// The events and DUO reports of the change from `before` to `after` (the same trajectory).
// DUO hears of: the first plan with its date and route, a route switch, lowering to A2, other
// plan amendments, PVT signed, MAP completed, blameworthy non-fulfilment (ReportedToDuo), the
// learnability-test exemption, the statement that the programme started late, both sides of a
// move, the Z-route decided completed, and the notice that the person will not make it in time or
// the route does not suit.
Outbox TrajectoryOutbox(const Trajectory& before, const Trajectory& after);

// What DUO hears as blameworthy non-fulfilment: a finding that not completing the PVT, the MAP or
// the learning route is blameworthy (DUO's fines depend on it; Wi2021 art. 31-35, GGM Inburgering).
// A municipal fine (art. 22-23) is a different thing and is not reported as such.
bool ReportedToDuo(const BlameworthinessFinding& finding);

// DUO hears of the Wi2021's trajectories only: for a client outside it (the Wi2013 group, a
// volunteer; Wi2021Applies in rules.h) the report items are dropped, the events kept.
void KeepReportsForDuo(const Client& client, Outbox& outbox);

// An event about a client (registered, corrected with `kind` naming the fields, assigned).
Event ClientEvent(EventType type, const Client& client, std::string kind = "");

class UnitOfWork;

// Stamps the outbox's items with their identity and `now`, and appends them in `work`'s
// transaction.
absl::Status WriteOutbox(UnitOfWork& work, Outbox outbox, IdGenerator& ids, absl::Time now);

}  // namespace inburgering::domain
