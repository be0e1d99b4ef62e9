#include "support/postgres_fixture.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace gw::test {

namespace {

std::string fixture_file(const std::string& name) {
  const char* state = std::getenv("GATEWAY_TEST_POSTGRES");
  REQUIRE_MESSAGE(state != nullptr, "GATEWAY_TEST_POSTGRES is not set (run through ctest)");
  std::ifstream in(std::string(state) + "/" + name);
  std::string line;
  std::getline(in, line);
  REQUIRE_MESSAGE(!line.empty(), "no " << name << " from the PostgreSQL fixture in " << state);
  return line;
}

}  // namespace

std::string postgres_url() { return fixture_file("url"); }
std::string postgres_cluster_dir() { return fixture_file("dir"); }

store::PgConnection connect_postgres() {
  auto conn = store::PgConnection::open(postgres_url());
  REQUIRE_MESSAGE(conn.has_value(), (conn ? "" : conn.error().message));
  return std::move(*conn);
}

GatewaydOnThisCluster::GatewaydOnThisCluster() {
  const char* cluster = std::getenv("GATEWAY_TEST_POSTGRES");
  REQUIRE(cluster != nullptr);
  REQUIRE(::setenv("GATEWAY_TEST_STORE_POSTGRES", cluster, 1) == 0);
}

GatewaydOnThisCluster::~GatewaydOnThisCluster() { ::unsetenv("GATEWAY_TEST_STORE_POSTGRES"); }

ScratchSchema::ScratchSchema(store::PgConnection& conn, const std::string& stem)
    : conn_(conn), name_(stem + "_" + std::to_string(::getpid())) {
  REQUIRE(conn_.exec("DROP SCHEMA IF EXISTS " + name_ + " CASCADE").has_value());
  REQUIRE(conn_.exec("CREATE SCHEMA " + name_).has_value());
  REQUIRE(conn_.exec("SET search_path TO " + name_).has_value());
}

ScratchSchema::~ScratchSchema() {
  (void)conn_.exec("RESET search_path");
  (void)conn_.exec("DROP SCHEMA IF EXISTS " + name_ + " CASCADE");
}

}  // namespace gw::test
