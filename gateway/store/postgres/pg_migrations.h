// PostgreSQL's numbered schema migrations (schemas/postgres/NNNN_name.sql,
// compiled in), the counterpart of store/sqlite/migrations.h. Several
// gateway nodes may start at once against one database: each migration runs
// in its own transaction under an advisory lock, so exactly one node applies
// it and the others find it recorded in schema_migrations.
#pragma once

#include <span>

#include "core/result.h"
#include "store/migration.h"
#include "store/sql/database.h"

namespace gw::store {

// The migrations built from schemas/postgres/, in ascending order.
std::span<const Migration> builtin_postgres_migrations();

// Applies those not applied yet to the connection's current schema; returns
// how many this call ran.
Result<int> migrate_postgres(Database& conn, std::span<const Migration> migrations);

}  // namespace gw::store
