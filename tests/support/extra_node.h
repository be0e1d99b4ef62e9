// A further gatewayd on a GatewayFixture's database, PKI and settings, with a
// data directory (spool, outbox, instance lock, log) of its own: the second
// node of a deployment (docs/deployment.md). Only useful on PostgreSQL.
#pragma once

#include <optional>
#include <string>

#include "support/gateway_fixture.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace gw::test {

class ExtraNode {
 public:
  // Started, its ports known; a gatewayd that does not start fails the test.
  explicit ExtraNode(const GatewayFixture& first);
  ~ExtraNode();
  ExtraNode(const ExtraNode&) = delete;
  ExtraNode& operator=(const ExtraNode&) = delete;

  int api_port() const { return api_port_; }
  int ops_port() const { return ops_port_; }
  std::string api_url(const std::string& path) const;
  // The body of GET `path` on the ops listener ("" when it does not answer).
  std::string ops(const std::string& path) const;
  std::string log() const;
  Process& process() { return *process_; }

 private:
  TempDir dir_{"gw-node"};
  std::optional<Process> process_;
  int api_port_ = 0;
  int ops_port_ = 0;
};

}  // namespace gw::test
