#include "staged_institution.h"

#include <doctest/doctest.h>

#include "store/sqlite/migrations.h"

namespace gw::test {

void stage_institution(store::SqliteConnectionPool& pool, const std::string& sql) {
  auto db = pool.acquire();
  REQUIRE(db.has_value());
  REQUIRE(store::migrate(**db, store::builtin_migrations()).has_value());
  REQUIRE((*db)
              ->exec("INSERT INTO institutions(id, registration_number, name) VALUES (1, "
                     "'90000000001', 'I');"
                     "INSERT INTO users(user_number, institution_id, display_name) VALUES "
                     "(1, 1, 'U'), (2, 1, 'V');" +
                     sql)
              .has_value());
}

}  // namespace gw::test
