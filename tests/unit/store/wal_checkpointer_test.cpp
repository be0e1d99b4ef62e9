#include "store/sqlite/wal_checkpointer.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <new>
#include <optional>
#include <thread>

#include "store/sql/transaction.h"
#include "store/sqlite/sqlite_connection_pool.h"
#include "support/eventually.h"
#include "support/temp_dir.h"

using namespace gw;
using namespace gw::store;

namespace {

// Until `done` holds, or false after 10 s.
template <class Done>
bool eventually(Done done) {
  return gw::test::eventually(std::chrono::seconds(10), done);
}

// 2,000 rows of 4 KiB: about 8 MB, past the 4 MB (SQLite's 1,000 pages of
// 4 KiB) that call for a checkpoint, with pages of either size.
constexpr const char* kEightMegabytes =
    "INSERT INTO t(v) SELECT randomblob(4096) FROM (WITH RECURSIVE n(x) AS "
    "(SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 2000) SELECT x FROM n)";

// A store made before new ones had 16 KiB pages: it keeps its 4 KiB ones.
void make_old_store(const std::filesystem::path& file) {
  // Our own connection first: SQLite takes its library settings
  // (SqliteDatabase::open) only before any connection is made.
  REQUIRE(SqliteDatabase::open(file.parent_path() / "first.db", std::chrono::milliseconds(100))
              .has_value());
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &raw) == SQLITE_OK);
  const int rc = sqlite3_exec(raw,
                              "PRAGMA page_size=4096; PRAGMA journal_mode=WAL; "
                              "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)",
                              nullptr, nullptr, nullptr);
  sqlite3_close(raw);
  REQUIRE(rc == SQLITE_OK);
}

// The store's file, made before its pool opens it.
struct StoreFile {
  TempDir dir;
  std::filesystem::path file = dir.path() / "gw.db";
  std::filesystem::path wal = dir.path() / "gw.db-wal";

  explicit StoreFile(int page_bytes) {
    if (page_bytes == 4096) make_old_store(file);
  }
};

struct Store : StoreFile {
  SqliteConnectionPool pool{file, std::chrono::milliseconds(1000), 3};

  // A new store, or one made with 4 KiB pages before.
  explicit Store(int page_bytes = 16384) : StoreFile(page_bytes) {
    auto db = pool.acquire();
    REQUIRE(db.has_value());
    REQUIRE(
        (*db)->exec("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v BLOB)").has_value());
    auto page = (*db)->prepare("PRAGMA page_size");
    REQUIRE(page.has_value());
    REQUIRE(page->step().value());
    REQUIRE(page->column_int(0) == page_bytes);
  }

  // A row read, its statement left open (stepped, not reset).
  static Statement read_a_row(Database& db) {
    auto read = db.prepare("SELECT count(*) FROM t");
    REQUIRE(read.has_value());
    REQUIRE(read->step().value());
    return std::move(*read);
  }

  // As acceptance commits (a row read first, its statement still open at
  // COMMIT), or as the ledger does (its statements done before COMMIT).
  enum class AtCommit { kStatementOpen, kStatementsDone };
  void commit(AtCommit at = AtCommit::kStatementsDone) {
    auto db = pool.acquire();
    REQUIRE(db.has_value());
    auto tx = Transaction::begin(**db);
    REQUIRE(tx.has_value());
    std::optional<Statement> open;
    if (at == AtCommit::kStatementOpen) open.emplace(read_a_row(**db));
    REQUIRE((*db)->exec(kEightMegabytes).has_value());
    REQUIRE(tx->commit().has_value());
  }

  bool complete_runs(std::uint64_t n) const {
    return eventually([&] { return pool.checkpoints().complete >= n; });
  }
};

}  // namespace

TEST_CASE("a commit with a statement still open is checkpointed on the pool's thread") {
  int page_bytes = 16384;
  SUBCASE("a new store, 16 KiB pages") {}
  SUBCASE("a store made with 4 KiB pages") { page_bytes = 4096; }
  Store s(page_bytes);
  const auto before = std::filesystem::file_size(s.file);
  // In the commit the checkpoint gives up (SQLITE_LOCKED): it used to be
  // skipped, and the WAL grew by every such commit.
  s.commit(Store::AtCommit::kStatementOpen);
  REQUIRE_MESSAGE(s.complete_runs(1), s.pool.checkpoints().last_error);
  CHECK(std::filesystem::file_size(s.file) > before + 8'000'000);
  const auto wal_after_one = std::filesystem::file_size(s.wal);

  // The next commit starts the WAL from its beginning again.
  s.commit(Store::AtCommit::kStatementOpen);
  REQUIRE_MESSAGE(s.complete_runs(2), s.pool.checkpoints().last_error);
  CHECK(std::filesystem::file_size(s.file) > before + 16'000'000);
  CHECK(std::filesystem::file_size(s.wal) < wal_after_one + wal_after_one / 4);
  CHECK(s.pool.checkpoints().failed == 0);
  CHECK(s.pool.checkpoints().partial == 0);
}

TEST_CASE("commits back to back checkpoint in their own commit, so the WAL does not add them up") {
  int page_bytes = 16384;
  SUBCASE("a new store, 16 KiB pages") {}
  SUBCASE("a store made with 4 KiB pages") { page_bytes = 4096; }
  Store s(page_bytes);
  s.commit();
  const auto wal_after_one = std::filesystem::file_size(s.wal);
  for (int i = 0; i < 3; ++i) s.commit();  // no pause for a thread between them
  CHECK(std::filesystem::file_size(s.file) > 32'000'000);
  CHECK(std::filesystem::file_size(s.wal) < wal_after_one + wal_after_one / 4);
  CHECK(s.pool.checkpoints().complete + s.pool.checkpoints().partial == 0);  // no thread needed
}

TEST_CASE("a reader holding an old snapshot makes the pool's checkpoint partial, and says so") {
  Store s;
  auto reader = s.pool.acquire();
  REQUIRE(reader.has_value());
  auto snapshot = Transaction::begin_read(**reader);
  REQUIRE(snapshot.has_value());
  Store::read_a_row(**reader);  // the snapshot stays with the transaction
  s.commit(Store::AtCommit::kStatementOpen);
  REQUIRE(eventually([&] { return s.pool.checkpoints().partial >= 1; }));
  CHECK(s.pool.checkpoints().complete == 0);
}

TEST_CASE("checkpoints asked for while one runs are one more run, and a failed one is counted") {
  std::atomic<int> runs{0};
  std::atomic<bool> release{false};
  std::atomic<bool> fail_next{false};
  WalCheckpointer checkpointer([&]() -> Result<bool> {
    ++runs;
    while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (fail_next) return gw::fail(ErrorCode::kStore, "database is locked");
    return true;
  });
  checkpointer.request();
  REQUIRE(eventually([&] { return runs == 1; }));
  for (int i = 0; i < 5; ++i) checkpointer.request();  // while the first runs
  release = true;
  REQUIRE(eventually([&] { return checkpointer.counts().complete == 2; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(runs == 2);

  fail_next = true;
  checkpointer.request();
  REQUIRE(eventually([&] { return checkpointer.counts().failed == 1; }));
  CHECK(checkpointer.counts().last_error == "database is locked");
  CHECK(checkpointer.counts().complete == 2);
}

TEST_CASE("a checkpointer that throws counts a failure and goes on") {
  std::atomic<int> runs{0};
  {
    WalCheckpointer checkpointer([&]() -> Result<bool> {
      if (++runs == 1) throw std::bad_alloc();
      return true;
    });
    checkpointer.request();
    REQUIRE(eventually([&] { return checkpointer.counts().failed == 1; }));
    checkpointer.request();
    REQUIRE(eventually([&] { return checkpointer.counts().complete == 1; }));
  }
  CHECK(runs == 2);
}
