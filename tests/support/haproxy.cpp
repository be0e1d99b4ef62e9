#include "support/haproxy.h"

#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace gw::test {
namespace {

// A TCP port on 127.0.0.1 that nothing listened on a moment ago.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

// Whether something listens on 127.0.0.1:<port>, from the kernel's table
// (a probe connection would reach a gatewayd and log a failed handshake).
bool listening(int port) {
  char local[32];
  std::snprintf(local, sizeof local, "0100007F:%04X", static_cast<unsigned>(port));
  std::istringstream table(read_file("/proc/net/tcp"));
  for (std::string line; std::getline(table, line);) {
    std::istringstream fields(line);
    std::string slot, address, remote, state;
    fields >> slot >> address >> remote >> state;
    if (address == local && state == "0A") return true;  // 0A: LISTEN
  }
  return false;
}

}  // namespace

Haproxy::Haproxy(const std::filesystem::path& dir, const std::vector<BalancedNode>& nodes)
    : port_(free_port()) {
  const auto config = dir / "haproxy.cfg";
  std::ofstream out(config);
  // `retries` with `redispatch 1`: a connection a dead node refuses is tried
  // on the next one, so clients see a node's death only on the connections
  // it had open.
  // Health check changes go to haproxy.log, for a look after a failure. A
  // check may take up to `timeout check` (by default its `inter`, 200 ms: a
  // busy test machine's /readyz could miss that twice, and a live node was
  // taken out of a race it should have shared); a dead node refuses at once.
  out << "global\n  maxconn 500\n  log stderr format raw local0 info\n"
      << "defaults\n  log global\n  option log-health-checks\n  option tcplog\n"
      << "  mode tcp\n  timeout connect 2s\n  timeout check 2s\n  timeout client 60s\n"
      << "  timeout server 60s\n  retries 3\n  option redispatch 1\n"
      << "frontend api\n  bind 127.0.0.1:" << port_ << "\n  default_backend gateway\n"
      << "backend gateway\n  balance roundrobin\n";
  bool checked = false;
  for (const auto& node : nodes) checked = checked || node.ops_port != 0;
  if (checked) out << "  option httpchk GET /readyz\n";
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    out << "  server node" << i + 1 << " 127.0.0.1:" << nodes[i].api_port << " send-proxy-v2";
    if (nodes[i].ops_port != 0) {
      out << " check port " << nodes[i].ops_port << " inter 200 fall 2 rise 2";
    }
    out << "\n";
  }
  out.close();
  process_.emplace(Process::start({"haproxy", "-db", "-f", config.string()}, dir / "haproxy.log"));
  for (int i = 0; i < 100 && process_->running(); ++i) {
    if (listening(port_)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  FAIL("haproxy did not start: " << read_file(dir / "haproxy.log"));
}

}  // namespace gw::test
