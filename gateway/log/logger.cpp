#include "log/logger.h"

#include <fmt/chrono.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <chrono>

namespace gw {
namespace {

std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", std::chrono::floor<std::chrono::seconds>(now),
                     ms.count() % 1000);
}

}  // namespace

Logger::Logger(std::string_view level)
    : sink_(std::make_shared<spdlog::logger>("gateway",
                                             std::make_shared<spdlog::sinks::stderr_sink_mt>())) {
  sink_->set_pattern("%v");
  sink_->set_level(spdlog::level::from_str(std::string(level)));
  sink_->flush_on(spdlog::level::trace);
}

Logger::~Logger() = default;

void Logger::debug(std::string_view event, const LogFields& fields) const {
  write(spdlog::level::debug, event, fields);
}
void Logger::info(std::string_view event, const LogFields& fields) const {
  write(spdlog::level::info, event, fields);
}
void Logger::warn(std::string_view event, const LogFields& fields) const {
  write(spdlog::level::warn, event, fields);
}
void Logger::error(std::string_view event, const LogFields& fields) const {
  write(spdlog::level::err, event, fields);
}

void Logger::write(int level, std::string_view event, const LogFields& fields) const {
  const auto lvl = static_cast<spdlog::level::level_enum>(level);
  if (!sink_->should_log(lvl)) return;
  // The head (ts, level, event) is written here and the caller's fields are
  // spliced in after it, instead of copying them into one more JSON object.
  LogFields head;
  head["ts"] = utc_now();
  const auto level_name = spdlog::level::to_string_view(lvl);
  head["level"] = std::string(level_name.data(), level_name.size());
  head["event"] = event;
  std::string line = head.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (fields.is_object() && !fields.empty()) {
    const std::string rest =
        fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);  // {"k":v,...}
    line.back() = ',';
    line.append(rest, 1, std::string::npos);
  }
  sink_->log(lvl, "{}", line);
}

}  // namespace gw
