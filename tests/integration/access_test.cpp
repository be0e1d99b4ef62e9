// Applications over real mutual TLS: replacement, termination, expiry, the
// source-address allow-list, registration rules and one-day limit changes.
#include <doctest/doctest.h>

#include <chrono>
#include <fstream>

#include "support/applications.h"
#include "support/eventually.h"
#include "support/gateway_fixture.h"
#include "support/pain001_builder.h"
#include "support/process.h"
#include "support/report_request.h"
#include "support/slow_request.h"

using namespace gw::test;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

const std::string& kManaged = kDemoManaged;
const std::string& kViewed = kDemoViewed;

std::string riga_today() {
  return run_command({"sh", "-c", "TZ=Europe/Riga date +%F"}).out.substr(0, 10);
}

}  // namespace

TEST_CASE("whoami shows the application: validity, modes and limits") {
  GatewayFixture gw;
  auto r = gw.curl_api("/v1/whoami");
  REQUIRE(http_status(r) == "200");
  const std::string body = http_body(r);
  CHECK(contains(body, "\"valid_until\":"));
  CHECK(contains(
      body, "\"access_mode\":\"manage\",\"single_limit_eur\":10000,\"daily_limit_eur\":50000"));
  CHECK(contains(body, "\"iban\":\"" + kViewed + "\""));
}

// What a request does once its body is in is decided on the credentials as
// they stand then: its header may have come minutes before.
TEST_CASE("a request whose body arrives after the credentials changed is judged by the new ones") {
  GatewayFixture gw;
  const auto yesterday = riga_date_in(-1);
  const std::string camt060 =
      camt060_request("REQ-SLOW", kDemoViewed, "camt.053.001.02", yesterday, yesterday);
  // A statement request's header under an application with the account...
  SlowRequest statement(gw, gw.client_pem(), gw.client_key(), "POST /v1/messages",
                        "application/xml", camt060.size(), "slow-camt060.log");
  // ...its body after one without it.
  auto r = register_file(gw, "without-viewed.json",
                         application(gw.user_number(), manage(kDemoManaged, 10000, 50000)));
  REQUIRE_MESSAGE(r.exit_code == 0, r.err << r.out);
  const std::string answer = statement.finish(camt060, "\"error\"");
  CHECK_MESSAGE(contains(answer, "HTTP/1.1 403"), answer);
  CHECK(contains(answer, "not in the user's application"));
  CHECK_FALSE(contains(answer, "BkToCstmrStmt"));

  // Any other route with a body is routed again on the new application: a
  // report of the account left out (a body sent with a GET, to keep it waiting).
  r = register_file(
      gw, "with-viewed.json",
      application(gw.user_number(), manage(kDemoManaged, 10000, 50000) + "," + view(kDemoViewed)));
  REQUIRE_MESSAGE(r.exit_code == 0, r.err << r.out);
  SlowRequest report(gw, gw.client_pem(), gw.client_key(), "GET /v1/reports?iban=" + kDemoViewed,
                     "application/json", 2, "slow-report.log");
  r = register_file(gw, "without-viewed-again.json",
                    application(gw.user_number(), manage(kDemoManaged, 10000, 50000)));
  REQUIRE_MESSAGE(r.exit_code == 0, r.err << r.out);
  const std::string rerouted = report.finish("{}", "\"error\"");
  CHECK_MESSAGE(contains(rerouted, "HTTP/1.1 403"), rerouted);
  CHECK(contains(rerouted, "\"error\":\"account_not_permitted\""));

  // Any route with a body: its certificate revoked while the body was on its way.
  gw.issue_certificate("second");
  SlowRequest asked(gw, gw.dir() / "second.pem", gw.dir() / "second.key", "GET /v1/whoami",
                    "application/json", 2, "slow-whoami.log");
  auto revoked = gw.ctl({"cert", "revoke", "--serial", gw.last_serial(), "--reason", "key stolen"});
  REQUIRE_MESSAGE(revoked.exit_code == 0, revoked.err);
  const std::string refused = asked.finish("{}", "\"error\"");
  CHECK_MESSAGE(contains(refused, "HTTP/1.1 403"), refused);
  CHECK(contains(refused, "\"error\":\"certificate_revoked\""));
  CHECK_FALSE(contains(refused, "\"user_number\""));
}

TEST_CASE("a replacement application changes access at once, nothing merged") {
  GatewayFixture gw;
  auto reg = register_file(gw, "replace.json", application(gw.user_number(), view(kViewed)));
  REQUIRE_MESSAGE(reg.exit_code == 0, reg.err);
  CHECK(reg.out == gw.user_number() + "\n");
  const std::string body = http_body(gw.curl_api("/v1/whoami"));
  CHECK_FALSE(contains(body, kManaged));
  CHECK(contains(body, kViewed));
  auto history = gw.ctl({"application", "history", "--user", gw.user_number()});
  CHECK(contains(history.out, "(replaced "));
  CHECK(contains(history.out, "(current)"));
}

// Reports delivered while the user could see the account are not theirs to
// read once a new application leaves the account out (nor listed); back in
// a later application, they are again.
TEST_CASE("the mailbox's account reports follow the application in force") {
  GatewayFixture gw;
  auto report = gw.curl_api("/v1/reports?iban=" + kViewed);
  REQUIRE_MESSAGE(http_status(report) == "200", report.out);
  const auto listed = [&] { return http_body(gw.curl_api("/v1/mailbox?include=all")); };
  const auto before = listed();
  REQUIRE(contains(before, "\"iban\":\"" + kViewed + "\""));
  const auto id_at = before.find("\"id\":");
  REQUIRE(id_at != std::string::npos);
  const std::string item = "/v1/mailbox/" + std::to_string(std::stoll(before.substr(id_at + 5)));
  REQUIRE(http_status(gw.curl_api(item)) == "200");

  auto r = register_file(gw, "without-viewed.json",
                         application(gw.user_number(), manage(kManaged, 10000, 50000)));
  REQUIRE_MESSAGE(r.exit_code == 0, r.err << r.out);
  CHECK_FALSE(contains(listed(), kViewed));
  auto refused = gw.curl_api(item);
  CHECK(http_status(refused) == "403");
  CHECK(contains(http_body(refused), "\"error\":\"account_not_permitted\""));
  CHECK(http_status(gw.curl_api(item + "/ack", {"-X", "POST"})) == "403");

  r = register_file(
      gw, "with-viewed.json",
      application(gw.user_number(), manage(kManaged, 10000, 50000) + "," + view(kViewed)));
  REQUIRE_MESSAGE(r.exit_code == 0, r.err << r.out);
  CHECK(contains(listed(), kViewed));
  CHECK(http_status(gw.curl_api(item)) == "200");
}

TEST_CASE("termination ends access at once and revokes the certificates") {
  GatewayFixture gw;
  REQUIRE(http_status(gw.curl_api("/v1/whoami")) == "200");
  auto end = gw.ctl({"application", "terminate", "--user", gw.user_number()});
  REQUIRE_MESSAGE(end.exit_code == 0, end.err);
  // The certificates are revoked with the termination, so the handshake itself fails.
  auto r = gw.curl_api("/v1/whoami");
  CHECK(http_status(r) == "000");
  CHECK(contains(gw.ctl({"cert", "list"}).out, "revoked"));
  CHECK(
      gw.wait_for_metric("gateway_tls_handshake_failures_total{reason=\"certificate_revoked\"} 1"));
  CHECK(gw.wait_for_query("SELECT action, detail FROM audit_log WHERE action = 'access.refused'",
                          "\"reason\":\"certificate_revoked\""));
}

TEST_CASE("an application terminated while an upload's body arrives: the upload is refused") {
  GatewayFixture gw;
  // About 200 KB sent at 40 KB/s: five seconds on the wire, decided after.
  const auto file = gw.dir() / "slow.xml";
  std::ofstream(file) << build_pain001("SLOW-1", numbered_blocks(1, 500));
  auto upload =
      Process::start({"curl", "-sS", "--max-time", "30", "--cacert", gw.ca_pem().string(), "--cert",
                      gw.client_pem().string(), "--key", gw.client_key().string(), "--limit-rate",
                      "40K", "-H", "Content-Type: application/xml", "--data-binary",
                      "@" + file.string(), "-w", "\n%{http_code}", gw.api_url("/v1/messages")},
                     gw.dir() / "slow.log");
  // Terminated once the body has started to arrive (its spool file is there).
  REQUIRE(eventually(std::chrono::seconds(10),
                     [&] { return !std::filesystem::is_empty(gw.dir() / "spool"); }));
  auto end = gw.ctl({"application", "terminate", "--user", gw.user_number()});
  REQUIRE_MESSAGE(end.exit_code == 0, end.err);
  REQUIRE(upload.wait_for(std::chrono::seconds(40)).has_value());
  const std::string answer = read_file(gw.dir() / "slow.log");
  CHECK(contains(answer, "\"error\":\"application_terminated\""));
  CHECK(contains(answer, "\n403"));
  CHECK(gw.query_value("SELECT count(*) FROM messages") == "0");
  CHECK(gw.query_value("SELECT count(*) FROM payments") == "0");
  CHECK(gw.wait_for_query("SELECT detail FROM audit_log WHERE action = 'access.refused'",
                          "\"reason\":\"application_terminated\""));
}

TEST_CASE("an expired application is refused") {
  GatewayFixture gw;
  // Registered on a date three years back (the latest it may have been
  // registered on and still be current): it lapses in the coming day.
  auto reg = register_file(gw, "old.json", application(gw.user_number(), view(kViewed)));
  REQUIRE_MESSAGE(reg.exit_code == 0, reg.err);
  REQUIRE(http_status(gw.curl_api("/v1/whoami")) == "200");
  // Three years pass (the store's clock cannot be moved; its dates can).
  gw.execute_store(
      "UPDATE applications SET registered_at = '2020-01-15T00:00:00Z', valid_until = "
      "'2023-01-15T00:00:00Z'");
  auto r = gw.curl_api("/v1/whoami");
  CHECK(http_status(r) == "403");
  CHECK(contains(http_body(r), "\"error\":\"application_expired\""));
  CHECK(contains(gw.ctl({"application", "show", "--user", gw.user_number()}).out,
                 "valid until 2023-01-15"));
}

TEST_CASE("an application that has already lapsed cannot be registered, and mails no code") {
  GatewayFixture gw;
  const auto mails_before = gw.query_value("SELECT count(*) FROM activation_codes");
  auto reg = register_file(gw, "old.json", application(gw.user_number(), view(kViewed)),
                           {"--registered-on", "2020-01-15"});
  CHECK(reg.exit_code != 0);
  CHECK(contains(reg.err, "lapsed on 2023-01-15"));
  CHECK(gw.query_value("SELECT count(*) FROM activation_codes") == mails_before);
  CHECK(http_status(gw.curl_api("/v1/whoami")) == "200");  // the old application stands
}

TEST_CASE("the source-address allow-list is enforced") {
  GatewayFixture gw;
  auto reg = register_file(gw, "ip.json",
                           application(gw.user_number(), view(kViewed), R"(["127.0.0.1/32"])"));
  REQUIRE_MESSAGE(reg.exit_code == 0, reg.err);
  CHECK(http_status(gw.curl_api("/v1/whoami")) == "200");
  auto other = gw.curl_api("/v1/whoami", {"--interface", "127.0.0.2"});
  CHECK(http_status(other) == "403");
  CHECK(contains(http_body(other), "\"error\":\"ip_not_allowed\""));
  CHECK(gw.wait_for_query("SELECT detail FROM audit_log WHERE action = 'access.refused'",
                          "\"reason\":\"ip_not_allowed\""));
  const auto audit = gw.query_store("SELECT detail FROM audit_log WHERE action = 'access.refused'");
  CHECK(contains(audit, "\"peer\":\"127.0.0.2\""));
}

TEST_CASE("registration rules: another institution's account, closed accounts, bad files") {
  GatewayFixture gw;
  REQUIRE(gw.ctl({"institution", "add", "--registration-number", "90000000002", "--name", "Cita"})
              .exit_code == 0);
  REQUIRE(
      gw.ctl({"account", "add", "--institution", "90000000002", "--iban", "LV33TREL1060000300000"})
          .exit_code == 0);
  auto manage_foreign = register_file(
      gw, "f1.json", application(gw.user_number(), manage("LV33TREL1060000300000", 10, 10)));
  CHECK(manage_foreign.exit_code == 1);
  CHECK(contains(manage_foreign.err, "only view access is possible"));
  auto no_permission =
      register_file(gw, "f2.json", application(gw.user_number(), view("LV33TREL1060000300000")));
  CHECK(no_permission.exit_code == 1);
  CHECK(contains(no_permission.err, "permission_reference"));
  auto with_permission = register_file(
      gw, "f3.json",
      application(gw.user_number(),
                  view("LV33TREL1060000300000", R"(, "permission_reference": "Nr. 7/2026")")));
  CHECK_MESSAGE(with_permission.exit_code == 0, with_permission.err);

  REQUIRE(gw.ctl({"account", "set-state", "--iban", kManaged, "--state", "blocked"}).exit_code ==
          0);
  auto blocked =
      register_file(gw, "b.json", application(gw.user_number(), manage(kManaged, 10, 20)));
  CHECK(blocked.exit_code == 1);
  CHECK(contains(blocked.err, "is blocked"));

  auto unknown_key = register_file(gw, "k.json", R"({"institution": {}, "colour": 1})");
  CHECK(unknown_key.exit_code == 1);
  CHECK(contains(unknown_key.err, "k.json: institution.registration_number: is required"));
}

TEST_CASE("a TOML application registers a new user, and a one-day limit change shows today") {
  GatewayFixture gw;
  const std::string toml = R"(signer = "Pēteris Ozols"
preparer = "Anna Kalniņa"
allowed_sources = []
[institution]
registration_number = "90000000001"
name = "Parauga pašvaldība"
[technical_contact]
first_name = "Jānis"
last_name = "Bērziņš"
personal_code = "321234-56789"
phone = "+371 29999999"
email = "janis@example.lv"
[[accounts]]
iban = "LV06TREL1060000300001"
mode = "manage"
single_limit_eur = 500
daily_limit_eur = 800
)";
  auto reg = register_file(gw, "second.toml", toml);
  REQUIRE_MESSAGE(reg.exit_code == 0, reg.err);
  const std::string user = reg.out.substr(0, reg.out.find('\n'));
  CHECK(user != gw.user_number());
  auto issued = gw.ctl({"cert", "issue", "--user", user, "--out", (gw.dir() / "u2").string()});
  REQUIRE(issued.exit_code == 0);
  auto change = gw.ctl({"application", "limit-change", "--user", user, "--iban", kManaged, "--date",
                        riga_today(), "--single", "700", "--daily", "900"});
  REQUIRE_MESSAGE(change.exit_code == 0, change.err);
  auto r = gw.curl_api("/v1/whoami", {"--cert", (gw.dir() / "u2.pem").string(), "--key",
                                      (gw.dir() / "u2.key").string()});
  REQUIRE(http_status(r) == "200");
  CHECK(contains(http_body(r), "\"limit_change_today\":{\"date\":\"" + riga_today() +
                                   "\",\"single_limit_eur\":700,\"daily_limit_eur\":900}"));
  auto on_view = gw.ctl({"application", "limit-change", "--user", gw.user_number(), "--iban",
                         kViewed, "--date", riga_today(), "--single", "1", "--daily", "1"});
  CHECK(on_view.exit_code == 1);
}

// The JSON Schema under schemas/ and the C++ parser agree on the examples in
// samples/applications/ (valid-* register, invalid-* are refused by both).
TEST_CASE("schemas/application.schema.json and gatewayctl agree on every example application") {
  GatewayFixture gw;
  const auto root = std::filesystem::path(GW_SOURCE_DIR);
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(root / "samples" / "applications")) {
    const std::string name = entry.path().filename().string();
    const bool expected_valid = name.rfind("valid-", 0) == 0;
    auto schema =
        run_command({"/usr/bin/python3", (root / "scripts" / "check-application.py").string(),
                     entry.path().string()});
    CHECK_MESSAGE((schema.exit_code == 0) == expected_valid,
                  name << ": " << schema.out << schema.err);
    auto ctl = gw.ctl({"application", "register", entry.path().string()});
    CHECK_MESSAGE((ctl.exit_code == 0) == expected_valid, name << ": " << ctl.err);
    ++checked;
  }
  CHECK(checked == 8);
}
