#include "store/postgres/sql_parameters.h"

#include <doctest/doctest.h>

using gw::store::postgres_parameters;

TEST_CASE("SQLite's numbered parameters become PostgreSQL's, in the order written") {
  CHECK(postgres_parameters("SELECT a FROM t WHERE b = ?2 AND c = ?1") ==
        "SELECT a FROM t WHERE b = $2 AND c = $1");
  CHECK(postgres_parameters("VALUES (?1, ?12)") == "VALUES ($1, $12)");
}

TEST_CASE("string literals, quoted names and comments keep their question marks") {
  CHECK(postgres_parameters("SELECT '?1', 'it''s ?2', ?3") == "SELECT '?1', 'it''s ?2', $3");
  CHECK(postgres_parameters("SELECT \"col?1\" FROM t WHERE x = ?1") ==
        "SELECT \"col?1\" FROM t WHERE x = $1");
  CHECK(postgres_parameters("SELECT 1 -- why ?1\nWHERE y = ?1") ==
        "SELECT 1 -- why ?1\nWHERE y = $1");
  // A bare ? (a JSON operator in PostgreSQL) is not a numbered parameter.
  CHECK(postgres_parameters("SELECT doc ? 'key'") == "SELECT doc ? 'key'");
}

TEST_CASE("an unterminated literal is copied as it is, not read past its end") {
  CHECK(postgres_parameters("SELECT 'open ?1") == "SELECT 'open ?1");
  CHECK(postgres_parameters("?") == "?");
  CHECK(postgres_parameters("") == "");
}

TEST_CASE("block comments, E'' strings and dollar quoting keep their question marks too") {
  CHECK(postgres_parameters("SELECT /* don't ?1 */ ?1") == "SELECT /* don't ?1 */ $1");
  CHECK(postgres_parameters("SELECT E'it\\'s ?1', ?2") == "SELECT E'it\\'s ?1', $2");
  CHECK(postgres_parameters("SELECT $$ ?1 $$, $tag$ ?2 $tag$, ?3") ==
        "SELECT $$ ?1 $$, $tag$ ?2 $tag$, $3");
  // $1 of PostgreSQL itself is not a dollar quote; a name ending in e is not E''.
  CHECK(postgres_parameters("SELECT $1, ?2") == "SELECT $1, $2");
  CHECK(postgres_parameters("SELECT name'x' , ?1") == "SELECT name'x' , $1");
}
