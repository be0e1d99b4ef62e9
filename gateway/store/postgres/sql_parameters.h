// The store's SQL is written once with SQLite's numbered parameters (?1, ?2);
// PostgreSQL numbers them $1, $2. This rewrites one to the other, leaving
// string literals (E'' and dollar-quoted ones too), quoted identifiers and
// comments as they are.
#pragma once

#include <string>
#include <string_view>

namespace gw::store {

std::string postgres_parameters(std::string_view sql);

}  // namespace gw::store
