// A connection's compiled statements, kept for reuse. Parsing and planning
// SQL was a large share of a small request's work (whoami: four queries);
// each statement text is compiled once per connection instead.
//
// A statement is taken out while in use (so the same text can be in use
// twice at once: the second is compiled anew) and given back reset, its
// bindings cleared. Not thread-safe: one per Database, used by one thread at
// a time like the Database. Destroyed before its connection is closed.
#pragma once

#include <map>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace gw::store {

class CompiledStatements {
 public:
  CompiledStatements() = default;
  CompiledStatements(const CompiledStatements&) = delete;
  CompiledStatements& operator=(const CompiledStatements&) = delete;
  ~CompiledStatements();  // finalizes every statement it holds

  // A compiled statement for exactly `sql`, or nullptr when none is free.
  sqlite3_stmt* take(std::string_view sql);
  // Resets `stmt` and keeps it (or finalizes it, when one of its text is kept already).
  void give_back(sqlite3_stmt* stmt);

 private:
  std::map<std::string, sqlite3_stmt*, std::less<>> free_;
};

}  // namespace gw::store
