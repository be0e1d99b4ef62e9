// The lifecycle of a user's access: warnings mailed to the technical contact
// before the certificate or the application ends (gatewayd at start and
// hourly, gatewayctl expiry-warnings), once each.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/eventually.h"
#include "support/gateway_fixture.h"

using namespace gw::test;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::vector<std::string> mails(const GatewayFixture& gw) {
  std::vector<std::string> texts;
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(gw.dir() / "outbox")) {
    if (entry.path().extension() == ".eml") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  for (const auto& path : paths) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    texts.push_back(text.str());
  }
  return texts;
}

// How many times gatewayd has checked for expiring certificates and
// applications (it logs each check; the log is kept across restarts).
std::size_t expiry_checks(const GatewayFixture& gw) {
  const std::string log = gw.log();
  const std::string event = "expiry_warnings_checked";
  std::size_t count = 0;
  for (auto at = log.find(event); at != std::string::npos; at = log.find(event, at + 1)) ++count;
  return count;
}

// Waits until gatewayd has run `count` checks: its check at start runs on the
// handler pool a moment after its ports are open, and must not see what a
// test changes afterwards for the next process.
bool expiry_checks_reach(const GatewayFixture& gw, std::size_t count) {
  return eventually(std::chrono::seconds(20), [&] { return expiry_checks(gw) >= count; });
}

}  // namespace

TEST_CASE("the technical contact is warned once before the certificate and the application end") {
  GatewayFixture gw;
  REQUIRE(expiry_checks_reach(gw, 1));
  const std::string user = gw.user_number();
  const auto before = mails(gw).size();

  auto quiet = gw.ctl({"expiry-warnings"});
  REQUIRE(quiet.exit_code == 0);
  CHECK(contains(quiet.out, "0 certificate(s), 0 application(s) end; 0 warning(s) mailed"));

  // The demo's certificate ends in 10 days, its application in 20.
  gw.execute_store("UPDATE client_certificates SET not_after = " +
                   sql_utc_time(std::chrono::days(10)) + " WHERE user_number = " + user);
  gw.execute_store("UPDATE applications SET valid_until = " + sql_utc_time(std::chrono::days(20)) +
                   " WHERE user_number = " + user +
                   " AND replaced_at IS NULL AND terminated_at IS NULL");
  const std::string cert_end = gw.query_value(
      "SELECT substr(max(not_after), 1, 10) FROM client_certificates WHERE user_number = " + user);

  // --days only lists: a wide window must not spend the warnings early.
  auto listed = gw.ctl({"expiry-warnings", "--days", "365"});
  CHECK(contains(listed.out, "1 certificate(s), 1 application(s) end; 0 warning(s) mailed"));
  CHECK(contains(listed.out, "not warned yet"));
  CHECK(contains(gw.ctl({"expiry-warnings", "--days", "5"}).out, "0 certificate(s)"));
  CHECK(mails(gw).size() == before);
  auto warned = gw.ctl({"expiry-warnings"});
  REQUIRE(warned.exit_code == 0);
  CHECK(contains(warned.out, "1 certificate(s), 1 application(s) end; 2 warning(s) mailed"));
  const auto sent = mails(gw);
  REQUIRE(sent.size() == before + 2);
  std::string certificate_mail, application_mail;
  for (std::size_t i = before; i < sent.size(); ++i) {
    (contains(sent[i], "The client certificate of user") ? certificate_mail : application_mail) =
        sent[i];
  }
  CHECK(contains(certificate_mail, "To: it@parauga.example.lv"));
  CHECK(contains(certificate_mail, "expires on " + cert_end));
  CHECK(contains(certificate_mail, "beigsies " + cert_end));
  CHECK(contains(certificate_mail, "POST /v1/certificates/renew"));
  CHECK(contains(application_mail, "Your institution's application"));
  CHECK(contains(application_mail, "submit a new signed application form"));

  // Once each: the next run and gatewayd's own check at start mail nothing more,
  // and the metrics say what ends.
  CHECK(contains(gw.ctl({"expiry-warnings"}).out, "; 0 warning(s) mailed"));
  gw.kill_and_restart();
  REQUIRE(expiry_checks_reach(gw, 2));
  CHECK(gw.wait_for_metric("gateway_certificates_expiring 1\n"));
  CHECK(gw.wait_for_metric("gateway_applications_expiring 1\n"));
  CHECK(mails(gw).size() == before + 2);
  CHECK(gw.query_value("SELECT count(*) FROM expiry_warnings") == "2");

  // A renewed certificate ends the old one's warnings; one that ends with the
  // application (00:00 UTC of its last date, as activation issues them) is
  // left to the application's warning.
  const std::string app_end = gw.query_value(
      "SELECT substr(valid_until, 1, 10) FROM applications WHERE user_number = " + user +
      " AND replaced_at IS NULL");
  gw.issue_certificate("renewed", {"--not-after", app_end + "T00:00:00Z"});
  auto renewed = gw.ctl({"expiry-warnings"});
  CHECK(contains(renewed.out, "0 certificate(s), 1 application(s) end; 0 warning(s) mailed"));
  CHECK(contains(renewed.out, "application "));
  CHECK(contains(renewed.out, "warned before"));
}

TEST_CASE("gatewayd warns at start, and expiry_warning_days = 0 turns warnings off") {
  GatewayFixture off("[activation]\nlisten = \"127.0.0.1:0\"\nexpiry_warning_days = 0\n");
  REQUIRE(expiry_checks_reach(off, 1));
  off.execute_store("UPDATE applications SET valid_until = " + sql_utc_time(std::chrono::days(3)) +
                    " WHERE replaced_at IS NULL AND terminated_at IS NULL");
  const auto before = mails(off).size();
  CHECK(contains(off.ctl({"expiry-warnings"}).out, "0 warning(s) mailed"));
  off.kill_and_restart();
  // The restarted gatewayd's check at start has run, and mailed nothing.
  CHECK(expiry_checks_reach(off, 2));
  CHECK(mails(off).size() == before);
  CHECK(off.query_value("SELECT count(*) FROM expiry_warnings") == "0");

  GatewayFixture on;
  REQUIRE(expiry_checks_reach(on, 1));
  on.execute_store("UPDATE applications SET valid_until = " + sql_utc_time(std::chrono::days(3)) +
                   " WHERE replaced_at IS NULL AND terminated_at IS NULL");
  const auto on_before = mails(on).size();
  on.kill_and_restart();
  // The restarted gatewayd's check claims its row, mails, then logs the check.
  REQUIRE(expiry_checks_reach(on, 2));
  CHECK(on.query_value("SELECT kind FROM expiry_warnings") == "application");
  CHECK(mails(on).size() == on_before + 1);
  CHECK(on.wait_for_metric("gateway_applications_expiring 1\n"));
}
