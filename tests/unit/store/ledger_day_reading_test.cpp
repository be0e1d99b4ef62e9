// A day's report reads the journal in one snapshot: a booking committed
// while the report is being written is in none of its figures and lines.
#include <doctest/doctest.h>

#include <vector>

#include "core/iban.h"
#include "store/sql/sql_identity_store.h"
#include "store/sql/sql_ledger_store.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_connection_pool.h"
#include "support/temp_dir.h"

using namespace gw;
using namespace gw::store;

namespace {

constexpr const char* kDay = "2026-12-07";

struct Fixture {
  TempDir dir;
  SqliteConnectionPool pool{dir.path() / "gw.db", std::chrono::milliseconds(1000), 2};
  SqlIdentityStore ids{pool};
  SqlLedgerStore ledger{pool};
  std::string iban = *make_iban("LV", "TREL1060000300001");

  Fixture() {
    {
      auto db = pool.acquire();
      REQUIRE(db.has_value());
      REQUIRE(migrate(**db, builtin_migrations()).has_value());
    }
    auto inst = ids.add_institution("op", "90000000001", "I");
    REQUIRE(inst.has_value());
    REQUIRE(ids.add_account("op", *inst, iban, "EUR").has_value());
  }
  void fund(std::int64_t minor, const std::string& day = kDay) {
    REQUIRE(ledger.fund("op", iban, minor, day, day + "T08:00:00Z").has_value());
  }
};

}  // namespace

TEST_CASE(
    "a day's report reads one snapshot: what is booked meanwhile is in neither figures nor lines") {
  Fixture fx;
  fx.fund(1000);
  fx.fund(2000);
  LedgerStore::DayFigures head;
  std::vector<std::int64_t> amounts;
  auto read = fx.ledger.read_day(
      fx.iban, kDay,
      [&](const LedgerStore::DayFigures& figures) {
        head = figures;
        fx.fund(4000);  // committed on another connection while the report reads
        return ok();
      },
      [&](const StatementLine& line) {
        amounts.push_back(line.amount_minor);
        return true;
      });
  REQUIRE(read.has_value());
  CHECK(head.opening == 0);
  CHECK(head.totals.credit_count == 2);
  CHECK(head.totals.credit_sum == 3000);
  CHECK(amounts == std::vector<std::int64_t>{1000, 2000});
  // Read afresh, the day has three credits: figures that differ from the report's.
  auto now = fx.ledger.day_figures(fx.iban, kDay);
  REQUIRE(now.has_value());
  CHECK(now->totals.credit_count == 3);
  CHECK(now->totals.credit_sum == 7000);
  CHECK_FALSE(*now == head);
  // The next day opens with all of it.
  auto next = fx.ledger.day_figures(fx.iban, "2026-12-08");
  REQUIRE(next.has_value());
  CHECK(next->opening == 7000);
  CHECK(next->totals.credit_count == 0);
}

// The opening balance is the balance now less what was booked on the day and
// after it: the same for a day before, between and after the bookings.
TEST_CASE("a day's opening balance counts what was booked before it, whatever came after") {
  Fixture fx;
  fx.fund(100, "2026-12-03");
  fx.fund(20, "2026-12-04");
  fx.fund(3, "2026-12-07");
  const auto opening = [&](const std::string& day) {
    auto figures = fx.ledger.day_figures(fx.iban, day);
    REQUIRE(figures.has_value());
    return figures->opening;
  };
  CHECK(opening("2026-12-02") == 0);
  CHECK(opening("2026-12-03") == 0);
  CHECK(opening("2026-12-04") == 100);
  CHECK(opening("2026-12-07") == 120);
  CHECK(opening("2026-12-08") == 123);
  // An account without a booking opens at 0.
  auto none = fx.ledger.day_figures(*make_iban("LV", "TREL1060000300002"), "2026-12-07");
  REQUIRE(none.has_value());
  CHECK(none->opening == 0);
}
