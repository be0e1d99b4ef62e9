// A business day's end of day against the bookings on it, on a real
// PostgreSQL: write transactions are SERIALIZABLE with their snapshot taken
// at their first query, so an end of day that waited for a booking must still
// see it, and a booking after the end of day must find its day closed (a
// statement written after the close is final).
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "store/postgres/pg_migrations.h"
#include "store/sql/row_helpers.h"
#include "store/sql/transaction.h"
#include "support/postgres_fixture.h"

using namespace gw::store;

TEST_CASE("end of day waits for the booking running on its day, sees it, and is seen by the next") {
  auto booking = gw::test::connect_postgres();
  gw::test::ScratchSchema schema(booking, "ledger_day");
  REQUIRE(migrate_postgres(booking, builtin_postgres_migrations()).has_value());
  REQUIRE(booking.exec("CREATE TABLE booked (day text)").has_value());
  auto closing = gw::test::connect_postgres();
  REQUIRE(closing.exec("SET search_path TO ledger_day_" + std::to_string(::getpid())).has_value());
  const std::string day = "2026-12-07";

  int close_attempts = 0;
  std::int64_t seen_by_close = -1;
  std::chrono::milliseconds close_waited{0};
  std::jthread end_of_day;
  auto booked = in_write_transaction(booking, [&](Database& db) -> gw::Status {
    if (auto s = db.lock_ledger_days(); !s) return s;
    auto ended = day_ended(db, day);
    if (!ended) return tl::unexpected(ended.error());
    CHECK_FALSE(*ended);
    // End of day starts on another connection while this booking runs.
    end_of_day = std::jthread([&] {
      const auto start = std::chrono::steady_clock::now();
      auto closed = in_write_transaction(closing, [&](Database& other) -> gw::Status {
        ++close_attempts;
        if (auto s = other.lock_ledger_days(); !s) return s;
        close_waited = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
        auto count = other.prepare("SELECT count(*) FROM booked WHERE day = ?1");
        if (!count) return tl::unexpected(count.error());
        auto row = count->bind(1, day).step();
        if (!row) return tl::unexpected(row.error());
        seen_by_close = count->column_int(0);
        auto insert = other.prepare(
            "INSERT INTO ledger_days(business_date, closed_at) VALUES (?1, "
            "'2026-12-07T15:00:00Z')");
        if (!insert) return tl::unexpected(insert.error());
        return insert->bind(1, day).run();
      });
      CHECK(closed.has_value());
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto insert = db.prepare("INSERT INTO booked(day) VALUES (?1)");
    if (!insert) return tl::unexpected(insert.error());
    return insert->bind(1, day).run();
  });
  REQUIRE(booked.has_value());
  end_of_day.join();
  // It waited for the booking, ran once, and its snapshot holds the booking.
  CHECK(close_waited >= std::chrono::milliseconds(250));
  CHECK(close_attempts == 1);
  CHECK(seen_by_close == 1);

  // A booking after it finds the day closed, and an earlier day as well.
  auto after = in_write_transaction(booking, [&](Database& db) -> gw::Status {
    if (auto s = db.lock_ledger_days(); !s) return s;
    auto ended = day_ended(db, day);
    if (!ended) return tl::unexpected(ended.error());
    CHECK(*ended);
    auto earlier = day_ended(db, "2026-12-04");
    if (!earlier) return tl::unexpected(earlier.error());
    CHECK(*earlier);
    CHECK_FALSE(day_ended(db, "2026-12-08").value_or(true));
    return gw::ok();
  });
  CHECK(after.has_value());
}
