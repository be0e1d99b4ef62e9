#include <doctest/doctest.h>

#include "config/load_config.h"

using namespace gw;

TEST_CASE("an empty configuration gives the documented defaults") {
  auto c = parse_config("", "test.toml");
  REQUIRE(c.has_value());
  CHECK(c->api.listen.host == "127.0.0.1");
  CHECK(c->api.listen.port == 8443);
  CHECK(c->ops.listen.port == 9090);
  CHECK(c->limits.max_body_bytes == 256ull * 1024 * 1024);
  CHECK(c->store_path() == std::filesystem::path("var/gateway.db"));
  CHECK(c->client_ca_path() == std::filesystem::path("var/pki/ca.pem"));
  CHECK(c->acceptance.chunked_validation_min_mib == 4);
  CHECK(c->acceptance.validation_threads == 0);
  CHECK(c->acceptance.native_chunk_validation);
  CHECK(c->acceptance.early_validations == 1);
  CHECK_FALSE(c->console.enabled);
  CHECK(c->console.second_operator);  // four eyes unless an operator turns them off
}

TEST_CASE("the console's four eyes can be turned off, and take only true or false") {
  auto c =
      parse_config("[console]\nlisten = \"127.0.0.1:0\"\nsecond_operator = false\n", "test.toml");
  REQUIRE(c.has_value());
  CHECK(c->console.enabled);
  CHECK_FALSE(c->console.second_operator);
  auto bad = parse_config("[console]\nsecond_operator = \"no\"\n", "test.toml");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message.find("console.second_operator") != std::string::npos);
}

TEST_CASE("configured values replace the defaults") {
  auto c = parse_config(R"(
data_dir = "/srv/gw"
threads = 3
[api]
listen = "[::1]:0"
[limits]
max_body_bytes = 1024
read_timeout_ms = 250
[tls]
client_ca = "/etc/gw/clients-ca.pem"
[acceptance]
chunked_validation_min_mib = 16
validation_threads = 1
native_chunk_validation = false
early_validations = 2
)",
                        "test.toml");
  REQUIRE(c.has_value());
  CHECK(c->threads == 3);
  CHECK(c->acceptance.chunked_validation_min_mib == 16);
  CHECK(c->acceptance.validation_threads == 1);
  CHECK_FALSE(c->acceptance.native_chunk_validation);
  CHECK(c->acceptance.early_validations == 2);
  CHECK(c->api.listen.host == "::1");
  CHECK(c->api.listen.port == 0);
  CHECK(c->limits.max_body_bytes == 1024);
  CHECK(c->limits.read_timeout == std::chrono::milliseconds(250));
  CHECK(c->client_ca_path() == std::filesystem::path("/etc/gw/clients-ca.pem"));
  CHECK(c->server_cert_path() == std::filesystem::path("/srv/gw/pki/server.pem"));
}

TEST_CASE("an unknown key stops start-up and the error names it") {
  SUBCASE("top level") {
    auto c = parse_config("dta_dir = \"x\"", "gw.toml");
    REQUIRE_FALSE(c.has_value());
    CHECK(c.error().message == "gw.toml: dta_dir: unknown key");
  }
  SUBCASE("in a table") {
    auto c = parse_config("[limits]\nmax_body = 5", "gw.toml");
    REQUIRE_FALSE(c.has_value());
    CHECK(c.error().message == "gw.toml: limits.max_body: unknown key");
  }
  SUBCASE("an unknown table") {
    auto c = parse_config("[listen]\nport = 5", "gw.toml");
    REQUIRE_FALSE(c.has_value());
    CHECK(c.error().message == "gw.toml: listen: unknown key");
  }
}

TEST_CASE("bad values are refused with the key's path") {
  auto wrong_type = parse_config("[limits]\nmax_connections = \"many\"", "gw.toml");
  REQUIRE_FALSE(wrong_type.has_value());
  CHECK(wrong_type.error().message == "gw.toml: limits.max_connections: must be an integer");

  auto out_of_range = parse_config("[limits]\nmax_connections = 0", "gw.toml");
  REQUIRE_FALSE(out_of_range.has_value());
  CHECK(out_of_range.error().message.find("limits.max_connections: must be between 1") !=
        std::string::npos);

  auto bad_endpoint = parse_config("[api]\nlisten = \"8443\"", "gw.toml");
  REQUIRE_FALSE(bad_endpoint.has_value());
  CHECK(bad_endpoint.error().message.find("api.listen") != std::string::npos);

  auto too_many_threads = parse_config("[acceptance]\nvalidation_threads = 65", "gw.toml");
  REQUIRE_FALSE(too_many_threads.has_value());
  CHECK(too_many_threads.error().message.find("acceptance.validation_threads") !=
        std::string::npos);

  auto bad_level = parse_config("[log]\nlevel = \"loud\"", "gw.toml");
  REQUIRE_FALSE(bad_level.has_value());
  CHECK(bad_level.error().message.find("log.level") != std::string::npos);
}

TEST_CASE("the operations listener must stay on loopback") {
  auto c = parse_config("[ops]\nlisten = \"0.0.0.0:9090\"", "gw.toml");
  REQUIRE_FALSE(c.has_value());
  CHECK(c.error().message.find("ops.listen") != std::string::npos);
  CHECK(parse_config("[ops]\nlisten = \"127.0.0.1:0\"", "gw.toml").has_value());
}

TEST_CASE("TOML syntax errors carry line and column") {
  auto c = parse_config("threads = = 2", "gw.toml");
  REQUIRE_FALSE(c.has_value());
  CHECK(c.error().message.rfind("gw.toml:1:", 0) == 0);
}

TEST_CASE("public addresses default to the listeners and must be https") {
  auto defaults = parse_config("", "test.toml");
  REQUIRE(defaults.has_value());
  CHECK(defaults->api_url() == "https://127.0.0.1:8443");
  CHECK(defaults->activation_url() == "https://127.0.0.1:8444");
  CHECK(listener_url("", Endpoint{"::1", 9443}) == "https://[::1]:9443");

  auto set = parse_config(R"(
[api]
public_url = "https://h2h.kase.example.lv"
[activation]
public_url = "https://aktivizacija.kase.example.lv/"
)",
                          "test.toml");
  REQUIRE(set.has_value());
  CHECK(set->api_url() == "https://h2h.kase.example.lv");
  CHECK(set->activation_url() == "https://aktivizacija.kase.example.lv");  // no trailing slash

  auto plain = parse_config("[activation]\npublic_url = \"http://kase.example.lv\"\n", "test.toml");
  REQUIRE_FALSE(plain.has_value());
  CHECK(plain.error().message.find("activation.public_url") != std::string::npos);
  // The pages use paths from the root: an address with a path of its own is refused.
  auto path = parse_config("[api]\npublic_url = \"https://kase.example.lv/h2h\"\n", "test.toml");
  REQUIRE_FALSE(path.has_value());
  CHECK(path.error().message.find("without a path") != std::string::npos);
  // Listening on every address leaves no address to give people.
  auto wildcard = parse_config("[activation]\nlisten = \"0.0.0.0:8444\"\n", "test.toml");
  REQUIRE_FALSE(wildcard.has_value());
  CHECK(wildcard.error().message.find("activation.public_url") != std::string::npos);
  CHECK(parse_config("[api]\nlisten = \"0.0.0.0:8443\"\npublic_url = \"https://h2h.example.lv\"\n",
                     "test.toml")
            .has_value());
}

TEST_CASE(
    "the store backend: sqlite by default, postgresql with its URL, the other's keys refused") {
  auto sqlite = parse_config("", "t.toml");
  REQUIRE(sqlite.has_value());
  CHECK(sqlite->store.backend == StoreBackend::kSqlite);

  auto postgres = parse_config(
      "[store]\nbackend = \"postgresql\"\nurl = \"postgresql://gw@db:5432/gateway\"\n", "t.toml");
  REQUIRE(postgres.has_value());
  CHECK(postgres->store.backend == StoreBackend::kPostgres);
  CHECK(postgres->store.url == "postgresql://gw@db:5432/gateway");

  const std::pair<const char*, const char*> refused[] = {
      {"[store]\nbackend = \"mysql\"\n", "store.backend: must be sqlite or postgresql"},
      {"[store]\nbackend = \"postgresql\"\n", "store.url: is required"},
      // A URL alone would otherwise run on a local SQLite file unnoticed.
      {"[store]\nurl = \"postgresql://gw@db/gateway\"\n", "store.url: is for backend"},
      {"[store]\nbackend = \"postgresql\"\nurl = \"postgresql://db/g\"\npath = \"/x.db\"\n",
       "store.path: is for backend"},
  };
  for (const auto& one : refused) {
    auto c = parse_config(one.first, "t.toml");
    REQUIRE_FALSE(c.has_value());
    const std::string message = c.error().message;
    CHECK_MESSAGE(message.find(one.second) != std::string::npos, message);
  }
}
