#include "support/slow_request.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <thread>

namespace gw::test {
namespace {

// What the server sent so far holds `marker`, within about `tries` x 50 ms.
std::string wait_for(const std::filesystem::path& log, const std::string& marker, int tries) {
  std::string sent = read_file(log);
  for (int i = 0; i < tries && sent.find(marker) == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    sent = read_file(log);
  }
  return sent;
}

}  // namespace

SlowRequest::SlowRequest(const GatewayFixture& gw, const std::filesystem::path& pem,
                         const std::filesystem::path& key, const std::string& request_line,
                         const std::string& content_type, std::size_t body_size,
                         const std::string& log_name)
    : log_(gw.dir() / log_name),
      client_(Process::start(
          {"openssl", "s_client", "-connect", "127.0.0.1:" + std::to_string(gw.api_port()),
           "-CAfile", gw.ca_pem().string(), "-cert", pem.string(), "-key", key.string(), "-quiet",
           "-ign_eof"},
          log_)) {
  client_.write_stdin(
      fmt::format("{} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {}\r\nContent-Length: {}\r\n"
                  "Expect: 100-continue\r\n\r\n",
                  request_line, content_type, body_size));
  REQUIRE(wait_for(log_, "HTTP/1.1 100 Continue", 400).find("HTTP/1.1 100 Continue") !=
          std::string::npos);
}

SlowRequest::~SlowRequest() { client_.close_stdin(); }

std::string SlowRequest::finish(std::string_view body, const std::string& marker) {
  client_.write_stdin(body);
  return wait_for(log_, marker, 200);
}

}  // namespace gw::test
