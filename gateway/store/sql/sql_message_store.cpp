#include "store/sql/sql_message_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <set>
#include <variant>

#include "store/sql/row_helpers.h"

namespace gw::store {
namespace {

// A file waiting for its signers shows PDNG (docs/authorisation.md).
constexpr std::string_view kMessageSelect =
    "SELECT m.id, m.message_type, coalesce(m.msg_id, ''), m.received_at, "
    "CASE WHEN a.state = 'waiting' THEN 'PDNG' ELSE m.group_status END, m.transactions, "
    "m.accepted, m.accepted_eur_minor, m.findings";
constexpr std::string_view kMessageFrom =
    " FROM messages m LEFT JOIN authorisations a ON a.message_id = m.id ";
// A payment as PaymentRow shows it, with its file (read_payment).
constexpr std::string_view kPaymentColumns =
    "SELECT p.id, b.pmt_inf_id, p.position, p.instr_id, p.end_to_end_id, p.amount_minor, "
    "p.currency, p.eur_minor, p.creditor_name, p.creditor_iban, b.requested_execution_date, "
    "p.status, coalesce(p.reason, ''), m.received_at, p.decision, "
    "coalesce(p.decision_reason, ''), coalesce(m.decided_at, m.received_at), "
    "coalesce(a.state, ''), coalesce(a.closed_at, ''), coalesce(a.reason, ''), m.user_number, "
    "m.id, coalesce(m.msg_id, '') ";
// A page of a message's payments in file order, from payment ?4 of block ?3
// on (page_start). CROSS JOIN keeps this order in SQLite (the message's
// blocks by index, then each block's id range), already the order wanted:
// left to itself SQLite may scan every payment to spare the sort. The join
// conditions are in WHERE, where PostgreSQL takes them too.
constexpr std::string_view kPaymentsOfMessage =
    "FROM messages m CROSS JOIN payment_blocks b CROSS JOIN payments p "
    "LEFT JOIN authorisations a ON a.message_id = m.id "
    "WHERE b.message_id = m.id AND m.id = ?1 AND m.user_number = ?2 AND b.id >= ?3 "
    "AND p.id BETWEEN (CASE WHEN b.id = ?3 THEN ?4 ELSE b.first_payment_id END) "
    "AND b.last_payment_id ";
constexpr std::string_view kInFileOrder = "ORDER BY b.id, p.id LIMIT ?5";
// A block's payments are its id range (0008_block_payment_ranges.sql): counted
// block by block, not payment by payment.
constexpr std::string_view kCountOfMessage =
    "SELECT CAST(coalesce(sum(b.last_payment_id - b.first_payment_id + 1), 0) AS BIGINT) "
    "FROM messages m JOIN payment_blocks b ON b.message_id = m.id "
    "WHERE m.id = ?1 AND m.user_number = ?2 ";

MessageRow read_message(const Statement& s) {
  return MessageRow{s.column_int(0),  s.column_text(1), s.column_text(2),
                    s.column_text(3), s.column_text(4), s.column_int(5),
                    s.column_int(6),  s.column_int(7),  s.column_text(8)};
}

Result<std::optional<MessageRow>> one_message(Statement& stmt) {
  auto row = stmt.step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<MessageRow>{};
  return std::optional<MessageRow>(read_message(stmt));
}

}  // namespace

Result<std::optional<MessageRow>> SqlMessageStore::message(std::int64_t user_number,
                                                           std::int64_t id) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(std::string(kMessageSelect) + std::string(kMessageFrom) +
                             "WHERE m.id = ?1 AND m.user_number = ?2");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, id).bind(2, user_number);
  return one_message(*stmt);
}

Result<std::optional<MessageRow>> SqlMessageStore::message_by_msg_id(std::int64_t user_number,
                                                                     const std::string& msg_id) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt =
      (*db)->prepare(std::string(kMessageSelect) + std::string(kMessageFrom) +
                     "WHERE m.msg_id = ?1 AND m.user_number = ?2 ORDER BY m.id DESC LIMIT 1");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, msg_id).bind(2, user_number);
  return one_message(*stmt);
}

namespace {

PaymentRow read_payment(const Statement& s) {
  PaymentRow p;
  p.id = s.column_int(0);
  p.pmt_inf_id = s.column_text(1);
  p.position = s.column_int(2);
  p.instr_id = s.column_text(3);
  p.end_to_end_id = s.column_text(4);
  p.amount_minor = s.column_int(5);
  p.currency = s.column_text(6);
  p.eur_minor = s.column_int(7);
  p.creditor_name = s.column_text(8);
  p.creditor_iban = s.column_text(9);
  p.requested_execution_date = s.column_text(10);
  p.status = s.column_text(11);
  p.reason = s.column_text(12);
  p.history.push_back(PaymentEvent{"RCVD", "", s.column_text(13)});
  const std::string decision = s.column_text(14);
  const std::string authorisation = s.column_text(17);
  if (authorisation.empty() || decision != "ACTC") {
    p.history.push_back(PaymentEvent{decision, s.column_text(15), s.column_text(16)});
    return p;
  }
  // Accepted, then held for signatures, then released or refused (at closed_at).
  p.history.push_back(PaymentEvent{"PDNG", "", s.column_text(16)});
  if (authorisation == "waiting") {
    if (p.status == "ACTC") p.status = "PDNG";
  } else if (authorisation == "released") {
    p.history.push_back(PaymentEvent{"ACTC", "", s.column_text(18)});
  } else if (authorisation != "cancelled") {
    p.history.push_back(PaymentEvent{"RJCT", s.column_text(19), s.column_text(18)});
  }
  return p;
}

// The parameters of a statement put together criterion by criterion.
class QueryParameters {
 public:
  using Value = std::variant<std::int64_t, std::string>;
  // `value` as the next parameter; returns its placeholder ("?3").
  std::string add(Value value) {
    values_.push_back(std::move(value));
    return fmt::format("?{}", values_.size());
  }
  void bind(Statement& stmt) const {
    for (std::size_t i = 0; i < values_.size(); ++i) {
      const int at = static_cast<int>(i + 1);
      std::visit([&](const auto& value) { stmt.bind(at, value); }, values_[i]);
    }
  }

 private:
  std::vector<Value> values_;
};

// One numbered placeholder per value, comma-separated ("?5, ?6"), for IN (...).
template <typename Values>
std::string placeholders(QueryParameters& params, const Values& values) {
  std::string list;
  for (const auto& value : values) list += (list.empty() ? "" : ", ") + params.add(value);
  return list;
}

// Adds what happened to each payment after its upload's decision (the
// ledger's steps): the page's events in one query (a page of up to 1 000
// payments asked one each).
Status add_histories(Database& db, std::vector<PaymentRow*> rows) {
  if (rows.empty()) return ok();
  QueryParameters params;
  std::vector<std::int64_t> ids;
  for (const PaymentRow* p : rows) ids.push_back(p->id);
  auto stmt = db.prepare(
      fmt::format("SELECT payment_id, status, coalesce(reason, ''), at FROM payment_events "
                  "WHERE payment_id IN ({}) ORDER BY payment_id, id",
                  placeholders(params, ids)));
  if (!stmt) return tl::unexpected(stmt.error());
  params.bind(*stmt);
  auto events = collect<std::pair<std::int64_t, PaymentEvent>>(*stmt, [](const Statement& s) {
    return std::pair{s.column_int(0),
                     PaymentEvent{s.column_text(1), s.column_text(2), s.column_text(3)}};
  });
  if (!events) return tl::unexpected(events.error());
  std::map<std::int64_t, std::vector<PaymentEvent>> by_payment;
  for (auto& [id, event] : *events) by_payment[id].push_back(std::move(event));
  for (PaymentRow* p : rows) {
    const auto found = by_payment.find(p->id);
    if (found == by_payment.end()) continue;
    const std::vector<PaymentEvent>& history = found->second;
    // A payment cancelled while its file was held has its own RJCT step, which
    // replaces the file's closing step (release or rejection after it).
    const bool cancelled_held =
        p->history.size() == 3 && p->history[1].status == "PDNG" &&
        std::any_of(history.begin(), history.end(), [&](const PaymentEvent& e) {
          return e.status == "RJCT" && e.at <= p->history[2].at;
        });
    if (cancelled_held) p->history.pop_back();
    p->history.insert(p->history.end(), history.begin(), history.end());
  }
  return ok();
}

// "%text%" for LIKE ... ESCAPE '\', lower-cased (ASCII), with % _ and \ taken literally.
std::string like_pattern(std::string_view text) {
  std::string pattern = "%";
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return pattern + "%";
}

struct PageStart {
  std::int64_t block_id = 0;
  std::int64_t payment_id = 0;
};

// Where a page starts: the `offset`-th payment in file order of the blocks
// shown (a negative offset: the first), found from the blocks' id ranges
// (0008_block_payment_ranges.sql): a page deep in a 100k-payment file reads
// the file's blocks, not every payment before it as an OFFSET did. None:
// past the end.
Result<std::optional<PageStart>> page_start(Database& db, std::int64_t user_number,
                                            std::int64_t message_id, std::int64_t offset,
                                            const std::vector<std::string>* only_from) {
  auto stmt = db.prepare(
      "SELECT b.id, b.first_payment_id, b.last_payment_id, b.debtor_iban FROM messages m "
      "JOIN payment_blocks b ON b.message_id = m.id WHERE m.id = ?1 AND m.user_number = ?2 "
      "AND b.first_payment_id IS NOT NULL ORDER BY b.id");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, message_id).bind(2, user_number);
  std::int64_t skip = std::max<std::int64_t>(offset, 0);  // below a block's range: not its rows
  for (;;) {
    auto row = stmt->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) return std::optional<PageStart>{};
    if (only_from != nullptr &&
        std::find(only_from->begin(), only_from->end(), stmt->column_text(3)) == only_from->end()) {
      continue;
    }
    const std::int64_t first = stmt->column_int(1);
    const std::int64_t size = stmt->column_int(2) - first + 1;
    if (skip < size) return std::optional<PageStart>(PageStart{stmt->column_int(0), first + skip});
    skip -= size;
  }
}

}  // namespace

Result<std::vector<PaymentRow>> SqlMessageStore::payments(
    std::int64_t user_number, std::int64_t message_id, std::int64_t offset, int limit,
    const std::vector<std::string>* only_from) {
  if (only_from != nullptr && only_from->empty()) return std::vector<PaymentRow>{};
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto start = page_start(**db, user_number, message_id, offset, only_from);
  if (!start) return tl::unexpected(start.error());
  if (!*start) return std::vector<PaymentRow>{};
  QueryParameters params;
  params.add(message_id);
  params.add(user_number);
  params.add((*start)->block_id);
  params.add((*start)->payment_id);
  params.add(std::int64_t{limit});
  std::string sql = std::string(kPaymentColumns) + std::string(kPaymentsOfMessage);
  if (only_from != nullptr) {
    sql += fmt::format("AND b.debtor_iban IN ({}) ", placeholders(params, *only_from));
  }
  sql += kInFileOrder;
  auto stmt = (*db)->prepare(sql);
  if (!stmt) return tl::unexpected(stmt.error());
  params.bind(*stmt);
  auto rows = collect<PaymentRow>(*stmt, read_payment);
  if (!rows) return tl::unexpected(rows.error());
  std::vector<PaymentRow*> all;
  for (auto& p : *rows) all.push_back(&p);
  if (auto s = add_histories(**db, all); !s) return tl::unexpected(s.error());
  return rows;
}

Result<std::int64_t> SqlMessageStore::payments_outside(std::int64_t user_number,
                                                       std::int64_t message_id,
                                                       const std::vector<std::string>& accounts) {
  QueryParameters params;
  params.add(message_id);
  params.add(user_number);
  std::string sql(kCountOfMessage);
  if (!accounts.empty()) {
    sql += fmt::format("AND b.debtor_iban NOT IN ({})", placeholders(params, accounts));
  }
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(sql);
  if (!stmt) return tl::unexpected(stmt.error());
  params.bind(*stmt);
  auto row = stmt->step();
  if (!row) return tl::unexpected(row.error());
  return *row ? stmt->column_int(0) : 0;
}

namespace {

// "(m.user_number, b.debtor_iban) [NOT] IN (VALUES ...)"'s list of the asked
// accounts, each a (CAST(?n AS BIGINT), ?m) pair.
std::string account_pairs(QueryParameters& params,
                          const std::vector<std::pair<std::int64_t, std::string>>& accounts) {
  std::string list;
  for (const auto& [user, iban] : accounts) {
    // A parameter in VALUES has no column to take its type from: cast, or
    // PostgreSQL reads it as text.
    list += fmt::format("{}(CAST({} AS BIGINT), {})", list.empty() ? "" : ", ", params.add(user),
                        params.add(iban));
  }
  return list;
}

// Payment ids [low, high] of a search's window: every asked payment in it
// is read, and none outside. Its low is an asked block's first id, so no
// asked block starts below it and reaches into it (blocks' ranges are
// disjoint): the window's blocks are those starting in it.
struct SearchWindow {
  std::int64_t low = 0;
  std::int64_t high = 0;
  std::int64_t payments = 0;  // about as many asked ones as it holds
};

// An account's blocks below a payment id are read this many at a time
// (PostgreSQL hands a statement's whole result over at once).
constexpr std::int64_t kBlocksPerRead = 256;

// One asked account's blocks (of the criteria's dates) below `top`, newest
// first, through payment_blocks_by_account, until about `size` payments:
// (first id, payments below top) of each.
Result<std::vector<std::pair<std::int64_t, std::int64_t>>> account_blocks_below(
    Database& db, const PaymentQuery& q, const std::pair<std::int64_t, std::string>& account,
    std::int64_t top, std::int64_t size) {
  QueryParameters params;
  params.add(account.second);
  params.add(account.first);
  params.add(kBlocksPerRead);
  const std::string below = params.add(std::int64_t{0});  // bound for each read
  std::string sql =
      "SELECT b.first_payment_id, b.last_payment_id FROM payment_blocks b "
      "CROSS JOIN messages m WHERE b.debtor_iban = ?1 AND b.first_payment_id < " +
      below + " AND m.id = b.message_id AND m.user_number = ?2";
  if (!q.from_date.empty()) sql += " AND b.requested_execution_date >= " + params.add(q.from_date);
  if (!q.to_date.empty()) sql += " AND b.requested_execution_date <= " + params.add(q.to_date);
  sql += " ORDER BY b.first_payment_id DESC LIMIT ?3";
  std::vector<std::pair<std::int64_t, std::int64_t>> blocks;
  std::int64_t payments = 0;
  std::int64_t from = top;
  for (;;) {
    auto stmt = db.prepare(sql);
    if (!stmt) return tl::unexpected(stmt.error());
    params.bind(*stmt);
    stmt->bind(4, from);
    std::int64_t read = 0;
    for (;;) {
      auto row = stmt->step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) break;
      ++read;
      const std::int64_t first = stmt->column_int(0);
      const std::int64_t below_top = std::min(stmt->column_int(1), top - 1) - first + 1;
      blocks.emplace_back(first, below_top);
      payments += below_top;
      from = first;
      if (payments >= size) return blocks;
    }
    if (read < kBlocksPerRead) return blocks;  // the account's oldest reached
  }
}

// The next window below payment id `top`: each asked account's blocks taken
// newest first until about its share of `q.window`; the window goes down to
// the highest of the accounts' lowest blocks so reached (so that it holds
// about a share of each), or, when none reached its share, to the lowest of
// all. None: no asked block below `top`.
Result<std::optional<SearchWindow>> window_below(Database& db, const PaymentQuery& q,
                                                 std::int64_t top) {
  const std::int64_t share =
      std::max<std::int64_t>(1, q.window / static_cast<std::int64_t>(q.accounts.size()));
  std::optional<std::int64_t> reached_low;  // the highest low of the accounts that reached
  std::optional<std::int64_t> lowest;       // the lowest block of all
  std::vector<std::pair<std::int64_t, std::int64_t>> taken;
  for (const auto& account : q.accounts) {
    auto blocks = account_blocks_below(db, q, account, top, share);
    if (!blocks) return tl::unexpected(blocks.error());
    if (blocks->empty()) continue;
    std::int64_t payments = 0;
    for (const auto& [first, below_top] : *blocks) payments += below_top;
    const std::int64_t low = blocks->back().first;
    lowest = std::min(lowest.value_or(low), low);
    if (payments >= share) reached_low = std::max(reached_low.value_or(low), low);
    taken.insert(taken.end(), blocks->begin(), blocks->end());
  }
  if (!lowest) return std::optional<SearchWindow>{};
  SearchWindow w{reached_low.value_or(*lowest), top - 1, 0};
  for (const auto& [first, payments] : taken) {
    if (first >= w.low) w.payments += payments;
  }
  return std::optional<SearchWindow>(w);
}

// The asked payments of window `w` matching the criteria, newest first, at
// most `limit`.
Result<std::vector<FoundPayment>> search_window(Database& db, const PaymentQuery& q,
                                                const SearchWindow& w, std::int64_t limit) {
  // The WHERE clause and its parameters, criterion by criterion.
  QueryParameters params;
  const auto param = [&](QueryParameters::Value value) { return params.add(std::move(value)); };
  const std::string low = param(w.low);
  const std::string high = param(w.high);
  std::set<std::string> ibans;
  for (const auto& account : q.accounts) ibans.insert(account.second);
  // The window's blocks through payment_blocks_by_account, then their
  // messages, then each block's payments up to the window's top (CROSS
  // JOIN keeps that order): what is read is the window, nothing older or
  // newer and no other account's.
  std::string where = fmt::format(
      "WHERE b.debtor_iban IN ({}) AND b.first_payment_id BETWEEN {} AND {} "
      "AND m.id = b.message_id AND (m.user_number, b.debtor_iban) IN (VALUES {}) ",
      placeholders(params, ibans), low, high, account_pairs(params, q.accounts));
  where += fmt::format(
      "AND p.id BETWEEN b.first_payment_id AND "
      "(CASE WHEN b.last_payment_id < {0} THEN b.last_payment_id ELSE {0} END)",
      high);
  if (!q.from_date.empty()) where += " AND b.requested_execution_date >= " + param(q.from_date);
  if (!q.to_date.empty()) where += " AND b.requested_execution_date <= " + param(q.to_date);
  if (q.min_minor) where += " AND p.amount_minor >= " + param(*q.min_minor);
  if (q.max_minor) where += " AND p.amount_minor <= " + param(*q.max_minor);
  if (!q.counterparty.empty()) {
    std::string compact;  // an IBAN as people write it, in groups of four
    for (const char c : q.counterparty) {
      if (c != ' ') compact += c;
    }
    where += fmt::format(
        " AND (lower(p.creditor_name) LIKE {} ESCAPE '\\' OR lower(p.creditor_iban) LIKE {} "
        "ESCAPE '\\')",
        param(like_pattern(q.counterparty)), param(like_pattern(compact)));
  }
  if (q.status == "PDNG") {
    where += " AND p.status = 'ACTC' AND a.state = 'waiting'";
  } else if (q.status == "ACTC") {
    where += " AND p.status = 'ACTC' AND coalesce(a.state, '') <> 'waiting'";
  } else if (!q.status.empty()) {
    where += " AND p.status = " + param(q.status);
  }
  if (!q.reference.empty()) {
    const std::string ref = param(q.reference);
    where += fmt::format(
        " AND (p.end_to_end_id = {0} OR p.instr_id = {0} OR b.pmt_inf_id = {0} OR m.msg_id = {0})",
        ref);
  }
  const std::string sql = fmt::format(
      "{}FROM payment_blocks b CROSS JOIN messages m CROSS JOIN payments p "
      "LEFT JOIN authorisations a ON a.message_id = m.id {} ORDER BY p.id DESC LIMIT {}",
      kPaymentColumns, where, param(limit));
  auto stmt = db.prepare(sql);
  if (!stmt) return tl::unexpected(stmt.error());
  params.bind(*stmt);
  return collect<FoundPayment>(*stmt, [](const Statement& s) {
    return FoundPayment{read_payment(s), s.column_int(20), s.column_int(21), s.column_text(22)};
  });
}

}  // namespace

// Window by window, newest first, until the page is full or has read what it
// may: a search for something rare, or in a long history, costs a page about
// what `read_at_most` payments cost, not the whole history.
Result<PaymentSearchPage> SqlMessageStore::search_payments(const PaymentQuery& q) {
  PaymentSearchPage page;
  if (q.accounts.empty() || q.limit <= 0) return page;
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  std::int64_t top = q.before_id > 0 ? q.before_id : std::numeric_limits<std::int64_t>::max();
  for (;;) {
    auto window = window_below(**db, q, top);
    if (!window) return tl::unexpected(window.error());
    if (!*window) break;  // searched to the oldest
    auto rows =
        search_window(**db, q, **window, q.limit - static_cast<std::int64_t>(page.found.size()));
    if (!rows) return tl::unexpected(rows.error());
    for (auto& row : *rows) page.found.push_back(std::move(row));
    page.read += (*window)->payments;
    top = (*window)->low;
    if (static_cast<std::int64_t>(page.found.size()) >= q.limit) {
      page.next_before = page.found.back().payment.id;
      break;
    }
    if (page.read >= q.read_at_most) {
      page.next_before = top;
      page.cut_short = true;
      break;
    }
  }
  std::vector<PaymentRow*> all;
  for (auto& f : page.found) all.push_back(&f.payment);
  if (auto s = add_histories(**db, all); !s) return tl::unexpected(s.error());
  return page;
}

namespace {

// The newest files (below `before`, 0: any) of `account`'s user with a block
// debiting it and none debiting an account not asked, at most `limit`, newest
// first: read from the account's own blocks (payment_blocks_by_account_message),
// so a rarely used account of a busy institution costs its own blocks.
Result<std::vector<std::int64_t>> account_files(Database& db, const FileQuery& q,
                                                const std::pair<std::int64_t, std::string>& account,
                                                std::int64_t before) {
  QueryParameters params;
  params.add(account.second);
  params.add(account.first);
  params.add(before);
  params.add(std::int64_t{q.limit});
  // Each file once, by its newest block of the account (a seek in the same
  // index): a file of many blocks of the account is checked once, not once
  // a block, and the walk stays in the index's order (no sort).
  const std::string sql = fmt::format(
      "SELECT b.message_id FROM payment_blocks b CROSS JOIN messages m "
      "WHERE b.debtor_iban = ?1 AND b.message_id < ?3 AND NOT EXISTS (SELECT 1 FROM "
      "payment_blocks n WHERE n.debtor_iban = ?1 AND n.message_id = b.message_id AND n.id > b.id) "
      "AND m.id = b.message_id AND m.user_number = ?2 AND NOT EXISTS (SELECT 1 FROM "
      "payment_blocks o WHERE o.message_id = m.id AND (m.user_number, o.debtor_iban) NOT IN "
      "(VALUES {})) ORDER BY b.message_id DESC LIMIT ?4",
      account_pairs(params, q.accounts));
  auto stmt = db.prepare(sql);
  if (!stmt) return tl::unexpected(stmt.error());
  params.bind(*stmt);
  return collect<std::int64_t>(*stmt, [](const Statement& s) { return s.column_int(0); });
}

}  // namespace

Result<std::vector<ListedFile>> SqlMessageStore::files(const FileQuery& q) {
  if (q.accounts.empty() || q.limit <= 0) return std::vector<ListedFile>{};
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  // Which files: one asked, or each account's newest (a page's worth each,
  // so the page's newest are among them).
  std::vector<std::int64_t> ids;
  if (q.message_id > 0) {
    ids.push_back(q.message_id);
  } else {
    const std::int64_t before =
        q.before_id > 0 ? q.before_id : std::numeric_limits<std::int64_t>::max();
    for (const auto& account : q.accounts) {
      auto found = account_files(**db, q, account, before);
      if (!found) return tl::unexpected(found.error());
      ids.insert(ids.end(), found->begin(), found->end());
    }
    std::sort(ids.rbegin(), ids.rend());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (ids.size() > static_cast<std::size_t>(q.limit))
      ids.resize(static_cast<std::size_t>(q.limit));
    if (ids.empty()) return std::vector<ListedFile>{};
  }
  // Those files, each listed when it has blocks and none of them debits an
  // account outside the list (checked again for a file asked by id).
  QueryParameters params;
  const std::string id_list = placeholders(params, ids);
  const std::string sql = fmt::format(
      "{}, m.user_number, coalesce(a.state, ''), (SELECT count(*) FROM payment_blocks b WHERE "
      "b.message_id = m.id) FROM messages m LEFT JOIN authorisations a ON a.message_id = m.id "
      "WHERE m.id IN ({}) AND EXISTS (SELECT 1 FROM payment_blocks b WHERE b.message_id = m.id) "
      "AND NOT EXISTS (SELECT 1 FROM payment_blocks b WHERE b.message_id = m.id AND "
      "(m.user_number, b.debtor_iban) NOT IN (VALUES {})) ORDER BY m.id DESC",
      kMessageSelect, id_list, account_pairs(params, q.accounts));
  auto stmt = (*db)->prepare(sql);
  if (!stmt) return tl::unexpected(stmt.error());
  params.bind(*stmt);
  return collect<ListedFile>(*stmt, [](const Statement& s) {
    return ListedFile{s.column_int(9), read_message(s), s.column_text(10), s.column_int(11)};
  });
}

}  // namespace gw::store
