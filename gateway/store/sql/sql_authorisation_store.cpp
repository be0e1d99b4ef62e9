#include "store/sql/sql_authorisation_store.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "store/sql/daily_usage_sql.h"
#include "store/sql/row_helpers.h"

namespace gw::store {
namespace {

constexpr std::string_view kFileColumns =
    "SELECT a.message_id, a.user_number, m.message_type, coalesce(m.msg_id, ''), "
    "m.content_sha256, m.received_at, m.transactions, m.accepted, m.group_status, "
    "a.signatures_required, a.state, a.usage_date, a.expires_at, a.created_at, "
    "coalesce(a.closed_at, ''), coalesce(a.reason, ''), a.deadline_moves, "
    "coalesce((SELECT ap.language FROM applications ap WHERE ap.user_number = a.user_number "
    "ORDER BY ap.id DESC LIMIT 1), 'en') "
    "FROM authorisations a JOIN messages m ON m.id = a.message_id ";
// A block's payments accepted at upload (decision ACTC), whatever came
// after; and the EUR equivalents of those still ACTC (for the limits).
constexpr std::string_view kBlocks =
    "SELECT * FROM (SELECT b.id, b.pmt_inf_id, b.debtor_iban, b.requested_execution_date, "
    "b.status, sum(CASE WHEN p.decision = 'ACTC' THEN 1 ELSE 0 END) AS accepted, "
    "coalesce(b.service_level, '') AS service_level, "
    "coalesce(b.execution_date, b.requested_execution_date) AS execution_date, "
    "coalesce(sum(CASE WHEN p.status = 'ACTC' THEN p.eur_minor END), 0) AS remaining_eur, "
    "coalesce(max(CASE WHEN p.status = 'ACTC' THEN p.eur_minor END), 0) AS largest_eur "
    "FROM payment_blocks b JOIN payments p ON p.id BETWEEN b.first_payment_id AND "
    "b.last_payment_id WHERE b.message_id = ?1 GROUP BY b.id, b.pmt_inf_id, b.debtor_iban, "
    "b.requested_execution_date, b.status, b.service_level, b.execution_date) AS blocks "
    "WHERE accepted > 0 ORDER BY id";
constexpr std::string_view kTotals =
    "SELECT p.currency, count(*), sum(p.amount_minor) FROM payment_blocks b "
    "JOIN payments p ON p.id BETWEEN b.first_payment_id AND b.last_payment_id "
    "WHERE b.message_id = ?1 AND p.decision = 'ACTC' GROUP BY p.currency ORDER BY p.currency";
constexpr std::string_view kRemaining =
    "SELECT count(*) FROM payment_blocks b JOIN payments p ON p.id BETWEEN b.first_payment_id "
    "AND b.last_payment_id WHERE b.message_id = ?1 AND p.status = 'ACTC'";
// Our CA's signer certificates are registered by serial; an external one's
// revocation is its CRL's business, checked when it signs.
constexpr std::string_view kSignatures =
    "SELECT s.personal_code, s.signer_name, s.level, s.decision, s.certificate_serial, "
    "s.certificate_issuer, s.signed_at, s.method, CASE WHEN EXISTS (SELECT 1 FROM "
    "signer_certificates c WHERE c.serial = s.certificate_serial AND c.revoked_at IS NOT NULL) "
    "THEN 1 ELSE 0 END FROM file_signatures s WHERE s.message_id = ?1 ORDER BY s.id";
// A block rejected at upload (RJCT: none of its payments accepted; kBlocks
// leaves it out of a file's blocks as having none accepted) has nothing to
// sign for: its account does not make a signer.
constexpr std::string_view kWaiting =
    "SELECT a.message_id, a.expires_at, m.transactions, b.debtor_iban "
    "FROM authorisations a JOIN messages m ON m.id = a.message_id "
    "LEFT JOIN payment_blocks b ON b.message_id = a.message_id AND b.status <> 'RJCT' "
    "WHERE a.user_number = ?1 AND a.state = 'waiting' "
    "ORDER BY a.expires_at, a.message_id, b.id";
constexpr std::string_view kDue =
    "SELECT user_number, message_id FROM authorisations WHERE state = 'waiting' "
    "AND expires_at <= ?1 ORDER BY expires_at LIMIT ?2";
constexpr std::string_view kInsertSignature =
    "INSERT INTO file_signatures(message_id, personal_code, signer_name, level, decision, "
    "statement, cms, certificate_pem, certificate_serial, certificate_issuer, signed_at, method) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
constexpr std::string_view kRelease =
    "INSERT INTO ledger_queue(block_id, enqueued_at) SELECT id, ?2 FROM payment_blocks "
    "WHERE message_id = ?1 AND status <> 'RJCT' ORDER BY id";
constexpr std::string_view kClose =
    "UPDATE authorisations SET state = ?2, closed_at = ?3, reason = ?4 "
    "WHERE message_id = ?1 AND state = 'waiting'";
constexpr std::string_view kUsageToGiveBack =
    "SELECT b.debtor_iban, sum(p.eur_minor) FROM payment_blocks b "
    "JOIN payments p ON p.id BETWEEN b.first_payment_id AND b.last_payment_id "
    "WHERE b.message_id = ?1 AND b.status <> 'RJCT' AND p.status = 'ACTC' "
    "GROUP BY b.debtor_iban";
constexpr std::string_view kRejectPayments =
    "UPDATE payments SET status = 'RJCT', reason = ?2 WHERE status = 'ACTC' AND id IN "
    "(SELECT p.id FROM payment_blocks b JOIN payments p ON p.id BETWEEN b.first_payment_id "
    "AND b.last_payment_id WHERE b.message_id = ?1)";
constexpr std::string_view kRejectBlocks =
    "UPDATE payment_blocks SET status = 'RJCT', reason = ?2 WHERE message_id = ?1 "
    "AND status <> 'RJCT'";
constexpr std::string_view kRejectMessage =
    "UPDATE messages SET group_status = 'RJCT', accepted = 0, accepted_eur_minor = 0 "
    "WHERE id = ?1";
constexpr std::string_view kExecutionDate =
    "UPDATE payment_blocks SET execution_date = nullif(?2, requested_execution_date) "
    "WHERE id = ?1";
constexpr std::string_view kMoveDeadline =
    "UPDATE authorisations SET expires_at = ?2, deadline_moves = deadline_moves + 1 "
    "WHERE message_id = ?1 AND state = 'waiting'";
constexpr std::string_view kDayLimits =
    "SELECT c.iban, c.single_limit_eur, c.daily_limit_eur, coalesce(u.eur_minor, 0) "
    "FROM limit_changes c LEFT JOIN daily_usage u ON u.user_number = c.user_number "
    "AND u.iban = c.iban AND u.riga_date = c.on_date "
    "WHERE c.user_number = ?1 AND c.on_date = ?2 ORDER BY c.iban";
constexpr std::string_view kAnswer = "UPDATE messages SET answer_id = ?2 WHERE id = ?1";

HeldFile read_file(const Statement& s) {
  HeldFile f;
  f.message_id = s.column_int(0);
  f.user_number = s.column_int(1);
  f.message_type = s.column_text(2);
  f.msg_id = s.column_text(3);
  f.content_sha256 = s.column_text(4);
  f.received_at = s.column_text(5);
  f.transactions = s.column_int(6);
  f.accepted = s.column_int(7);
  f.accepted_status = s.column_text(8);
  f.signatures_required = static_cast<int>(s.column_int(9));
  f.state = s.column_text(10);
  f.usage_date = s.column_text(11);
  f.expires_at = s.column_text(12);
  f.created_at = s.column_text(13);
  f.closed_at = s.column_text(14);
  f.reason = s.column_text(15);
  f.deadline_moves = static_cast<int>(s.column_int(16));
  f.language = parse_language(s.column_text(17)).value_or(Language::kEnglish);
  return f;
}

Status fill_details(Database& db, HeldFile& f) {
  auto blocks = db.prepare(kBlocks);
  if (!blocks) return tl::unexpected(blocks.error());
  blocks->bind(1, f.message_id);
  auto b = collect<HeldBlock>(*blocks, [](const Statement& s) {
    return HeldBlock{s.column_int(0),  s.column_text(1), s.column_text(2), s.column_text(3),
                     s.column_text(4), s.column_int(5),  s.column_text(6), s.column_text(7),
                     s.column_int(8),  s.column_int(9)};
  });
  if (!b) return tl::unexpected(b.error());
  f.blocks = std::move(*b);
  auto totals = db.prepare(kTotals);
  if (!totals) return tl::unexpected(totals.error());
  totals->bind(1, f.message_id);
  auto t = collect<CurrencyTotal>(*totals, [](const Statement& s) {
    return CurrencyTotal{s.column_text(0), s.column_int(1), s.column_int(2)};
  });
  if (!t) return tl::unexpected(t.error());
  f.totals = std::move(*t);
  // What was accepted at upload, also after a rejection emptied messages.accepted.
  f.accepted = 0;
  for (const auto& total : f.totals) f.accepted += total.payments;
  auto remaining = db.prepare(kRemaining);
  if (!remaining) return tl::unexpected(remaining.error());
  auto counted = remaining->bind(1, f.message_id).step();
  if (!counted) return tl::unexpected(counted.error());
  f.remaining = remaining->column_int(0);
  auto signatures = db.prepare(kSignatures);
  if (!signatures) return tl::unexpected(signatures.error());
  signatures->bind(1, f.message_id);
  auto g = collect<FileSignature>(*signatures, [](const Statement& s) {
    return FileSignature{s.column_text(0), s.column_text(1), static_cast<int>(s.column_int(2)),
                         s.column_text(3), s.column_text(4), s.column_text(5),
                         s.column_text(6), s.column_text(7), s.column_int(8) != 0};
  });
  if (!g) return tl::unexpected(g.error());
  f.signatures = std::move(*g);
  return ok();
}

Result<std::optional<HeldFile>> one_file(Database& db, std::int64_t user_number,
                                         std::int64_t message_id) {
  auto stmt =
      db.prepare(std::string(kFileColumns) + "WHERE a.message_id = ?1 AND a.user_number = ?2");
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->bind(1, message_id).bind(2, user_number).step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<HeldFile>{};
  HeldFile f = read_file(*stmt);
  if (auto s = fill_details(db, f); !s) return tl::unexpected(s.error());
  return std::optional<HeldFile>(std::move(f));
}

Status run(Database& db, std::string_view sql, const std::function<void(Statement&)>& bind) {
  auto stmt = db.prepare(sql);
  if (!stmt) return tl::unexpected(stmt.error());
  bind(*stmt);
  return stmt->run();
}

Status reject_file(Database& db, const HeldFile& f, const FileDecision& d) {
  auto usage = db.prepare(kUsageToGiveBack);
  if (!usage) return tl::unexpected(usage.error());
  usage->bind(1, f.message_id);
  auto amounts = collect<std::pair<std::string, std::int64_t>>(*usage, [](const Statement& s) {
    return std::pair{s.column_text(0), s.column_int(1)};
  });
  if (!amounts) return tl::unexpected(amounts.error());
  for (const auto& amount : *amounts) {
    if (auto s = run(db, kGiveBackUsage,
                     [&](Statement& st) {
                       st.bind(1, f.user_number)
                           .bind(2, amount.first)
                           .bind(3, f.usage_date)
                           .bind(4, amount.second);
                     });
        !s) {
      return s;
    }
  }
  if (auto s = run(db, kRejectPayments,
                   [&](Statement& st) { st.bind(1, f.message_id).bind(2, d.reason); });
      !s) {
    return s;
  }
  if (auto s = run(db, kRejectBlocks,
                   [&](Statement& st) { st.bind(1, f.message_id).bind(2, d.reason); });
      !s) {
    return s;
  }
  return run(db, kRejectMessage, [&](Statement& st) { st.bind(1, f.message_id); });
}

Status record(Database& db, const HeldFile& f, const FileDecision& d) {
  if (d.signature) {
    const FileSignature& g = d.signature->signature;
    if (auto s = run(db, kInsertSignature,
                     [&](Statement& st) {
                       st.bind(1, f.message_id)
                           .bind(2, g.personal_code)
                           .bind(3, g.signer_name)
                           .bind(4, static_cast<std::int64_t>(g.level))
                           .bind(5, g.decision)
                           .bind(6, d.signature->statement)
                           .bind_blob(7, d.signature->cms)
                           .bind(8, d.signature->certificate_pem)
                           .bind(9, g.certificate_serial)
                           .bind(10, g.certificate_issuer)
                           .bind(11, g.signed_at)
                           .bind(12, g.method);
                     });
        !s) {
      return s;
    }
    const std::string actor = fmt::format("signer-{}", g.personal_code);
    if (auto s = audit(db, actor, fmt::format("authorisation.{}", g.decision),
                       std::to_string(f.message_id),
                       {{"level", g.level},
                        {"method", g.method},
                        {"certificate_serial", g.certificate_serial},
                        {"certificate_issuer", g.certificate_issuer}});
        !s) {
      return s;
    }
  }
  if (!d.new_expires_at.empty()) {
    if (auto s = run(db, kMoveDeadline,
                     [&](Statement& st) { st.bind(1, f.message_id).bind(2, d.new_expires_at); });
        !s) {
      return s;
    }
    return audit(db, "gateway", "authorisation.deadline_moved", std::to_string(f.message_id),
                 {{"from", f.expires_at}, {"to", d.new_expires_at}});
  }
  if (d.effect == FileDecision::Effect::kNone) return ok();
  const bool release = d.effect == FileDecision::Effect::kRelease;
  if (release) {
    for (const auto& [block_id, day] : d.execution_dates) {
      if (auto s =
              run(db, kExecutionDate,
                  [&, id = block_id, &date = day](Statement& st) { st.bind(1, id).bind(2, date); });
          !s) {
        return s;
      }
    }
    if (auto s = run(db, kRelease, [&](Statement& st) { st.bind(1, f.message_id).bind(2, d.at); });
        !s) {
      return s;
    }
    for (const auto& [iban, eur_minor] : d.usage_added) {
      if (auto s =
              run(db, kAddDailyUsage,
                  [&, &account = iban, amount = eur_minor](Statement& st) {
                    st.bind(1, f.user_number).bind(2, account).bind(3, d.usage_day).bind(4, amount);
                  });
          !s) {
        return s;
      }
    }
  } else if (auto s = reject_file(db, f, d); !s) {
    return s;
  }
  const std::string state = release ? "released" : d.closed_state;
  if (auto s = run(db, kClose,
                   [&](Statement& st) {
                     st.bind(1, f.message_id).bind(2, state).bind(3, d.at);
                     if (release) {
                       st.bind_null(4);
                     } else {
                       st.bind(4, d.reason);
                     }
                   });
      !s) {
    return s;
  }
  if (db.changes() != 1) {
    return fail(ErrorCode::kInternal, fmt::format("file {} left waiting twice", f.message_id));
  }
  auto answer =
      insert_mailbox_item(db, f.user_number, d.pain002_type, f.message_id, d.pain002, d.at);
  if (!answer) return tl::unexpected(answer.error());
  if (auto s = run(db, kAnswer, [&](Statement& st) { st.bind(1, f.message_id).bind(2, *answer); });
      !s) {
    return s;
  }
  return audit(db, "gateway", fmt::format("authorisation.{}", state), std::to_string(f.message_id),
               {{"reason", d.reason}, {"signatures", f.signatures.size() + (d.signature ? 1 : 0)}});
}

}  // namespace

Result<HeldFilePage> SqlAuthorisationStore::files(std::int64_t user_number, bool waiting_only,
                                                  std::int64_t before_id, int limit) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt =
      (*db)->prepare(std::string(kFileColumns) +
                     "WHERE a.user_number = ?1 AND (?2 = 0 OR a.state = 'waiting') AND (?3 = 0 OR "
                     "a.message_id < ?3) ORDER BY a.message_id DESC LIMIT ?4");
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, user_number)
      .bind(2, std::int64_t{waiting_only ? 1 : 0})
      .bind(3, before_id)
      .bind(4, std::int64_t{limit} + 1);  // one more: do older ones follow?
  auto rows = collect<HeldFile>(*stmt, read_file);
  if (!rows) return tl::unexpected(rows.error());
  HeldFilePage page;
  std::int64_t payments = 0;
  for (auto& f : *rows) {
    const bool over = !page.files.empty() && payments + f.transactions > kPaymentsPerPage;
    if (static_cast<int>(page.files.size()) == limit || over) {
      page.more = true;
      break;
    }
    payments += f.transactions;
    if (auto s = fill_details(**db, f); !s) return tl::unexpected(s.error());
    page.files.push_back(std::move(f));
  }
  return page;
}

Result<std::optional<HeldFile>> SqlAuthorisationStore::file(std::int64_t user_number,
                                                            std::int64_t message_id) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  return one_file(**db, user_number, message_id);
}

Result<std::vector<WaitingFile>> SqlAuthorisationStore::waiting(std::int64_t user_number) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kWaiting);
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, user_number);
  std::vector<WaitingFile> files;
  for (;;) {
    auto row = stmt->step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) break;
    const std::int64_t message_id = stmt->column_int(0);
    if (files.empty() || files.back().message_id != message_id) {
      files.push_back({message_id, user_number, stmt->column_text(1), stmt->column_int(2), {}});
    }
    if (!stmt->column_is_null(3)) files.back().debtor_ibans.push_back(stmt->column_text(3));
  }
  return files;
}

Result<std::vector<std::string>> SqlAuthorisationStore::closed_days() {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  return store::closed_days(**db);
}

Result<std::vector<DueFile>> SqlAuthorisationStore::due(const std::string& now, int limit) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kDue);
  if (!stmt) return tl::unexpected(stmt.error());
  stmt->bind(1, now).bind(2, std::int64_t{limit});
  return collect<DueFile>(*stmt, [](const Statement& s) {
    return DueFile{s.column_int(0), s.column_int(1)};
  });
}

Result<DecidedFile> SqlAuthorisationStore::decide(std::int64_t user_number, std::int64_t message_id,
                                                  const std::string& limit_day,
                                                  const Decide& decide) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  // `decide` reads only the file it is given: it may run again after a conflict.
  return in_write_transaction(**db, [&](Database& conn) -> Result<DecidedFile> {
    auto before = one_file(conn, user_number, message_id);
    if (!before) return tl::unexpected(before.error());
    if (!*before) {
      return fail(ErrorCode::kNotFound, fmt::format("no file {} waits for signatures", message_id));
    }
    auto version = credential_version(conn);
    if (!version) return tl::unexpected(version.error());
    (*before)->credential_version = *version;
    auto limits = conn.prepare(kDayLimits);
    if (!limits) return tl::unexpected(limits.error());
    limits->bind(1, user_number).bind(2, limit_day);
    auto day_limits = collect<DayLimits>(*limits, [](const Statement& s) {
      return DayLimits{s.column_text(0), s.column_int(1), s.column_int(2), s.column_int(3)};
    });
    if (!day_limits) return tl::unexpected(day_limits.error());
    (*before)->day_limits = std::move(*day_limits);
    const FileDecision decision = decide(**before);
    if (decision.refusal) return DecidedFile{decision.refusal, std::move(**before)};
    if (decision.signature) {
      const FileSignature& s = decision.signature->signature;
      auto revoked = signer_certificate_revoked(conn, s.certificate_serial);
      if (!revoked) return tl::unexpected(revoked.error());
      if (*revoked) {
        return DecidedFile{
            DecisionRefusal{"certificate_revoked", "DS0C",
                            fmt::format("signing certificate {} was revoked while the signature "
                                        "was on its way",
                                        s.certificate_serial)},
            std::move(**before)};
      }
    }
    if (auto s = record(conn, **before, decision); !s) return tl::unexpected(s.error());
    auto after = one_file(conn, user_number, message_id);
    if (!after) return tl::unexpected(after.error());
    return DecidedFile{std::nullopt, std::move(**after)};
  });
}

}  // namespace gw::store
