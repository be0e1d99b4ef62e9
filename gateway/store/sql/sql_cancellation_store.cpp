#include "store/sql/sql_cancellation_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>
#include <utility>

#include "core/element_tree.h"
#include "store/sql/daily_usage_sql.h"
#include "store/sql/row_helpers.h"
#include "store/sql/transaction.h"

namespace gw::store {
namespace {

constexpr std::string_view kMessage =
    "SELECT m.message_type, coalesce(m.msg_id, ''), m.transactions, "
    "coalesce(m.limit_day, a.usage_date, substr(m.decided_at, 1, 10)), coalesce(a.state, '') "
    "FROM messages m LEFT JOIN authorisations a ON a.message_id = m.id "
    "WHERE m.id = ?1 AND m.user_number = ?2";
constexpr std::string_view kPayments =
    "SELECT p.id, b.pmt_inf_id, p.instr_id, p.end_to_end_id, b.debtor_iban, p.status, "
    "coalesce(p.reason, ''), p.amount_minor, p.currency, p.eur_minor, p.details "
    "FROM payment_blocks b JOIN payments p ON p.id BETWEEN b.first_payment_id AND "
    "b.last_payment_id WHERE b.message_id = ?1 ORDER BY p.id";
// Only from ACTC: a payment the ledger took in the meantime stays as it booked it.
constexpr std::string_view kCancel =
    "UPDATE payments SET status = 'RJCT', reason = 'DS02' WHERE id = ?1 AND status = 'ACTC'";
constexpr std::string_view kEvent =
    "INSERT INTO payment_events(payment_id, status, reason, at) VALUES (?1, 'RJCT', 'DS02', ?2)";
constexpr std::string_view kCloseHeld =
    "UPDATE authorisations SET state = 'cancelled', closed_at = ?2, reason = 'DS02' "
    "WHERE message_id = ?1 AND state = 'waiting'";
constexpr std::string_view kRemaining =
    "SELECT count(*) FILTER (WHERE p.status = 'ACTC'), count(*) FILTER (WHERE p.status = 'ACSC') "
    "FROM payment_blocks b JOIN payments p ON p.id BETWEEN b.first_payment_id "
    "AND b.last_payment_id WHERE b.message_id = ?1";
// Nothing left to execute or executed: the file is rejected as a whole.
constexpr std::string_view kRejectMessage =
    "UPDATE messages SET group_status = 'RJCT', accepted = 0, accepted_eur_minor = 0 "
    "WHERE id = ?1";
constexpr std::string_view kAnswer = "UPDATE messages SET answer_id = ?2 WHERE id = ?1";
constexpr std::string_view kAuthorisationState =
    "SELECT state FROM authorisations WHERE message_id = ?1";
constexpr std::string_view kSubject =
    "SELECT coalesce(msg_id, ''), content_sha256 FROM messages WHERE id = ?1 AND user_number = ?2";
constexpr std::string_view kSignature =
    "INSERT INTO cancellation_signatures(message_id, personal_code, signer_name, statement, cms, "
    "certificate_pem, certificate_serial, certificate_issuer, cancelled, signed_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

// The message's payments with these EndToEndIds (all when none), in file
// order, and the EndToEndIds asked for that are not in it. `with_uetr`: each
// one's UETR read from its details too (for the status report).
Result<std::pair<std::vector<CancelledPayment>, std::vector<std::string>>> asked_payments(
    Database& db, std::int64_t message_id, const std::vector<std::string>& end_to_end_ids,
    bool with_uetr) {
  const std::set<std::string> wanted(end_to_end_ids.begin(), end_to_end_ids.end());
  std::set<std::string> found;
  std::vector<CancelledPayment> payments;
  auto rows = db.prepare(kPayments);
  if (!rows) return tl::unexpected(rows.error());
  rows->bind(1, message_id);
  for (;;) {
    auto next = rows->step();
    if (!next) return tl::unexpected(next.error());
    if (!*next) break;
    const std::string e2e = rows->column_text(3);
    if (!wanted.empty() && !wanted.contains(e2e)) continue;
    found.insert(e2e);
    payments.push_back(CancelledPayment{
        rows->column_int(0), rows->column_text(1), rows->column_text(2), e2e, rows->column_text(4),
        rows->column_text(5), rows->column_text(6), rows->column_int(7), rows->column_text(8),
        rows->column_int(9), with_uetr ? payment_uetr(rows->column_text(10)) : std::string()});
  }
  std::vector<std::string> unknown;
  for (const auto& e2e : wanted) {
    if (!found.contains(e2e)) unknown.push_back(e2e);
  }
  return std::pair{std::move(payments), std::move(unknown)};
}

// The message of `user_number` and the payments asked for (nothing: no such
// message); `limit_day`: the day whose daily-limit usage it took.
// `with_uetr`: each payment's UETR too (for a status report).
Result<std::optional<Cancellation>> read_asked(Database& db, std::int64_t user_number,
                                               std::int64_t message_id,
                                               const std::vector<std::string>& end_to_end_ids,
                                               bool with_uetr, std::string& limit_day) {
  auto message = db.prepare(kMessage);
  if (!message) return tl::unexpected(message.error());
  auto row = message->bind(1, message_id).bind(2, user_number).step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<Cancellation>{};
  Cancellation c;
  c.message_id = message_id;
  c.message_type = message->column_text(0);
  c.msg_id = message->column_text(1);
  c.transactions = message->column_int(2);
  limit_day = message->column_text(3);
  auto asked = asked_payments(db, message_id, end_to_end_ids, with_uetr);
  if (!asked) return tl::unexpected(asked.error());
  std::tie(c.payments, c.unknown) = std::move(*asked);
  return std::optional<Cancellation>(std::move(c));
}

// What is left of the message: payments still accepted, and executed.
Status read_remaining(Database& db, Cancellation& c) {
  auto remaining = db.prepare(kRemaining);
  if (!remaining) return tl::unexpected(remaining.error());
  auto counted = remaining->bind(1, c.message_id).step();
  if (!counted) return tl::unexpected(counted.error());
  c.remaining_accepted = remaining->column_int(0);
  c.executed = remaining->column_int(1);
  if (auto end = remaining->step(); !end) return tl::unexpected(end.error());
  return ok();
}

// The state of the message's authorisation, if it was held for signers.
Status read_authorisation_state(Database& db, Cancellation& c) {
  auto state = db.prepare(kAuthorisationState);
  if (!state) return tl::unexpected(state.error());
  auto held = state->bind(1, c.message_id).step();
  if (!held) return tl::unexpected(held.error());
  if (*held) c.authorisation_state = state->column_text(0);
  return ok();
}

// Why a cancellation may not go ahead as it stands now, in the caller's
// transaction: the credentials it was authorised on moved, or the signer's
// certificate was revoked since. Nothing when it may.
Result<std::optional<Cancellation>> refusal(Database& db, std::int64_t message_id,
                                            const CancellationSignature* signature,
                                            std::optional<std::int64_t> credential_version) {
  Cancellation refused;
  refused.message_id = message_id;
  if (credential_version) {
    auto version = store::credential_version(db);
    if (!version) return tl::unexpected(version.error());
    refused.credentials_moved = *version != *credential_version;
  }
  if (!refused.credentials_moved && signature != nullptr) {
    auto revoked = signer_certificate_revoked(db, signature->certificate_serial);
    if (!revoked) return tl::unexpected(revoked.error());
    refused.signer_revoked = *revoked;
  }
  if (!refused.credentials_moved && !refused.signer_revoked) return std::nullopt;
  return std::optional<Cancellation>(std::move(refused));
}

bool any_cancellable(const Cancellation& c) {
  return std::any_of(c.payments.begin(), c.payments.end(),
                     [](const CancelledPayment& p) { return p.status == "ACTC"; });
}

}  // namespace

Result<std::optional<CancellationSubject>> SqlCancellationStore::subject(
    std::int64_t user_number, std::int64_t message_id,
    const std::vector<std::string>& end_to_end_ids) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto message = (*db)->prepare(kSubject);
  if (!message) return tl::unexpected(message.error());
  auto row = message->bind(1, message_id).bind(2, user_number).step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<CancellationSubject>{};
  CancellationSubject s{message_id, message->column_text(0), message->column_text(1), {}};
  auto asked = asked_payments(**db, message_id, end_to_end_ids, false);
  if (!asked) return tl::unexpected(asked.error());
  std::set<std::string> ibans;
  for (const auto& p : asked->first) ibans.insert(p.debtor_iban);
  s.debtor_ibans.assign(ibans.begin(), ibans.end());
  return std::optional<CancellationSubject>(std::move(s));
}

Result<std::optional<Cancellation>> SqlCancellationStore::cancel(
    std::int64_t user_number, std::int64_t message_id,
    const std::vector<std::string>& end_to_end_ids, const std::string& actor, const std::string& at,
    const CancellationSignature* signature, std::optional<std::int64_t> credential_version,
    const Report& report) {
  // Nothing asked for still accepted (executed, rejected or cancelled
  // already: a cancellation repeated, or in a loop): answered from a read
  // snapshot, after the same checks. Under the write lock such requests
  // would hold up every upload and the ledger for as long as they read a
  // large file.
  {
    auto db = pool_.acquire();
    if (!db) return tl::unexpected(db.error());
    auto tx = Transaction::begin_read(**db);
    if (!tx) return tl::unexpected(tx.error());
    auto refused = refusal(**db, message_id, signature, credential_version);
    if (!refused || *refused) return refused;
    std::string limit_day;
    auto seen = read_asked(**db, user_number, message_id, end_to_end_ids, false, limit_day);
    if (!seen || !*seen) return seen;
    if (!any_cancellable(**seen)) {
      if (auto s = read_remaining(**db, **seen); !s) return tl::unexpected(s.error());
      if (auto s = read_authorisation_state(**db, **seen); !s) return tl::unexpected(s.error());
      return seen;
    }
  }
  return audited(pool_, [&](Database& db) -> Result<std::optional<Cancellation>> {
    auto refused = refusal(db, message_id, signature, credential_version);
    if (!refused || *refused) return refused;
    std::string limit_day;
    auto read = read_asked(db, user_number, message_id, end_to_end_ids, true, limit_day);
    if (!read || !*read) return read;
    Cancellation& c = **read;

    std::map<std::string, std::int64_t> give_back;  // per debtor account
    auto cancel = db.prepare(kCancel);
    if (!cancel) return tl::unexpected(cancel.error());
    auto event = db.prepare(kEvent);
    if (!event) return tl::unexpected(event.error());
    for (const auto& p : c.payments) {
      if (p.status != "ACTC") continue;
      cancel->reset();
      if (auto s = cancel->bind(1, p.payment_id).run(); !s) return tl::unexpected(s.error());
      event->reset();
      if (auto s = event->bind(1, p.payment_id).bind(2, at).run(); !s) {
        return tl::unexpected(s.error());
      }
      give_back[p.debtor_iban] += p.eur_minor;
      ++c.cancelled;
    }
    for (const auto& [iban, eur_minor] : give_back) {
      auto usage = db.prepare(kGiveBackUsage);
      if (!usage) return tl::unexpected(usage.error());
      if (auto s =
              usage->bind(1, user_number).bind(2, iban).bind(3, limit_day).bind(4, eur_minor).run();
          !s) {
        return tl::unexpected(s.error());
      }
    }
    if (auto s = read_remaining(db, c); !s) return tl::unexpected(s.error());
    if (c.remaining_accepted == 0) {  // a held file with nothing left to sign
      auto close = db.prepare(kCloseHeld);
      if (!close) return tl::unexpected(close.error());
      if (auto s = close->bind(1, message_id).bind(2, at).run(); !s)
        return tl::unexpected(s.error());
    }
    if (auto s = read_authorisation_state(db, c); !s) return tl::unexpected(s.error());

    if (c.cancelled > 0) {
      auto answer = report(c);
      if (!answer) return tl::unexpected(answer.error());
      auto delivered =
          insert_mailbox_item(db, user_number, answer->first, message_id, answer->second, at);
      if (!delivered) return tl::unexpected(delivered.error());
      auto latest = db.prepare(kAnswer);
      if (!latest) return tl::unexpected(latest.error());
      if (auto s = latest->bind(1, message_id).bind(2, *delivered).run(); !s) {
        return tl::unexpected(s.error());
      }
      if (c.remaining_accepted == 0 && c.executed == 0) {
        auto reject = db.prepare(kRejectMessage);
        if (!reject) return tl::unexpected(reject.error());
        if (auto s = reject->bind(1, message_id).run(); !s) return tl::unexpected(s.error());
      }
      nlohmann::json detail = {{"cancelled", c.cancelled},
                               {"asked", end_to_end_ids.empty() ? "all" : "some"},
                               {"remaining_accepted", c.remaining_accepted}};
      if (signature != nullptr) {
        auto kept = db.prepare(kSignature);
        if (!kept) return tl::unexpected(kept.error());
        kept->bind(1, message_id)
            .bind(2, signature->personal_code)
            .bind(3, signature->signer_name)
            .bind(4, signature->statement)
            .bind_blob(5, signature->cms)
            .bind(6, signature->certificate_pem)
            .bind(7, signature->certificate_serial)
            .bind(8, signature->certificate_issuer)
            .bind(9, c.cancelled)
            .bind(10, at);
        if (auto s = kept->run(); !s) return tl::unexpected(s.error());
        detail["signer"] = signature->personal_code;
        detail["certificate_serial"] = signature->certificate_serial;
      }
      if (auto s = audit(db, actor, "payments.cancel", std::to_string(message_id), detail); !s) {
        return tl::unexpected(s.error());
      }
    }
    return read;
  });
}

}  // namespace gw::store
