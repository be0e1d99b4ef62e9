// A page of held files reads every payment of each (blocks, totals): it is
// cut short by the payments it would read, not only by its count.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <vector>

#include "store/sql/sql_authorisation_store.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_connection_pool.h"
#include "support/temp_dir.h"

using namespace gw;
using namespace gw::store;

namespace {

std::vector<std::int64_t> ids_of(const HeldFilePage& page) {
  std::vector<std::int64_t> ids;
  for (const auto& f : page.files) ids.push_back(f.message_id);
  return ids;
}

}  // namespace

TEST_CASE("held files: a page holds as many files as kPaymentsPerPage lets it read, at least one") {
  TempDir dir;
  SqliteConnectionPool pool{dir.path() / "gw.db", std::chrono::milliseconds(1000), 2};
  {
    auto db = pool.acquire();
    REQUIRE(db.has_value());
    REQUIRE(migrate(**db, builtin_migrations()).has_value());
    // Newest first: 250 000, 150 000, 40 000, 30 000 and 5 payments.
    std::string sql =
        "INSERT INTO institutions(id, registration_number, name) VALUES (1, '90000000001', 'I');"
        "INSERT INTO users(user_number, institution_id, display_name) VALUES (1, 1, 'U');";
    const std::vector<std::pair<int, int>> files = {
        {1, 5}, {2, 30'000}, {3, 40'000}, {4, 150'000}, {5, 250'000}};
    for (const auto& [id, payments] : files) {
      sql += fmt::format(
          "INSERT INTO messages(id, institution_id, user_number, message_type, msg_id, "
          "content_sha256, size_bytes, received_at, group_status, transactions, accepted) "
          "VALUES ({0}, 1, 1, 'pain.001.001.03', 'M{0}', 'x', 1, 't', 'ACTC', {1}, {1});"
          "INSERT INTO authorisations(message_id, user_number, signatures_required, state, "
          "usage_date, expires_at, created_at) VALUES ({0}, 1, 1, 'waiting', '2026-12-07', "
          "'2026-12-07T14:00:00Z', 't');",
          id, payments);
    }
    REQUIRE((*db)->exec(sql).has_value());
  }
  SqlAuthorisationStore store(pool);
  static_assert(AuthorisationStore::kPaymentsPerPage == 200'000);
  // The first file alone is past the bound: a page of one.
  auto page = store.files(1, true, 0, 20);
  REQUIRE(page.has_value());
  CHECK(ids_of(*page) == std::vector<std::int64_t>{5});
  CHECK(page->more);
  // 150 000 + 40 000 fit; 30 000 more would not.
  page = store.files(1, true, 5, 20);
  REQUIRE(page.has_value());
  CHECK(ids_of(*page) == std::vector<std::int64_t>{4, 3});
  CHECK(page->more);
  page = store.files(1, true, 3, 20);
  REQUIRE(page.has_value());
  CHECK(ids_of(*page) == std::vector<std::int64_t>{2, 1});
  CHECK_FALSE(page->more);
  // The count still bounds it; a page that ends with the last file says so.
  page = store.files(1, true, 3, 1);
  REQUIRE(page.has_value());
  CHECK(ids_of(*page) == std::vector<std::int64_t>{2});
  CHECK(page->more);
  page = store.files(1, true, 3, 2);
  REQUIRE(page.has_value());
  CHECK_FALSE(page->more);
}
