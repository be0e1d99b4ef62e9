// The tests' stand-in for psql (tests/support/psql_session.h) against psql
// itself: the integration suite's look-ups on PostgreSQL compare its output
// as they compared psql's.
#include "support/psql_session.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/postgres_fixture.h"
#include "support/process.h"

using gw::test::CommandResult;
using gw::test::PsqlSession;

namespace {

CommandResult psql(const std::string& sql) {
  return gw::test::run_command({"psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d",
                                gw::test::postgres_url(), "-c", sql});
}

}  // namespace

TEST_CASE("the tests' SQL session prints rows and stops at errors as psql -A -t does") {
  PsqlSession session(gw::test::postgres_url());
  const std::vector<std::string> cases = {
      "SELECT 1, NULL, 'a|b', true, false, '\\x00ff'::bytea, 'two' || chr(10) || 'lines'",
      "SELECT 1 WHERE false",
      "SELECT n FROM generate_series(1, 3) n; SELECT 'second'; SELECT 'x' WHERE false",
      "CREATE TEMP TABLE t (a int); INSERT INTO t VALUES (7); SELECT a FROM t",
      "SELECT 1; SELECT no_such_column; SELECT 3",
      "DROP TABLE IF EXISTS no_such_table",
      "",
      // The connection lost (2 for psql too); the next case connects afresh.
      "SELECT pg_terminate_backend(pg_backend_pid())",
      "SELECT 'after'",
  };
  for (const std::string& sql : cases) {
    CAPTURE(sql);
    const CommandResult theirs = psql(sql);
    const CommandResult ours = session.run(sql);
    CHECK(ours.exit_code == theirs.exit_code);
    CHECK(ours.out == theirs.out);
    // A failure says why; notices (DROP ... IF EXISTS) are psql's chatter and not kept.
    CHECK(ours.err.empty() == (theirs.exit_code == 0));
  }
  // The cases ran: rows, and an error.
  CHECK(session.run("SELECT 'a', NULL").out == "a|\n");
  CHECK(session.run("SELECT no_such_column").exit_code == 1);
  // COPY would wait for data forever: refused, and the session goes on.
  const CommandResult copy = session.run("COPY (SELECT 1) TO STDOUT");
  CHECK(copy.exit_code == 2);
  CHECK(copy.err.find("COPY") != std::string::npos);
  CHECK(session.run("SELECT 'on'").out == "on\n");
}

TEST_CASE("the tests' SQL session connects again after the server restarted") {
  PsqlSession session(gw::test::postgres_url());
  REQUIRE(session.run("SELECT 1").out == "1\n");
  const auto restarted = gw::test::run_command({"bash", GW_SOURCE_DIR "/scripts/pg-cluster.sh",
                                                "restart", gw::test::postgres_cluster_dir()});
  REQUIRE_MESSAGE(restarted.exit_code == 0, restarted.err);
  const CommandResult after = session.run("SELECT 2");
  CHECK_MESSAGE(after.exit_code == 0, after.err);
  CHECK(after.out == "2\n");
}
