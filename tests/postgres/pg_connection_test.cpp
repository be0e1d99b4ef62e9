// The PostgreSQL connection layer (store/postgres/) against a real server: the
// throwaway cluster tests/scripts/postgres_fixture.sh starts for this ctest run.
#include "store/postgres/pg_connection.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "store/postgres/pg_connection_pool.h"
#include "store/sql/transaction.h"
#include "support/postgres_fixture.h"

using namespace gw::store;

namespace {

using gw::test::connect_postgres;
using gw::test::postgres_url;

// Tables of one test case: unique per process, dropped when done.
struct ScratchTable {
  PgConnection& conn;
  std::string name;
  ScratchTable(PgConnection& c, const std::string& stem, const std::string& columns)
      : conn(c), name(stem + "_" + std::to_string(::getpid())) {
    REQUIRE(conn.exec("DROP TABLE IF EXISTS " + name).has_value());
    REQUIRE(conn.exec("CREATE TABLE " + name + " (" + columns + ")").has_value());
  }
  ~ScratchTable() { (void)conn.exec("DROP TABLE IF EXISTS " + name); }
};

}  // namespace

TEST_CASE("PostgreSQL statements bind and read integers, text, NULL and bytes as SQLite ones do") {
  auto conn = connect_postgres();
  ScratchTable table(conn, "values_test",
                     "id bigint PRIMARY KEY, name text, note text, data bytea");
  const std::string bytes("\x00\xff\x01'?1", 6);
  auto insert =
      conn.prepare("INSERT INTO " + table.name + "(id, name, note, data) VALUES (?1, ?2, ?3, ?4)");
  REQUIRE(insert.has_value());
  REQUIRE(insert->bind(1, std::int64_t{9007199254740993})
              .bind(2, std::string_view("Ilze Bērziņa"))
              .bind_null(3)
              .bind_blob(4, bytes)
              .run()
              .has_value());
  CHECK(conn.changes() == 1);

  auto select = conn.prepare("SELECT id, name, note, data FROM " + table.name + " WHERE id = ?1");
  REQUIRE(select.has_value());
  auto row = select->bind(1, std::int64_t{9007199254740993}).step();
  REQUIRE(row.has_value());
  REQUIRE(*row);
  CHECK(select->column_int(0) == 9007199254740993);
  CHECK(select->column_text(1) == "Ilze Bērziņa");
  CHECK(select->column_is_null(2));
  CHECK_FALSE(select->column_is_null(3));
  CHECK(select->column_text(3) == bytes);
  row = select->step();
  REQUIRE(row.has_value());
  CHECK_FALSE(*row);

  // The same text is the same server-side statement, run again with new values.
  select->reset();
  row = select->bind(1, std::int64_t{2}).step();
  REQUIRE(row.has_value());
  CHECK_FALSE(*row);
  auto again = conn.prepare("SELECT id, name, note, data FROM " + table.name + " WHERE id = ?1");
  REQUIRE(again.has_value());
  row = again->bind(1, std::int64_t{9007199254740993}).step();
  REQUIRE(row.has_value());
  CHECK(*row);

  // A ?1 inside a string literal is text, not a parameter.
  auto literal = conn.prepare("SELECT '?1' || ?1");
  REQUIRE(literal.has_value());
  row = literal->bind(1, std::string_view("x")).step();
  REQUIRE(row.has_value());
  REQUIRE(*row);
  CHECK(literal->column_text(0) == "?1x");
}

TEST_CASE(
    "PostgreSQL failures say what failed, a duplicate key is told apart, the connection goes on") {
  auto conn = connect_postgres();
  ScratchTable table(conn, "unique_test", "iban text PRIMARY KEY");
  auto insert = conn.prepare("INSERT INTO " + table.name + "(iban) VALUES (?1)");
  REQUIRE(insert.has_value());
  REQUIRE(insert->bind(1, std::string_view("LV80TREL0000000000001")).run().has_value());
  insert->reset();
  auto duplicate = insert->bind(1, std::string_view("LV80TREL0000000000001")).run();
  REQUIRE_FALSE(duplicate.has_value());
  CHECK(duplicate.error().code == gw::ErrorCode::kStore);
  CHECK(duplicate.error().message.find("duplicate key") != std::string::npos);
  CHECK(conn.last_failure() == PgFailure::kUniqueViolation);

  auto bad = conn.prepare("SELECT no_such_column FROM " + table.name);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message.find("no_such_column") != std::string::npos);
  CHECK(conn.last_failure() == PgFailure::kOther);

  auto bind_out_of_range = conn.prepare("SELECT ?1::text");
  REQUIRE(bind_out_of_range.has_value());
  auto refused = bind_out_of_range->bind(2, std::string_view("x")).step();
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message.find("parameter 2 of 1") != std::string::npos);

  CHECK(conn.usable());
  auto count = conn.prepare("SELECT count(*) FROM " + table.name);
  REQUIRE(count.has_value());
  REQUIRE(count->step().value_or(false));
  CHECK(count->column_int(0) == 1);
}

TEST_CASE("a write transaction that fails rolls back, one that commits stays") {
  auto conn = connect_postgres();
  ScratchTable table(conn, "rollback_test", "n bigint");
  auto failed = in_write_transaction(conn, [&](Database& c) -> gw::Status {
    auto insert = c.prepare("INSERT INTO " + table.name + "(n) VALUES (1)");
    if (!insert) return tl::unexpected(insert.error());
    if (auto s = insert->run(); !s) return s;
    return gw::fail(gw::ErrorCode::kInvalidArgument, "refused after the insert");
  });
  REQUIRE_FALSE(failed.has_value());
  CHECK(failed.error().message == "refused after the insert");
  auto kept = in_write_transaction(conn, [&](Database& c) -> gw::Status {
    auto insert = c.prepare("INSERT INTO " + table.name + "(n) VALUES (2)");
    if (!insert) return tl::unexpected(insert.error());
    return insert->run();
  });
  REQUIRE(kept.has_value());
  auto rows = conn.prepare("SELECT coalesce(sum(n), 0), count(*) FROM " + table.name);
  REQUIRE(rows.has_value());
  REQUIRE(rows->step().value_or(false));
  CHECK(rows->column_int(0) == 2);
  CHECK(rows->column_int(1) == 1);
}

// The property the daily limits need from any backend: check-then-insert from
// many connections at once admits exactly what fits. Under PostgreSQL's
// default READ COMMITTED each writer would see the others' rows too late and
// admit more; SERIALIZABLE fails the conflicting ones, which run again.
TEST_CASE("serializable write transactions keep a limit exact when eight connections race for it") {
  auto setup = connect_postgres();
  ScratchTable table(setup, "limit_test", "id bigserial PRIMARY KEY, day text, eur bigint");
  constexpr int kWriters = 8;
  constexpr int kTriesEach = 4;
  constexpr std::int64_t kLimit = 500;
  constexpr std::int64_t kAmount = 100;
  std::atomic<int> admitted{0};
  std::atomic<int> refused{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> writers;
  const std::string sum_sql = "SELECT coalesce(sum(eur), 0) FROM " + table.name + " WHERE day = ?1";
  const std::string insert_sql = "INSERT INTO " + table.name + "(day, eur) VALUES (?1, ?2)";
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&] {
      auto conn = PgConnection::open(postgres_url());
      if (!conn) {
        ++errors;
        return;
      }
      for (int t = 0; t < kTriesEach; ++t) {
        bool fits = false;
        auto done = in_write_transaction(*conn, [&](Database& c) -> gw::Status {
          auto sum = c.prepare(sum_sql);
          if (!sum) return tl::unexpected(sum.error());
          auto row = sum->bind(1, std::string_view("2026-12-03")).step();
          if (!row) return tl::unexpected(row.error());
          fits = sum->column_int(0) + kAmount <= kLimit;
          if (!fits) return gw::ok();
          auto insert = c.prepare(insert_sql);
          if (!insert) return tl::unexpected(insert.error());
          return insert->bind(1, std::string_view("2026-12-03")).bind(2, kAmount).run();
        });
        if (!done) {
          ++errors;
        } else if (fits) {
          ++admitted;
        } else {
          ++refused;
        }
      }
    });
  }
  for (auto& w : writers) w.join();
  CHECK(errors.load() == 0);
  CHECK(admitted.load() == kLimit / kAmount);
  CHECK(refused.load() == kWriters * kTriesEach - kLimit / kAmount);
  auto total = setup.prepare("SELECT coalesce(sum(eur), 0), count(*) FROM " + table.name);
  REQUIRE(total.has_value());
  REQUIRE(total->step().value_or(false));
  CHECK(total->column_int(0) == kLimit);
  CHECK(total->column_int(1) == kLimit / kAmount);
}

TEST_CASE("the pool connects afresh after PostgreSQL restarts, without a restart of its own") {
  PgConnectionPool pool(postgres_url(), 2);
  REQUIRE(pool.check().has_value());
  {
    auto lease = pool.acquire();
    REQUIRE(lease.has_value());
    REQUIRE((*lease)->exec("SELECT 1").has_value());
  }
  const std::string restart = std::string("bash ") + GW_SOURCE_DIR +
                              "/scripts/pg-cluster.sh restart " + gw::test::postgres_cluster_dir();
  REQUIRE(std::system(restart.c_str()) == 0);
  // The idle connection's server is gone; the pool notices and connects again.
  auto lease = pool.acquire();
  REQUIRE_MESSAGE(lease.has_value(), (lease ? "" : lease.error().message));
  auto answer = (*lease)->prepare("SELECT ?1::bigint + 1");
  REQUIRE(answer.has_value());
  REQUIRE(answer->bind(1, std::int64_t{41}).step().value_or(false));
  CHECK(answer->column_int(0) == 42);
}

TEST_CASE("a connection to nowhere is an error in words, not a hang or a crash") {
  auto conn = PgConnection::open("postgresql://gateway@127.0.0.1:1/gateway?connect_timeout=2");
  REQUIRE_FALSE(conn.has_value());
  CHECK(conn.error().code == gw::ErrorCode::kStore);
  CHECK(conn.error().message.find("cannot connect to PostgreSQL") != std::string::npos);
}

TEST_CASE("a store URL's password reaches neither the log's description nor an error") {
  CHECK(describe_url("postgresql://gw:s3cret@db.example:6432/gateway?sslmode=require") ==
        "host=db.example port=6432 dbname=gateway user=gw");
  CHECK(describe_url("host=db port=5432 dbname=g user=gw password='a b'") ==
        "host=db port=5432 dbname=g user=gw");
  CHECK(describe_url("postgresql://gw:%zz@db/gateway") == "an unparsable URL");

  // The server is not there: libpq's message names the place, never the password.
  auto refused =
      PgConnection::open("postgresql://gateway:s3cret@127.0.0.1:1/gateway?connect_timeout=2");
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message.find("s3cret") == std::string::npos);
  // A percent sign libpq cannot decode: its message would quote the token.
  auto unreadable = PgConnection::open("postgresql://gateway:pa%zzword@127.0.0.1:1/gateway");
  REQUIRE_FALSE(unreadable.has_value());
  CHECK(unreadable.error().message.find("zz") == std::string::npos);
  CHECK(unreadable.error().message.find("not one libpq reads") != std::string::npos);
}

TEST_CASE(
    "work that goes on after a failed statement is not committed, and the failure stays known") {
  auto conn = connect_postgres();
  ScratchTable table(conn, "aborted_test", "n bigint PRIMARY KEY");
  auto insert_sql = "INSERT INTO " + table.name + "(n) VALUES (?1)";
  auto swallowed = in_write_transaction(conn, [&](Database& c) -> gw::Status {
    auto insert = c.prepare(insert_sql);
    if (!insert) return tl::unexpected(insert.error());
    if (auto s = insert->bind(1, std::int64_t{1}).run(); !s) return s;
    insert->reset();
    (void)insert->bind(1, std::int64_t{1}).run();  // a duplicate, its failure ignored
    return gw::ok();
  });
  REQUIRE_FALSE(swallowed.has_value());
  CHECK(swallowed.error().message.find("commit refused") != std::string::npos);
  CHECK(conn.last_failure() == PgFailure::kUniqueViolation);
  CHECK(conn.idle());
  auto count = conn.prepare("SELECT count(*) FROM " + table.name);
  REQUIRE(count.has_value());
  REQUIRE(count->step().value_or(false));
  CHECK(count->column_int(0) == 0);

  auto duplicate = in_write_transaction(conn, [&](Database& c) -> gw::Status {
    auto insert = c.prepare(insert_sql);
    if (!insert) return tl::unexpected(insert.error());
    if (auto s = insert->bind(1, std::int64_t{2}).run(); !s) return s;
    insert->reset();
    return insert->bind(1, std::int64_t{2}).run();
  });
  REQUIRE_FALSE(duplicate.has_value());
  CHECK(conn.last_failure() == PgFailure::kUniqueViolation);  // after the rollback too
}

TEST_CASE("a transaction inside another is refused, and a pooled connection comes back idle") {
  PgConnectionPool pool(postgres_url(), 1);
  {
    auto lease = pool.acquire();
    REQUIRE(lease.has_value());
    auto outer = Transaction::begin(**lease);
    REQUIRE(outer.has_value());
    auto inner = Transaction::begin(**lease);
    REQUIRE_FALSE(inner.has_value());
    CHECK(inner.error().message.find("already open") != std::string::npos);
  }
  {
    auto lease = pool.acquire();
    REQUIRE(lease.has_value());
    // Left open on purpose: the lease goes back in the middle of a transaction.
    REQUIRE((*lease)->exec("BEGIN").has_value());
    CHECK_FALSE(static_cast<PgConnection&>(**lease).idle());
  }
  auto again = pool.acquire();
  REQUIRE(again.has_value());
  CHECK(static_cast<PgConnection&>(**again).idle());
  auto truth = (*again)->prepare("SELECT 2 > 1, 1 > 2, EXISTS (SELECT 1)");
  REQUIRE(truth.has_value());
  REQUIRE(truth->step().value_or(false));
  CHECK(truth->column_int(0) == 1);
  CHECK(truth->column_int(1) == 0);
  CHECK(truth->column_int(2) == 1);
}
