// SqlMessageStore's reads that must not grow with the history. A message's
// payments are paged in file order from the blocks' id ranges:
// every page at every offset is the same slice of the whole list an OFFSET
// gave, also when only some accounts' blocks are shown. A payment search
// reads window by window: followed page after page it finds what one read
// of everything would. The portal's uploads come from the asked accounts'
// own blocks.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "staged_institution.h"
#include "store/sql/sql_message_store.h"
#include "store/sqlite/sqlite_connection_pool.h"
#include "support/temp_dir.h"

using namespace gw;
using namespace gw::store;

namespace {

std::string payment(int id, int block, int position) {
  return fmt::format(
      "({0}, {1}, {2}, 'I', 'E{0}', 1, 'EUR', 1, 'C', 'LV', 'B', '', 'ACTC', 'ACTC')", id, block,
      position);
}

// Message 1 of user 1: blocks 1 (account A, payments 1-3), 2 (B, 4-5), 3 (A,
// no payments: a range left NULL), 4 (A, 6-9). Message 2 of user 1: block 5
// (A, 10-11).
void stage(SqliteConnectionPool& pool) {
  std::string payments;
  const std::vector<std::pair<int, int>> blocks_of = {
      {1, 1}, {2, 1}, {3, 1}, {4, 2}, {5, 2}, {6, 4}, {7, 4}, {8, 4}, {9, 4}, {10, 5}, {11, 5}};
  int position = 0;
  int last_block = 0;
  for (const auto& [id, block] : blocks_of) {
    position = block == last_block ? position + 1 : 1;
    last_block = block;
    payments += (payments.empty() ? "" : ",") + payment(id, block, position);
  }
  gw::test::stage_institution(
      pool,
      "INSERT INTO messages(id, institution_id, user_number, message_type, msg_id, "
      "content_sha256, size_bytes, received_at, group_status, transactions, "
      "accepted) VALUES (1, 1, 1, 'pain.001.001.03', 'M1', 'x', 1, 't', 'ACTC', 9, "
      "9), (2, 1, 1, 'pain.001.001.03', 'M2', 'y', 1, 't', 'ACTC', 2, 2);"
      "INSERT INTO payment_blocks(id, message_id, institution_id, pmt_inf_id, "
      "debtor_iban, debtor_name, requested_execution_date, status, "
      "first_payment_id, last_payment_id) VALUES "
      "(1, 1, 1, 'B1', 'A', 'D', '2026-12-07', 'ACTC', 1, 3),"
      "(2, 1, 1, 'B2', 'B', 'D', '2026-12-07', 'ACTC', 4, 5),"
      "(3, 1, 1, 'B3', 'A', 'D', '2026-12-07', 'RJCT', NULL, NULL),"
      "(4, 1, 1, 'B4', 'A', 'D', '2026-12-07', 'ACTC', 6, 9),"
      "(5, 2, 1, 'B5', 'A', 'D', '2026-12-07', 'ACTC', 10, 11);"
      "INSERT INTO payments(id, block_id, position, instr_id, end_to_end_id, "
      "amount_minor, currency, eur_minor, creditor_name, creditor_iban, "
      "creditor_bic, remittance, decision, status) VALUES " +
          payments + ";");
}

std::vector<std::int64_t> ids(SqlMessageStore& store, std::int64_t user, std::int64_t message,
                              std::int64_t offset, int limit,
                              const std::vector<std::string>* only_from = nullptr) {
  auto rows = store.payments(user, message, offset, limit, only_from);
  REQUIRE(rows.has_value());
  std::vector<std::int64_t> out;
  for (const auto& p : *rows) out.push_back(p.id);
  return out;
}

// The slice [offset, offset + limit) of `all`.
std::vector<std::int64_t> slice(const std::vector<std::int64_t>& all, std::int64_t offset,
                                int limit) {
  std::vector<std::int64_t> out;
  for (auto i = offset; i < offset + limit && i < static_cast<std::int64_t>(all.size()); ++i) {
    out.push_back(all[static_cast<std::size_t>(i)]);
  }
  return out;
}

}  // namespace

TEST_CASE("a message's payments: every page at every offset is that slice of the file's order") {
  TempDir dir;
  SqliteConnectionPool pool{dir.path() / "gw.db", std::chrono::milliseconds(1000), 2};
  stage(pool);
  SqlMessageStore store(pool);
  const std::vector<std::int64_t> all = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  REQUIRE(ids(store, 1, 1, 0, 100) == all);
  const std::vector<std::string> account_a = {"A"};
  const std::vector<std::int64_t> of_a = {1, 2, 3, 6, 7, 8, 9};
  REQUIRE(ids(store, 1, 1, 0, 100, &account_a) == of_a);
  for (std::int64_t offset = 0; offset <= 10; ++offset) {
    for (int limit = 1; limit <= 4; ++limit) {
      CAPTURE(offset);
      CAPTURE(limit);
      CHECK(ids(store, 1, 1, offset, limit) == slice(all, offset, limit));
      CHECK(ids(store, 1, 1, offset, limit, &account_a) == slice(of_a, offset, limit));
    }
  }
  // The page's rows are whole: the end-to-end id read with each.
  auto page = store.payments(1, 1, 4, 2, nullptr);
  REQUIRE(page.has_value());
  REQUIRE(page->size() == 2);
  CHECK((*page)[0].end_to_end_id == "E5");
  CHECK((*page)[0].pmt_inf_id == "B2");
  CHECK((*page)[1].end_to_end_id == "E6");
  CHECK((*page)[1].pmt_inf_id == "B4");
  // A negative offset is the first page, never rows before the block's range.
  CHECK(ids(store, 1, 1, -2, 2) == std::vector<std::int64_t>{1, 2});
  CHECK(ids(store, 1, 2, -5, 5) == std::vector<std::int64_t>{10, 11});
  // Another message's, another user's, no account's, an account not in the file.
  CHECK(ids(store, 1, 2, 1, 5) == std::vector<std::int64_t>{11});
  CHECK(ids(store, 2, 1, 0, 5).empty());
  CHECK(ids(store, 1, 3, 0, 5).empty());
  const std::vector<std::string> none;
  CHECK(ids(store, 1, 1, 0, 5, &none).empty());
  const std::vector<std::string> account_c = {"C"};
  CHECK(ids(store, 1, 1, 0, 5, &account_c).empty());
}

namespace {

// Users 1 (accounts A and B asked, C not) and 2 (account D), their files
// interleaved: (message, user, block, account, execution date, payment ids;
// 0: a block without payments). Message 8 is newer than message 7 and its
// payments older (two uploads at once on PostgreSQL, where a message's id
// is taken before its payments' ids).
struct StagedBlock {
  int message, user, block;
  const char* account;
  const char* date;
  int first, last;
};
const std::vector<StagedBlock> kSearched = {
    {1, 1, 1, "A", "2026-12-01", 1, 4},   {2, 2, 2, "D", "2026-12-01", 5, 7},
    {3, 1, 3, "B", "2026-12-02", 8, 9},   {3, 1, 4, "A", "2026-12-03", 10, 14},
    {4, 1, 5, "C", "2026-12-03", 15, 16}, {5, 2, 6, "D", "2026-12-04", 17, 20},
    {6, 1, 7, "A", "2026-12-04", 21, 23}, {7, 1, 8, "A", "2026-12-05", 26, 27},
    {8, 1, 9, "B", "2026-12-05", 24, 25}, {8, 1, 10, "A", "2026-12-05", 0, 0},
};

// Every fifth payment's creditor is "Rare SIA".
bool rare(int id) { return id % 5 == 0; }

void stage_search(SqliteConnectionPool& pool) {
  std::string sql;
  for (int m = 1; m <= 8; ++m) {
    const int user = (m == 2 || m == 5) ? 2 : 1;
    sql += fmt::format(
        "INSERT INTO messages(id, institution_id, user_number, message_type, msg_id, "
        "content_sha256, size_bytes, received_at, group_status, transactions, accepted) VALUES "
        "({0}, 1, {1}, 'pain.001.001.03', 'M{0}', 'x{0}', 1, 't', 'ACTC', 1, 1);",
        m, user);
  }
  for (const auto& b : kSearched) {
    const auto id_or_null = [](int id) {
      return id == 0 ? std::string("NULL") : std::to_string(id);
    };
    sql += fmt::format(
        "INSERT INTO payment_blocks(id, message_id, institution_id, pmt_inf_id, debtor_iban, "
        "debtor_name, requested_execution_date, status, first_payment_id, last_payment_id) "
        "VALUES ({}, {}, 1, 'B', '{}', 'D', '{}', 'ACTC', {}, {});",
        b.block, b.message, b.account, b.date, id_or_null(b.first), id_or_null(b.last));
    for (int id = b.first; id != 0 && id <= b.last; ++id) {
      sql += fmt::format(
          "INSERT INTO payments(id, block_id, position, instr_id, end_to_end_id, amount_minor, "
          "currency, eur_minor, creditor_name, creditor_iban, creditor_bic, remittance, "
          "decision, status) VALUES ({0}, {1}, {2}, 'I', 'E{0}', 1, 'EUR', 1, '{3}', 'LV', 'B', "
          "'', 'ACTC', 'ACTC');",
          id, b.block, id - b.first + 1, rare(id) ? "Rare SIA" : "Common SIA");
    }
  }
  gw::test::stage_institution(pool, sql);
}

// What the criteria match, newest first (account C is not asked).
std::vector<std::int64_t> expected(bool only_rare, const std::string& from_date,
                                   const std::string& to_date) {
  std::vector<std::int64_t> ids;
  for (const auto& b : kSearched) {
    if (std::string(b.account) == "C" || b.date < from_date) continue;
    if (!to_date.empty() && b.date > to_date) continue;
    for (int id = b.first; id != 0 && id <= b.last; ++id) {
      if (!only_rare || rare(id)) ids.push_back(id);
    }
  }
  std::sort(ids.rbegin(), ids.rend());
  return ids;
}

// Every page of `q` followed to the end: the ids found, in order.
std::vector<std::int64_t> followed(SqlMessageStore& store, PaymentQuery q) {
  std::vector<std::int64_t> ids;
  // A window holds about a share of each asked account's, each overshooting
  // by a block at most (5 payments here).
  const auto share = std::max<std::int64_t>(1, q.window / 3);
  for (int pages = 0; pages < 100; ++pages) {
    auto page = store.search_payments(q);
    REQUIRE(page.has_value());
    CHECK(static_cast<int>(page->found.size()) <= q.limit);
    // A page ends full, cut short, or at the oldest payment.
    if (!page->cut_short && page->next_before > 0) {
      CHECK(static_cast<int>(page->found.size()) == q.limit);
    }
    if (page->cut_short) CHECK(page->read >= q.read_at_most);
    CHECK(page->read < q.read_at_most + 3 * (share + 5));
    for (const auto& f : page->found) ids.push_back(f.payment.id);
    if (page->next_before == 0) return ids;
    REQUIRE(page->next_before <
            (q.before_id > 0 ? q.before_id : std::numeric_limits<std::int64_t>::max()));
    q.before_id = page->next_before;
  }
  FAIL("more than 100 pages");
  return ids;
}

}  // namespace

TEST_CASE("a payment search read window by window finds, page after page, what one read would") {
  TempDir dir;
  SqliteConnectionPool pool{dir.path() / "gw.db", std::chrono::milliseconds(1000), 2};
  stage_search(pool);
  SqlMessageStore store(pool);
  PaymentQuery base;
  base.accounts = {{1, "A"}, {1, "B"}, {2, "D"}};
  for (const std::int64_t window : {1, 2, 3, 5, 1000}) {
    for (const std::int64_t read_at_most : {1, 4, 9, 1000}) {
      for (const int limit : {1, 2, 3, 50}) {
        CAPTURE(window);
        CAPTURE(read_at_most);
        CAPTURE(limit);
        PaymentQuery q = base;
        q.window = window;
        q.read_at_most = read_at_most;
        q.limit = limit;
        CHECK(followed(store, q) == expected(false, "", ""));
        q.counterparty = "rare";
        CHECK(followed(store, q) == expected(true, "", ""));
        q.counterparty.clear();
        q.from_date = "2026-12-02";
        CHECK(followed(store, q) == expected(false, "2026-12-02", ""));
        q.from_date.clear();
        q.to_date = "2026-12-03";
        CHECK(followed(store, q) == expected(false, "", "2026-12-03"));
      }
    }
  }
  // Bounded: windows of about 2 payments and 4 read at most: a search for
  // the rare creditor stops short of the oldest, having found the newest.
  PaymentQuery q = base;
  q.window = 2;
  q.read_at_most = 4;
  q.counterparty = "rare";
  auto page = store.search_payments(q);
  REQUIRE(page.has_value());
  CHECK(page->cut_short);
  REQUIRE(page->found.size() == 1);
  CHECK(page->found[0].payment.id == 25);
  CHECK(page->found[0].msg_id == "M8");
  CHECK(page->next_before == 24);
  q.before_id = page->next_before;
  page = store.search_payments(q);
  REQUIRE(page.has_value());
  CHECK(page->cut_short);
  REQUIRE(page->found.size() == 1);
  CHECK(page->found[0].payment.id == 20);
  CHECK(page->found[0].user_number == 2);
  CHECK(page->found[0].msg_id == "M5");
  CHECK(page->next_before == 17);
  // Nothing asked: nothing read.
  q.accounts.clear();
  page = store.search_payments(q);
  REQUIRE(page.has_value());
  CHECK(page->found.empty());
  CHECK(page->next_before == 0);
}

TEST_CASE("the portal's uploads: each asked account's newest files, every block of them asked") {
  TempDir dir;
  SqliteConnectionPool pool{dir.path() / "gw.db", std::chrono::milliseconds(1000), 2};
  stage_search(pool);
  SqlMessageStore store(pool);
  const auto listed = [&](std::vector<std::pair<std::int64_t, std::string>> accounts,
                          std::int64_t before, int limit, std::int64_t only = 0) {
    FileQuery q;
    q.accounts = std::move(accounts);
    q.before_id = before;
    q.limit = limit;
    q.message_id = only;
    auto files = store.files(q);
    REQUIRE(files.has_value());
    std::vector<std::int64_t> ids;
    for (const auto& f : *files) ids.push_back(f.message.id);
    return ids;
  };
  // Message 4 debits C only (not asked); 3 and 8 debit B too.
  const std::vector<std::pair<std::int64_t, std::string>> all = {{1, "A"}, {1, "B"}, {2, "D"}};
  CHECK(listed(all, 0, 50) == std::vector<std::int64_t>{8, 7, 6, 5, 3, 2, 1});
  CHECK(listed({{1, "A"}}, 0, 50) == std::vector<std::int64_t>{7, 6, 1});
  CHECK(listed({{1, "A"}, {1, "B"}}, 0, 50) == std::vector<std::int64_t>{8, 7, 6, 3, 1});
  // Paged: each page the next newest, across accounts and users.
  CHECK(listed(all, 0, 3) == std::vector<std::int64_t>{8, 7, 6});
  CHECK(listed(all, 6, 3) == std::vector<std::int64_t>{5, 3, 2});
  CHECK(listed(all, 2, 3) == std::vector<std::int64_t>{1});
  CHECK(listed(all, 1, 3).empty());
  // Another user's account of the same IBAN is not asked; nothing asked, nothing listed.
  CHECK(listed({{2, "A"}}, 0, 50).empty());
  CHECK(listed({}, 0, 50).empty());
  // One file by id: listed only when every block of it is asked.
  CHECK(listed(all, 0, 50, 3) == std::vector<std::int64_t>{3});
  CHECK(listed({{1, "A"}}, 0, 50, 3).empty());
  CHECK(listed({{1, "C"}}, 0, 50, 4) == std::vector<std::int64_t>{4});
  // Files skipped for an unasked account do not take a page's places.
  CHECK(listed({{1, "A"}}, 0, 2) == std::vector<std::int64_t>{7, 6});

  // Message 9: user 2's file from account A; message 10: user 1's with two blocks of A.
  {
    auto db = pool.acquire();
    REQUIRE(db.has_value());
    REQUIRE((*db)
                ->exec("INSERT INTO messages(id, institution_id, user_number, message_type, "
                       "msg_id, content_sha256, size_bytes, received_at, group_status, "
                       "transactions, accepted) VALUES (9, 1, 2, 'pain.001.001.03', 'M9', 'x9', 1, "
                       "'t', 'ACTC', 1, 1), (10, 1, 1, 'pain.001.001.03', 'M10', 'x10', 1, 't', "
                       "'ACTC', 2, 2);"
                       "INSERT INTO payment_blocks(id, message_id, institution_id, pmt_inf_id, "
                       "debtor_iban, debtor_name, requested_execution_date, status, "
                       "first_payment_id, last_payment_id) VALUES "
                       "(11, 9, 1, 'B', 'A', 'D', '2026-12-06', 'ACTC', 28, 28),"
                       "(12, 10, 1, 'B', 'A', 'D', '2026-12-06', 'ACTC', 29, 29),"
                       "(13, 10, 1, 'B', 'A', 'D', '2026-12-06', 'ACTC', 30, 30);")
                .has_value());
  }
  // A file of two blocks of the account is listed once, and counts once for the page.
  CHECK(listed({{1, "A"}}, 0, 50) == std::vector<std::int64_t>{10, 7, 6, 1});
  CHECK(listed({{1, "A"}}, 0, 2) == std::vector<std::int64_t>{10, 7});
  // The same IBAN asked for two users: each user's files.
  CHECK(listed({{1, "A"}, {2, "A"}}, 0, 50) == std::vector<std::int64_t>{10, 9, 7, 6, 1});
  CHECK(listed({{2, "A"}}, 0, 50) == std::vector<std::int64_t>{9});
}
