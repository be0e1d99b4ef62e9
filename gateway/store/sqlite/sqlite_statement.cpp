#include "store/sqlite/sqlite_statement.h"

#include <sqlite3.h>

#include "store/sqlite/compiled_statements.h"
#include "store/sqlite/sqlite_database.h"

namespace gw::store {

SqliteStatement::~SqliteStatement() { sqlite3_finalize(stmt_); }

void SqliteStatement::release() {
  if (cache_ != nullptr && stmt_ != nullptr) return cache_->give_back(this);
  delete this;
}

Status SqliteStatement::checked(int rc, std::string_view what) const {
  if (rc == SQLITE_OK) return ok();
  return tl::unexpected(store_error(sqlite3_db_handle(stmt_), what));
}

Status SqliteStatement::bind_int(int index, std::int64_t value) {
  return checked(sqlite3_bind_int64(stmt_, index, value), "bind");
}

Status SqliteStatement::bind_text(int index, std::string_view value, bool copy) {
  return checked(sqlite3_bind_text64(stmt_, index, value.data(), value.size(),
                                     copy ? SQLITE_TRANSIENT : SQLITE_STATIC, SQLITE_UTF8),
                 "bind");
}

Status SqliteStatement::bind_blob(int index, std::string_view bytes) {
  return checked(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT),
                 "bind");
}

Status SqliteStatement::bind_null(int index) {
  return checked(sqlite3_bind_null(stmt_, index), "bind");
}

Result<bool> SqliteStatement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return tl::unexpected(store_error(sqlite3_db_handle(stmt_), "step"));
}

void SqliteStatement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t SqliteStatement::column_int(int index) const {
  return sqlite3_column_int64(stmt_, index);
}

std::string SqliteStatement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_, index);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)));
}

bool SqliteStatement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

}  // namespace gw::store
