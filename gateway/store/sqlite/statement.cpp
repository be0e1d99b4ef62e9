#include "store/sqlite/statement.h"

#include <sqlite3.h>

#include "store/sqlite/compiled_statements.h"
#include "store/sqlite/database.h"

namespace gw::store {

void Statement::Finalizer::operator()(sqlite3_stmt* stmt) const {
  if (cache != nullptr) return cache->give_back(stmt);
  sqlite3_finalize(stmt);
}

Statement& Statement::bind(int index, std::int64_t value) {
  if (bind_status_ && sqlite3_bind_int64(stmt_.get(), index, value) != SQLITE_OK) {
    bind_status_ = tl::unexpected(store_error(sqlite3_db_handle(stmt_.get()), "bind"));
  }
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  if (bind_status_ && sqlite3_bind_text64(stmt_.get(), index, value.data(), value.size(),
                                          SQLITE_TRANSIENT, SQLITE_UTF8) != SQLITE_OK) {
    bind_status_ = tl::unexpected(store_error(sqlite3_db_handle(stmt_.get()), "bind"));
  }
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  if (bind_status_ && sqlite3_bind_blob64(stmt_.get(), index, bytes.data(), bytes.size(),
                                          SQLITE_TRANSIENT) != SQLITE_OK) {
    bind_status_ = tl::unexpected(store_error(sqlite3_db_handle(stmt_.get()), "bind"));
  }
  return *this;
}

Statement& Statement::bind_view(int index, std::string_view value) {
  if (bind_status_ && sqlite3_bind_text64(stmt_.get(), index, value.data(), value.size(),
                                          SQLITE_STATIC, SQLITE_UTF8) != SQLITE_OK) {
    bind_status_ = tl::unexpected(store_error(sqlite3_db_handle(stmt_.get()), "bind"));
  }
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (bind_status_ && sqlite3_bind_null(stmt_.get(), index) != SQLITE_OK) {
    bind_status_ = tl::unexpected(store_error(sqlite3_db_handle(stmt_.get()), "bind"));
  }
  return *this;
}

Result<bool> Statement::step() {
  if (!bind_status_) return tl::unexpected(bind_status_.error());
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return tl::unexpected(store_error(sqlite3_db_handle(stmt_.get()), "step"));
}

Status Statement::run() {
  auto row = step();
  if (!row) return tl::unexpected(row.error());
  return ok();
}

void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
  bind_status_ = ok();
}

std::int64_t Statement::column_int(int index) const {
  return sqlite3_column_int64(stmt_.get(), index);
}

std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_.get(), index);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), index)));
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_.get(), index) == SQLITE_NULL;
}

}  // namespace gw::store
