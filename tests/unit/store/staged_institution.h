// The SQLite store of a store unit test: migrated, with institution 1 and its
// users 1 and 2, then the test's own rows.
#pragma once

#include <string>

#include "store/sqlite/sqlite_connection_pool.h"

namespace gw::test {

// Runs `sql` (the test's messages, blocks, reports...) after the institution's rows.
void stage_institution(store::SqliteConnectionPool& pool, const std::string& sql = "");

}  // namespace gw::test
