#include "store/sqlite/sqlite_message_store.h"

#include <algorithm>

#include "store/sqlite/row_helpers.h"

namespace gw::store {
namespace {

// A file waiting for its signers shows PDNG (docs/authorisation.md).
constexpr std::string_view kMessageColumns =
    "SELECT m.id, m.message_type, coalesce(m.msg_id, ''), m.received_at, "
    "CASE WHEN a.state = 'waiting' THEN 'PDNG' ELSE m.group_status END, m.transactions, "
    "m.accepted, m.accepted_eur_minor, m.findings "
    "FROM messages m LEFT JOIN authorisations a ON a.message_id = m.id ";
// CROSS JOIN keeps this order (the message's blocks by index, then each
// block's id range), already the order wanted: left to itself SQLite may scan
// every payment to spare the sort.
constexpr std::string_view kPayments =
    "SELECT p.id, b.pmt_inf_id, p.position, p.instr_id, p.end_to_end_id, p.amount_minor, "
    "p.currency, p.eur_minor, p.creditor_name, p.creditor_iban, b.requested_execution_date, "
    "p.status, coalesce(p.reason, ''), m.received_at, p.decision, "
    "coalesce(p.decision_reason, ''), coalesce(m.decided_at, m.received_at), "
    "coalesce(a.state, ''), coalesce(a.closed_at, ''), coalesce(a.reason, '') "
    "FROM messages m CROSS JOIN payment_blocks b ON b.message_id = m.id "
    "CROSS JOIN payments p ON p.id BETWEEN b.first_payment_id AND b.last_payment_id "
    "LEFT JOIN authorisations a ON a.message_id = m.id "
    "WHERE m.id = ?1 AND m.user_number = ?2 ORDER BY b.id, p.id LIMIT ?4 OFFSET ?3";
constexpr std::string_view kEvents =
    "SELECT status, coalesce(reason, ''), at FROM payment_events WHERE payment_id = ?1 "
    "ORDER BY id";

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

Result<std::optional<MessageRow>> SqliteMessageStore::message(std::int64_t user_number,
                                                              std::int64_t id) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt =
      (*db)->prepare(std::string(kMessageColumns) + "WHERE m.id = ?1 AND m.user_number = ?2");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, id).bind(2, user_number);
  return one_message(*stmt);
}

Result<std::optional<MessageRow>> SqliteMessageStore::message_by_msg_id(std::int64_t user_number,
                                                                        const std::string& msg_id) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt =
      (*db)->prepare(std::string(kMessageColumns) +
                     "WHERE m.msg_id = ?1 AND m.user_number = ?2 ORDER BY m.id DESC LIMIT 1");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, msg_id).bind(2, user_number);
  return one_message(*stmt);
}

Result<std::vector<PaymentRow>> SqliteMessageStore::payments(std::int64_t user_number,
                                                             std::int64_t message_id,
                                                             std::int64_t offset, int limit) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kPayments);
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, message_id).bind(2, user_number).bind(3, offset).bind(4, std::int64_t{limit});
  auto rows = collect<PaymentRow>(*stmt, [](const Statement& s) {
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
  });
  if (!rows) return tl::unexpected(rows.error());
  auto events = (*db)->prepare(kEvents);
  if (!events) return tl::unexpected(events.error());
  for (auto& p : *rows) {
    events->reset();
    events->bind(1, p.id);
    auto history = collect<PaymentEvent>(*events, [](const Statement& s) {
      return PaymentEvent{s.column_text(0), s.column_text(1), s.column_text(2)};
    });
    if (!history) return tl::unexpected(history.error());
    // A payment cancelled while its file was held has its own RJCT step, which
    // replaces the file's closing step (release or rejection after it).
    const bool cancelled_held =
        p.history.size() == 3 && p.history[1].status == "PDNG" &&
        std::any_of(history->begin(), history->end(), [&](const PaymentEvent& e) {
          return e.status == "RJCT" && e.at <= p.history[2].at;
        });
    if (cancelled_held) p.history.pop_back();
    p.history.insert(p.history.end(), history->begin(), history->end());
  }
  return rows;
}

}  // namespace gw::store
