// Debian's HAProxy as the TCP load balancer in front of gatewayd nodes, as a
// deployment runs it (docs/deployment.md): mode tcp, PROXY protocol v2 to
// every node, round robin, a refused connection tried again on the next node.
// Listens on 127.0.0.1 on a free port; stopped with the object.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "support/process.h"

namespace gw::test {

struct BalancedNode {
  int api_port = 0;
  int ops_port = 0;  // 0: no health check; else GET /readyz on it every 200 ms
};

class Haproxy {
 public:
  // Config and log go to `dir`.
  Haproxy(const std::filesystem::path& dir, const std::vector<BalancedNode>& nodes);
  int port() const { return port_; }

 private:
  int port_ = 0;
  std::optional<Process> process_;
};

}  // namespace gw::test
