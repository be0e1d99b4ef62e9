#include "store/sql/sql_audit_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "store/sql/row_helpers.h"

namespace gw::store {

Result<std::vector<AuditEntry>> SqlAuditStore::search(const AuditQuery& query) {
  // Only the filters given become conditions, so SQLite can use the index
  // of the one that narrows (actor or action), or page by id alone.
  std::string sql = "SELECT id, at, actor, action, subject, detail FROM audit_log WHERE 1 = 1";
  std::vector<std::string> texts;
  const auto condition = [&](std::string_view clause, std::string value) {
    texts.push_back(std::move(value));
    sql += fmt::format(" AND {} ?{}", clause, texts.size());
  };
  if (!query.actor.empty()) condition("actor =", query.actor);
  if (!query.action.empty()) {
    if (query.action.back() == '.') {
      // A family of actions ("application."): the index range up to '/', the
      // character after '.'.
      condition("action >=", query.action);
      condition("action <", query.action.substr(0, query.action.size() - 1) + "/");
    } else {
      condition("action =", query.action);
    }
  }
  if (!query.subject.empty()) condition("subject =", query.subject);
  if (!query.from_day.empty()) condition("at >=", query.from_day);
  // Every timestamp of the day sorts before "<day>U" ('T' < 'U').
  if (!query.to_day.empty()) condition("at <", query.to_day + "U");
  if (query.before_id) condition("id <", std::to_string(*query.before_id));
  sql += fmt::format(" ORDER BY id DESC LIMIT {}", std::max(1, query.limit));

  auto db = pool_.acquire();
  if (!db) return tl::unexpected(db.error());
  auto stmt = (*db)->prepare(sql);
  if (!stmt) return tl::unexpected(stmt.error());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    if (query.before_id && i + 1 == texts.size()) {
      stmt->bind(index, *query.before_id);  // an integer, compared as one
    } else {
      stmt->bind(index, texts[i]);
    }
  }
  return collect<AuditEntry>(*stmt, [](const Statement& s) {
    return AuditEntry{s.column_int(0),  s.column_text(1), s.column_text(2),
                      s.column_text(3), s.column_text(4), s.column_text(5)};
  });
}

}  // namespace gw::store
