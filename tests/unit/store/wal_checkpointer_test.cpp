#include "store/sqlite/wal_checkpointer.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "store/sql/transaction.h"
#include "store/sqlite/sqlite_connection_pool.h"
#include "support/temp_dir.h"

using namespace gw;
using namespace gw::store;

namespace {

// Until `done` holds, or false after 10 s.
template <class Done>
bool eventually(Done done) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// 2,000 rows of 4 KiB: about 2,500 pages, past the 1,000 that call for a checkpoint.
constexpr const char* kEightMegabytes =
    "INSERT INTO t(v) SELECT randomblob(4096) FROM (WITH RECURSIVE n(x) AS "
    "(SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000) SELECT x FROM n)";

// As acceptance commits: a row read first, its statement still open at COMMIT.
void commit_with_a_statement_open(SqliteConnectionPool& pool) {
  auto db = pool.acquire();
  REQUIRE(db.has_value());
  auto tx = Transaction::begin(**db);
  REQUIRE(tx.has_value());
  auto open = (*db)->prepare("SELECT count(*) FROM t");
  REQUIRE(open.has_value());
  REQUIRE(open->step().value());
  REQUIRE((*db)->exec(kEightMegabytes).has_value());
  REQUIRE(tx->commit().has_value());
}

}  // namespace

TEST_CASE("the WAL is copied back after a large commit, and then reused instead of growing") {
  TempDir dir;
  const auto file = dir.path() / "gw.db";
  const auto wal = dir.path() / "gw.db-wal";
  SqliteConnectionPool pool{file, std::chrono::milliseconds(1000), 2};
  {
    auto db = pool.acquire();
    REQUIRE(db.has_value());
    REQUIRE((*db)->exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)").has_value());
  }
  const auto before = std::filesystem::file_size(file);

  // SQLite's own auto-checkpoint gives up here (a statement is open): the
  // WAL grew by every such commit until the process closed.
  commit_with_a_statement_open(pool);
  REQUIRE(eventually([&] { return pool.checkpoints().done >= 1; }));
  CHECK(pool.checkpoints().failed == 0);
  CHECK(std::filesystem::file_size(file) > before + 8'000'000);
  const auto wal_after_one = std::filesystem::file_size(wal);
  CHECK(wal_after_one > 8'000'000);

  // The next commit starts the WAL from its beginning again.
  commit_with_a_statement_open(pool);
  REQUIRE(eventually([&] { return pool.checkpoints().done >= 2; }));
  CHECK(std::filesystem::file_size(file) > before + 16'000'000);
  CHECK(std::filesystem::file_size(wal) < wal_after_one + wal_after_one / 4);
}

TEST_CASE("checkpoints asked for while one runs are one more run, and a failed one is counted") {
  std::atomic<int> runs{0};
  std::atomic<bool> release{false};
  std::atomic<bool> fail_next{false};
  WalCheckpointer checkpointer([&]() -> Status {
    ++runs;
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (fail_next) return gw::fail(ErrorCode::kStore, "database is locked");
    return ok();
  });
  checkpointer.request();
  REQUIRE(eventually([&] { return runs == 1; }));
  for (int i = 0; i < 5; ++i) checkpointer.request();  // while the first runs
  release = true;
  REQUIRE(eventually([&] { return checkpointer.counts().done == 2; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(runs == 2);

  fail_next = true;
  checkpointer.request();
  REQUIRE(eventually([&] { return checkpointer.counts().failed == 1; }));
  CHECK(checkpointer.counts().last_error == "database is locked");
  CHECK(checkpointer.counts().done == 2);
}
