// Account reports across a person's accounts: each account read newest first
// from its own index range, the pages merged.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>
#include <tuple>
#include <vector>

#include "staged_institution.h"
#include "store/sql/sql_mailbox_store.h"
#include "store/sqlite/sqlite_connection_pool.h"
#include "support/temp_dir.h"

using namespace gw;
using namespace gw::store;

namespace {

std::vector<std::int64_t> ids_of(const std::vector<AccountReportEntry>& found) {
  std::vector<std::int64_t> ids;
  for (const auto& f : found) ids.push_back(f.entry.id);
  return ids;
}

}  // namespace

TEST_CASE("account reports: every asked account's, newest first across them, paged") {
  TempDir dir;
  SqliteConnectionPool pool{dir.path() / "gw.db", std::chrono::milliseconds(1000), 2};
  {
    std::string sql;
    // (mailbox id, user, account, type, day, final): interleaved between
    // the accounts, and another user's report of the same IBAN.
    const std::vector<std::tuple<int, int, std::string, std::string, std::string, int>> reports = {
        {1, 1, "LV-A", "camt.053.001.02", "2026-12-01", 1},
        {2, 1, "LV-B", "camt.053.001.02", "2026-12-01", 1},
        {3, 2, "LV-A", "camt.053.001.02", "2026-12-01", 1},
        {4, 1, "LV-A", "camt.052.001.02", "2026-12-02", 0},
        {5, 1, "LV-C", "camt.053.001.02", "2026-12-02", 1},
        {6, 1, "LV-B", "camt.054.001.08", "2026-12-03", 0},
        {7, 1, "LV-A", "camt.053.001.08", "2026-12-03", 1}};
    for (const auto& [id, user, iban, type, day, final] : reports) {
      sql += fmt::format(
          "INSERT INTO mailbox(id, user_number, message_type, created_at, content) VALUES "
          "({0}, {1}, '{3}', '2026-12-03T10:00:00Z', 'x');"
          "INSERT INTO mailbox_reports(mailbox_id, user_number, account_iban, report_day, final) "
          "VALUES ({0}, {1}, '{2}', '{4}', {5});",
          id, user, iban, type, day, final);
    }
    gw::test::stage_institution(pool, sql);
  }
  SqlMailboxStore mailbox(pool);
  AccountReportQuery q;
  q.accounts = {{1, "LV-A"}, {1, "LV-B"}, {1, "LV-A"}};  // named twice: listed once
  q.limit = 3;
  auto found = mailbox.account_reports(q);
  REQUIRE(found.has_value());
  CHECK(ids_of(*found) == std::vector<std::int64_t>{7, 6, 4});
  CHECK((*found)[0].user_number == 1);
  CHECK((*found)[0].entry.account_iban == "LV-A");
  CHECK((*found)[1].entry.message_type == "camt.054.001.08");
  // Each account cut at the limit before the merge: still the newest overall.
  q.limit = 2;
  found = mailbox.account_reports(q);
  REQUIRE(found.has_value());
  CHECK(ids_of(*found) == std::vector<std::int64_t>{7, 6});
  q.limit = 3;
  // The next page; user 2's LV-A and the unasked LV-C never come.
  q.before_id = 4;
  found = mailbox.account_reports(q);
  REQUIRE(found.has_value());
  CHECK(ids_of(*found) == std::vector<std::int64_t>{2, 1});
  // The criteria hold in every account: a family, final ones, days.
  q.before_id = 0;
  q.message_type = "camt.053";
  found = mailbox.account_reports(q);
  REQUIRE(found.has_value());
  CHECK(ids_of(*found) == std::vector<std::int64_t>{7, 2, 1});
  q.message_type.clear();
  q.final_only = true;
  q.first_day = "2026-12-02";
  found = mailbox.account_reports(q);
  REQUIRE(found.has_value());
  CHECK(ids_of(*found) == std::vector<std::int64_t>{7});
  // One item by id, only from an asked account.
  q = AccountReportQuery{};
  q.accounts = {{1, "LV-A"}, {1, "LV-B"}};
  q.id = 2;
  found = mailbox.account_reports(q);
  REQUIRE(found.has_value());
  CHECK(ids_of(*found) == std::vector<std::int64_t>{2});
  q.id = 3;  // user 2's
  found = mailbox.account_reports(q);
  REQUIRE(found.has_value());
  CHECK(found->empty());
}
