#pragma once

// Recording a step on a trajectory by the step's name, with the step's fields as JSON: what the
// `inburgering step` command does. The current etag is read from the case file first, and a
// request id is filled in, so that an operator types only what the step is about.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "clients/cpp/service_clients.h"

namespace inburgering::clients {

struct StepClients {
  TrajectoryServiceClient trajectories;
  EnforcementServiceClient enforcement;
  DuoServiceClient duo;
};

// The steps by name, as the RPCs are called: "RecordIntake", "EstablishPlan", "RecordWarning"...
std::vector<std::string> StepNames();

// Records `step` on `trajectory` (a resource name); `json` holds the request's other fields in
// the proto JSON form (e.g. {"intake": {"date": {"year": 2026, "month": 3, "day": 2}}}).
absl::StatusOr<v1::CaseFile> RecordStep(const StepClients& clients, const std::string& step,
                                        const std::string& trajectory, const std::string& json);

}  // namespace inburgering::clients
