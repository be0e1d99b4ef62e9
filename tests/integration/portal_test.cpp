// The signing portal over real mutual TLS, with curl as the browser (a cookie
// jar, Origin headers as a browser sends them): a signer signs in with the
// personal certificate `gatewayctl signer issue` made, reads the file and
// approves it; forms without the session's token, from another origin or
// over a statement the signer did not see record nothing; a cookie is no use
// with another person's certificate; a session ends when idle and on sign-out;
// a revoked certificate ends access; a rejection in the portal rejects the file.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "calendar/business_days.h"
#include "calendar/riga_time.h"
#include "support/applications.h"
#include "support/gateway_fixture.h"
#include "support/pain001_builder.h"

using namespace gw::test;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

struct PortalSigner {
  std::string name;
  std::string code;
  std::filesystem::path pem;
  std::filesystem::path key;
  std::filesystem::path jar;  // the browser's cookies
};

PortalSigner issue_signer(const GatewayFixture& gw, const std::string& name,
                          const std::string& code) {
  PortalSigner s{name, code, gw.dir() / (code + ".pem"), gw.dir() / (code + ".key"),
                 gw.dir() / (code + ".cookies")};
  const auto csr = gw.dir() / (code + ".csr");
  auto req = run_command({"openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                          "ec_paramgen_curve:P-256", "-nodes", "-keyout", s.key.string(), "-out",
                          csr.string(), "-subj", "/CN=signer"});
  REQUIRE_MESSAGE(req.exit_code == 0, req.err);
  auto issued = gw.ctl({"signer", "issue", "--name", name, "--personal-code", code, "--csr",
                        csr.string(), "--out", s.pem.string()});
  REQUIRE_MESSAGE(issued.exit_code == 0, issued.err);
  return s;
}

// The demo user's managed account needs `signatures`; Anna signs at level 1, Jānis at 2.
void register_policy(const GatewayFixture& gw, int signatures) {
  auto doc = nlohmann::json::parse(
      application(gw.user_number(), manage(kDemoManaged, 10000, 50000) + "," + view(kDemoViewed)));
  doc["accounts"][0]["signatures_required"] = signatures;
  doc["payment_signers"] = {{{"name", "Anna Bērziņa"},
                             {"personal_code", "320000-00011"},
                             {"accounts", {{{"iban", kDemoManaged}, {"level", 1}}}}},
                            {{"name", "Jānis Liepa"},
                             {"personal_code", "320000-00022"},
                             {"accounts", {{{"iban", kDemoManaged}, {"level", 2}}}}}};
  auto r = register_file(gw, "signing.json", doc.dump());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err << r.out);
}

std::int64_t upload_held(const GatewayFixture& gw, const std::string& msg_id) {
  const gw::BusinessCalendar calendar;
  const auto day = gw::format_iso_date(calendar.on_or_after(*gw::parse_iso_date(riga_date_in(2))));
  const auto path = gw.dir() / (msg_id + ".xml");
  std::ofstream(path) << build_pain001(
      msg_id, {TestBlock{msg_id + "-B1",
                         kDemoManaged,
                         day,
                         {TestTransaction{"S1", 150000}, TestTransaction{"S2", 2550}}}});
  const auto headers = gw.dir() / (msg_id + ".headers");
  auto r = gw.curl_api("/v1/messages", {"-H", "Content-Type: application/xml", "--data-binary",
                                        "@" + path.string(), "-D", headers.string()});
  REQUIRE_MESSAGE(http_status(r) == "202", r.out);
  const auto text = read_file(headers);
  const auto at = text.find("X-Message-Id: ");
  REQUIRE(at != std::string::npos);
  return std::stoll(text.substr(at + 14));
}

struct Answer {
  std::string status;
  std::string body;
  std::string headers;
};

// One browser request of `who` (their certificate and cookie jar); a POST
// sends `form` as a form and, unless told otherwise, our own Origin.
Answer browse(const GatewayFixture& gw, const PortalSigner& who, const std::string& path,
              const std::string& form = "", const std::string& origin = "") {
  static int n = 0;
  const auto headers = gw.dir() / fmt::format("portal-{}.headers", ++n);
  std::vector<std::string> extra = {"--cert", who.pem.string(), "--key", who.key.string(),
                                    "-b",     who.jar.string(), "-c",    who.jar.string(),
                                    "-D",     headers.string()};
  if (!form.empty() || path.ends_with("/session") || path.ends_with("/signout") ||
      path.ends_with("/approve") || path.ends_with("/reject")) {
    const std::string from =
        origin.empty() ? fmt::format("https://127.0.0.1:{}", gw.api_port()) : origin;
    extra.insert(extra.end(), {"-H", "Origin: " + from, "--data", form});
  }
  auto r = gw.curl_api(path, extra);
  return {http_status(r), http_body(r), read_file(headers)};
}

std::string field(const std::string& html, const std::string& name) {
  std::smatch m;
  const std::regex re("name=\"" + name + "\" value=\"([0-9a-f]{64})\"");
  REQUIRE_MESSAGE(std::regex_search(html, m, re), name << " in " << html);
  return m[1];
}

std::string location(const Answer& a) {
  std::smatch m;
  REQUIRE_MESSAGE(std::regex_search(a.headers, m, std::regex("Location: (\\S+)")), a.headers);
  return m[1];
}

void sign_in(const GatewayFixture& gw, const PortalSigner& who) {
  const auto a = browse(gw, who, "/portal/session");
  REQUIRE_MESSAGE(a.status == "303", a.body);
  CHECK(location(a) == "/portal");
  CHECK(contains(a.headers, "; Path=/portal; Secure; HttpOnly; SameSite=Strict"));
}

std::string decide_form(const std::string& page, const std::string& decision) {
  // The approve form comes first, the reject form second.
  const auto at = page.find(fmt::format("/{}\"", decision));
  REQUIRE(at != std::string::npos);
  return fmt::format("csrf={}&statement_sha256={}", field(page, "csrf"),
                     field(page.substr(at), "statement_sha256"));
}

}  // namespace

TEST_CASE(
    "portal: signers sign in with their personal certificates and release a 2-signature file") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  register_policy(gw, 2);
  const auto anna = issue_signer(gw, "Anna Bērziņa", "320000-00011");
  const auto janis = issue_signer(gw, "Jānis Liepa", "320000-00022");
  const auto id = upload_held(gw, "PORTAL-1");
  const std::string file_path = fmt::format("/portal/files/{}", id);
  const std::string signatures =
      fmt::format("SELECT count(*) FROM file_signatures WHERE message_id = {}", id);

  // Before signing in: the sign-in page; the accounting system's certificate is no person's.
  auto a = browse(gw, anna, "/portal");
  CHECK(a.status == "200");
  CHECK(contains(a.body, "action=\"/portal/session\""));
  CHECK(contains(a.headers, "Content-Security-Policy: default-src 'none'"));
  auto system = gw.curl_api("/portal", {"-H", "Accept-Language: en"});
  CHECK(http_status(system) == "403");
  CHECK(contains(http_body(system), "is not a signer&#39;s personal certificate"));
  // Another site's page cannot sign anybody in.
  a = browse(gw, anna, "/portal/session", "", "https://evil.example");
  CHECK(a.status == "403");
  CHECK_FALSE(contains(a.headers, "Set-Cookie"));

  sign_in(gw, anna);
  a = browse(gw, anna, "/portal?lang=en");
  REQUIRE(a.status == "200");
  CHECK(contains(a.body, "Signed in: Anna Bērziņa"));
  CHECK(contains(a.body, fmt::format("<a href=\"{}\">{}</a>", file_path, id)));
  CHECK(contains(a.body, "1525.50 EUR"));
  a = browse(gw, anna, file_path);
  REQUIRE(a.status == "200");
  CHECK(contains(a.body, "Decision: approve"));
  CHECK(contains(a.body, "S1"));
  const std::string form = decide_form(a.body, "approve");

  // Nothing is recorded without the token, from another origin, or over an unseen statement.
  a = browse(gw, anna, file_path + "/approve",
             "statement_sha256=" + field(a.body, "statement_sha256"));
  CHECK(location(a) == file_path + "?outcome=form");
  a = browse(gw, anna, file_path + "/approve", form, "https://evil.example");
  CHECK(location(a) == file_path + "?outcome=form");
  a = browse(gw, anna, file_path + "/approve",
             form.substr(0, form.size() - 64) + std::string(64, '0'));
  CHECK(location(a) == file_path + "?outcome=file_changed");
  CHECK(gw.query_value(signatures) == "0");
  // Anna's cookie is no session for Jānis's certificate.
  std::filesystem::copy_file(anna.jar, janis.jar);
  a = browse(gw, janis, file_path);
  CHECK(contains(a.body, "action=\"/portal/session\""));
  CHECK_FALSE(contains(a.body, "Decision: approve"));

  // Anna approves: level 1, the file waits for a level-2 signer.
  a = browse(gw, anna, file_path + "/approve", form);
  REQUIRE(a.status == "303");
  CHECK(location(a) == file_path + "?outcome=approved");
  a = browse(gw, anna, file_path + "?outcome=approved");
  CHECK(contains(a.body, "Your approval is recorded. The file waits for its other signers."));
  CHECK_FALSE(contains(a.body, "/approve\""));  // she signed: no more forms for her
  CHECK(gw.query_value(fmt::format("SELECT method || '|' || length(cms) || '|' || signer_name "
                                   "FROM file_signatures WHERE message_id = {}",
                                   id)) == "portal|0|Anna Bērziņa");
  CHECK(gw.query_value(fmt::format("SELECT state FROM authorisations WHERE message_id = {}", id)) ==
        "waiting");

  // Jānis (level 2) completes it in the portal: released to the ledger.
  sign_in(gw, janis);
  a = browse(gw, janis, file_path);
  a = browse(gw, janis, file_path + "/approve", decide_form(a.body, "approve"));
  CHECK(location(a) == file_path + "?outcome=released");
  CHECK(gw.query_value(fmt::format("SELECT state FROM authorisations WHERE message_id = {}", id)) ==
        "released");
  CHECK(gw.query_value("SELECT count(*) FROM ledger_queue") == "1");
  const auto summary =
      nlohmann::json::parse(http_body(gw.curl_api(fmt::format("/v1/authorisations/{}", id))));
  REQUIRE(summary["signatures"].size() == 2);
  CHECK(summary["signatures"][1]["method"] == "portal");
  CHECK(summary["signatures"][1]["level"] == 2);
  CHECK(gw.query_value("SELECT count(*) FROM audit_log WHERE action = 'authorisation.approve' "
                       "AND detail LIKE '%\"method\":\"portal\"%'") == "2");
  a = browse(gw, janis, "/portal?lang=en");
  CHECK(contains(a.body, "Nothing waits for your signature."));

  // Sign-out ends the session; its cookie no longer works.
  a = browse(gw, janis, "/portal");
  const std::string jar_before = read_file(janis.jar);
  a = browse(gw, janis, "/portal/signout", "csrf=" + field(a.body, "csrf"));
  CHECK(location(a) == "/portal?signed_out=1");
  CHECK(contains(a.headers, "portal_session=; Path=/portal"));
  std::ofstream(janis.jar) << jar_before;
  a = browse(gw, janis, "/portal?lang=en");
  CHECK(contains(a.body, "Your session ended"));
}

TEST_CASE(
    "portal: an idle session ends, a rejection rejects the file, a revoked certificate is "
    "refused") {
  GatewayFixture gw("[authorisation]\nportal_idle_seconds = 5\n");
  register_policy(gw, 1);
  const auto anna = issue_signer(gw, "Anna Bērziņa", "320000-00011");
  const auto id = upload_held(gw, "PORTAL-2");
  const std::string file_path = fmt::format("/portal/files/{}", id);

  sign_in(gw, anna);
  auto a = browse(gw, anna, file_path + "?lang=en");
  REQUIRE(contains(a.body, "Decision: approve"));
  CHECK(contains(a.body, "content=\"10;url=/portal\""));  // back to sign-in when it ends
  std::this_thread::sleep_for(std::chrono::seconds(7));
  const std::string form = decide_form(a.body, "reject");
  a = browse(gw, anna, file_path + "/reject", form);
  CHECK(location(a) == "/portal");  // nothing recorded: the session had ended
  a = browse(gw, anna, "/portal?lang=en");
  CHECK(contains(a.body, "Your session ended after 1 minute without activity"));
  CHECK(gw.query_value("SELECT count(*) FROM file_signatures") == "0");

  sign_in(gw, anna);
  a = browse(gw, anna, file_path);
  a = browse(gw, anna, file_path + "/reject", decide_form(a.body, "reject"));
  CHECK(location(a) == file_path + "?outcome=rejected");
  CHECK(gw.query_value(fmt::format("SELECT state || '|' || reason FROM authorisations "
                                   "WHERE message_id = {}",
                                   id)) == "rejected|DS02");
  CHECK(gw.query_value("SELECT decision || '|' || method FROM file_signatures") == "reject|portal");

  // Revoked: refused on the next request, session or not.
  const auto listed = gw.ctl({"signer", "list"});
  const auto serial = listed.out.substr(0, listed.out.find(' '));
  REQUIRE(gw.ctl({"signer", "revoke", "--serial", serial}).exit_code == 0);
  a = browse(gw, anna, "/portal?lang=en");
  CHECK(a.status == "403");
  CHECK(contains(a.body, "has been revoked or is no longer valid"));
}
