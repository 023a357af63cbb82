#pragma once

// Structured logs: one JSON object per line on stderr (for Kubernetes' log collectors). Callers
// pass only non-personal fields: never a BSN, a name, a token or a health detail. Thread-safe.

#include <functional>
#include <string>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"

namespace inburgering::server {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// Parses debug|info|warning|error; false for anything else.
bool ParseLogLevel(absl::string_view text, LogLevel* level);

// Lines below `level` are dropped. Default: info.
void SetLogLevel(LogLevel level);

// Writes {"time":..., "level":..., "msg":..., <fields>} as one line.
void Log(LogLevel level, absl::string_view message,
         nlohmann::json fields = nlohmann::json::object());

// For tests: send lines to `sink` instead of stderr (nullptr restores stderr).
void SetLogSinkForTesting(std::string* sink);

// For tests: `observer` sees every line written (wherever it goes); nullptr removes it.
void SetLogObserverForTesting(std::function<void(absl::string_view line)> observer);

}  // namespace inburgering::server
