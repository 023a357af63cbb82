#pragma once

// A consultant (consulent) of a municipality's integration team.

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "domain/validation.h"

namespace inburgering::domain {

inline constexpr size_t kMaxDisplayNameChars = 200;
inline constexpr size_t kMaxEmailChars = 254;
inline constexpr int kMaxCaseCapacity = 1000;

struct Consultant {
  std::string municipality;  // 4-digit CBS code
  std::string id;            // opaque, unique within the deployment
  std::string display_name;
  std::string email;
  bool active = true;
  int case_capacity = 0;
  absl::Time create_time;
  absl::Time update_time;
  int64_t version = 0;  // incremented by every change; the etag
};

// The changes of an update: only the set fields change.
struct ConsultantPatch {
  std::optional<std::string> display_name;
  std::optional<std::string> email;
  std::optional<bool> active;
  std::optional<int> case_capacity;
};

// Records the violations of a consultant's editable fields under `prefix` (e.g. `consultant.`).
void ValidateConsultantFields(const Consultant& consultant, absl::string_view prefix,
                              Violations& violations);

// Applies `patch` to `consultant` (fields only; version and times are the use case's).
void ApplyPatch(const ConsultantPatch& patch, Consultant& consultant);

}  // namespace inburgering::domain
