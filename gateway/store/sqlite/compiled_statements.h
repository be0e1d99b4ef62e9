// A connection's compiled statements, kept for reuse. Parsing and planning
// SQL was a large share of a small request's work (whoami: four queries);
// each statement text is compiled once per connection instead.
//
// A statement is taken out while in use (so the same text can be in use
// twice at once: the second is compiled anew) and given back reset, its
// bindings cleared. Not thread-safe: one per connection, used by one thread
// at a time like the connection. Destroyed before its connection is closed.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace gw::store {

class SqliteStatement;

class CompiledStatements {
 public:
  CompiledStatements() = default;
  CompiledStatements(const CompiledStatements&) = delete;
  CompiledStatements& operator=(const CompiledStatements&) = delete;
  ~CompiledStatements();  // finalizes every statement it holds

  // A compiled statement for exactly `sql`, or nullptr when none is free.
  SqliteStatement* take(std::string_view sql);
  // Resets `stmt` and keeps it (or finalizes it, when one of its text is kept already).
  void give_back(SqliteStatement* stmt);

 private:
  std::map<std::string, std::unique_ptr<SqliteStatement>, std::less<>> free_;
};

}  // namespace gw::store
