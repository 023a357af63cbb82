#include "server/enforcement_service.h"

#include <string>
#include <utility>

#include "domain/enforcement_rules.h"
#include "server/enforcement_mapping.h"
#include "server/mapping.h"
#include "server/trajectory_step.h"

namespace inburgering::server {
namespace {

namespace steps = domain::steps;
using domain::Step;
using domain::Violations;

void CheckFineId(const std::string& id, Violations& v) {
  v.Check(domain::IsValidToken(id), "fine_id", "required: the id of one of the trajectory's fines");
}

}  // namespace

grpc::ServerUnaryReactor* EnforcementServiceImpl::RecordWarning(
    grpc::CallbackServerContext* context, const v1::RecordWarningRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, response,
                    [request](Violations& v) -> Step {
                      return steps::RecordWarning{
                          WarningFromProto(request->has_warning(), request->warning(), v)};
                    });
}

grpc::ServerUnaryReactor* EnforcementServiceImpl::RecordBlameworthinessFinding(
    grpc::CallbackServerContext* context, const v1::RecordBlameworthinessFindingRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, response,
                    [request](Violations& v) -> Step {
                      return steps::RecordBlameworthinessFinding{
                          FindingFromProto(request->has_finding(), request->finding(), v)};
                    });
}

grpc::ServerUnaryReactor* EnforcementServiceImpl::RecordFineIntention(
    grpc::CallbackServerContext* context, const v1::RecordFineIntentionRequest* request,
    v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, response, [request](Violations& v) -> Step {
        return steps::RecordFineIntention{FineFromProto(request->has_fine(), request->fine(), v)};
      });
}

grpc::ServerUnaryReactor* EnforcementServiceImpl::RecordFineView(
    grpc::CallbackServerContext* context, const v1::RecordFineViewRequest* request,
    v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, response, [request](Violations& v) -> Step {
        CheckFineId(request->fine_id(), v);
        return steps::RecordFineView{request->fine_id(),
                                     FineViewFromProto(request->has_view(), request->view(), v)};
      });
}

grpc::ServerUnaryReactor* EnforcementServiceImpl::DecideFine(grpc::CallbackServerContext* context,
                                                             const v1::DecideFineRequest* request,
                                                             v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, response, [request](Violations& v) -> Step {
        CheckFineId(request->fine_id(), v);
        return steps::DecideFine{request->fine_id(), FineDecisionFromProto(request->has_decision(),
                                                                           request->decision(), v)};
      });
}

grpc::ServerUnaryReactor* EnforcementServiceImpl::RecordFineObjection(
    grpc::CallbackServerContext* context, const v1::RecordFineObjectionRequest* request,
    v1::CaseFile* response) {
  return RecordStep(frame_, trajectories_, context, *request, response,
                    [request](Violations& v) -> Step {
                      CheckFineId(request->fine_id(), v);
                      steps::RecordFineObjection step;
                      step.fine_id = request->fine_id();
                      ParseRequiredDate(request->has_filed_date(), request->filed_date(),
                                        "filed_date", v, &step.filed_date);
                      return step;
                    });
}

grpc::ServerUnaryReactor* EnforcementServiceImpl::DecideFineObjection(
    grpc::CallbackServerContext* context, const v1::DecideFineObjectionRequest* request,
    v1::CaseFile* response) {
  return RecordStep(
      frame_, trajectories_, context, *request, response, [request](Violations& v) -> Step {
        CheckFineId(request->fine_id(), v);
        steps::DecideFineObjection step;
        step.fine_id = request->fine_id();
        ObjectionOutcomeFromProto(request->outcome(), v, &step.outcome);
        ParseRequiredDate(request->has_date(), request->date(), "date", v, &step.date);
        step.amount_cents = request->amount_euro_cents();
        if (step.outcome == domain::ObjectionOutcome::kReduced) {
          v.Check(step.amount_cents >= 1 && step.amount_cents <= kMaxAmountCents,
                  "amount_euro_cents", "required for REDUCED: the lowered fine in euro cents");
        } else {
          v.Check(step.amount_cents == 0, "amount_euro_cents", "only for REDUCED");
        }
        return step;
      });
}

}  // namespace inburgering::server
