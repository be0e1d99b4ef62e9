// Numbered schema migrations. The SQL files under schemas/ (NNNN_name.sql) are
// compiled into the binary, so a gatewayd runs from anywhere. Each migration is
// applied once, in order, inside its own transaction, and recorded with its
// number in schema_migrations. Never edit or renumber a migration that shipped.
#pragma once

#include <span>
#include <string_view>

#include "core/result.h"
#include "store/migration.h"
#include "store/sql/database.h"

namespace gw::store {

// The migrations built from schemas/, in ascending order.
std::span<const Migration> builtin_migrations();

// Applies those not applied yet; returns how many ran.
Result<int> migrate(Database& db, std::span<const Migration> migrations);

}  // namespace gw::store
