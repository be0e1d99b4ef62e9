#include "support/extra_node.h"

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

namespace gw::test {

ExtraNode::ExtraNode(const GatewayFixture& first) {
  std::filesystem::copy(first.dir() / "pki", dir_.path() / "pki",
                        std::filesystem::copy_options::recursive);
  std::string config = read_file(first.config_path());
  const std::string from = "data_dir = \"" + first.dir().string() + "\"";
  const auto at = config.find(from);
  REQUIRE(at != std::string::npos);
  config.replace(at, from.size(), "data_dir = \"" + dir_.path().string() + "\"");
  std::ofstream(dir_.path() / "gateway.toml") << config;
  process_.emplace(
      Process::start({GATEWAYD_PATH, "--config", (dir_.path() / "gateway.toml").string()},
                     dir_.path() / "gatewayd.log"));
  const auto ports = dir_.path() / "gatewayd.ports";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!std::filesystem::exists(ports)) {
    REQUIRE_MESSAGE(process_->running(), log());
    REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline, log());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  std::istringstream in(read_file(ports));
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("api=", 0) == 0) api_port_ = std::stoi(line.substr(4));
    if (line.rfind("ops=", 0) == 0) ops_port_ = std::stoi(line.substr(4));
  }
  REQUIRE(api_port_ > 0);
  REQUIRE(ops_port_ > 0);
}

ExtraNode::~ExtraNode() {
  // Stopped before its directory goes, as GatewayFixture does.
  if (process_ && process_->running()) {
    process_->signal(SIGTERM);
    process_->wait_for(std::chrono::seconds(10));
  }
  process_.reset();
}

std::string ExtraNode::api_url(const std::string& path) const {
  return "https://127.0.0.1:" + std::to_string(api_port_) + path;
}

std::string ExtraNode::ops(const std::string& path) const {
  return run_command({"curl", "-sS", "--max-time", "10",
                      "http://127.0.0.1:" + std::to_string(ops_port_) + path})
      .out;
}

std::string ExtraNode::log() const { return read_file(dir_.path() / "gatewayd.log"); }

}  // namespace gw::test
