#include "server/logbook_settings.h"

#include <fstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"
#include "server/method_access.h"

namespace inburgering::server {
namespace {

constexpr const char* kGroups[] = {"intake_and_plan",  "enforcement", "duo_exchange",
                                   "cbs_delivery",     "reporting",   "privacy",
                                   "provider_exchange"};

// An absolute URI (RFC 3986: a scheme, a colon, something), without spaces or controls.
bool IsAbsoluteUri(const std::string& uri) {
  const size_t colon = uri.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == uri.size() || uri.size() > 512) {
    return false;
  }
  if (!absl::ascii_isalpha(static_cast<unsigned char>(uri[0]))) return false;
  for (size_t i = 0; i < colon; ++i) {
    const unsigned char c = static_cast<unsigned char>(uri[i]);
    if (!absl::ascii_isalnum(c) && c != '+' && c != '-' && c != '.') return false;
  }
  for (char c : uri) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return false;
  }
  return true;
}

// The object under `key` (an empty one when absent).
const nlohmann::json& Section(const nlohmann::json& j, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const auto it = j.find(key);
  return it == j.end() ? kEmpty : *it;
}

absl::Status Invalid(const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat("--logbook-settings: ", what));
}

}  // namespace

absl::StatusOr<domain::LogbookSettings> LoadLogbookSettings(const std::string& path,
                                                            domain::LogbookSettings defaults) {
  std::ifstream in(path);
  if (!in) return Invalid("cannot read " + path);
  domain::LogbookSettings settings = std::move(defaults);
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    if (!j.is_object()) return Invalid("not the expected JSON");
    for (const auto& [key, value] : j.items()) {
      if (!value.is_object()) return Invalid(key + " must be an object");
      for (const auto& [inner, entries] : value.items()) {
        if (inner != "default" && !entries.is_object()) {
          return Invalid(absl::StrCat(key, ".", inner, " must be an object"));
        }
      }
      if (key != "activities" && key != "processors") return Invalid("unknown key " + key);
    }
    const nlohmann::json& activities = Section(j, "activities");
    for (const auto& [group, uri] : Section(activities, "groups").items()) {
      bool known = false;
      for (const char* g : kGroups) known = known || group == g;
      if (!known) return Invalid("unknown group " + group);
      settings.activity_by_group[group] = uri.get<std::string>();
    }
    for (const auto& [operation, uri] : Section(activities, "operations").items()) {
      if (!AccessOf(operation + "Request")) return Invalid("unknown operation " + operation);
      settings.activity_by_operation[operation] = uri.get<std::string>();
    }
    const nlohmann::json& processors = Section(j, "processors");
    for (const auto& [caller, url] : Section(processors, "callers").items()) {
      settings.processor_by_caller[caller] = url.get<std::string>();
    }
    settings.default_processor = processors.value("default", std::string());
  } catch (const nlohmann::json::exception&) {
    return Invalid("not the expected JSON");
  }
  for (const auto* uris : {&settings.activity_by_group, &settings.activity_by_operation,
                           &settings.processor_by_caller}) {
    for (const auto& [name, uri] : *uris) {
      if (!IsAbsoluteUri(uri)) return Invalid(absl::StrCat("the value of ", name, " is no URI"));
    }
  }
  if (!settings.default_processor.empty() && !IsAbsoluteUri(settings.default_processor)) {
    return Invalid("the default processor is no URI");
  }
  return settings;
}

}  // namespace inburgering::server
