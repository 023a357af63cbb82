#include "server/logging.h"

#include <atomic>
#include <cstdio>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace inburgering::server {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
absl::Mutex g_mu;
std::string* g_sink ABSL_GUARDED_BY(g_mu) = nullptr;
std::function<void(absl::string_view)>* g_observer ABSL_GUARDED_BY(g_mu) = nullptr;

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

}  // namespace

bool ParseLogLevel(absl::string_view text, LogLevel* level) {
  for (LogLevel l : {LogLevel::kDebug, LogLevel::kInfo, LogLevel::kWarning, LogLevel::kError}) {
    if (text == LevelName(l)) {
      *level = l;
      return true;
    }
  }
  return false;
}

void SetLogLevel(LogLevel level) { g_level.store(static_cast<int>(level)); }

void Log(LogLevel level, absl::string_view message, nlohmann::json fields) {
  if (static_cast<int>(level) < g_level.load(std::memory_order_relaxed)) return;
  nlohmann::json line = nlohmann::json::object();
  line["time"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::Now(), absl::UTCTimeZone());
  line["level"] = LevelName(level);
  line["msg"] = std::string(message);
  for (auto& [key, value] : fields.items()) line[key] = std::move(value);
  // Invalid UTF-8 is replaced rather than thrown on: a log line must never take the server down.
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text.push_back('\n');
  absl::MutexLock lock(&g_mu);
  if (g_observer != nullptr) (*g_observer)(text);
  if (g_sink != nullptr) {
    g_sink->append(text);
  } else {
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
  }
}

void SetLogObserverForTesting(std::function<void(absl::string_view line)> observer) {
  absl::MutexLock lock(&g_mu);
  delete g_observer;
  g_observer = observer ? new std::function<void(absl::string_view)>(std::move(observer)) : nullptr;
}

void SetLogSinkForTesting(std::string* sink) {
  absl::MutexLock lock(&g_mu);
  g_sink = sink;
}

}  // namespace inburgering::server
