#include "store/sqlite/compiled_statements.h"

#include <sqlite3.h>

#include "store/sqlite/sqlite_statement.h"

namespace gw::store {

CompiledStatements::~CompiledStatements() = default;

SqliteStatement* CompiledStatements::take(std::string_view sql) {
  const auto it = free_.find(sql);
  if (it == free_.end()) return nullptr;
  SqliteStatement* stmt = it->second.release();
  free_.erase(it);
  return stmt;
}

void CompiledStatements::give_back(SqliteStatement* stmt) {
  std::unique_ptr<SqliteStatement> owned(stmt);
  owned->reset();
  const char* sql = sqlite3_sql(owned->handle());
  if (sql != nullptr) free_.try_emplace(sql, std::move(owned));
}

}  // namespace gw::store
