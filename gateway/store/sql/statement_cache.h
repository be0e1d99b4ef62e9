// Prepared statements kept for the life of one unit of work: a loop that
// books 100k payments prepares each SQL text once, not 100k times. Keys are
// the SQL texts' addresses (the store's named constants), so lookups are
// cheap. Must not outlive its Database.
#pragma once

#include <string_view>
#include <unordered_map>

#include "core/result.h"
#include "store/sql/database.h"
#include "store/sql/statement.h"

namespace gw::store {

class StatementCache {
 public:
  explicit StatementCache(Database& db) : db_(db) {}

  // The statement for `sql`, reset and with its bindings cleared.
  Result<Statement*> get(std::string_view sql) {
    auto found = cache_.find(sql.data());
    if (found == cache_.end()) {
      auto prepared = db_.prepare(sql);
      if (!prepared) return tl::unexpected(prepared.error());
      found = cache_.emplace(sql.data(), std::move(*prepared)).first;
    } else {
      found->second.reset();
    }
    return &found->second;
  }

  Database& db() const { return db_; }

 private:
  Database& db_;
  std::unordered_map<const char*, Statement> cache_;
};

}  // namespace gw::store
