#pragma once

// The municipality's indicator targets (local policy, per municipality and year) from a JSON
// file: {"0303": {"2025": {"PLAN_WITHIN_10_WEEKS": {"target": 0.9},
//                          "FINED": {"target": 0.05, "at_most": true}}}}

#include <string>

#include "absl/status/statusor.h"
#include "domain/reporting.h"

namespace inburgering::server {

// INVALID_ARGUMENT naming the file's problem (never its contents) when it cannot be used.
absl::StatusOr<domain::IndicatorTargets> LoadIndicatorTargets(const std::string& path);

}  // namespace inburgering::server
