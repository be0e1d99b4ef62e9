// The client examples in docs/clients/ against a live gatewayd: each uploads a
// pain.001, polls the mailbox, fetches the pain.002 and acknowledges it, with
// 150 older unacknowledged answers ahead of it (more than one page).
#include <doctest/doctest.h>

#include <fstream>

#include "support/gateway_fixture.h"
#include "support/pain001_builder.h"

using namespace gw::test;

namespace {

const std::filesystem::path kClients = std::filesystem::path(GW_SOURCE_DIR) / "docs" / "clients";

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

constexpr int kOlderItems = 150;

// Puts 150 unacknowledged pain.002s about nothing in the demo user's mailbox
// (behind the gateway's back: it reads the mailbox afresh on every request).
std::filesystem::path payment_file(const GatewayFixture& gw, const std::string& msg_id) {
  gw.execute_store("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                   std::to_string(kOlderItems) +
                   ") INSERT INTO mailbox(user_number, message_type, created_at, content) SELECT " +
                   gw.user_number() +
                   ", 'pain.002.001.03', '2026-12-01T08:00:00Z', '<Document/>' FROM n");
  const auto path = gw.dir() / (msg_id + ".xml");
  std::ofstream(path) << simple_pain001(msg_id, riga_date_in(2), 12345);
  return path;
}

// The example printed the acceptance pain.002 and acknowledged it, past the
// older items, which stay unacknowledged.
void check_round_trip(const GatewayFixture& gw, const CommandResult& r, const std::string& msg_id) {
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "<OrgnlMsgId>" + msg_id + "</OrgnlMsgId>"));
  CHECK(contains(r.out, "<GrpSts>ACTC</GrpSts>"));
  CHECK(contains(r.err, "acknowledged mailbox item"));
  CHECK(gw.query_value("SELECT count(*) FROM mailbox WHERE about_message_id IS NOT NULL "
                       "AND acknowledged_at IS NOT NULL") == "1");
  CHECK(gw.query_value("SELECT count(*) FROM mailbox WHERE acknowledged_at IS NULL") ==
        std::to_string(kOlderItems));
}

}  // namespace

TEST_CASE("client example: shell and curl") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const auto file = payment_file(gw, "CLIENT-SH");
  auto r =
      run_command({"bash", (kClients / "upload.sh").string(), gw.api_url(""), gw.ca_pem().string(),
                   gw.client_pem().string(), gw.client_key().string(), file.string()});
  check_round_trip(gw, r, "CLIENT-SH");
}

TEST_CASE("client example: Python standard library") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const auto file = payment_file(gw, "CLIENT-PY");
  auto r = run_command({"python3", (kClients / "upload.py").string(), "127.0.0.1",
                        std::to_string(gw.api_port()), gw.ca_pem().string(),
                        gw.client_pem().string(), gw.client_key().string(), file.string()});
  check_round_trip(gw, r, "CLIENT-PY");
}

TEST_CASE("client example: Java HttpClient with PKCS#12 keystores") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const auto file = payment_file(gw, "CLIENT-JAVA");
  const std::string password = "client-example-pass";
  const auto keystore = gw.dir() / "client.p12";
  const auto truststore = gw.dir() / "trust.p12";
  auto exported = run_command({"openssl", "pkcs12", "-export", "-in", gw.client_pem().string(),
                               "-inkey", gw.client_key().string(), "-out", keystore.string(),
                               "-passout", "pass:" + password});
  REQUIRE_MESSAGE(exported.exit_code == 0, exported.err);
  auto imported = run_command({"keytool", "-importcert", "-noprompt", "-storetype", "PKCS12",
                               "-keystore", truststore.string(), "-storepass", password, "-alias",
                               "gateway-ca", "-file", gw.ca_pem().string()});
  REQUIRE_MESSAGE(imported.exit_code == 0, imported.err << imported.out);
  auto r = run_command({"java", (kClients / "Upload.java").string(), gw.api_url(""),
                        truststore.string(), keystore.string(), password, file.string()});
  check_round_trip(gw, r, "CLIENT-JAVA");
}
