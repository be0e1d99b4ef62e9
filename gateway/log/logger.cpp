#include "log/logger.h"

#include <fmt/chrono.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>

namespace gw {
namespace {

constexpr std::array<std::string_view, 5> kLevelNames = {"trace", "debug", "info", "warn", "error"};

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", std::chrono::floor<std::chrono::seconds>(now),
                     ms.count() % 1000);
}

// The whole line in one call where the kernel allows; a short write (a full
// pipe, a signal) goes on with the rest.
void write_line(std::string_view line) {
  while (!line.empty()) {
    const ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to log to: the event is lost, the caller is not
    line.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

Logger::Logger(std::string_view level) : threshold_(Level::kInfo) {
  for (std::size_t i = 0; i < kLevelNames.size(); ++i) {
    if (kLevelNames[i] == level) threshold_ = static_cast<Level>(i);
  }
}

void Logger::debug(std::string_view event, const LogFields& fields) const {
  write(Level::kDebug, event, fields);
}
void Logger::info(std::string_view event, const LogFields& fields) const {
  write(Level::kInfo, event, fields);
}
void Logger::warn(std::string_view event, const LogFields& fields) const {
  write(Level::kWarn, event, fields);
}
void Logger::error(std::string_view event, const LogFields& fields) const {
  write(Level::kError, event, fields);
}

void Logger::write(Level level, std::string_view event, const LogFields& fields) const {
  if (level < threshold_) return;
  // The head (ts, level, event) is written here and the caller's fields are
  // spliced in after it, instead of copying them into one more JSON object.
  LogFields head;
  head["ts"] = utc_now();
  head["level"] = kLevelNames[static_cast<std::size_t>(level)];
  head["event"] = event;
  std::string line = head.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (fields.is_object() && !fields.empty()) {
    const std::string rest =
        fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // {"k":v,...}
    line.back() = ',';
    line.append(rest, 1, std::string::npos);
  }
  line.push_back('\n');
  write_line(line);
}

}  // namespace gw
