#include "clients/cpp/json.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/util/json_util.h"

namespace inburgering::clients {

std::string ToJson(const google::protobuf::Message& message, bool indent) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = indent;
  options.preserve_proto_field_names = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

absl::Status FromJson(const std::string& json, google::protobuf::Message& message) {
  const auto status =
      google::protobuf::util::JsonStringToMessage(json.empty() ? "{}" : json, &message);
  if (status.ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("--json is not a valid ",
                                                 message.GetDescriptor()->name(), ": ",
                                                 std::string(status.message())));
}

}  // namespace inburgering::clients
