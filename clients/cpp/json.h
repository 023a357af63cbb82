#pragma once

// Messages as JSON and back, in the proto JSON form with the proto field names (snake_case, as
// in docs/api.md): what the `inburgering` tool prints and reads.

#include <string>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace inburgering::clients {

// Indented, or on one line (`indent` false: one item per line in a list).
std::string ToJson(const google::protobuf::Message& message, bool indent = true);

// Parses proto JSON into `message`; INVALID_ARGUMENT naming the problem otherwise.
absl::Status FromJson(const std::string& json, google::protobuf::Message& message);

}  // namespace inburgering::clients
