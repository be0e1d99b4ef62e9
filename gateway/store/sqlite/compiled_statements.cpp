#include "store/sqlite/compiled_statements.h"

#include <sqlite3.h>

namespace gw::store {

CompiledStatements::~CompiledStatements() {
  for (auto& [sql, stmt] : free_) sqlite3_finalize(stmt);
}

sqlite3_stmt* CompiledStatements::take(std::string_view sql) {
  const auto it = free_.find(sql);
  if (it == free_.end()) return nullptr;
  sqlite3_stmt* stmt = it->second;
  free_.erase(it);
  return stmt;
}

void CompiledStatements::give_back(sqlite3_stmt* stmt) {
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  const char* sql = sqlite3_sql(stmt);
  if (sql == nullptr || !free_.try_emplace(sql, stmt).second) sqlite3_finalize(stmt);
}

}  // namespace gw::store
