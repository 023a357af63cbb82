#pragma once

// The frame of every recorded step on a trajectory, shared by the services that record them
// (TrajectoryService, EnforcementService, DuoService): the trajectory's name, etag and
// request_id checks, the payload mapped to its domain step (domain/steps.h), one call of
// TrajectoryUseCases::Record, the whole case file back.

#include <cstdint>
#include <utility>

#include "absl/strings/string_view.h"
#include "domain/caller.h"
#include "domain/status_macros.h"
#include "domain/steps.h"
#include "domain/trajectory_use_cases.h"
#include "domain/validation.h"
#include "inburgering/v1/trajectory.pb.h"
#include "server/api_support.h"
#include "server/rpc.h"
#include "server/trajectory_mapping.h"

namespace inburgering::server {

// `municipalities/{m}/clients/{c}/trajectories/{t}`; records a violation of `field` when not.
bool ParseTrajectoryName(absl::string_view name, absl::string_view field,
                         domain::Violations& violations, domain::TrajectoryRef* ref);

// Records the step that `map` makes of the request's payload (`domain::Step map(Violations&)`,
// recording the payload's field violations). A change on the callback API: `map` runs on the
// change's thread after this returns, so it captures the request pointer, not references.
template <typename Request, typename Map>
grpc::ServerUnaryReactor* RecordStep(const RpcFrame& frame,
                                     domain::TrajectoryUseCases& trajectories,
                                     grpc::CallbackServerContext* context, const Request& request,
                                     v1::CaseFile* response, Map map) {
  return frame.HandleChange(
      context, request,
      [&trajectories, &request, response, map = std::move(map)](
          const domain::Caller& caller, domain::CallJournal& journal) -> absl::Status {
        domain::Violations violations;
        domain::TrajectoryRef ref;
        int64_t version = 0;
        ParseTrajectoryName(request.name(), "name", violations, &ref);
        ParseRequiredEtag(request.etag(), "etag",
                          "required: send the etag of the trajectory as read", violations,
                          &version);
        ValidateRequestId(request.request_id(), violations);
        domain::Step step = map(violations);
        const domain::IdempotencyKey key{request.request_id(), domain::OperationOf(step),
                                         Fingerprint(request)};
        ASSIGN_OR_RETURN(
            domain::CaseFile file,
            trajectories.Record(caller, journal, ref, version, key, std::move(step), violations));
        CaseFileToProto(file, response);
        return absl::OkStatus();
      });
}

}  // namespace inburgering::server
