#include <doctest/doctest.h>

#include "store/sql/sql_audit_store.h"
#include "store/sql/sql_identity_store.h"
#include "store/sql/sql_operator_store.h"
#include "store/sql/statement.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_connection_pool.h"
#include "support/temp_dir.h"

using namespace gw;
using namespace gw::store;

namespace {

struct Fixture {
  TempDir dir;
  SqliteConnectionPool pool{dir.path() / "gw.db", std::chrono::milliseconds(1000), 2};
  SqlAuditStore audit{pool};

  Fixture() {
    auto db = pool.acquire();
    REQUIRE(db.has_value());
    REQUIRE(migrate(**db, builtin_migrations()).has_value());
  }
  void row(const std::string& at, const std::string& actor, const std::string& action,
           const std::string& subject) {
    auto db = pool.acquire();
    auto stmt =
        (*db)->prepare("INSERT INTO audit_log(at, actor, action, subject) VALUES (?1, ?2, ?3, ?4)");
    REQUIRE(stmt.has_value());
    REQUIRE(stmt->bind(1, at).bind(2, actor).bind(3, action).bind(4, subject).run().has_value());
  }
};

std::vector<std::string> subjects(const Result<std::vector<AuditEntry>>& rows) {
  REQUIRE(rows.has_value());
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.subject);
  return out;
}

}  // namespace

TEST_CASE("the audit search filters by actor, action family, subject and days, newest first") {
  Fixture f;
  f.row("2026-12-01T10:00:00.000Z", "console:Anna (01)", "application.register", "1");
  f.row("2026-12-01T23:59:59.999Z", "console:Anna (01)", "application.limit_change", "1");
  f.row("2026-12-02T00:00:00.000Z", "operator", "application.register", "2");
  f.row("2026-12-02T08:00:00.000Z", "console:Anna (01)", "applications.other", "3");
  f.row("2026-12-03T08:00:00.000Z", "console:Anna (01)", "certificate.revoke", "ab");

  CHECK(subjects(f.audit.search({"console:Anna (01)", "", "", "", "", std::nullopt, 50})) ==
        std::vector<std::string>{"ab", "3", "1", "1"});
  // A family ends in '.': "applications.other" is not in "application.".
  CHECK(subjects(f.audit.search({"", "application.", "", "", "", std::nullopt, 50})) ==
        std::vector<std::string>{"2", "1", "1"});
  CHECK(subjects(f.audit.search({"", "application.register", "", "", "", std::nullopt, 50})) ==
        std::vector<std::string>{"2", "1"});
  CHECK(subjects(f.audit.search({"", "", "1", "", "", std::nullopt, 50})).size() == 2);
  // Days are whole: the last millisecond of 1 December is in "to 2026-12-01".
  CHECK(subjects(f.audit.search({"", "", "", "2026-12-01", "2026-12-01", std::nullopt, 50})) ==
        std::vector<std::string>{"1", "1"});
  CHECK(subjects(f.audit.search({"", "", "", "2026-12-02", "", std::nullopt, 50})) ==
        std::vector<std::string>{"ab", "3", "2"});
}

TEST_CASE("the audit search pages by id past the first page") {
  Fixture f;
  for (int i = 1; i <= 120; ++i) {
    f.row("2026-12-01T10:00:00.000Z", "operator", "account.add", std::to_string(i));
  }
  std::vector<std::string> seen;
  std::optional<std::int64_t> before;
  for (int page = 0; page < 10; ++page) {
    auto rows = f.audit.search({"", "", "", "", "", before, 50});
    REQUIRE(rows.has_value());
    for (const auto& r : *rows) seen.push_back(r.subject);
    if (rows->size() < 50) break;
    before = rows->back().id;
  }
  REQUIRE(seen.size() == 120);
  CHECK(seen.front() == "120");
  CHECK(seen.back() == "1");
}

TEST_CASE("operator certificates are listed, found by fingerprint and revoked once, audited") {
  Fixture f;
  SqlOperatorStore operators(f.pool);
  REQUIRE(operators
              .register_certificate("test", {"0a1b", "ff00", "Anna", "2027-12-03T00:00:00Z",
                                             "2026-12-03T00:00:00Z", std::nullopt, ""})
              .has_value());
  auto found = operators.find("ff00");
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK((*found)->name == "Anna");
  CHECK_FALSE((*found)->revoked_at);
  CHECK(operators.revoke("test", "0a1b", "left").has_value());
  auto again = operators.revoke("test", "0a1b", "left");
  REQUIRE_FALSE(again.has_value());
  CHECK(again.error().code == ErrorCode::kNotFound);
  found = operators.find("ff00");
  CHECK((*found)->revoked_at.has_value());
  CHECK(subjects(f.audit.search({"test", "operator_certificate.", "", "", "", std::nullopt, 50})) ==
        std::vector<std::string>{"0a1b", "0a1b"});
}
