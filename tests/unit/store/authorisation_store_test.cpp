// A page of held files reads every payment of each (blocks, totals): it is
// cut short by the payments it would read, not only by its count. A list of
// waiting files reads none: the portal orders and filters them before it.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "staged_institution.h"
#include "store/sql/sql_authorisation_store.h"
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

// A held file of `payments` payments (as the message says), and its authorisation.
std::string held_file(int id, int user, std::string_view state, std::string_view deadline,
                      int payments) {
  return fmt::format(
      "INSERT INTO messages(id, institution_id, user_number, message_type, msg_id, "
      "content_sha256, size_bytes, received_at, group_status, transactions, accepted) "
      "VALUES ({0}, 1, {1}, 'pain.001.001.03', 'M{0}', 'x', 1, 't', 'ACTC', {4}, {4});"
      "INSERT INTO authorisations(message_id, user_number, signatures_required, state, "
      "usage_date, expires_at, created_at) VALUES ({0}, {1}, 1, '{2}', '2026-12-07', "
      "'{3}', 't');",
      id, user, state, deadline, payments);
}

}  // namespace

TEST_CASE("held files: a page holds as many files as kPaymentsPerPage lets it read, at least one") {
  TempDir dir;
  SqliteConnectionPool pool{dir.path() / "gw.db", std::chrono::milliseconds(1000), 2};
  // Newest first: 250 000, 150 000, 40 000, 30 000 and 5 payments.
  std::string sql;
  const std::vector<std::pair<int, int>> files = {
      {1, 5}, {2, 30'000}, {3, 40'000}, {4, 150'000}, {5, 250'000}};
  for (const auto& [id, payments] : files) {
    sql += held_file(id, 1, "waiting", "2026-12-07T14:00:00Z", payments);
  }
  gw::test::stage_institution(pool, sql);
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

TEST_CASE(
    "waiting files: the user's alone, the nearest deadline first, with the accounts of "
    "their blocks not rejected") {
  TempDir dir;
  SqliteConnectionPool pool{dir.path() / "gw.db", std::chrono::milliseconds(1000), 2};
  std::string sql = held_file(1, 1, "waiting", "2026-12-09T14:00:00Z", 30) +
                    held_file(2, 1, "waiting", "2026-12-08T14:00:00Z", 5) +
                    held_file(3, 1, "released", "2026-12-07T14:00:00Z", 7) +
                    held_file(4, 1, "waiting", "2026-12-09T14:00:00Z", 1) +
                    held_file(5, 2, "waiting", "2026-12-07T14:00:00Z", 2);
  // File 1: three blocks, the second rejected whole; file 4: none left.
  const std::vector<std::tuple<int, int, std::string, std::string>> blocks = {
      {10, 1, "LV-A", "ACTC"}, {11, 1, "LV-B", "RJCT"}, {12, 1, "LV-C", "PART"},
      {20, 2, "LV-A", "ACTC"}, {30, 3, "LV-D", "ACTC"}, {50, 5, "LV-E", "ACTC"}};
  for (const auto& [id, message, iban, status] : blocks) {
    sql += fmt::format(
        "INSERT INTO payment_blocks(id, message_id, institution_id, pmt_inf_id, debtor_iban, "
        "debtor_name, requested_execution_date, status) VALUES ({}, {}, 1, 'B{}', '{}', 'D', "
        "'2026-12-08', '{}');",
        id, message, id, iban, status);
  }
  gw::test::stage_institution(pool, sql);
  SqlAuthorisationStore store(pool);
  auto waiting = store.waiting(1);
  REQUIRE(waiting.has_value());
  REQUIRE(waiting->size() == 3);
  // The nearest deadline first; of two alike, the older file.
  CHECK((*waiting)[0].message_id == 2);
  CHECK((*waiting)[0].expires_at == "2026-12-08T14:00:00Z");
  CHECK((*waiting)[0].debtor_ibans == std::vector<std::string>{"LV-A"});
  CHECK((*waiting)[0].transactions == 5);
  CHECK((*waiting)[1].message_id == 1);
  CHECK((*waiting)[1].debtor_ibans == std::vector<std::string>{"LV-A", "LV-C"});
  CHECK((*waiting)[1].transactions == 30);
  CHECK((*waiting)[2].message_id == 4);
  CHECK((*waiting)[2].debtor_ibans.empty());
  for (const auto& f : *waiting) CHECK(f.user_number == 1);
  waiting = store.waiting(3);  // no such user
  REQUIRE(waiting.has_value());
  CHECK(waiting->empty());
}
