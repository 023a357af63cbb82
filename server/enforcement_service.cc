#include "server/enforcement_service.h"

#include <string>
#include <utility>

#include "domain/enforcement_rules.h"
#include "server/enforcement_mapping.h"
#include "server/mapping.h"
#include "server/trajectory_step.h"

namespace inburgering::server {
namespace {

using domain::Caller;
using domain::Client;
using domain::IdGenerator;
using domain::Trajectory;
using domain::TrajectoryChange;
using domain::Violations;

void CheckFineId(const std::string& id, Violations& v) {
  v.Check(domain::IsValidToken(id), "fine_id", "required: the id of one of the trajectory's fines");
}

}  // namespace

grpc::Status EnforcementServiceImpl::RecordWarning(grpc::ServerContext* context,
                                                   const v1::RecordWarningRequest* request,
                                                   v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, "RecordWarning", response,
      [&](Violations& v, absl::CivilDay today, const Caller& caller) -> TrajectoryChange {
        domain::Warning warning =
            WarningFromProto(request->has_warning(), request->warning(), today, v);
        warning.issued_by = caller.subject;
        return RecordValue(std::move(warning), &domain::RecordWarning);
      });
}

grpc::Status EnforcementServiceImpl::RecordFineIntention(
    grpc::ServerContext* context, const v1::RecordFineIntentionRequest* request,
    v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, "RecordFineIntention", response,
      [&](Violations& v, absl::CivilDay today, const Caller& caller) -> TrajectoryChange {
        domain::Fine fine = FineFromProto(request->has_fine(), request->fine(), today, v);
        fine.intended_by = caller.subject;
        const domain::Policy& policy = trajectories_.policy();
        return [fine = std::move(fine), &policy](Trajectory& t, const Client& c, IdGenerator& ids) {
          domain::Fine copy = fine;
          copy.id = ids.NewId();
          return domain::RecordFineIntention(t, c, std::move(copy), policy);
        };
      });
}

grpc::Status EnforcementServiceImpl::RecordFineView(grpc::ServerContext* context,
                                                    const v1::RecordFineViewRequest* request,
                                                    v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, "RecordFineView", response,
      [&](Violations& v, absl::CivilDay today, const Caller& caller) -> TrajectoryChange {
        CheckFineId(request->fine_id(), v);
        domain::FineView view = FineViewFromProto(request->has_view(), request->view(), today, v);
        view.recorded_by = caller.subject;
        return [request, view = std::move(view)](Trajectory& t, const Client&, IdGenerator&) {
          return domain::RecordFineView(t, request->fine_id(), view);
        };
      });
}

grpc::Status EnforcementServiceImpl::DecideFine(grpc::ServerContext* context,
                                                const v1::DecideFineRequest* request,
                                                v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, "DecideFine", response,
      [&](Violations& v, absl::CivilDay today, const Caller& caller) -> TrajectoryChange {
        CheckFineId(request->fine_id(), v);
        domain::FineDecision decision =
            FineDecisionFromProto(request->has_decision(), request->decision(), today, v);
        decision.decided_by = caller.subject;
        const domain::Policy& policy = trajectories_.policy();
        return [request, decision = std::move(decision), &policy](Trajectory& t, const Client& c,
                                                                  IdGenerator&) {
          return domain::DecideFine(t, c, request->fine_id(), decision, policy);
        };
      });
}

grpc::Status EnforcementServiceImpl::RecordFineObjection(
    grpc::ServerContext* context, const v1::RecordFineObjectionRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, "RecordFineObjection", response,
                    [&](Violations& v, absl::CivilDay today, const Caller&) -> TrajectoryChange {
                      CheckFineId(request->fine_id(), v);
                      absl::CivilDay filed;
                      if (v.Check(request->has_filed_date(), "filed_date", "required")) {
                        ParsePastDate(request->filed_date(), today, "filed_date", v, &filed);
                      }
                      return [request, filed](Trajectory& t, const Client&, IdGenerator&) {
                        return domain::RecordFineObjection(t, request->fine_id(), filed);
                      };
                    });
}

grpc::Status EnforcementServiceImpl::DecideFineObjection(
    grpc::ServerContext* context, const v1::DecideFineObjectionRequest* request,
    v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, "DecideFineObjection", response,
      [&](Violations& v, absl::CivilDay today, const Caller&) -> TrajectoryChange {
        CheckFineId(request->fine_id(), v);
        domain::ObjectionOutcome outcome = domain::ObjectionOutcome::kPending;
        ObjectionOutcomeFromProto(request->outcome(), v, &outcome);
        absl::CivilDay date;
        if (v.Check(request->has_date(), "date", "required")) {
          ParsePastDate(request->date(), today, "date", v, &date);
        }
        const int64_t amount = request->amount_euro_cents();
        if (outcome == domain::ObjectionOutcome::kReduced) {
          v.Check(amount >= 1 && amount <= kMaxAmountCents, "amount_euro_cents",
                  "required for REDUCED: the lowered fine in euro cents");
        } else {
          v.Check(amount == 0, "amount_euro_cents", "only for REDUCED");
        }
        return [request, outcome, date, amount](Trajectory& t, const Client&, IdGenerator&) {
          return domain::DecideFineObjection(t, request->fine_id(), outcome, date, amount);
        };
      });
}

}  // namespace inburgering::server
