#pragma once

// The refusals a citizen can meet through the portal, in words a citizen can read: English and
// Dutch (nl-NL), for google.rpc.LocalizedMessage. Fixed texts per reason, so they can never carry
// personal data; the service's own message stays the technical one.

#include <optional>

#include "absl/strings/string_view.h"

namespace inburgering::server {

struct CitizenMessage {
  absl::string_view en;
  absl::string_view nl;
};

// The message for `reason` (an ErrorReason name), or none where the reason is for staff only.
std::optional<CitizenMessage> CitizenMessageFor(absl::string_view reason);

}  // namespace inburgering::server
