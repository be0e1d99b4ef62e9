// For tests against the throwaway PostgreSQL cluster of the ctest fixture
// (tests/scripts/postgres_fixture.sh): where it is, a connection to it, and a
// schema of one's own for a test case.
#pragma once

#include <string>

#include "store/postgres/pg_connection.h"

namespace gw::test {

// The cluster's URL and data directory; a test run without the fixture fails.
std::string postgres_url();
std::string postgres_cluster_dir();
store::PgConnection connect_postgres();

// While it lives, GatewayFixtures start gatewayd on this cluster (each on a
// database of its own: tests/support/gateway_fixture.h), as the integration
// suite's PostgreSQL pass does.
class GatewaydOnThisCluster {
 public:
  GatewaydOnThisCluster();
  ~GatewaydOnThisCluster();
  GatewaydOnThisCluster(const GatewaydOnThisCluster&) = delete;
  GatewaydOnThisCluster& operator=(const GatewaydOnThisCluster&) = delete;
};

// A schema of this process's own, on the connection's search path while the
// object lives; dropped with all it holds after.
class ScratchSchema {
 public:
  ScratchSchema(store::PgConnection& conn, const std::string& stem);
  ~ScratchSchema();
  ScratchSchema(const ScratchSchema&) = delete;
  ScratchSchema& operator=(const ScratchSchema&) = delete;

 private:
  store::PgConnection& conn_;
  std::string name_;
};

}  // namespace gw::test
