#pragma once

// Readable names of the enums that appear in the audit trail's change descriptions.

#include "absl/strings/string_view.h"
#include "domain/client.h"
#include "domain/trajectory.h"

namespace inburgering::domain {

absl::string_view NameOf(TargetGroup value);
absl::string_view NameOf(Phase value);
absl::string_view NameOf(Route value);

}  // namespace inburgering::domain
