// Two gatewayd nodes on one PostgreSQL database: either serves any user, one
// runs the ledger while the other stands by, and the other takes over when
// the first is killed (store/ledger_lease.h).
#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <string>
#include <thread>

#include "support/eventually.h"
#include "support/extra_node.h"
#include "support/gateway_fixture.h"
#include "support/postgres_fixture.h"

using namespace gw::test;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string ledger_role(const GatewayFixture& node) {
  return run_command({"curl", "-sS", "--max-time", "10", node.ops_url("/ledger")}).out;
}

}  // namespace

TEST_CASE("two nodes on one database: either serves, one runs the ledger, the other takes over") {
  const GatewaydOnThisCluster on_this_cluster;
  // The ledger worker tries for the lease every 200 ms.
  GatewayFixture first("[ledger]\nrun_interval_ms = 200\n");
  REQUIRE(first.on_postgres());
  REQUIRE(eventually(std::chrono::seconds(5), [&] { return ledger_role(first) == "leader\n"; }));
  CHECK(first.wait_for_metric("gateway_ledger_leader 1"));

  ExtraNode second(first);
  // Started after the first took the lease: it stands by, and stays so over
  // five of its attempts.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  CHECK(second.ops("/ledger") == "standby\n");
  CHECK_FALSE(contains(second.log(), "ledger_lease_failed"));  // held elsewhere, not failing
  CHECK(contains(second.ops("/metrics"), "gateway_ledger_leader 0"));
  CHECK(ledger_role(first) == "leader\n");

  // Any node serves any user: the certificate and application are in the shared database.
  auto whoami =
      run_command({"curl", "-sS", "--max-time", "10", "--cacert", first.ca_pem().string(), "--cert",
                   first.client_pem().string(), "--key", first.client_key().string(), "-w",
                   "\n%{http_code}", second.api_url("/v1/whoami")});
  CHECK(http_status(whoami) == "200");
  CHECK(contains(http_body(whoami), first.user_number()));

  // The leader dies without a word: its session ends with its socket, and the
  // lock with it; the second takes over at its next attempt.
  const auto killed = std::chrono::steady_clock::now();
  first.process().signal(SIGKILL);
  REQUIRE(
      eventually(std::chrono::seconds(10), [&] { return second.ops("/ledger") == "leader\n"; }));
  MESSAGE("took over in " << std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::steady_clock::now() - killed)
                                 .count()
                          << " ms");
  CHECK(eventually(std::chrono::seconds(10),
                   [&] { return contains(second.ops("/metrics"), "gateway_ledger_leader 1"); }));
}
