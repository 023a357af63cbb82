#pragma once

// Proto <-> domain for the municipality's duties beside the learning route (duties.proto):
// maatschappelijke begeleiding, ontzorgen, objections against the plan, the Z-route's decision and
// the notice to DUO that someone will not make it. Each payload is validated field by field under
// its request path; the domain checks dates against today and applies the rules.

#include <optional>
#include <string>

#include "domain/steps.h"
#include "domain/trajectory.h"
#include "domain/validation.h"
#include "inburgering/v1/duo_service.pb.h"
#include "inburgering/v1/duties.pb.h"
#include "inburgering/v1/trajectory.pb.h"
#include "inburgering/v1/trajectory_service.pb.h"

namespace inburgering::server {

domain::SocialGuidance SocialGuidanceFromProto(bool has, const v1::SocialGuidance& in,
                                               domain::Violations& v);
domain::Unburdening UnburdeningFromProto(bool has, const v1::Unburdening& in,
                                         domain::Violations& v);
domain::PlanObjection PlanObjectionFromProto(bool has, const v1::PlanObjection& in,
                                             domain::Violations& v);
domain::steps::DecidePlanObjection DecidePlanObjectionFromProto(
    const v1::DecidePlanObjectionRequest& in, domain::Violations& v);
domain::ZRouteDecision ZRouteDecisionFromProto(bool has, const v1::ZRouteDecision& in,
                                               domain::Violations& v);
domain::NonCompletionNotice NonCompletionNoticeFromProto(bool has,
                                                         const v1::NonCompletionNotice& in,
                                                         domain::Violations& v);

domain::InformationRequest InformationRequestFromProto(bool has,
                                                       const v1::PlanInformationRequest& in,
                                                       domain::Violations& v);

// The duties' records of `trajectory` into the case file.
void DutiesToProto(const domain::Trajectory& trajectory, v1::CaseFile* out);

}  // namespace inburgering::server
