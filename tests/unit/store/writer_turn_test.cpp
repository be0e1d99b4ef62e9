#include "store/sqlite/writer_turn.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/sql/transaction.h"
#include "store/sqlite/sqlite_connection_pool.h"
#include "support/eventually.h"
#include "support/temp_dir.h"

using namespace gw;
using namespace gw::store;

namespace {

struct Store {
  TempDir dir;
  SqliteConnectionPool pool;

  explicit Store(std::chrono::milliseconds busy_timeout)
      : pool(dir.path() / "gw.db", busy_timeout, 3) {
    auto db = pool.acquire();
    REQUIRE(db.has_value());
    REQUIRE((*db)->exec("CREATE TABLE t(v INTEGER)").has_value());
  }

  std::int64_t rows() {
    auto db = pool.acquire();
    auto stmt = (*db)->prepare("SELECT count(*) FROM t");
    REQUIRE(stmt.has_value());
    REQUIRE(stmt->step().value());
    return stmt->column_int(0);
  }
};

}  // namespace

TEST_CASE("a writer turn is taken by one at a time, and waits for no longer than asked") {
  WriterTurn turn;
  turn.give_back();  // by no one: the line does not move
  REQUIRE(turn.take(std::chrono::milliseconds(0)));
  CHECK_FALSE(turn.take(std::chrono::milliseconds(20)));  // the holder too waits, then gives up
  std::atomic<bool> given_back{false};
  auto second = std::async(std::launch::async, [&] {
    const bool taken = turn.take(std::chrono::seconds(30));
    return taken && given_back.load();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  given_back = true;
  turn.give_back();
  CHECK(second.get());  // taken, and only after it was given back
  turn.give_back();
  CHECK(turn.take(std::chrono::milliseconds(0)));  // the place given up holds no one up
  CHECK(turn.waiting() == 0);
}

TEST_CASE("turns go in the order asked for: who gives back and asks again goes behind a waiter") {
  // As the ledger does, message after message, while an upload's decision waits.
  WriterTurn turn;
  REQUIRE(turn.take(std::chrono::milliseconds(0)));
  std::mutex m;
  std::vector<std::string> order;
  const auto note = [&](const char* who) {
    std::lock_guard lock(m);
    order.emplace_back(who);
  };
  auto waiter = std::async(std::launch::async, [&] {
    if (!turn.take(std::chrono::seconds(30))) return false;
    note("waiter");
    turn.give_back();
    return true;
  });
  REQUIRE(gw::test::eventually(std::chrono::seconds(10), [&] { return turn.waiting() == 1; }));
  turn.give_back();
  // Asked again at once: served after the waiter. (Without the order, this
  // call would most often win, as the ledger's did; the check below then fails.)
  REQUIRE(turn.take(std::chrono::seconds(30)));
  note("again");
  turn.give_back();
  CHECK(waiter.get());
  CHECK(order == std::vector<std::string>{"waiter", "again"});
  CHECK(turn.waiting() == 0);
}

TEST_CASE("a pool's second writer waits for the first one's commit, readers do not") {
  // A timeout far past the test. (SQLite's busy handler would also let the
  // second in, up to 100 ms after the commit; the turn within 0.1 ms, which
  // docs/validation.md measured, not a test.)
  Store store(std::chrono::seconds(60));
  auto first = store.pool.acquire();
  REQUIRE(first.has_value());
  auto tx = Transaction::begin(**first);
  REQUIRE(tx.has_value());
  REQUIRE((*first)->exec("INSERT INTO t VALUES (1)").has_value());

  std::atomic<bool> committed{false};
  auto second = std::async(std::launch::async, [&] {
    auto db = store.pool.acquire();
    if (!db) return false;
    auto next = Transaction::begin(**db);
    const bool after_commit = committed.load();
    return next && after_commit && (*db)->exec("INSERT INTO t VALUES (2)").has_value() &&
           next->commit().has_value();
  });
  // Its readers are not held up: a read transaction runs beside the writer.
  {
    auto reader = store.pool.acquire();
    REQUIRE(reader.has_value());
    auto read = Transaction::begin_read(**reader);
    REQUIRE(read.has_value());
    auto stmt = (*reader)->prepare("SELECT count(*) FROM t");
    REQUIRE(stmt->step().value());
    CHECK(stmt->column_int(0) == 0);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  committed = true;
  REQUIRE(tx->commit().has_value());
  CHECK(second.get());
  CHECK(store.rows() == 2);
}

TEST_CASE("the writer turn comes back after a rollback, a closed connection and a timeout") {
  Store store(std::chrono::milliseconds(100));
  const auto write_one = [&store] {
    auto db = store.pool.acquire();
    if (!db) return false;
    auto tx = Transaction::begin(**db);
    return tx && (*db)->exec("INSERT INTO t VALUES (1)").has_value() && tx->commit().has_value();
  };

  SUBCASE("rolled back") {
    auto db = store.pool.acquire();
    REQUIRE(db.has_value());
    { auto tx = Transaction::begin(**db); }  // never committed
    CHECK(write_one());
    CHECK(store.rows() == 1);
  }
  SUBCASE("a connection closed inside its transaction") {
    auto db = SqliteDatabase::open(store.dir.path() / "gw.db", std::chrono::milliseconds(100),
                                   nullptr, nullptr);
    REQUIRE(db.has_value());
    WriterTurn own;
    {
      auto turned = SqliteDatabase::open(store.dir.path() / "gw.db", std::chrono::milliseconds(100),
                                         nullptr, &own);
      REQUIRE(turned.has_value());
      REQUIRE((*turned)->begin(TransactionKind::kWrite).has_value());
    }  // closed without COMMIT or ROLLBACK
    CHECK(own.take(std::chrono::milliseconds(0)));
    CHECK((*db)->begin(TransactionKind::kWrite).has_value());  // SQLite's lock is gone too
    (*db)->rollback();
  }
  SUBCASE("SQLite's lock held by another process: the writer is refused, and gives its turn back") {
    // A connection outside the pool stands for gatewayctl.
    auto outside = SqliteDatabase::open(store.dir.path() / "gw.db", std::chrono::milliseconds(100));
    REQUIRE(outside.has_value());
    REQUIRE((*outside)->begin(TransactionKind::kWrite).has_value());
    auto db = store.pool.acquire();
    REQUIRE(db.has_value());
    auto refused = Transaction::begin(**db);
    REQUIRE_FALSE(refused.has_value());
    CHECK(refused.error().message.find("another writer of this process") == std::string::npos);
    REQUIRE((*outside)->commit().has_value());
    CHECK(write_one());  // with the turn kept, this would wait for it and be refused
    CHECK(store.rows() == 1);
  }
  SUBCASE("a second writer that waited too long is refused, and the next one gets in") {
    auto db = store.pool.acquire();
    REQUIRE(db.has_value());
    auto tx = Transaction::begin(**db);
    REQUIRE(tx.has_value());
    auto refused = std::async(std::launch::async, [&] {
      auto other = store.pool.acquire();
      auto next = Transaction::begin(**other);
      return next.has_value() ? std::string() : next.error().message;
    });
    CHECK(refused.get().find("another writer of this process") != std::string::npos);
    REQUIRE(tx->commit().has_value());
    CHECK(write_one());
    CHECK(store.rows() == 1);
  }
}
