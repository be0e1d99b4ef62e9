#include "store/sqlite/database.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <mutex>

#include "store/sqlite/change_epoch.h"
#include "store/sqlite/compiled_statements.h"
#include "store/sqlite/statement.h"

namespace gw::store {

void Database::Closer::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

Error store_error(sqlite3* db, std::string_view what) {
  return Error{ErrorCode::kStore, fmt::format("{}: {}", what, sqlite3_errmsg(db))};
}

namespace {

// Library-wide settings, made once before the first connection: no memory
// statistics, which otherwise take a process-wide mutex on every allocation
// (an upload's decision makes millions).
void configure_library() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

// SQLite's own default: checkpoint once the WAL holds this many pages.
constexpr int kAutoCheckpointFrames = 1000;

// Called by SQLite after each commit, the commit durable and visible. A hook
// of our own replaces SQLite's auto-checkpoint hook, so it checkpoints too.
int after_commit(void* epoch, sqlite3* db, const char* name, int frames) {
  static_cast<ChangeEpoch*>(epoch)->bump();
  if (frames >= kAutoCheckpointFrames) {
    sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }
  return SQLITE_OK;
}

}  // namespace

Result<Database> Database::open(const std::filesystem::path& path,
                                std::chrono::milliseconds busy_timeout, ChangeEpoch* epoch) {
  configure_library();
  sqlite3* raw = nullptr;
  const int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  Database db(raw);
  if (rc != SQLITE_OK) {
    return tl::unexpected(store_error(raw, fmt::format("cannot open {}", path.string())));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, static_cast<int>(busy_timeout.count()));
  // WAL lets readers proceed while one writer commits. FULL sync: a COMMIT is
  // on disk before anyone is told it happened, even across a power loss.
  if (auto s = db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                       "PRAGMA foreign_keys=ON;");
      !s) {
    return tl::unexpected(s.error());
  }
  if (epoch != nullptr) sqlite3_wal_hook(raw, after_commit, epoch);
  return db;
}

Status Database::exec(std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string detail = message != nullptr ? message : "unknown error";
    sqlite3_free(message);
    return fail(ErrorCode::kStore, detail);
  }
  return ok();
}

Database::Database(sqlite3* db) : db_(db), statements_(std::make_unique<CompiledStatements>()) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database::~Database() = default;

Result<Statement> Database::prepare(std::string_view sql) {
  if (sqlite3_stmt* cached = statements_->take(sql)) return Statement(cached, statements_.get());
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
    return tl::unexpected(store_error(db_.get(), "prepare"));
  }
  if (stmt == nullptr) return Statement(stmt);  // no SQL in the text: nothing to keep
  return Statement(stmt, statements_.get());
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_.get()); }
int Database::changes() const { return sqlite3_changes(db_.get()); }

}  // namespace gw::store
