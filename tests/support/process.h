// Child processes for integration tests: run a command to completion, or start
// a long-running one (gatewayd, openssl s_client) and talk to its stdin.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw::test {

struct CommandResult {
  int exit_code = -1;  // -1: killed after the timeout or by a signal
  std::string out;
  std::string err;
};

// Runs argv[0] (looked up in PATH) with `input` on stdin.
CommandResult run_command(const std::vector<std::string>& argv, std::string_view input = {},
                          std::chrono::seconds timeout = std::chrono::seconds(60));

class Process {
 public:
  // Starts argv with stdout and stderr appended to `log`; stdin is a pipe.
  static Process start(const std::vector<std::string>& argv, const std::filesystem::path& log);
  Process(Process&& other) noexcept;
  Process& operator=(Process&&) = delete;
  ~Process();  // kills the child if it still runs

  pid_t pid() const { return pid_; }
  void write_stdin(std::string_view text);
  void close_stdin();
  void signal(int sig);
  bool running();
  // The exit code once the child ends within `timeout`; nothing otherwise.
  std::optional<int> wait_for(std::chrono::milliseconds timeout);

 private:
  Process(pid_t pid, int stdin_fd) : pid_(pid), stdin_fd_(stdin_fd) {}
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  std::optional<int> exit_code_;
};

std::string read_file(const std::filesystem::path& path);

}  // namespace gw::test
