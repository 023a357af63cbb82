#include "domain/outbox.h"

#include <algorithm>
#include <cstddef>
#include <utility>

#include "domain/dates.h"
#include "domain/ports.h"
#include "domain/rules.h"
#include "domain/status_macros.h"

namespace inburgering::domain {
namespace {

class Builder {
 public:
  explicit Builder(const Trajectory& t) : t_(t) {}

  Event& Add(EventType type) {
    Event e;
    e.type = type;
    e.municipality = t_.municipality;
    e.client_id = t_.client_id;
    e.trajectory_id = t_.id;
    out_.events.push_back(std::move(e));
    return out_.events.back();
  }

  DuoReport& Report(DuoReportKind kind, absl::CivilDay fact_date) {
    DuoReport r;
    r.municipality = t_.municipality;
    r.client_id = t_.client_id;
    r.trajectory_id = t_.id;
    r.kind = kind;
    r.fact_date = fact_date;
    out_.reports.push_back(std::move(r));
    return out_.reports.back();
  }

  Outbox Take() { return std::move(out_); }

 private:
  const Trajectory& t_;
  Outbox out_;
};

DuoReportKind ReportKindOf(AmendmentKind kind) {
  switch (kind) {
    case AmendmentKind::kRouteSwitch:
      return DuoReportKind::kRouteSwitch;
    case AmendmentKind::kLowerToA2:
      return DuoReportKind::kLoweringToA2;
    case AmendmentKind::kInitial:
      return DuoReportKind::kPlanEstablished;
    case AmendmentKind::kMove:
    case AmendmentKind::kOther:
    case AmendmentKind::kObjection:
      break;
  }
  return DuoReportKind::kPlanAmended;
}

void Plans(const Trajectory& before, const Trajectory& after, Builder& b) {
  for (size_t i = before.plans.size(); i < after.plans.size(); ++i) {
    const PlanVersion& p = after.plans[i];
    Event& e = b.Add(i == 0 ? EventType::kPlanEstablished : EventType::kPlanAmended);
    e.date = p.decision_date;
    e.plan_version = p.version;
    e.route = p.route;
    e.ontzorgen_reference = p.ontzorgen_reference;
    e.kind = EnumName(p.kind);
    DuoReport& r =
        b.Report(i == 0 ? DuoReportKind::kPlanEstablished : ReportKindOf(p.kind), p.decision_date);
    r.plan_version = p.version;
    r.route = p.route;
    r.level = p.target_level;
  }
}

// Sub-records are only ever appended (and fines changed in place): the new ones are those past
// the length the list had before.
template <typename T>
auto Added(const std::vector<T>& before, const std::vector<T>& after) {
  struct Range {
    typename std::vector<T>::const_iterator b, e;
    auto begin() const { return b; }
    auto end() const { return e; }
  };
  const size_t from = std::min(before.size(), after.size());
  return Range{after.begin() + static_cast<std::ptrdiff_t>(from), after.end()};
}

void Components(const Trajectory& before, const Trajectory& after, Builder& b) {
  for (const ComponentResult& c : Added(before.components, after.components)) {
    if (!c.completed) continue;
    Event& e = b.Add(EventType::kComponentCompleted);
    e.date = c.date;
    e.kind = EnumName(c.component);
    e.record_id = c.id;
    if (c.component == Component::kPvt)
      b.Report(DuoReportKind::kPvtSigned, c.date).record_id = c.id;
    if (c.component == Component::kMap) {
      b.Report(DuoReportKind::kMapCompleted, c.date).record_id = c.id;
    }
  }
}

void Fines(const Trajectory& before, const Trajectory& after, Builder& b) {
  for (size_t i = 0; i < after.fines.size(); ++i) {
    const Fine& f = after.fines[i];
    const Fine* was = i < before.fines.size() ? &before.fines[i] : nullptr;
    if (was == nullptr) {
      Event& e = b.Add(EventType::kFineIntended);
      e.date = f.intention_date;
      e.amount_cents = f.intended_amount_cents;
      e.kind = EnumName(f.ground);
      e.record_id = f.id;
    }
    if (f.decision && (was == nullptr || !was->decision)) {
      Event& e = b.Add(EventType::kFineDecided);
      e.date = f.decision->date;
      e.amount_cents = f.decision->amount_cents;
      e.kind = f.decision->imposed ? "IMPOSED" : "WITHDRAWN";
      e.record_id = f.id;
    }
    const bool decided_now = f.objection && f.objection->outcome != ObjectionOutcome::kPending &&
                             (was == nullptr || !was->objection ||
                              was->objection->outcome == ObjectionOutcome::kPending);
    if (decided_now) {
      Event& e = b.Add(EventType::kFineObjectionDecided);
      e.date = f.objection->outcome_date;
      e.amount_cents = f.objection->amount_cents;
      e.kind = EnumName(f.objection->outcome);
      e.record_id = f.id;
    }
  }
}

bool Same(const SocialGuidance& a, const SocialGuidance& b) {
  return a.offered_date == b.offered_date && a.provider == b.provider &&
         a.start_date == b.start_date && a.end_date == b.end_date && a.parts == b.parts &&
         a.participation == b.participation;
}

bool Same(const Unburdening& a, const Unburdening& b) {
  return a.start_date == b.start_date && a.end_date == b.end_date && a.end_reason == b.end_reason &&
         a.costs == b.costs && a.decision_reference == b.decision_reference;
}

// Records kept as one current state (replaced by each step): changed when new or different.
template <typename T>
const T* Changed(const std::optional<T>& before, const std::optional<T>& after) {
  if (!after || (before && Same(*before, *after))) return nullptr;
  return &*after;
}

void Duties(const Trajectory& before, const Trajectory& after, Builder& b) {
  if (const SocialGuidance* g = Changed(before.social_guidance, after.social_guidance)) {
    Event& e = b.Add(EventType::kSocialGuidanceRecorded);
    e.date = g->start_date ? *g->start_date : g->offered_date;
    e.kind = EnumName(g->participation);
  }
  if (const Unburdening* u = Changed(before.unburdening, after.unburdening)) {
    Event& e = b.Add(EventType::kUnburdeningRecorded);
    e.date = u->start_date;
    e.kind = u->end_date ? std::string(EnumName(u->end_reason)) : "ONGOING";
  }
  for (size_t i = 0; i < after.plan_objections.size(); ++i) {
    const PlanObjection& o = after.plan_objections[i];
    const PlanObjection* was =
        i < before.plan_objections.size() ? &before.plan_objections[i] : nullptr;
    if (was == nullptr) {
      Event& e = b.Add(EventType::kPlanObjectionLodged);
      e.date = o.filed_date;
      e.plan_version = o.plan_version;
      e.kind = EnumName(o.stage);
      e.record_id = o.id;
    }
    if (o.outcome != PlanObjectionOutcome::kPending &&
        (was == nullptr || was->outcome == PlanObjectionOutcome::kPending)) {
      Event& e = b.Add(EventType::kPlanObjectionDecided);
      e.date = o.decision_date;
      e.plan_version = o.amended_plan_version != 0 ? o.amended_plan_version : o.plan_version;
      e.kind = EnumName(o.outcome);
      e.record_id = o.id;
    }
  }
  for (size_t i = 0; i < after.information_requests.size(); ++i) {
    const InformationRequest& r = after.information_requests[i];
    const InformationRequest* was =
        i < before.information_requests.size() ? &before.information_requests[i] : nullptr;
    const bool received_now = r.received_date && (was == nullptr || !was->received_date);
    if (was != nullptr && !received_now) continue;
    Event& e = b.Add(EventType::kPlanInformationRecorded);
    e.date = received_now ? *r.received_date : r.requested_date;
    e.kind = received_now ? "RECEIVED" : "REQUESTED";
    e.record_id = r.id;
  }
  for (const ZRouteDecision& d : Added(before.z_route_decisions, after.z_route_decisions)) {
    Event& e = b.Add(EventType::kZRouteDecided);
    e.date = d.date;
    e.kind = d.completed ? "COMPLETED" : "NOT_COMPLETED";
    e.record_id = d.id;
    if (d.completed) b.Report(DuoReportKind::kZRouteCompleted, d.date).record_id = d.id;
  }
  for (const NonCompletionNotice& n :
       Added(before.non_completion_notices, after.non_completion_notices)) {
    Event& e = b.Add(EventType::kNonCompletionReported);
    e.date = n.date;
    e.kind = EnumName(n.kind);
    e.record_id = n.id;
    b.Report(DuoReportKind::kExpectedNonCompletion, n.date).record_id = n.id;
  }
}

}  // namespace

Outbox TrajectoryOutbox(const Trajectory& before, const Trajectory& after) {
  Builder b(after);
  if (after.learnability_test_exemption && !before.learnability_test_exemption) {
    b.Report(DuoReportKind::kLearnabilityTestExemption, after.learnability_test_exemption->date);
  }
  Plans(before, after, b);
  const std::optional<absl::CivilDay> started = FirstProgrammeStart(after);
  if (!FirstProgrammeStart(before) && started) b.Add(EventType::kProgrammeStarted).date = *started;
  Components(before, after, b);
  for (const Extension& x : Added(before.extensions, after.extensions)) {
    Event& e = b.Add(EventType::kExtensionRecorded);
    e.date = x.decision_date;
    e.kind = EnumName(x.ground);
    e.record_id = x.id;
  }
  for (const Exemption& x : Added(before.exemptions, after.exemptions)) {
    Event& e = b.Add(EventType::kExemptionRecorded);
    e.date = x.decision_date;
    e.kind = EnumName(x.kind);
    e.record_id = x.id;
  }
  for (const Warning& w : Added(before.warnings, after.warnings)) {
    Event& e = b.Add(EventType::kWarningIssued);
    e.date = w.date;
    e.kind = EnumName(w.ground);
    e.record_id = w.id;
  }
  Fines(before, after, b);
  for (const ProgrammeLateStatement& s : Added(before.late_statements, after.late_statements)) {
    Event& e = b.Add(EventType::kProgrammeLateStatementIssued);
    e.date = s.issue_date;
    e.record_id = s.id;
    b.Report(DuoReportKind::kProgrammeLateStatement, s.issue_date).record_id = s.id;
  }
  // DUO hears of the findings of blameworthy non-fulfilment, not of municipal fines
  // (ReportedToDuo in outbox.h).
  for (const BlameworthinessFinding& f : Added(before.findings, after.findings)) {
    Event& e = b.Add(EventType::kBlameworthinessFound);
    e.date = f.date;
    e.kind = EnumName(f.subject);
    e.record_id = f.id;
    if (ReportedToDuo(f)) {
      b.Report(DuoReportKind::kBlameworthyNonFulfilment, f.date).record_id = f.id;
    }
  }
  Duties(before, after, b);
  if (after.closure && !before.closure) {
    Event& e = b.Add(EventType::kTrajectoryClosed);
    e.date = after.closure->date;
    e.kind = EnumName(after.closure->reason);
    // Art. 11 lid 3: DUO hears of both sides of a move.
    if (after.closure->reason == ClosureReason::kMoved) {
      b.Report(DuoReportKind::kMovedOut, after.closure->date);
    }
  }
  return b.Take();
}

bool ReportedToDuo(const BlameworthinessFinding& finding) { return finding.blameworthy; }

void KeepReportsForDuo(const Client& client, Outbox& outbox) {
  if (!Wi2021Applies(client)) outbox.reports.clear();
}

Event ClientEvent(EventType type, const Client& client, std::string kind) {
  Event e;
  e.type = type;
  e.municipality = client.municipality;
  e.client_id = client.id;
  e.kind = std::move(kind);
  return e;
}

absl::Status WriteOutbox(UnitOfWork& work, Outbox outbox, IdGenerator& ids, absl::Time now) {
  for (Event& e : outbox.events) {
    e.time = now;
    RETURN_IF_ERROR(work.events().Append(e));
  }
  for (DuoReport& r : outbox.reports) {
    r.id = ids.NewId();
    r.create_time = now;
    r.update_time = now;
    r.version = 1;
    RETURN_IF_ERROR(work.duo_reports().Insert(r));
  }
  return absl::OkStatus();
}

}  // namespace inburgering::domain
