// One numbered schema migration, compiled into the binary from schemas/
// (SQLite) or schemas/postgres/ (PostgreSQL). Each backend applies its own
// list once, in order, and records the numbers in schema_migrations.
#pragma once

#include <string_view>

namespace gw::store {

struct Migration {
  int number;
  std::string_view name;
  std::string_view sql;
};

}  // namespace gw::store
