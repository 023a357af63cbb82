#pragma once

// The frame of every recorded step on a trajectory, shared by the services that record them
// (TrajectoryService, EnforcementService, DuoService): the trajectory's name, etag and
// request_id checks, the payload's own validation, one transaction in
// TrajectoryUseCases::Record, the whole case file back.

#include <cstdint>
#include <functional>
#include <type_traits>
#include <utility>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "domain/caller.h"
#include "domain/status_macros.h"
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

// Builds the step's change from the request's payload, recording its violations; `today` bounds
// dates; `caller` is who records the step.
using StepBuilder = std::function<domain::TrajectoryChange(
    domain::Violations& violations, absl::CivilDay today, const domain::Caller& caller)>;

namespace internal {
template <typename T, typename = void>
struct HasId : std::false_type {};
template <typename T>
struct HasId<T, std::void_t<decltype(std::declval<T&>().id)>> : std::true_type {};
}  // namespace internal

// The change that records `value` with `apply` (a rule of the domain), giving it a new id when it
// is a sub-record that has one.
template <typename Value>
domain::TrajectoryChange RecordValue(Value value,
                                     absl::Status (*apply)(domain::Trajectory&, Value)) {
  return [value = std::move(value), apply](domain::Trajectory& t, const domain::Client&,
                                           domain::IdGenerator& ids) {
    Value copy = value;
    if constexpr (internal::HasId<Value>::value) copy.id = ids.NewId();
    return apply(t, std::move(copy));
  };
}

template <typename Request>
grpc::Status RecordStep(const RpcFrame& frame, domain::TrajectoryUseCases& trajectories,
                        grpc::ServerContext* context, const Request& request, const char* operation,
                        v1::CaseFile* response, const StepBuilder& build) {
  return frame.Handle(context, request, [&](const domain::Caller& caller) -> absl::Status {
    domain::Violations violations;
    domain::TrajectoryRef ref;
    int64_t version = 0;
    ParseTrajectoryName(request.name(), "name", violations, &ref);
    if (violations.Check(!request.etag().empty(), "etag",
                         "required: send the etag of the trajectory as read")) {
      violations.Check(ParseEtag(request.etag(), &version), "etag",
                       "is not an etag of this service");
    }
    ValidateRequestId(request.request_id(), violations);
    domain::TrajectoryChange change = build(violations, trajectories.Today(), caller);
    RETURN_IF_ERROR(violations.ToStatus());
    ASSIGN_OR_RETURN(
        domain::CaseFile file,
        trajectories.Record(caller, ref, version,
                            {request.request_id(), operation, Fingerprint(request)}, change));
    CaseFileToProto(file, response);
    return absl::OkStatus();
  });
}

}  // namespace inburgering::server
