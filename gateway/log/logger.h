// Structured logging: one JSON object per line on stderr, with a UTC timestamp,
// the level, an event name and the caller's fields (request_id among them).
// Thread-safe without a lock: each line is one write(2), which the kernel does
// not interleave with another's (a pipe up to PIPE_BUF, 4 KiB; a file always).
// Created by main and passed in; no global registry is used.
// Log identifiers and counts, never message bodies or keys.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace gw {

using LogFields = nlohmann::ordered_json;

class Logger {
 public:
  // level: trace, debug, info, warn or error (validated by load_config).
  explicit Logger(std::string_view level);
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  void debug(std::string_view event, const LogFields& fields = {}) const;
  void info(std::string_view event, const LogFields& fields = {}) const;
  void warn(std::string_view event, const LogFields& fields = {}) const;
  void error(std::string_view event, const LogFields& fields = {}) const;

 private:
  enum class Level { kTrace, kDebug, kInfo, kWarn, kError };
  void write(Level level, std::string_view event, const LogFields& fields) const;

  Level threshold_;
};

}  // namespace gw
