#include "server/indicator_targets.h"

#include <fstream>
#include <memory>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace inburgering::server {

absl::StatusOr<domain::IndicatorTargets> LoadIndicatorTargets(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::InvalidArgumentError("--indicator-targets: cannot read " + path);
  auto targets = std::make_shared<absl::flat_hash_map<std::string, domain::IndicatorTarget>>();
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    for (const auto& [municipality, years] : j.items()) {
      for (const auto& [year, indicators] : years.items()) {
        int y = 0;
        if (municipality.size() != 4 || !absl::SimpleAtoi(year, &y)) {
          return absl::InvalidArgumentError(
              "--indicator-targets: keys must be 4-digit CBS codes, then years");
        }
        for (const auto& [name, target] : indicators.items()) {
          domain::IndicatorTarget t;
          t.value = target.at("target").get<double>();
          t.at_most = target.value("at_most", false);
          if (!(t.value >= 0 && t.value <= 1)) {
            return absl::InvalidArgumentError(
                "--indicator-targets: a target is a share between 0 and 1");
          }
          (*targets)[absl::StrCat(municipality, "/", y, "/", name)] = t;
        }
      }
    }
  } catch (const nlohmann::json::exception&) {
    return absl::InvalidArgumentError("--indicator-targets: not the expected JSON");
  }
  return domain::IndicatorTargets(
      [targets](const std::string& municipality, int year,
                const std::string& indicator) -> std::optional<domain::IndicatorTarget> {
        const auto it = targets->find(absl::StrCat(municipality, "/", year, "/", indicator));
        if (it == targets->end()) return std::nullopt;
        return it->second;
      });
}

}  // namespace inburgering::server
