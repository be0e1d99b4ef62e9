// A business day's end of day against the bookings on it, on a real
// PostgreSQL: write transactions are SERIALIZABLE with their snapshot taken
// at their first statement, so a booking that began before the day closed
// must not go on to book on it (a statement written after the close is final).
#include <doctest/doctest.h>
#include <unistd.h>

#include <optional>
#include <string>

#include "store/postgres/pg_migrations.h"
#include "store/sql/row_helpers.h"
#include "store/sql/transaction.h"
#include "support/postgres_fixture.h"

using namespace gw::store;

TEST_CASE("a booking whose snapshot predates its day's end of day runs again and finds it closed") {
  auto booking = gw::test::connect_postgres();
  gw::test::ScratchSchema schema(booking, "ledger_day");
  REQUIRE(migrate_postgres(booking, builtin_postgres_migrations()).has_value());
  auto closing = gw::test::connect_postgres();
  REQUIRE(closing.exec("SET search_path TO ledger_day_" + std::to_string(::getpid())).has_value());
  const std::string day = "2026-12-07";

  int attempts = 0;
  std::optional<bool> open;
  auto done = in_write_transaction(booking, [&](Database& db) -> gw::Status {
    ++attempts;
    // The first statement fixes the transaction's snapshot: the day is open.
    auto before = day_ended(db, day);
    if (!before) return tl::unexpected(before.error());
    if (attempts == 1) {
      CHECK_FALSE(*before);
      // End of day commits meanwhile, on another connection (gatewayctl).
      auto closed = in_write_transaction(closing, [&](Database& other) -> gw::Status {
        if (auto s = mark_closing_guard(other); !s) return s;
        auto insert = other.prepare(
            "INSERT INTO ledger_days(business_date, closed_at) VALUES (?1, "
            "'2026-12-07T15:00:00Z')");
        if (!insert) return tl::unexpected(insert.error());
        return insert->bind(1, day).run();
      });
      REQUIRE(closed.has_value());
    }
    // The snapshot still shows the day open; holding it conflicts with the
    // end of day's write, so this transaction fails and runs again.
    auto held = hold_day_open(db, day);
    if (!held) return tl::unexpected(held.error());
    open = *held;
    return gw::ok();
  });
  REQUIRE_MESSAGE(done.has_value(), (done ? "" : done.error().message));
  CHECK(attempts == 2);
  REQUIRE(open.has_value());
  CHECK_FALSE(*open);
}
