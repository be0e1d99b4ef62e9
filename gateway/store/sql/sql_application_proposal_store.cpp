#include "store/sql/sql_application_proposal_store.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "store/sql/row_helpers.h"

namespace gw::store {
namespace {

constexpr std::string_view kNewestApplication =
    "SELECT id, terminated_at FROM applications WHERE user_number = ?1 ORDER BY id DESC LIMIT 1";
constexpr std::string_view kInsert =
    "INSERT INTO application_proposals(document, registered_at, institution_renamed, "
    "registration_number, institution_name, user_number, replaces_application_id, proposed_by, "
    "proposer_name, proposer_serial, proposed_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id";
constexpr std::string_view kColumns =
    "SELECT id, document, registered_at, institution_renamed, registration_number, "
    "institution_name, user_number, replaces_application_id, proposed_by, proposer_name, "
    "proposer_serial, proposed_at, outcome, decided_by, decided_at, coalesce(reason, ''), "
    "registered_user FROM application_proposals ";
constexpr std::string_view kSetAside =
    "UPDATE application_proposals SET outcome = ?2, decided_by = ?3, decided_at = ?4, "
    "reason = ?5 WHERE id = ?1 AND outcome IS NULL";

ApplicationProposal read_proposal(const Statement& s) {
  ApplicationProposal p;
  p.id = s.column_int(0);
  p.document = s.column_text(1);
  p.registered_at = s.column_text(2);
  p.institution_renamed = s.column_int(3) != 0;
  p.registration_number = s.column_text(4);
  p.institution_name = s.column_text(5);
  p.user_number = optional_int(s, 6);
  p.replaces_application_id = optional_int(s, 7);
  p.proposed_by = s.column_text(8);
  p.proposer_name = s.column_text(9);
  p.proposer_serial = s.column_text(10);
  p.proposed_at = s.column_text(11);
  p.outcome = optional_text(s, 12);
  p.decided_by = optional_text(s, 13);
  p.decided_at = optional_text(s, 14);
  p.reason = s.column_text(15);
  p.registered_user = optional_int(s, 16);
  return p;
}

}  // namespace

Result<std::int64_t> SqlApplicationProposalStore::propose(const ApplicationProposal& p) {
  return audited(pool_, [&](Database& db) -> Result<std::int64_t> {
    std::optional<std::int64_t> replaces;
    if (p.user_number) {
      const std::int64_t user = *p.user_number;
      auto newest = db.prepare(kNewestApplication);
      if (!newest) return tl::unexpected(newest.error());
      auto row = newest->bind(1, user).step();
      if (!row) return tl::unexpected(row.error());
      const bool current = *row && newest->column_is_null(1);
      const std::int64_t id = *row ? newest->column_int(0) : 0;
      if (auto end = newest->step(); !end) return tl::unexpected(end.error());
      if (!current) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("user {} has no current application to replace", user),
                    fmt::format("lietotājam {} nav spēkā esoša pieteikuma, ko aizstāt", user));
      }
      if (p.replaces_application_id && *p.replaces_application_id != id) {
        return fail(ErrorCode::kInvalidArgument,
                    fmt::format("user {}'s application changed after this form was opened: open "
                                "the replacement form again",
                                user),
                    fmt::format("lietotāja {} pieteikums mainījās pēc šīs veidlapas atvēršanas: "
                                "atveriet aizstāšanas veidlapu vēlreiz",
                                user));
      }
      replaces = id;
    }
    auto insert = db.prepare(kInsert);
    if (!insert) return tl::unexpected(insert.error());
    insert->bind(1, p.document)
        .bind(2, p.registered_at)
        .bind(3, std::int64_t{p.institution_renamed ? 1 : 0})
        .bind(4, p.registration_number)
        .bind(5, p.institution_name);
    bind_optional(*insert, 6, p.user_number);
    bind_optional(*insert, 7, replaces);
    insert->bind(8, p.proposed_by)
        .bind(9, p.proposer_name)
        .bind(10, p.proposer_serial)
        .bind(11, p.proposed_at);
    auto id = inserted_id(*insert);
    if (!id) return tl::unexpected(id.error());
    nlohmann::json detail = {{"registration_number", p.registration_number}};
    if (p.user_number) detail["user_number"] = *p.user_number;
    if (auto s = audit(db, p.proposed_by, "application.propose", std::to_string(*id), detail); !s) {
      return tl::unexpected(s.error());
    }
    return *id;
  });
}

Result<std::optional<ApplicationProposal>> SqlApplicationProposalStore::find(std::int64_t id) {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(std::string(kColumns) + "WHERE id = ?1");
  if (!stmt) return tl::unexpected(stmt.error());
  auto row = stmt->bind(1, id).step();
  if (!row) return tl::unexpected(row.error());
  if (!*row) return std::optional<ApplicationProposal>{};
  auto found = std::optional<ApplicationProposal>(read_proposal(*stmt));
  if (auto end = stmt->step(); !end) return tl::unexpected(end.error());
  return found;
}

Result<std::vector<ApplicationProposal>> SqlApplicationProposalStore::waiting() {
  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(std::string(kColumns) + "WHERE outcome IS NULL ORDER BY id");
  if (!stmt) return tl::unexpected(stmt.error());
  return collect<ApplicationProposal>(*stmt, read_proposal);
}

Status SqlApplicationProposalStore::set_aside(const std::string& actor, std::int64_t id,
                                              bool withdrawn, const std::string& reason) {
  const std::string outcome = withdrawn ? "withdrawn" : "refused";
  return audited(pool_, [&](Database& db) -> Status {
    auto stmt = db.prepare(kSetAside);
    if (!stmt) return tl::unexpected(stmt.error());
    if (auto s = stmt->bind(1, id)
                     .bind(2, outcome)
                     .bind(3, actor)
                     .bind(4, utc_now_millis())
                     .bind(5, reason)
                     .run();
        !s) {
      return s;
    }
    if (db.changes() == 0) {
      return fail(ErrorCode::kInvalidArgument,
                  fmt::format("proposal {} is not waiting: it was decided already", id),
                  fmt::format("priekšlikums {} vairs negaida: par to jau ir lemts", id));
    }
    return audit(db, actor, "application.proposal_" + outcome, std::to_string(id),
                 {{"reason", reason}});
  });
}

}  // namespace gw::store
