#include "store/sqlite/sqlite_database.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "store/sqlite/change_epoch.h"
#include "store/sqlite/compiled_statements.h"
#include "store/sqlite/sqlite_statement.h"
#include "store/sqlite/writer_turn.h"

namespace gw::store {

void SqliteDatabase::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

Error store_error(sqlite3* db, std::string_view what) {
  return Error{ErrorCode::kStore, fmt::format("{}: {}", what, sqlite3_errmsg(db))};
}

namespace {

// Library-wide settings, made once before the first connection:
// - no memory statistics, which otherwise take a process-wide mutex on every
//   allocation (an upload's decision makes millions);
// - a statement's own journal (the pages it changed, kept so that it alone
//   can be undone inside a transaction) stays in memory up to 120 KiB, not
//   SQLite's 64 KiB: with 16 KiB pages one multi-row INSERT of payments
//   passed that, and the decision wrote 69 MB to a temporary file per 100k
//   payments. Larger ones (an UPDATE of a whole block) go to a file. Not
//   more: SQLite keeps that journal in chunks of this size and writes each
//   with one write, which its Unix layer cuts to 17 bits: with 1 MiB, the
//   first spill wrote 0 bytes and failed "database or disk is full" (the
//   rejection of a 3 800-payment block over its daily limit).
constexpr int kStatementJournalInMemoryBytes = 120 * 1024;  // < 0x1ffff, see above

void configure_library() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, kStatementJournalInMemoryBytes);
  });
}

// The page size of a store created from now on (one created before keeps
// its own, 4 KiB). Every page goes to the WAL as a frame header and the page,
// each a write(2), and is copied back to the store by a read and a write:
// 100k payments were 25,800 system calls in their decision and 19,200 in the
// checkpoint with 4 KiB pages; 6,400 and 3,800 with 16 KiB, the bytes the same.
constexpr int kNewStorePageBytes = 16384;

// SQLite's own default is 1,000 pages; stores had 4 KiB pages then: checkpoint
// once the WAL holds this much, whatever the page size.
constexpr std::int64_t kAutoCheckpointBytes = 1000 * 4096;

}  // namespace

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const std::filesystem::path& path,
                                                             std::chrono::milliseconds busy_timeout,
                                                             ChangeEpoch* epoch, WriterTurn* turn) {
  configure_library();
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase(raw, epoch, turn, busy_timeout));
  if (rc != SQLITE_OK) {
    return tl::unexpected(store_error(raw, fmt::format("cannot open {}", path.string())));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, static_cast<int>(busy_timeout.count()));
  // WAL lets readers proceed while one writer commits. FULL sync: a COMMIT is
  // on disk before anyone is told it happened, even across a power loss.
  // After a burst of commits the WAL may have grown past one transaction;
  // when it starts afresh, its file is cut back to this size.
  // The page size first: it is fixed when a new store's first page is
  // written, and ignored for one that exists.
  if (auto s = db->exec(
          fmt::format("PRAGMA page_size={}; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                      "PRAGMA foreign_keys=ON; PRAGMA journal_size_limit=67108864;",
                      kNewStorePageBytes));
      !s) {
    return tl::unexpected(s.error());
  }
  auto page = db->prepare("PRAGMA page_size");
  if (!page) return tl::unexpected(page.error());
  if (auto row = page->step(); !row || !*row) {
    return tl::unexpected(row ? store_error(raw, "page size") : row.error());
  }
  db->page_bytes_ = page->column_int(0);
  sqlite3_wal_hook(raw, &SqliteDatabase::after_commit, db.get());
  return db;
}

int SqliteDatabase::after_commit(void* connection, sqlite3* db, const char* name, int frames) {
  auto* self = static_cast<SqliteDatabase*>(connection);
  // SQLite's write lock is free by now: so is the turn, before the copy
  // below (4 MB and more, with its fsyncs), which the next writer need not
  // wait for.
  self->end_turn_if_finished();
  if (self->epoch_ != nullptr) self->epoch_->bump();
  if (frames * self->page_bytes_ < kAutoCheckpointBytes) return SQLITE_OK;
  // LOCKED: a statement of this connection is still open; BUSY: another
  // checkpoint runs, which may have started before this commit.
  const int primary =
      sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr) & 0xff;
  if (primary == SQLITE_LOCKED || primary == SQLITE_BUSY) self->checkpoint_due_ = true;
  return SQLITE_OK;
}

bool SqliteDatabase::take_checkpoint_due() { return std::exchange(checkpoint_due_, false); }

Result<bool> SqliteDatabase::checkpoint() {
  int in_wal = 0;
  int copied = 0;
  const int rc =
      sqlite3_wal_checkpoint_v2(db_.get(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &in_wal, &copied);
  if ((rc & 0xff) == SQLITE_BUSY) return false;  // another checkpoint runs: it copies instead
  if (rc != SQLITE_OK) return tl::unexpected(store_error(db_.get(), "checkpoint"));
  return copied >= in_wal;
}

Status SqliteDatabase::exec(std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string detail = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    return fail(ErrorCode::kStore, detail);
  }
  return ok();
}

SqliteDatabase::SqliteDatabase(sqlite3* db, ChangeEpoch* epoch, WriterTurn* turn,
                               std::chrono::milliseconds busy_timeout)
    : db_(db),
      epoch_(epoch),
      turn_(turn),
      busy_timeout_(busy_timeout),
      statements_(std::make_unique<CompiledStatements>()) {}

SqliteDatabase::~SqliteDatabase() {
  if (holds_turn_) {  // the transaction ends here, not when the connection closes
    (void)exec("ROLLBACK");
    turn_->give_back();
  }
}

Result<Statement> SqliteDatabase::prepare(std::string_view sql) {
  if (SqliteStatement* cached = statements_->take(sql)) return Statement(cached);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
    return tl::unexpected(store_error(db_.get(), "prepare"));
  }
  if (stmt == nullptr) return fail(ErrorCode::kInternal, "prepare: no SQL in the text");
  return Statement(new SqliteStatement(stmt, statements_.get()));
}

std::int64_t SqliteDatabase::changes() const { return sqlite3_changes64(db_.get()); }

Status SqliteDatabase::begin(TransactionKind kind) {
  if (kind == TransactionKind::kRead) return exec("BEGIN DEFERRED");
  if (turn_ != nullptr && !holds_turn_) {
    if (!turn_->take(busy_timeout_)) {
      return fail(ErrorCode::kStore, "database is locked (another writer of this process)");
    }
    holds_turn_ = true;
  }
  auto s = exec("BEGIN IMMEDIATE");
  end_turn_if_finished();
  return s;
}

void SqliteDatabase::end_turn_if_finished() {
  if (holds_turn_ && sqlite3_get_autocommit(db_.get()) != 0) {
    holds_turn_ = false;
    turn_->give_back();
  }
}

Status SqliteDatabase::commit() {
  // A COMMIT refused as busy leaves the transaction open: the turn stays.
  auto s = exec("COMMIT");
  end_turn_if_finished();
  return s;
}

Result<std::int64_t> SqliteDatabase::first_free_id(std::string_view table) {
  auto stmt = prepare(fmt::format("SELECT coalesce(max(id), 0) + 1 FROM {}", table));
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  return stmt->column_int(0);
}

void SqliteDatabase::rollback() {
  if (sqlite3_get_autocommit(db_.get()) == 0) (void)exec("ROLLBACK");
  end_turn_if_finished();
}

namespace {

// SQLite's incremental blob I/O: a value read and written in pieces, in place.
using OwnedBlob = std::unique_ptr<sqlite3_blob, int (*)(sqlite3_blob*)>;
constexpr std::size_t kBlobPiece = 1 << 20;

}  // namespace

Status SqliteDatabase::write_blob(const BlobCell& cell, std::FILE* from, std::uint64_t size) {
  // The value is sized first (zeroblob: nothing written yet), then filled.
  auto sized = prepare(
      fmt::format("UPDATE {} SET {} = zeroblob(?2) WHERE id = ?1", cell.table, cell.column));
  if (!sized) return tl::unexpected(sized.error());
  if (auto s = sized->bind(1, cell.id).bind(2, static_cast<std::int64_t>(size)).run(); !s) {
    return s;
  }
  const std::string table(cell.table);
  const std::string column(cell.column);
  sqlite3_blob* raw = nullptr;
  if (sqlite3_blob_open(db_.get(), "main", table.c_str(), column.c_str(), cell.id, 1, &raw) !=
      SQLITE_OK) {
    return tl::unexpected(store_error(db_.get(), "blob open"));
  }
  OwnedBlob blob(raw, &sqlite3_blob_close);
  std::vector<char> buffer(kBlobPiece);
  std::uint64_t offset = 0;
  while (offset < size) {
    const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), from);
    if (n == 0) return fail(ErrorCode::kIo, "short read of a blob's source");
    if (sqlite3_blob_write(blob.get(), buffer.data(), static_cast<int>(n),
                           static_cast<int>(offset)) != SQLITE_OK) {
      return tl::unexpected(store_error(db_.get(), "blob write"));
    }
    offset += n;
  }
  return ok();
}

Status SqliteDatabase::read_blob(const BlobCell& cell, std::FILE* to) {
  const std::string table(cell.table);
  const std::string column(cell.column);
  sqlite3_blob* raw = nullptr;
  if (sqlite3_blob_open(db_.get(), "main", table.c_str(), column.c_str(), cell.id, 0, &raw) !=
      SQLITE_OK) {
    return tl::unexpected(store_error(db_.get(), "blob open"));
  }
  OwnedBlob blob(raw, &sqlite3_blob_close);
  const int size = sqlite3_blob_bytes(blob.get());
  std::vector<char> buffer(kBlobPiece);
  for (int offset = 0; offset < size;) {
    const int n = std::min<int>(static_cast<int>(buffer.size()), size - offset);
    if (sqlite3_blob_read(blob.get(), buffer.data(), n, offset) != SQLITE_OK) {
      return tl::unexpected(store_error(db_.get(), "blob read"));
    }
    if (std::fwrite(buffer.data(), 1, static_cast<std::size_t>(n), to) !=
        static_cast<std::size_t>(n)) {
      return fail(ErrorCode::kIo, "cannot write a blob's copy");
    }
    offset += n;
  }
  return ok();
}

}  // namespace gw::store
