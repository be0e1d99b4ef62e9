// The PostgreSQL schema (schemas/postgres/) against SQLite's (schemas/): the
// same tables, columns, nullability and indexes, so that one set of store SQL
// can serve both. A migration added to one side only fails here.
#include <doctest/doctest.h>
#include <unistd.h>

#include <chrono>
#include <set>
#include <string>
#include <string_view>
#include <tuple>

#include "store/postgres/pg_migrations.h"
#include "store/sql/statement.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_database.h"
#include "support/postgres_fixture.h"
#include "support/temp_dir.h"

using namespace gw::store;

namespace {

using Column = std::tuple<std::string, std::string, bool>;  // table, column, NOT NULL

// The tables the gateway's own bookkeeping keeps, not part of the comparison.
bool bookkeeping(const std::string& table) {
  return table == "schema_migrations" || table.starts_with("sqlite_");
}

std::string describe(const Column& c) {
  return std::get<0>(c) + "." + std::get<1>(c) + (std::get<2>(c) ? " NOT NULL" : " (nullable)");
}

// Rows of (table, column, not null as 0 or 1), from either backend.
std::set<Column> columns(Database& conn, std::string_view sql) {
  auto stmt = conn.prepare(sql);
  REQUIRE(stmt.has_value());
  std::set<Column> out;
  for (;;) {
    auto row = stmt->step();
    REQUIRE(row.has_value());
    if (!*row) return out;
    if (bookkeeping(stmt->column_text(0))) continue;
    out.emplace(stmt->column_text(0), stmt->column_text(1), stmt->column_int(2) != 0);
  }
}

// Rows of one name, from either backend.
std::set<std::string> names(Database& conn, std::string_view sql) {
  auto stmt = conn.prepare(sql);
  REQUIRE(stmt.has_value());
  std::set<std::string> out;
  for (;;) {
    auto row = stmt->step();
    REQUIRE(row.has_value());
    if (!*row) return out;
    out.insert(stmt->column_text(0));
  }
}

// A primary key column cannot hold NULL in practice (the gateway never
// writes one), though SQLite would allow it in a TEXT key.
constexpr std::string_view kSqliteColumns =
    "SELECT m.name, p.name, p.\"notnull\" OR p.pk > 0 FROM sqlite_master m, "
    "pragma_table_info(m.name) p WHERE m.type = 'table'";
constexpr std::string_view kPostgresColumns =
    "SELECT table_name, column_name, (is_nullable = 'NO')::int FROM information_schema.columns "
    "WHERE table_schema = current_schema()";
// Indexes created by name; those made for a primary key or a UNIQUE
// constraint (SQLite's sqlite_autoindex_*, PostgreSQL's constraint indexes)
// are left out on both sides.
constexpr std::string_view kSqliteIndexes =
    "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL";
constexpr std::string_view kPostgresIndexes =
    "SELECT i.indexname FROM pg_indexes i WHERE i.schemaname = current_schema() AND NOT EXISTS "
    "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)";

std::int64_t credential_version(PgConnection& conn) {
  auto stmt = conn.prepare("SELECT version FROM credential_version");
  REQUIRE(stmt.has_value());
  REQUIRE(stmt->step().value_or(false));
  return stmt->column_int(0);
}

}  // namespace

TEST_CASE("the PostgreSQL schema has SQLite's tables, columns, nullability and indexes") {
  TempDir dir("gw-schema");
  auto sqlite = SqliteDatabase::open(dir.path() / "gateway.db", std::chrono::milliseconds(1000));
  REQUIRE(sqlite.has_value());
  REQUIRE(migrate(**sqlite, builtin_migrations()).has_value());

  auto conn = gw::test::connect_postgres();
  gw::test::ScratchSchema schema(conn, "parity");
  auto applied = migrate_postgres(conn, builtin_postgres_migrations());
  REQUIRE_MESSAGE(applied.has_value(), (applied ? "" : applied.error().message));
  CHECK(*applied == static_cast<int>(builtin_postgres_migrations().size()));

  const auto expected = columns(**sqlite, kSqliteColumns);
  const auto actual = columns(conn, kPostgresColumns);
  CHECK(expected.size() > 150);
  for (const Column& c : expected) {
    CHECK_MESSAGE(actual.contains(c), "PostgreSQL lacks " << describe(c));
  }
  for (const Column& c : actual) {
    CHECK_MESSAGE(expected.contains(c), "SQLite lacks " << describe(c));
  }
  const auto sqlite_named = names(**sqlite, kSqliteIndexes);
  const auto postgres_named = names(conn, kPostgresIndexes);
  CHECK(sqlite_named.size() > 20);
  for (const auto& name : sqlite_named) {
    CHECK_MESSAGE(postgres_named.contains(name), "PostgreSQL lacks the index " << name);
  }
  for (const auto& name : postgres_named) {
    CHECK_MESSAGE(sqlite_named.contains(name), "SQLite lacks the index " << name);
  }
}

TEST_CASE(
    "PostgreSQL migrations run once, and changes to who may do what move credential_version") {
  auto conn = gw::test::connect_postgres();
  gw::test::ScratchSchema schema(conn, "migrate");
  auto first = migrate_postgres(conn, builtin_postgres_migrations());
  REQUIRE(first.has_value());
  CHECK(*first >= 1);
  auto again = migrate_postgres(conn, builtin_postgres_migrations());
  REQUIRE(again.has_value());
  CHECK(*again == 0);

  const auto before = credential_version(conn);
  auto insert = conn.prepare("INSERT INTO institutions(registration_number, name) VALUES (?1, ?2)");
  REQUIRE(insert.has_value());
  REQUIRE(
      insert->bind(1, std::string_view("90000012345")).bind(2, std::string_view("Pilsēta")).run());
  CHECK(credential_version(conn) > before);

  // The checks hold as in SQLite: a registration number is 11 digits.
  insert->reset();
  auto refused =
      insert->bind(1, std::string_view("9000001234X")).bind(2, std::string_view("X")).run();
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().message.find("institutions_registration_number_check") !=
        std::string::npos);

  // The defaults write times as the gateway does: UTC, ISO 8601, milliseconds.
  auto created = conn.prepare("SELECT created_at FROM institutions");
  REQUIRE(created.has_value());
  REQUIRE(created->step().value_or(false));
  const std::string at = created->column_text(0);
  CHECK(at.size() == 24);
  CHECK(at[10] == 'T');
  CHECK(at.back() == 'Z');
}

TEST_CASE("a migration that fails leaves nothing of itself and says which one it was") {
  auto conn = gw::test::connect_postgres();
  gw::test::ScratchSchema schema(conn, "broken");
  const Migration broken[] = {
      {1, "good", "CREATE TABLE kept (n bigint)"},
      {2, "bad", "CREATE TABLE half (n bigint); INSERT INTO no_such_table VALUES (1)"},
  };
  auto result = migrate_postgres(conn, broken);
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().message.find("migration 0002_bad failed") != std::string::npos);
  auto tables = conn.prepare(
      "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables "
      "WHERE table_schema = current_schema()");
  REQUIRE(tables.has_value());
  REQUIRE(tables->step().value_or(false));
  CHECK(tables->column_text(0) == "kept,schema_migrations");
}
