#include "store/sql/sql_application_store.h"

#include <fmt/format.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "calendar/riga_time.h"
#include "core/person_name.h"
#include "store/sql/row_helpers.h"

namespace gw::store {
namespace {

constexpr std::string_view kSelectInstitution =
    "SELECT id, name FROM institutions WHERE registration_number = ?1";
constexpr std::string_view kInsertInstitution =
    "INSERT INTO institutions(registration_number, name) VALUES (?1, ?2) RETURNING id";
constexpr std::string_view kSelectUserInstitution =
    "SELECT institution_id FROM users WHERE user_number = ?1";
constexpr std::string_view kInsertUser =
    "INSERT INTO users(institution_id, display_name) VALUES (?1, ?2) RETURNING user_number";
constexpr std::string_view kSelectAccountOwner =
    "SELECT a.iban, i.registration_number, a.state FROM accounts a "
    "JOIN institutions i ON i.id = a.institution_id WHERE a.iban = ?1";
constexpr std::string_view kReplaceCurrent =
    "UPDATE applications SET replaced_at = ?2 "
    "WHERE user_number = ?1 AND replaced_at IS NULL AND terminated_at IS NULL";
constexpr std::string_view kInsertApplication =
    "INSERT INTO applications(user_number, registered_at, valid_until, contact_first_name, "
    "contact_last_name, contact_personal_code, contact_phone, contact_email, signer, preparer, "
    "document, all_or_nothing, language, preparer_phone, preparer_email, report_version) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) RETURNING id";
constexpr std::string_view kInsertGrant =
    "INSERT INTO application_accounts(application_id, iban, access_mode, single_limit_eur, "
    "daily_limit_eur, permission_ref, signatures_required, notifications, legal_basis) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
// Notifications of an account start at its last journal line (no backlog)
// and keep their mark while the user's applications go on asking for them.
constexpr std::string_view kStopNotifications =
    "DELETE FROM notification_marks WHERE user_number = ?1 AND iban NOT IN "
    "(SELECT iban FROM application_accounts WHERE application_id = ?2 AND notifications = 1)";
constexpr std::string_view kStartNotifications =
    "INSERT INTO notification_marks(user_number, iban, notified_line) "
    "SELECT ?1, g.iban, coalesce((SELECT max(l.id) FROM journal_lines l "
    "WHERE l.account = g.iban), 0) FROM application_accounts g "
    "WHERE g.application_id = ?2 AND g.notifications = 1 "
    "ON CONFLICT (user_number, iban) DO NOTHING";
constexpr std::string_view kInsertSigner =
    "INSERT INTO application_signers(application_id, personal_code, name, iban, level) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr std::string_view kSelectSigners =
    "SELECT personal_code, name, iban, level FROM application_signers WHERE application_id = ?1 "
    "ORDER BY personal_code, iban";
constexpr std::string_view kInsertSource =
    "INSERT INTO application_sources(application_id, source) VALUES (?1, ?2)";
constexpr std::string_view kApplicationColumns =
    "SELECT id, user_number, registered_at, valid_until, replaced_at, terminated_at, "
    "contact_first_name, contact_last_name, contact_personal_code, contact_phone, "
    "contact_email, signer, preparer, all_or_nothing, language, preparer_phone, preparer_email, "
    "report_version FROM applications ";
constexpr std::string_view kSelectGrants =
    "SELECT g.iban, a.currency, a.state, g.access_mode, g.single_limit_eur, g.daily_limit_eur, "
    "g.permission_ref, g.signatures_required, g.notifications, g.legal_basis "
    "FROM application_accounts g "
    "JOIN accounts a ON a.iban = g.iban WHERE g.application_id = ?1 ORDER BY g.iban";
constexpr std::string_view kSelectSources =
    "SELECT source FROM application_sources WHERE application_id = ?1 ORDER BY source";
constexpr std::string_view kTerminate =
    "UPDATE applications SET terminated_at = ?2 "
    "WHERE user_number = ?1 AND replaced_at IS NULL AND terminated_at IS NULL";
constexpr std::string_view kRevokeAllCertificates =
    "UPDATE client_certificates SET revoked_at = ?2, "
    "revocation_reason = 'application terminated' WHERE user_number = ?1 "
    "AND (revoked_at IS NULL OR revoked_at > ?2)";  // a renewed one's overlap ends too
// A user's day limits from `?2` on that the new application `?3` does not
// cover: its account not in manage mode, or a limit above the application's.
constexpr std::string_view kDropDayLimits =
    "DELETE FROM limit_changes WHERE user_number = ?1 AND on_date >= ?2 AND NOT EXISTS ("
    "SELECT 1 FROM application_accounts g WHERE g.application_id = ?3 "
    "AND g.iban = limit_changes.iban AND g.access_mode = 'manage' "
    "AND (g.single_limit_eur IS NULL OR limit_changes.single_limit_eur <= g.single_limit_eur) "
    "AND (g.daily_limit_eur IS NULL OR limit_changes.daily_limit_eur <= g.daily_limit_eur))";
constexpr std::string_view kSelectManagedGrant =
    "SELECT g.single_limit_eur, g.daily_limit_eur FROM application_accounts g "
    "JOIN applications p ON p.id = g.application_id "
    "WHERE p.user_number = ?1 AND g.iban = ?2 AND g.access_mode = 'manage' "
    "AND p.replaced_at IS NULL AND p.terminated_at IS NULL";
constexpr std::string_view kUpsertLimitChange =
    "INSERT INTO limit_changes(user_number, iban, on_date, single_limit_eur, daily_limit_eur) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(user_number, iban, on_date) DO UPDATE SET "
    "single_limit_eur = excluded.single_limit_eur, daily_limit_eur = excluded.daily_limit_eur";
constexpr std::string_view kSelectLimitChange =
    "SELECT single_limit_eur, daily_limit_eur FROM limit_changes "
    "WHERE user_number = ?1 AND iban = ?2 AND on_date = ?3";

constexpr std::string_view kSelectProposal =
    "SELECT proposer_name, user_number, replaces_application_id, outcome, proposed_by, "
    "proposer_serial, CASE WHEN EXISTS (SELECT 1 FROM operator_certificates c "
    "WHERE c.serial = p.proposer_serial AND c.revoked_at IS NOT NULL) THEN 1 ELSE 0 END "
    "FROM application_proposals p WHERE p.id = ?1";
constexpr std::string_view kOperatorRevoked =
    "SELECT count(*) FROM operator_certificates WHERE serial = ?1 AND revoked_at IS NOT NULL";
constexpr std::string_view kSelectNewest =
    "SELECT id, terminated_at FROM applications WHERE user_number = ?1 ORDER BY id DESC LIMIT 1";
constexpr std::string_view kSettleProposal =
    "UPDATE application_proposals SET outcome = 'registered', decided_by = ?2, decided_at = ?3, "
    "registered_user = ?4 WHERE id = ?1 AND outcome IS NULL";

// Whether `application_id` is the user's newest application and in force
// (not terminated): what a replacement filled from it may replace.
Result<bool> is_current_application(Database& db, std::int64_t user, std::int64_t application_id) {
  auto newest = db.prepare(kSelectNewest);
  if (!newest) return tl::unexpected(newest.error());
  auto found = newest->bind(1, user).step();
  if (!found) return tl::unexpected(found.error());
  const bool same = *found && newest->column_int(0) == application_id && newest->column_is_null(1);
  if (auto end = newest->step(); !end) return tl::unexpected(end.error());
  return same;
}

// The waiting proposal a registration approves, checked in its transaction;
// returns its proposer (the audit actor).
Result<std::string> check_approval(Database& db, const NewApplication& app) {
  const NewApplication::Approval& approval = *app.approval;
  const std::int64_t id = approval.proposal_id;
  auto proposal = db.prepare(kSelectProposal);
  if (!proposal) return tl::unexpected(proposal.error());
  auto row = proposal->bind(1, id).step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) {
    return fail(ErrorCode::kNotFound, fmt::format("no proposal {}", id),
                fmt::format("priekšlikums {} nav atrasts", id));
  }
  // 0: none (user numbers and application ids start at 1).
  const std::string proposer = proposal->column_text(0);
  const std::int64_t user = proposal->column_is_null(1) ? 0 : proposal->column_int(1);
  const std::int64_t replaces = proposal->column_is_null(2) ? 0 : proposal->column_int(2);
  const bool decided = !proposal->column_is_null(3);
  const std::string proposed_by = proposal->column_text(4);
  const std::string proposer_serial = proposal->column_text(5);
  const bool proposer_revoked = proposal->column_int(6) != 0;
  if (auto end = proposal->step(); !end) return tl::unexpected(end.error());
  if (decided) {
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("proposal {} is not waiting: it was decided already", id),
                fmt::format("priekšlikums {} vairs negaida: par to jau ir lemts", id));
  }
  // A revocation says the certificate's holder, or whoever held its key, is
  // not to act as an operator: what they proposed is not approved either.
  if (proposer_revoked) {
    return fail(ErrorCode::kInvalidArgument,
                fmt::format("proposal {} was made with operator certificate {}, revoked since: "
                            "refuse it, and propose the application again if it is still wanted",
                            id, proposer_serial),
                fmt::format("priekšlikums {} iesniegts ar operatora sertifikātu {}, kas kopš tā "
                            "atsaukts: noraidiet to un, ja pieteikums joprojām vajadzīgs, "
                            "iesniedziet to vēlreiz",
                            id, proposer_serial));
  }
  if (comparable_name(proposer) == comparable_name(approval.approver_name)) {
    return fail(
        ErrorCode::kPermissionDenied,
        fmt::format("proposal {} was made by {}: another operator approves it", id, proposer),
        fmt::format("priekšlikumu {} iesniedza {}: to apstiprina cits operators", id, proposer));
  }
  if (user != app.user_number.value_or(0)) {
    return fail(ErrorCode::kInternal, fmt::format("proposal {} is for another user", id));
  }
  if (user != 0) {
    auto same = is_current_application(db, user, replaces);
    if (!same) return tl::unexpected(same.error());
    if (!*same) {
      return fail(
          ErrorCode::kInvalidArgument,
          fmt::format("user {}'s application changed after proposal {} was made: propose the "
                      "replacement again from the current application",
                      user, id),
          fmt::format("lietotāja {} pieteikums mainījās pēc priekšlikuma {}: iesniedziet "
                      "aizstājēju vēlreiz no spēkā esošā pieteikuma",
                      user, id));
    }
  }
  return proposed_by;
}

ApplicationRow read_application(const Statement& row) {
  ApplicationRow a;
  a.id = row.column_int(0);
  a.user_number = row.column_int(1);
  a.registered_at = row.column_text(2);
  a.valid_until = row.column_text(3);
  a.replaced_at = optional_text(row, 4);
  a.terminated_at = optional_text(row, 5);
  a.contact_first_name = row.column_text(6);
  a.contact_last_name = row.column_text(7);
  a.contact_personal_code = row.column_text(8);
  a.contact_phone = row.column_text(9);
  a.contact_email = row.column_text(10);
  a.signer = row.column_text(11);
  a.preparer = row.column_text(12);
  a.all_or_nothing = row.column_int(13) != 0;
  a.language = parse_language(row.column_text(14)).value_or(Language::kEnglish);
  a.preparer_phone = optional_text(row, 15);
  a.preparer_email = optional_text(row, 16);
  a.report_version = row.column_text(17);
  return a;
}

// Fills the accounts and sources of each application.
Status load_details(Database& db, std::vector<ApplicationRow>& apps) {
  for (auto& a : apps) {
    auto grants = db.prepare(kSelectGrants);
    if (!grants) return tl::unexpected(grants.error());
    grants->bind(1, a.id);
    std::string unknown;  // the columns' CHECKs admit only known modes and states
    auto rows = collect<policy::GrantedAccount>(*grants, [&unknown](const Statement& row) {
      policy::GrantedAccount g;
      g.iban = row.column_text(0);
      g.currency = row.column_text(1);
      const std::string state = row.column_text(2);
      const std::string mode = row.column_text(3);
      const auto parsed_state = parse_account_state(state);
      const auto parsed_mode = parse_account_mode(mode);
      if (!parsed_state) unknown += fmt::format(" account state '{}'", state);
      if (!parsed_mode) unknown += fmt::format(" access mode '{}'", mode);
      g.state = parsed_state.value_or(AccountState::kBlocked);
      g.mode = parsed_mode.value_or(AccountMode::kView);
      g.single_limit_eur = optional_int(row, 4);
      g.daily_limit_eur = optional_int(row, 5);
      g.permission_reference = optional_text(row, 6);
      g.signatures_required = static_cast<int>(row.column_int(7));
      g.notifications = row.column_int(8) != 0;
      g.legal_basis = optional_text(row, 9);
      return g;
    });
    if (!rows) return tl::unexpected(rows.error());
    if (!unknown.empty()) {
      return fail(ErrorCode::kStore,
                  fmt::format("application {} has an account with an unknown{}", a.id, unknown));
    }
    a.accounts = std::move(*rows);
    auto sources = db.prepare(kSelectSources);
    if (!sources) return tl::unexpected(sources.error());
    sources->bind(1, a.id);
    auto list =
        collect<std::string>(*sources, [](const Statement& row) { return row.column_text(0); });
    if (!list) return tl::unexpected(list.error());
    a.sources = std::move(*list);
    auto signers = db.prepare(kSelectSigners);
    if (!signers) return tl::unexpected(signers.error());
    signers->bind(1, a.id);
    for (;;) {
      auto row = signers->step();
      if (!row) return tl::unexpected(row.error());
      if (!*row) break;
      const std::string code = signers->column_text(0);
      if (a.payment_signers.empty() || a.payment_signers.back().personal_code != code) {
        a.payment_signers.push_back({signers->column_text(1), code, {}});
      }
      a.payment_signers.back().rights.push_back(
          {signers->column_text(2), static_cast<int>(signers->column_int(3))});
    }
  }
  return ok();
}

// `bind` gives the WHERE clause's parameters.
Result<std::vector<ApplicationRow>> select_applications(
    ConnectionPool& pool, std::string_view where,
    const std::function<void(Statement&)>& bind = [](Statement&) {}) {
  auto db = pool.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(std::string(kApplicationColumns) + std::string(where));
  if (!stmt) return tl::unexpected(stmt.error());
  bind(*stmt);
  auto apps = collect<ApplicationRow>(*stmt, read_application);
  if (!apps) return tl::unexpected(apps.error());
  if (auto s = load_details(**db, *apps); !s) return tl::unexpected(s.error());
  return apps;
}

// The institution's id, created with the application's name when new.
Result<std::int64_t> institution_for(Database& db, const std::string& actor,
                                     const NewApplication& app) {
  auto find = db.prepare(kSelectInstitution);
  if (!find) return tl::unexpected(find.error());
  auto row = find->bind(1, app.institution_registration_number).step();
  if (!row) return tl::unexpected(row.error());
  if (*row) {
    const std::int64_t id = find->column_int(0);
    const std::string registered_name = find->column_text(1);
    if (registered_name == app.institution_name) return id;
    if (!app.institution_renamed) {
      return fail(
          ErrorCode::kInvalidArgument,
          fmt::format("institution {} is registered as '{}', and this application names "
                      "'{}'; correct the name or, if the institution was renamed, tick \"The "
                      "institution has a new name\" (gatewayctl: --institution-renamed)",
                      app.institution_registration_number, registered_name, app.institution_name),
          fmt::format("iestāde {} ir reģistrēta kā '{}', bet šajā pieteikumā norādīta kā '{}'; "
                      "izlabojiet nosaukumu vai, ja iestāde ir pārdēvēta, atzīmējiet \"Iestādei "
                      "ir jauns nosaukums\" (gatewayctl: --institution-renamed)",
                      app.institution_registration_number, registered_name, app.institution_name));
    }
    auto rename = db.prepare("UPDATE institutions SET name = ?2 WHERE id = ?1");
    if (!rename) return tl::unexpected(rename.error());
    if (auto s = rename->bind(1, id).bind(2, app.institution_name).run(); !s) {
      return tl::unexpected(s.error());
    }
    if (auto s = audit(db, actor, "institution.rename", app.institution_registration_number,
                       {{"from", registered_name}, {"to", app.institution_name}});
        !s) {
      return tl::unexpected(s.error());
    }
    return id;
  }
  auto insert = db.prepare(kInsertInstitution);
  if (!insert) return tl::unexpected(insert.error());
  const auto inserted = inserted_id(
      insert->bind(1, app.institution_registration_number).bind(2, app.institution_name));
  if (!inserted) return tl::unexpected(inserted.error());
  const auto id = *inserted;
  if (auto s = audit(db, actor, "institution.add", app.institution_registration_number,
                     {{"name", app.institution_name}});
      !s) {
    return tl::unexpected(s.error());
  }
  return id;
}

// The console operator's certificate, checked in the registration's
// transaction: one revoked while the request waited for it registers nothing.
Status check_operator(Database& db, const std::string& serial) {
  auto stmt = db.prepare(kOperatorRevoked);
  if (!stmt) return tl::unexpected(stmt.error());
  auto counted = stmt->bind(1, serial).step();
  if (!counted) return tl::unexpected(counted.error());
  const bool revoked = stmt->column_int(0) != 0;
  if (auto end = stmt->step(); !end) return tl::unexpected(end.error());
  if (!revoked) return ok();
  return fail(ErrorCode::kPermissionDenied,
              fmt::format("operator certificate {} was revoked while the request was on its way: "
                          "nothing was registered",
                          serial),
              fmt::format("operatora sertifikāts {} tika atsaukts, kamēr pieprasījums bija ceļā: "
                          "nekas netika reģistrēts",
                          serial));
}

// Registers `app` in the caller's write transaction.
Result<Registration> register_in(Database& db, const std::string& actor, const NewApplication& app,
                                 const ApplicationStore::GrantCheck& grants_allowed) {
  if (!app.operator_serial.empty()) {
    if (auto s = check_operator(db, app.operator_serial); !s) return tl::unexpected(s.error());
  }
  std::optional<std::string> proposed_by;
  if (app.approval) {
    auto proposer = check_approval(db, app);
    if (!proposer) return tl::unexpected(proposer.error());
    proposed_by = std::move(*proposer);
  } else if (app.replaces_application_id && app.user_number) {
    auto same = is_current_application(db, *app.user_number, *app.replaces_application_id);
    if (!same) return tl::unexpected(same.error());
    if (!*same) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("user {}'s application changed after this form was opened: open "
                              "the replacement form again",
                              *app.user_number),
                  fmt::format("lietotāja {} pieteikums mainījās pēc šīs veidlapas atvēršanas: "
                              "atveriet aizstāšanas veidlapu vēlreiz",
                              *app.user_number));
    }
  }
  auto institution = institution_for(db, actor, app);
  if (!institution) return tl::unexpected(institution.error());

  std::vector<policy::RegisteredAccount> owners;
  for (const auto& grant : app.accounts) {
    auto stmt = db.prepare(kSelectAccountOwner);
    if (!stmt) return tl::unexpected(stmt.error());
    auto row = stmt->bind(1, grant.iban).step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) continue;
    const std::string state = stmt->column_text(2);
    const auto parsed = parse_account_state(state);
    if (!parsed) {
      return fail(ErrorCode::kStore,
                  fmt::format("account {} has an unknown state '{}'", grant.iban, state));
    }
    owners.push_back({stmt->column_text(0), stmt->column_text(1), *parsed});
  }
  if (auto s = grants_allowed(owners); !s) return tl::unexpected(s.error());

  Registration out;
  std::int64_t dropped_day_limits = 0;
  if (app.user_number) {
    auto user = db.prepare(kSelectUserInstitution);
    if (!user) return tl::unexpected(user.error());
    auto row = user->bind(1, *app.user_number).step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) {
      return fail(ErrorCode::kNotFound, fmt::format("no user {}", *app.user_number),
                  fmt::format("lietotājs {} nav atrasts", *app.user_number));
    }
    if (user->column_int(0) != *institution) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("user {} belongs to another institution", *app.user_number),
                  fmt::format("lietotājs {} pieder citai iestādei", *app.user_number));
    }
    out.user_number = *app.user_number;
    auto replace = db.prepare(kReplaceCurrent);
    if (!replace) return tl::unexpected(replace.error());
    if (auto s = replace->bind(1, out.user_number).bind(2, app.registered_at).run(); !s) {
      return tl::unexpected(s.error());
    }
    out.replaced = db.changes() > 0;
  } else {
    auto user = db.prepare(kInsertUser);
    if (!user) return tl::unexpected(user.error());
    const std::string name = fmt::format("{} {}", app.contact_first_name, app.contact_last_name);
    auto number = inserted_id(user->bind(1, *institution).bind(2, name));
    if (!number) return tl::unexpected(number.error());
    out.user_number = *number;
  }

  auto insert = db.prepare(kInsertApplication);
  if (!insert) return tl::unexpected(insert.error());
  insert->bind(1, out.user_number)
      .bind(2, app.registered_at)
      .bind(3, app.valid_until)
      .bind(4, app.contact_first_name)
      .bind(5, app.contact_last_name)
      .bind(6, app.contact_personal_code)
      .bind(7, app.contact_phone)
      .bind(8, app.contact_email)
      .bind(9, app.signer)
      .bind(10, app.preparer)
      .bind(11, app.document)
      .bind(12, std::int64_t{app.all_or_nothing ? 1 : 0})
      .bind(13, std::string(language_code(app.language)));
  bind_optional(*insert, 14, app.preparer_phone);
  bind_optional(*insert, 15, app.preparer_email);
  insert->bind(16, app.report_version);
  auto application_id = inserted_id(*insert);
  if (!application_id) return tl::unexpected(application_id.error());
  out.application_id = *application_id;
  for (const auto& grant : app.accounts) {
    auto stmt = db.prepare(kInsertGrant);
    if (!stmt) return tl::unexpected(stmt.error());
    stmt->bind(1, out.application_id).bind(2, grant.iban).bind(3, mode_name(grant.mode));
    bind_optional(*stmt, 4, grant.single_limit_eur);
    bind_optional(*stmt, 5, grant.daily_limit_eur);
    bind_optional(*stmt, 6, grant.permission_reference);
    stmt->bind(7, static_cast<std::int64_t>(grant.signatures_required));
    stmt->bind(8, std::int64_t{grant.notifications ? 1 : 0});
    bind_optional(*stmt, 9, grant.legal_basis);
    if (auto s = stmt->run(); !s) return tl::unexpected(s.error());
  }
  for (const auto& signer : app.payment_signers) {
    for (const auto& right : signer.rights) {
      auto stmt = db.prepare(kInsertSigner);
      if (!stmt) return tl::unexpected(stmt.error());
      if (auto s = stmt->bind(1, out.application_id)
                       .bind(2, signer.personal_code)
                       .bind(3, signer.name)
                       .bind(4, right.iban)
                       .bind(5, static_cast<std::int64_t>(right.level))
                       .run();
          !s) {
        return tl::unexpected(s.error());
      }
    }
  }
  for (const std::string_view sql : {kStopNotifications, kStartNotifications}) {
    auto stmt = db.prepare(sql);
    if (!stmt) return tl::unexpected(stmt.error());
    if (auto s = stmt->bind(1, out.user_number).bind(2, out.application_id).run(); !s) {
      return tl::unexpected(s.error());
    }
  }
  if (app.user_number) {
    // A new application replaces the old whole: a day limit set under the old
    // one outlives it only within the new one's limits (a lowered day stays
    // lowered; a raised one does not outlive a replacement that lowers them).
    auto drop = db.prepare(kDropDayLimits);
    if (!drop) return tl::unexpected(drop.error());
    const std::string today = format_iso_date(riga_date(std::chrono::system_clock::now()));
    if (auto s = drop->bind(1, out.user_number).bind(2, today).bind(3, out.application_id).run();
        !s) {
      return tl::unexpected(s.error());
    }
    dropped_day_limits = db.changes();
  }
  for (const auto& source : app.sources) {
    auto stmt = db.prepare(kInsertSource);
    if (!stmt) return tl::unexpected(stmt.error());
    if (auto s = stmt->bind(1, out.application_id).bind(2, source).run(); !s) {
      return tl::unexpected(s.error());
    }
  }
  nlohmann::json detail = {{"application_id", out.application_id},
                           {"valid_until", app.valid_until},
                           {"accounts", app.accounts.size()}};
  if (dropped_day_limits > 0) detail["day_limits_dropped"] = dropped_day_limits;
  if (app.approval) {
    auto settle = db.prepare(kSettleProposal);
    if (!settle) return tl::unexpected(settle.error());
    if (auto s = settle->bind(1, app.approval->proposal_id)
                     .bind(2, actor)
                     .bind(3, utc_now_millis())
                     .bind(4, out.user_number)
                     .run();
        !s) {
      return tl::unexpected(s.error());
    }
    if (db.changes() != 1) {  // check_approval saw it waiting in this transaction
      return fail(ErrorCode::kInternal, fmt::format("proposal {} was decided during its approval",
                                                    app.approval->proposal_id));
    }
    detail["proposal"] = app.approval->proposal_id;
    detail["proposed_by"] = *proposed_by;
  }
  if (auto s = audit(db, actor, out.replaced ? "application.replace" : "application.register",
                     std::to_string(out.user_number), detail);
      !s) {
    return tl::unexpected(s.error());
  }
  return out;
}

}  // namespace

Result<Registration> SqlApplicationStore::register_application(const std::string& actor,
                                                               const NewApplication& app,
                                                               const GrantCheck& grants_allowed) {
  return audited(pool_, [&](Database& db) { return register_in(db, actor, app, grants_allowed); });
}

Status SqlApplicationStore::check_registration(const NewApplication& app,
                                               const GrantCheck& grants_allowed) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto trial = in_trial_transaction(
      **db, [&](Database& d) { return register_in(d, "check", app, grants_allowed); });
  if (!trial) return tl::unexpected(trial.error());
  return ok();
}

Result<std::optional<ApplicationRow>> SqlApplicationStore::latest(std::int64_t user_number) {
  auto apps = select_applications(pool_, "WHERE user_number = ?1 ORDER BY id DESC LIMIT 1",
                                  [&](Statement& st) { st.bind(1, user_number); });
  if (!apps) return tl::unexpected(apps.error());
  if (apps->empty()) return std::optional<ApplicationRow>{};
  return std::optional<ApplicationRow>{std::move(apps->front())};
}

Result<std::vector<ApplicationRow>> SqlApplicationStore::history(std::int64_t user_number) {
  return select_applications(pool_, "WHERE user_number = ?1 ORDER BY id",
                             [&](Statement& st) { st.bind(1, user_number); });
}

Result<std::vector<ApplicationRow>> SqlApplicationStore::current_all() {
  return select_applications(
      pool_, "WHERE replaced_at IS NULL AND terminated_at IS NULL ORDER BY user_number");
}

Result<std::vector<ApplicationRow>> SqlApplicationStore::current_signed_by(
    const std::string& personal_code) {
  return select_applications(pool_,
                             "WHERE replaced_at IS NULL AND terminated_at IS NULL AND id IN "
                             "(SELECT application_id FROM application_signers "
                             "WHERE personal_code = ?1) ORDER BY user_number",
                             [&](Statement& st) { st.bind(1, personal_code); });
}

Status SqlApplicationStore::terminate(const std::string& actor, std::int64_t user_number) {
  return audited(pool_, [&](Database& db) -> Status {
    auto end = db.prepare(kTerminate);
    if (!end) return tl::unexpected(end.error());
    if (auto s = end->bind(1, user_number).bind(2, utc_now_seconds()).run(); !s) return s;
    if (db.changes() == 0) {
      return fail(ErrorCode::kNotFound,
                  fmt::format("user {} has no current application", user_number),
                  fmt::format("lietotājam {} nav spēkā esoša pieteikuma", user_number));
    }
    auto revoke = db.prepare(kRevokeAllCertificates);
    if (!revoke) return tl::unexpected(revoke.error());
    if (auto s = revoke->bind(1, user_number).bind(2, utc_now_millis()).run(); !s) return s;
    return audit(db, actor, "application.terminate", std::to_string(user_number),
                 {{"certificates_revoked", db.changes()}});
  });
}

Status SqlApplicationStore::set_limit_change(const std::string& actor, std::int64_t user_number,
                                             const std::string& iban, const std::string& on_date,
                                             policy::LimitChange limits, bool within_application) {
  return audited(pool_, [&](Database& db) -> Status {
    auto managed = db.prepare(kSelectManagedGrant);
    if (!managed) return tl::unexpected(managed.error());
    auto row = managed->bind(1, user_number).bind(2, iban).step();
    if (!row) return tl::unexpected(row.error());
    if (!*row) {
      return fail(
          ErrorCode::kInvalidArgument,
          fmt::format("user {} has no manage access to {} in a current application", user_number,
                      iban),
          fmt::format("lietotājam {} spēkā esošajā pieteikumā nav konta {} pārvaldības tiesību",
                      user_number, iban));
    }
    const auto single = optional_int(*managed, 0);
    const auto daily = optional_int(*managed, 1);
    if (auto end = managed->step(); !end) return tl::unexpected(end.error());
    const auto above = [](std::int64_t wanted, const std::optional<std::int64_t>& limit) {
      return limit && wanted > *limit;
    };
    if (within_application &&
        (above(limits.single_limit_eur, single) || above(limits.daily_limit_eur, daily))) {
      const auto shown = [](const std::optional<std::int64_t>& v) {
        return v ? std::to_string(*v) : std::string("-");
      };
      return fail(ErrorCode::kPermissionDenied,
                  fmt::format("limits above the application's need a second operator: propose a "
                              "replacement application with them (the application's limits for "
                              "{} are {} / {} EUR)",
                              iban, shown(single), shown(daily)),
                  fmt::format("limitiem, kas augstāki par pieteikumā noteiktajiem, vajadzīgs otrs "
                              "operators: iesniedziet aizstājēju pieteikumu ar tiem (pieteikuma "
                              "limiti kontam {} ir {} / {} EUR)",
                              iban, shown(single), shown(daily)));
    }
    auto upsert = db.prepare(kUpsertLimitChange);
    if (!upsert) return tl::unexpected(upsert.error());
    if (auto s = upsert->bind(1, user_number)
                     .bind(2, iban)
                     .bind(3, on_date)
                     .bind(4, limits.single_limit_eur)
                     .bind(5, limits.daily_limit_eur)
                     .run();
        !s) {
      return s;
    }
    return audit(db, actor, "application.limit_change", std::to_string(user_number),
                 {{"iban", iban},
                  {"date", on_date},
                  {"single_limit_eur", limits.single_limit_eur},
                  {"daily_limit_eur", limits.daily_limit_eur}});
  });
}

Result<std::optional<policy::LimitChange>> SqlApplicationStore::limit_change(
    std::int64_t user_number, const std::string& iban, const std::string& on_date) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(kSelectLimitChange);
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->bind(1, user_number).bind(2, iban).bind(3, on_date).step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<policy::LimitChange>{};
  return std::optional<policy::LimitChange>{
      policy::LimitChange{stmt->column_int(0), stmt->column_int(1)}};
}

}  // namespace gw::store
