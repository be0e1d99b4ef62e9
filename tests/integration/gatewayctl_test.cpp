// The two executables' command lines and start-up checks.
#include <doctest/doctest.h>

#include <fstream>

#include "support/applications.h"
#include "support/gateway_fixture.h"
#include "support/temp_dir.h"

using namespace gw::test;

namespace {
bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}
}  // namespace

TEST_CASE("both executables answer --help and --version") {
  for (const char* exe : {GATEWAYD_PATH, GATEWAYCTL_PATH}) {
    auto help = run_command({exe, "--help"});
    CHECK(help.exit_code == 0);
    CHECK(contains(help.out, "--config"));
    auto version = run_command({exe, "--version"});
    CHECK(version.exit_code == 0);
    CHECK(contains(version.out, "0.1.0"));
  }
}

TEST_CASE("gatewayctl exits 2 on a usage error") {
  CHECK(run_command({GATEWAYCTL_PATH}).exit_code == 2);
  CHECK(run_command({GATEWAYCTL_PATH, "cert", "revoke"}).exit_code == 2);
  CHECK(run_command({GATEWAYCTL_PATH, "frobnicate"}).exit_code == 2);
}

TEST_CASE("gatewayd refuses a configuration with an unknown key and names it") {
  const TempDir temp("gw-cfg");
  const auto& dir = temp.path();
  std::ofstream(dir / "bad.toml") << "[limits]\nmax_body_byte = 10\n";
  auto r = run_command({GATEWAYD_PATH, "--config", (dir / "bad.toml").string()});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "limits.max_body_byte: unknown key"));
}

TEST_CASE(
    "a ledger run before gatewayd ever ran pushes its notifications: the spool is made for them") {
  const TempDir temp("gw-ctl-first");
  const auto& dir = temp.path();
  const auto config = (dir / "gw.toml").string();
  std::ofstream(config) << "data_dir = \"" << (dir / "var").string() << "\"\n";
  const auto ctl = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {GATEWAYCTL_PATH, "--config", config});
    return run_command(args);
  };
  REQUIRE(ctl({"pki", "init"}).exit_code == 0);
  const auto user = ctl({"seed-demo"});
  REQUIRE(user.exit_code == 0);
  std::ofstream(dir / "app.json") << application(user.out.substr(0, user.out.find('\n')),
                                                 manage(kDemoManaged, 100, 1000));
  REQUIRE(ctl({"application", "register", (dir / "app.json").string()}).exit_code == 0);
  REQUIRE_FALSE(std::filesystem::exists(dir / "var" / "spool"));
  REQUIRE(ctl({"ledger", "fund", "--iban", kDemoManaged, "--amount", "5.00"}).exit_code == 0);
  // The run notifies what was booked since the registration: the funding.
  const auto run = ctl({"ledger", "run-day"});
  CHECK(run.exit_code == 0);
  CHECK_FALSE(contains(run.err + run.out, "not sent"));
  CHECK((std::filesystem::status(dir / "var" / "spool").permissions() &
         std::filesystem::perms::group_all) == std::filesystem::perms::none);
  const auto pushed =
      run_command({"sqlite3", (dir / "var" / "gateway.db").string(),
                   "SELECT count(*) FROM mailbox WHERE message_type LIKE 'camt.054%'"});
  CHECK(pushed.out == "1\n");
}

TEST_CASE("operator commands validate input and leave an audit trail") {
  GatewayFixture gw;
  auto bad_reg = gw.ctl({"institution", "add", "--registration-number", "123", "--name", "X"});
  CHECK(bad_reg.exit_code == 1);
  CHECK(contains(bad_reg.err, "11 digits"));
  REQUIRE(gw.ctl({"institution", "add", "--registration-number", "90000000002", "--name",
                  "Otra iestāde"})
              .exit_code == 0);
  auto bad_iban =
      gw.ctl({"account", "add", "--institution", "90000000002", "--iban", "LV91TREL1060000100000"});
  CHECK(bad_iban.exit_code == 1);
  CHECK(contains(bad_iban.err, "not a valid IBAN"));
  auto bad_currency = gw.ctl({"account", "add", "--institution", "90000000002", "--iban",
                              "LV07TREL5180453053000", "--currency", "JPY"});
  CHECK(bad_currency.exit_code == 1);
  CHECK(
      gw.ctl({"account", "add", "--institution", "90000000002", "--iban", "LV07TREL5180453053000"})
          .exit_code == 0);
  auto bad_state =
      gw.ctl({"account", "set-state", "--iban", "LV07TREL5180453053000", "--state", "frozen"});
  CHECK(bad_state.exit_code == 2);

  auto list = gw.ctl({"cert", "list"});
  CHECK(list.exit_code == 0);
  CHECK(contains(list.out, "active"));
  // seed-demo (institution, 3 accounts, application, activation code), the fixture's
  // certificate, this test's institution and account.
  CHECK(gw.query_value("SELECT count(*) FROM audit_log WHERE actor = 'test'") == "9");
}

TEST_CASE("pki init refuses to overwrite the CA without --force") {
  GatewayFixture gw;
  auto again = gw.ctl({"pki", "init"});
  CHECK(again.exit_code == 1);
  CHECK(contains(again.err, "--force"));
}

TEST_CASE("an application naming a registered institution otherwise is refused, unless renamed") {
  GatewayFixture gw;
  std::string text = gw::test::application(gw.user_number(), gw::test::view(gw::test::kDemoViewed));
  const std::string old_name = "\"Parauga pašvaldība\"";
  REQUIRE(text.find(old_name) != std::string::npos);
  text.replace(text.find(old_name), old_name.size(), "\"Parauga novads\"");
  auto refused = gw::test::register_file(gw, "renamed.json", text);
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("is registered as 'Parauga pašvaldība', and this application names "
                         "'Parauga novads'") != std::string::npos);
  auto renamed = gw::test::register_file(gw, "renamed.json", text, {"--institution-renamed"});
  REQUIRE_MESSAGE(renamed.exit_code == 0, renamed.err);
  CHECK(gw.query_value("SELECT name FROM institutions WHERE registration_number = '90000000001'") ==
        "Parauga novads");
  CHECK(gw.query_value("SELECT count(*) FROM audit_log WHERE action = 'institution.rename'") ==
        "1");
}
