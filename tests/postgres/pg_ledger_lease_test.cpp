// The ledger lease on a real server: one holder at a time, released when the
// holder's session ends, taken again after a server restart.
#include "store/postgres/pg_ledger_lease.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include "support/postgres_fixture.h"

using gw::store::PgLedgerLease;
using gw::test::postgres_url;

TEST_CASE("one ledger lease holder at a time, the next one takes it when the holder is gone") {
  auto first = std::make_unique<PgLedgerLease>(postgres_url());
  PgLedgerLease second(postgres_url());
  REQUIRE(first->hold().value_or(false));
  CHECK_FALSE(second.hold().value_or(true));
  CHECK(first->hold().value_or(false));  // kept while held
  CHECK_FALSE(second.hold().value_or(true));
  first.reset();  // its session ends, and the lock with it, once the server has seen it go
  bool taken = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!taken && std::chrono::steady_clock::now() < deadline) {
    taken = second.hold().value_or(false);
    if (!taken) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(taken);
}

TEST_CASE("a holder whose server restarted connects again and takes the lease again") {
  PgLedgerLease lease(postgres_url());
  REQUIRE(lease.hold().value_or(false));
  const std::string restart = std::string("bash ") + GW_SOURCE_DIR +
                              "/scripts/pg-cluster.sh restart " + gw::test::postgres_cluster_dir();
  REQUIRE(std::system(restart.c_str()) == 0);
  auto again = lease.hold();
  REQUIRE_MESSAGE(again.has_value(), (again ? "" : again.error().message));
  CHECK(*again);
  // Still the only holder.
  PgLedgerLease other(postgres_url());
  CHECK_FALSE(other.hold().value_or(true));
}
