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
#include <optional>
#include <regex>
#include <set>
#include <thread>

#include "calendar/business_days.h"
#include "calendar/riga_time.h"
#include "support/applications.h"
#include "support/eventually.h"
#include "support/gateway_fixture.h"
#include "support/pain001_builder.h"
#include "support/process.h"
#include "support/store_write_lock.h"

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

// The demo's third account, where only Jānis signs.
const std::string kThird = "LV49TREL1060000300003";

// The demo user's managed account needs `signatures`; Anna signs at level 1, Jānis at 2.
// The third account needs one signature, Jānis's.
void register_policy(const GatewayFixture& gw, int signatures, const std::string& language = "en") {
  auto doc = nlohmann::json::parse(
      application(gw.user_number(), manage(kDemoManaged, 10000, 50000) + "," + view(kDemoViewed) +
                                        "," + manage(kThird, 10000, 50000)));
  doc["accounts"][0]["signatures_required"] = signatures;
  doc["accounts"][2]["signatures_required"] = 1;
  doc["language"] = language;
  doc["payment_signers"] = {
      {{"name", "Anna Bērziņa"},
       {"personal_code", "320000-00011"},
       {"accounts", {{{"iban", kDemoManaged}, {"level", 1}}}}},
      {{"name", "Jānis Liepa"},
       {"personal_code", "320000-00022"},
       {"accounts", {{{"iban", kDemoManaged}, {"level", 2}}, {{"iban", kThird}, {"level", 1}}}}}};
  auto r = register_file(gw, "signing.json", doc.dump());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err << r.out);
}

std::int64_t upload_held(const GatewayFixture& gw, const std::string& msg_id,
                         const std::string& debtor = kDemoManaged) {
  const gw::BusinessCalendar calendar;
  const auto day = gw::format_iso_date(calendar.on_or_after(*gw::parse_iso_date(riga_date_in(2))));
  const auto path = gw.dir() / (msg_id + ".xml");
  std::ofstream(path) << build_pain001(
      msg_id, {TestBlock{msg_id + "-B1",
                         debtor,
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
  // A file from the account only Jānis signs for: Anna neither sees nor finds it.
  const auto third = upload_held(gw, "PORTAL-THIRD", kThird);
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

  // More than a form is refused before it is read.
  a = browse(gw, anna, "/portal/session", "pad=" + std::string(5000, 'x'));
  CHECK(a.status == "413");

  sign_in(gw, anna);
  a = browse(gw, anna, "/portal?lang=en");
  REQUIRE(a.status == "200");
  CHECK(contains(a.body, "Signed in: Anna Bērziņa"));
  CHECK(contains(a.body, fmt::format("<a href=\"{}\">{}</a>", file_path, id)));
  CHECK_MESSAGE(!contains(a.body, fmt::format("/portal/files/{}\"", third)), a.body);
  CHECK(browse(gw, anna, fmt::format("/portal/files/{}", third)).status == "404");
  CHECK_FALSE(
      contains(browse(gw, anna, "/portal/payments?ref=PORTAL-THIRD").body, "PORTAL-THIRD-B1"));
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
  CHECK_FALSE(contains(a.body, fmt::format("/portal/files/{}\"", id)));  // released
  CHECK(contains(a.body, fmt::format("/portal/files/{}\"", third)));     // his, still waiting

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
  CHECK(a.status == "000");  // the TLS handshake refuses it
  CHECK(
      gw.wait_for_query("SELECT detail FROM audit_log WHERE action = 'access.refused'", "revoked"));
}

TEST_CASE(
    "portal: payments searched by date, amount, beneficiary, status and reference, paged past "
    "100") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  register_policy(gw, 1);
  const auto anna = issue_signer(gw, "Anna Bērziņa", "320000-00011");
  const gw::BusinessCalendar calendar;
  const auto day = gw::format_iso_date(calendar.on_or_after(*gw::parse_iso_date(riga_date_in(2))));
  // File A: 120 salaries of 1..120 EUR; file B: two payments to the tax office.
  std::vector<TestTransaction> salaries;
  for (int i = 1; i <= 120; ++i) {
    salaries.push_back(TestTransaction{fmt::format("SAL-{:03}", i), i * 100});
  }
  const std::vector<std::pair<std::string, std::string>> files = {
      {"FILE-A", build_pain001("FILE-A", {TestBlock{"FILE-A-B1", kDemoManaged, day, salaries}})},
      {"FILE-B",
       build_pain001("FILE-B",
                     {TestBlock{"FILE-B-B1",
                                kDemoManaged,
                                day,
                                {TestTransaction{"TAX-1", 250000, "EUR", "LV33TREL1060000300000",
                                                 "Valsts ieņēmumu dienests"},
                                 TestTransaction{"TAX-2", 260000, "EUR", "LV33TREL1060000300000",
                                                 "Valsts ieņēmumu dienests"}}}})}};
  for (const auto& [name, xml] : files) {
    const auto path = gw.dir() / (name + ".xml");
    std::ofstream(path) << xml;
    auto r = gw.curl_api("/v1/messages", {"-H", "Content-Type: application/xml", "--data-binary",
                                          "@" + path.string()});
    REQUIRE_MESSAGE(http_status(r) == "202", r.out);
  }
  sign_in(gw, anna);
  const auto rows = [](const std::string& page) {
    std::size_t n = 0;
    for (auto at = page.find("<td><a href=\"/portal/files/"); at != std::string::npos;
         at = page.find("<td><a href=\"/portal/files/", at + 1)) {
      ++n;
    }
    return n;
  };
  const auto older = [](const std::string& page) -> std::string {
    std::smatch m;
    if (!std::regex_search(page, m,
                           std::regex("href=\"(/portal/payments\\?[^\"]*)\" rel=\"next\""))) {
      return "";
    }
    std::string href = m[1];
    for (std::size_t at; (at = href.find("&amp;")) != std::string::npos;) href.replace(at, 5, "&");
    return href;
  };

  // Everything, newest first, 50 a page: 122 payments on three pages, each once.
  std::set<std::string> seen;
  std::string next = "/portal/payments?lang=en";
  std::vector<std::size_t> pages;
  while (!next.empty()) {
    const auto a = browse(gw, anna, next);
    REQUIRE(a.status == "200");
    pages.push_back(rows(a.body));
    static const std::regex kId("<td>((?:SAL|TAX)-\\d+)</td>");
    for (std::sregex_iterator it(a.body.begin(), a.body.end(), kId), end; it != end; ++it) {
      seen.insert((*it)[1]);
    }
    next = older(a.body);
    REQUIRE(pages.size() < 5);
  }
  CHECK(pages == std::vector<std::size_t>{50, 50, 22});
  CHECK(seen.size() == 122);
  CHECK(seen.count("SAL-001") == 1);
  CHECK(seen.count("TAX-2") == 1);

  const auto count = [&](const std::string& query) {
    const auto a = browse(gw, anna, "/portal/payments?" + query);
    REQUIRE_MESSAGE(a.status == "200", query << ": " << a.body);
    return rows(a.body);
  };
  CHECK(count("ref=FILE-B") == 2);                  // the file's MsgId
  CHECK(count("ref=SAL-007") == 1);                 // an EndToEndId
  CHECK(count("ref=FILE-A-B1") == 50);              // a block, first page
  CHECK(count("party=valsts") == 2);                // the beneficiary's name, any case
  CHECK(count("party=LV33%20TREL") == 2);           // an IBAN as people write it
  CHECK(count("party=100%25") == 0);                // % is a character, not a wildcard
  CHECK(count("min=100&max=110") == 11);            // 100.00 to 110.00 EUR
  CHECK(count("min=100%2C00&max=110%2C00") == 11);  // 100,00 as Latvians write it
  CHECK(count("min=2000") == 2);
  CHECK(count("status=PDNG&ref=FILE-B") == 2);  // held for signatures
  CHECK(count("status=ACSC") == 0);
  CHECK(count("from=" + day + "&to=" + day + "&ref=FILE-B") == 2);
  CHECK(count("to=2020-01-01") == 0);
  const auto page = browse(gw, anna, "/portal/payments?ref=SAL-007&lang=en").body;
  CHECK(contains(page, "RCVD "));  // each payment's history
  CHECK(contains(page, "→ PDNG "));
  CHECK(contains(page, "<option value=\"\" selected=\"selected\">any</option>"));

  // Criteria that are not dates or amounts: said, nothing searched.
  for (const std::string bad : {"min=abc", "from=2026-13-45", "status=NONE", "before=0"}) {
    const auto a = browse(gw, anna, "/portal/payments?lang=en&" + bad);
    CHECK_MESSAGE(a.status == "400", bad);
    CHECK_MESSAGE(contains(a.body, "Dates are written as 2026-12-31"), bad);
    CHECK(rows(a.body) == 0);
  }
  // A name of 141 characters: refused, and the sentence says why (it spoke
  // only of dates and amounts); 140 Latvian characters (more bytes) are searched.
  std::string long_name;
  for (int i = 0; i < 141; ++i) long_name += "%C4%81";  // ā
  const auto too_long = browse(gw, anna, "/portal/payments?lang=en&party=" + long_name);
  CHECK(too_long.status == "400");
  CHECK(contains(too_long.body, "a name or a reference has at most 140 characters"));
  CHECK(count("party=" + long_name.substr(6)) == 0);
}

TEST_CASE(
    "portal: a signer's rejection, an expiry and a cancellation speak the application's Latvian") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n[authorisation]\nexpiry_interval_ms = 100\n");
  register_policy(gw, 1, "lv");
  const auto anna = issue_signer(gw, "Anna Bērziņa", "320000-00011");
  const auto pain002 = [&](std::int64_t id) {
    return http_body(gw.curl_api(fmt::format("/v1/messages/{}/pain002", id)));
  };

  // Rejected by a signer in the portal: DS02.
  const auto rejected = upload_held(gw, "LV-1");
  sign_in(gw, anna);
  auto a = browse(gw, anna, fmt::format("/portal/files/{}", rejected));
  a = browse(gw, anna, fmt::format("/portal/files/{}/reject", rejected),
             decide_form(a.body, "reject"));
  REQUIRE(location(a) == fmt::format("/portal/files/{}?outcome=rejected", rejected));
  auto report = pain002(rejected);
  CHECK(contains(report, "<Cd>DS02</Cd>"));
  CHECK(contains(report, "noraidīja konta maksājumu parakstītājs"));

  // Not signed by its deadline: DS24.
  const auto expired = upload_held(gw, "LV-2");
  gw.execute_store(fmt::format(
      "UPDATE authorisations SET expires_at = '2000-01-01T00:00:00Z' WHERE message_id = {}",
      expired));
  REQUIRE(gw.wait_for_query(
      fmt::format("SELECT state FROM authorisations WHERE message_id = {}", expired), "expired"));
  report = pain002(expired);
  CHECK(contains(report, "<Cd>DS24</Cd>"));
  CHECK(contains(report,
                 "nav pilnībā parakstīta līdz termiņam 2000-01-01T00:00:00Z: 0 no 1 parakstiem"));

  // One payment cancelled by the uploader while the file waits: DS02 with who did it.
  const auto cancelled = upload_held(gw, "LV-3");
  auto r = gw.curl_api(
      fmt::format("/v1/messages/{}/cancel", cancelled),
      {"-H", "Content-Type: application/json", "--data", R"({"end_to_end_ids": ["S1"]})"});
  REQUIRE_MESSAGE(http_status(r) == "200", r.out);
  report = pain002(cancelled);
  CHECK(contains(report, fmt::format("lietotājs {} atcēla pirms izpildes", gw.user_number())));
  CHECK(contains(
      report, fmt::format("1 maksājums atcelts pēc lietotāja {} pieprasījuma", gw.user_number())));
  CHECK_FALSE(contains(report, "cancelled by"));
}

TEST_CASE(
    "portal: a signer reads an account's statement a page at a time and downloads its camt.053") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  register_policy(gw, 1);
  const auto anna = issue_signer(gw, "Anna Bērziņa", "320000-00011");
  const gw::BusinessCalendar calendar;
  const auto d = calendar.on_or_after(*gw::parse_iso_date(riga_date_in(2)));
  const auto day = gw::format_iso_date(d);
  auto saturday = std::chrono::sys_days{d};
  while (std::chrono::weekday{saturday} != std::chrono::Saturday) saturday -= std::chrono::days{1};
  auto set = gw.ctl({"ledger", "clock", "--set", day});
  REQUIRE_MESSAGE(set.exit_code == 0, set.err);
  REQUIRE(gw.ctl({"ledger", "fund", "--iban", kDemoManaged, "--amount", "10000.00"}).exit_code ==
          0);
  // 120 salaries of 1..120 EUR (7 260 EUR), each booked on its own (BtchBookg false).
  std::vector<TestTransaction> salaries;
  for (int i = 1; i <= 120; ++i) {
    salaries.push_back(TestTransaction{fmt::format("SAL-{:03}", i), i * 100});
  }
  const auto path = gw.dir() / "salaries.xml";
  std::ofstream(path) << build_pain001(
      "STMT-1", {TestBlock{"STMT-1-B1", kDemoManaged, day, salaries, "false"}});
  auto r = gw.curl_api("/v1/messages", {"-H", "Content-Type: application/xml", "--data-binary",
                                        "@" + path.string()});
  REQUIRE_MESSAGE(http_status(r) == "202", r.out);
  sign_in(gw, anna);
  auto a = browse(gw, anna, "/portal/files/1");
  a = browse(gw, anna, "/portal/files/1/approve", decide_form(a.body, "approve"));
  REQUIRE(location(a) == "/portal/files/1?outcome=released");
  auto run = gw.ctl({"ledger", "run-day"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  REQUIRE_MESSAGE(contains(run.out, "120 booked"), run.out);

  // Today, before its end: the entries so far, said not to be final, no camt.053 yet.
  const std::string today = "/portal/statements?lang=en&iban=" + kDemoManaged + "&day=" + day;
  a = browse(gw, anna, today);
  REQUIRE_MESSAGE(a.status == "200", a.body);
  CHECK(contains(a.body, "The day has not ended: these are the entries booked so far"));
  CHECK_FALSE(contains(a.body, "/portal/statements/camt053"));
  // Only the accounts Anna signs for are offered (not the viewed one, not the third).
  CHECK(contains(a.body, "<option value=\"" + kDemoManaged + "\" selected=\"selected\">"));
  CHECK_FALSE(contains(a.body, "<option value=\"" + kThird + "\""));
  CHECK_FALSE(contains(a.body, "<option value=\"" + kDemoViewed + "\""));
  a = browse(gw, anna, "/portal/statements/camt053",
             fmt::format("csrf={}&iban={}&day={}", field(a.body, "csrf"), kDemoManaged, day));
  CHECK(contains(location(a), "download=not_closed"));
  CHECK(contains(browse(gw, anna, location(a) + "&lang=en").body,
                 "its camt.053 can be had once the treasury closes it"));
  CHECK(gw.query_value("SELECT count(*) FROM mailbox WHERE message_type LIKE 'camt.053%'") == "0");

  REQUIRE(gw.ctl({"ledger", "end-of-day"}).exit_code == 0);
  // Closed: the balances, and 121 entries (the funding and 120 salaries) 100 a page.
  const std::string closed = "/portal/statements?lang=en&iban=" + kDemoManaged + "&day=" + day;
  a = browse(gw, anna, closed);
  REQUIRE_MESSAGE(a.status == "200", a.body);
  CHECK_FALSE(contains(a.body, "The day has not ended"));
  CHECK(contains(a.body, "<dt>Opening balance</dt><dd>0.00 EUR</dd>"));
  CHECK(contains(a.body, "<dt>Credits</dt><dd>1 entries, 10000.00 EUR</dd>"));
  CHECK(contains(a.body, "<dt>Debits</dt><dd>120 entries, 7260.00 EUR</dd>"));
  CHECK(contains(a.body, "<dt>Closing balance</dt><dd>2740.00 EUR</dd>"));
  CHECK(contains(a.body, "Entries 1–100, in booking order"));
  CHECK(contains(a.body, "<td>Funding of the account</td>"));
  CHECK(contains(a.body, "<td class=\"number\">-1.00 EUR</td>"));
  CHECK(contains(a.body, "<td>SIA &quot;Rīgas Ūdens&quot;, LV56HABA8093972980635</td>"));
  CHECK(contains(a.body, "<td>SAL-001</td><td>Rēķins SAL-001</td>"));
  std::smatch next;
  REQUIRE(std::regex_search(a.body, next,
                            std::regex("href=\"([^\"]*after=\\d+&amp;from=100)\" rel=\"next\"")));
  std::string href = next[1];
  for (std::size_t at; (at = href.find("&amp;")) != std::string::npos;) href.replace(at, 5, "&");
  a = browse(gw, anna, href + "&lang=en");
  CHECK(contains(a.body, "Entries 101–121, in booking order"));
  CHECK(contains(a.body, "<td>SAL-120</td>"));
  CHECK_FALSE(contains(a.body, "rel=\"next\""));
  // After the last entry (a link kept from when the page was full): said so,
  // not "Entries 122–121".
  const std::string after_last =
      std::regex_replace(href, std::regex("after=\\d+&from=100"), "after=999999999&from=121");
  a = browse(gw, anna, after_last + "&lang=en");
  CHECK_MESSAGE(contains(a.body, "No entries after these: the day has 121."), a.body);

  // The download: the day's camt.053, numbered in the user's series and in its mailbox too.
  a = browse(gw, anna, closed);
  const std::string csrf = field(a.body, "csrf");
  const std::string form =
      fmt::format("csrf={}&iban={}&day={}&version=001.02", csrf, kDemoManaged, day);
  a = browse(gw, anna, "/portal/statements/camt053", form);
  REQUIRE_MESSAGE(a.status == "200", a.headers << a.body);
  CHECK(contains(a.headers, fmt::format("Content-Disposition: attachment; "
                                        "filename=\"camt.053.001.02-{}-{}.xml\"",
                                        kDemoManaged, day)));
  CHECK(contains(a.body, "<Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">2740.00</Amt>"));
  CHECK(contains(a.body, "<EndToEndId>SAL-120</EndToEndId>"));
  CHECK(contains(a.body, "<ElctrncSeqNb>1</ElctrncSeqNb>"));
  check_official_schema(gw, a.body, "camt.053.001.02");
  const auto items =
      nlohmann::json::parse(http_body(gw.curl_api("/v1/mailbox?type=camt.053")))["items"];
  REQUIRE(items.size() == 1);
  CHECK(http_body(gw.curl_api(fmt::format("/v1/mailbox/{}", items[0]["id"].get<int>()))) == a.body);
  // Downloaded again: the statement delivered, not another one numbered.
  const std::string first_download = a.body;
  a = browse(gw, anna, "/portal/statements/camt053", form);
  CHECK(a.body == first_download);
  CHECK(
      nlohmann::json::parse(http_body(gw.curl_api("/v1/mailbox?type=camt.053")))["items"].size() ==
      1);
  // An unknown version is said; nothing is made.
  a = browse(gw, anna, "/portal/statements/camt053",
             fmt::format("csrf={}&iban={}&day={}&version=009.99", csrf, kDemoManaged, day));
  CHECK(contains(location(a), "download=version"));
  // The accounting system asking for that day gets the same statement: the
  // closed day's, already in the user's series and mailbox.
  auto own = gw.curl_api("/v1/reports?iban=" + kDemoManaged + "&from=" + day + "&to=" + day);
  CHECK(http_body(own) == first_download);
  CHECK(gw.query_value("SELECT count(*) FROM mailbox WHERE message_type LIKE 'camt.053%'") == "1");
  // The day in the other version is another statement, the next of the series.
  own = gw.curl_api("/v1/reports?iban=" + kDemoManaged + "&from=" + day + "&to=" + day +
                    "&version=001.08");
  CHECK(contains(http_body(own), "<ElctrncSeqNb>2</ElctrncSeqNb>"));

  // Without the session's token, or from another site: nothing is made.
  a = browse(gw, anna, "/portal/statements/camt053",
             fmt::format("iban={}&day={}", kDemoManaged, day));
  CHECK(a.status == "303");
  CHECK(contains(location(a), "download=form"));
  a = browse(gw, anna, "/portal/statements/camt053", form, "https://evil.example");
  CHECK(contains(location(a), "download=form"));
  CHECK(
      nlohmann::json::parse(http_body(gw.curl_api("/v1/mailbox?type=camt.053")))["items"].size() ==
      2);
  // Another account's statement is not to be had by writing its IBAN.
  a = browse(gw, anna, "/portal/statements/camt053",
             fmt::format("csrf={}&iban={}&day={}", csrf, kThird, day));
  CHECK(a.status == "303");
  CHECK(
      nlohmann::json::parse(http_body(gw.curl_api("/v1/mailbox?type=camt.053")))["items"].size() ==
      2);

  // Unusable requests are said in words.
  a = browse(gw, anna, "/portal/statements?lang=en&iban=" + kThird + "&day=" + day);
  CHECK(a.status == "400");
  CHECK(contains(a.body, "Choose one of your accounts"));
  a = browse(gw, anna,
             "/portal/statements?lang=en&iban=" + kDemoManaged +
                 "&day=" + gw::format_iso_date(gw::CivilDate{saturday}));
  CHECK(a.status == "400");
  CHECK(contains(a.body, "is not a business day of the treasury"));
  a = browse(gw, anna, "/portal/statements?lang=en&iban=" + kDemoManaged + "&day=2999-01-04");
  CHECK(a.status == "400");
  CHECK(contains(a.body, "has not come yet"));
  a = browse(gw, anna, "/portal/statements?lang=en&iban=" + kDemoManaged + "&day=2001-01-04");
  CHECK(a.status == "400");
  CHECK(contains(a.body, "statements reach back five years"));
  // Where a hand-made download of it leads: that, not "the day has not ended".
  a = browse(
      gw, anna,
      "/portal/statements?lang=en&iban=" + kDemoManaged + "&day=2001-01-04&download=not_closed");
  CHECK(contains(a.body, "statements reach back five years"));
  CHECK_FALSE(contains(a.body, "has not ended"));
  // By default: the last closed business day.
  a = browse(gw, anna, "/portal/statements?lang=en");
  CHECK(contains(a.body, "<dd>" + day + "</dd>"));

  // The reports delivered: the two statements of her account, newest first, each to download;
  // not the viewed account's, which the system asked for too but she does not sign for.
  auto viewed = gw.curl_api("/v1/reports?iban=" + kDemoViewed + "&from=" + day + "&to=" + day);
  REQUIRE(http_status(viewed) == "200");
  const auto listed =
      nlohmann::json::parse(http_body(gw.curl_api("/v1/mailbox?type=camt.053")))["items"];
  REQUIRE(listed.size() == 3);
  CHECK(listed[0]["iban"] == kDemoManaged);  // the API says which account too
  CHECK(listed[2]["iban"] == kDemoViewed);
  a = browse(gw, anna, "/portal/reports?lang=en&type=camt.053");
  REQUIRE_MESSAGE(a.status == "200", a.body);
  const auto link = [](int id) { return fmt::format("href=\"/portal/reports/{}\"", id); };
  const int first_id = listed[0]["id"].get<int>();
  const int second_id = listed[1]["id"].get<int>();
  const int viewed_id = listed[2]["id"].get<int>();
  CHECK(contains(a.body, link(first_id)));
  CHECK(contains(a.body, link(second_id)));
  CHECK(a.body.find(link(second_id)) < a.body.find(link(first_id)));  // newest first
  CHECK_FALSE(contains(a.body, link(viewed_id)));
  CHECK(contains(a.body,
                 "<td>camt.053.001.02</td><td>" + day + "</td><td>" + kDemoManaged + "</td>"));
  CHECK(contains(a.body, "<td>not yet</td>"));
  a = browse(gw, anna, fmt::format("/portal/reports/{}", first_id));
  REQUIRE(a.status == "200");
  CHECK(contains(a.headers,
                 "Content-Disposition: attachment; filename=\"camt.053.001.02-" + kDemoManaged));
  CHECK(a.body == http_body(gw.curl_api(fmt::format("/v1/mailbox/{}", first_id))));
  CHECK(browse(gw, anna, fmt::format("/portal/reports/{}", viewed_id)).status == "404");
  // The run's debit notifications are another kind; an unknown kind is said.
  a = browse(gw, anna, "/portal/reports?lang=en&type=camt.054");
  CHECK(contains(a.body, "<td>camt.054.001.02</td><td></td><td>" + kDemoManaged + "</td>"));
  CHECK_FALSE(contains(a.body, "<td>camt.053.001.02</td>"));
  a = browse(gw, anna, "/portal/reports?lang=en&type=pain.002");
  CHECK(a.status == "400");
  CHECK(contains(a.body, "Choose a kind from the list."));
}

TEST_CASE("portal: payment searches and statement pages take their turn with report requests") {
  // One place for reports and searches together, so that they leave a
  // handler thread to uploads on a 2-core machine.
  GatewayFixture gw("[limits]\nmax_report_requests = 1\n");
  if (gw.on_postgres()) return;  // the report is held at SQLite's write lock
  register_policy(gw, 1);
  const auto anna = issue_signer(gw, "Anna Bērziņa", "320000-00011");
  sign_in(gw, anna);
  // The API's report request writes its camt.052: held at the store's write
  // lock, it keeps the one place.
  StoreWriteLock holder(gw);
  std::optional<Process> report;
  const auto ask_report = [&] {
    report.emplace(Process::start(
        {"curl", "-sS", "--max-time", "30", "--cacert", gw.ca_pem().string(), "--cert",
         gw.client_pem().string(), "--key", gw.client_key().string(), "-w", "\n%{http_code}",
         fmt::format("https://127.0.0.1:{}/v1/reports?iban={}", gw.api_port(), kDemoViewed)},
        gw.dir() / "report.log"));
  };
  ask_report();
  // The report holds the gate's place (and waits at the lock). A search
  // before then would take the place, and one refused while the place is
  // free but owed to someone else is told to wait 5 s, not 1.
  REQUIRE(eventually(std::chrono::seconds(10), [&] {
    return contains(gw.metrics(), "gateway_report_requests_running 1\n");
  }));
  const auto busy = browse(gw, anna, "/portal/payments?lang=en&party=valsts");
  CHECK(busy.status == "503");
  CHECK(contains(busy.headers, "Retry-After: 1"));  // owed the next place
  CHECK(contains(busy.body, "nothing was searched. Try again in a moment."));
  CHECK(contains(busy.body, "value=\"valsts\""));  // the criteria kept for the next try
  CHECK(contains(browse(gw, anna, "/portal/payments?lang=lv").body,
                 "meklēšana netika veikta. Mēģiniet vēlreiz pēc brīža."));
  // The statement page reads the day's figures: it takes a place too.
  const auto statement = browse(gw, anna, "/portal/statements?lang=en");
  CHECK(statement.status == "503");
  CHECK(contains(statement.body, "Nothing is shown: try again in a moment."));

  holder.release();
  REQUIRE(report->wait_for(std::chrono::seconds(30)).has_value());
  CHECK(read_file(gw.dir() / "report.log").ends_with("\n200"));
  const auto searched = browse(gw, anna, "/portal/payments?lang=en&party=valsts");
  CHECK(searched.status == "200");
  CHECK(contains(searched.body, "No payment matches."));
  CHECK(browse(gw, anna, "/portal/statements?lang=en").status == "200");
}

TEST_CASE("portal: the uploads from the signer's accounts, newest first, paged past 50") {
  GatewayFixture gw;
  register_policy(gw, 0);  // the managed account needs no signature; the third needs Jānis's
  const auto anna = issue_signer(gw, "Anna Bērziņa", "320000-00011");
  const auto janis = issue_signer(gw, "Jānis Liepa", "320000-00022");
  const gw::BusinessCalendar calendar;
  const auto day = gw::format_iso_date(calendar.on_or_after(*gw::parse_iso_date(riga_date_in(2))));
  const auto upload = [&](const std::string& msg_id, const std::string& xml,
                          const std::string& status) {
    const auto path = gw.dir() / (msg_id + ".xml");
    std::ofstream(path) << xml;
    auto r = gw.curl_api("/v1/messages", {"-H", "Content-Type: application/xml", "--data-binary",
                                          "@" + path.string()});
    REQUIRE_MESSAGE(http_status(r) == status, r.out);
  };
  for (int i = 1; i <= 55; ++i) {
    upload(fmt::format("UP-{:02}", i), simple_pain001(fmt::format("UP-{:02}", i), day, i * 100),
           "201");
  }
  upload("UP-THIRD", simple_pain001("UP-THIRD", day, 700, "EUR", kThird), "202");
  upload("UP-MIXED",
         build_pain001("UP-MIXED", {TestBlock{"UP-MIXED-B1", kDemoManaged, day, {{"M1", 100}}},
                                    TestBlock{"UP-MIXED-B2", kThird, day, {{"M2", 200}}}}),
         "202");
  const auto ids = [](const std::string& page) {
    std::vector<std::string> found;
    static const std::regex kRow(
        "<td><a href=\"/portal/files/\\d+\">\\d+</a></td><td>[^<]*</td>"
        "<td>(UP-[^<]+)</td>");
    for (std::sregex_iterator it(page.begin(), page.end(), kRow), end; it != end; ++it) {
      found.push_back((*it)[1]);
    }
    return found;
  };

  sign_in(gw, anna);
  auto a = browse(gw, anna, "/portal/uploads?lang=en");
  REQUIRE(a.status == "200");
  auto first = ids(a.body);
  REQUIRE(first.size() == 50);
  CHECK(first.front() == "UP-55");  // newest first; neither the third account's nor the mixed one
  CHECK(first.back() == "UP-06");
  CHECK(contains(a.body, "<td>ACTC accepted</td><td class=\"number\">1 / 1</td>"));
  std::smatch older;
  REQUIRE(std::regex_search(a.body, older, std::regex("href=\"(/portal/uploads\\?before=\\d+)\"")));
  a = browse(gw, anna, std::string(older[1]) + "&lang=en");
  CHECK(ids(a.body) == std::vector<std::string>{"UP-05", "UP-04", "UP-03", "UP-02", "UP-01"});
  CHECK_FALSE(contains(a.body, "rel=\"next\""));

  // A file that waits for no signature opens with its status and payments.
  a = browse(gw, anna, "/portal/files/3?lang=en");
  REQUIRE_MESSAGE(a.status == "200", a.body);
  CHECK(contains(a.body, "<dt>Status</dt><dd>ACTC accepted</dd>"));
  CHECK(contains(a.body, "<td class=\"number\">3.00 EUR</td>"));
  CHECK_FALSE(contains(a.body, "/approve\""));
  // The third account's file and the mixed one are not hers to open.
  CHECK(browse(gw, anna, "/portal/files/56").status == "404");
  CHECK(browse(gw, anna, "/portal/files/57").status == "404");

  // The file's status report, as the accounting system got it, from the file's page.
  CHECK(contains(a.body, "href=\"/portal/files/3/pain002\""));
  auto report = browse(gw, anna, "/portal/files/3/pain002");
  REQUIRE(report.status == "200");
  CHECK(contains(report.headers, "filename=\"pain.002-3-"));
  CHECK(contains(report.body, "<OrgnlMsgId>UP-03</OrgnlMsgId>"));
  CHECK(contains(report.body, "<GrpSts>ACTC</GrpSts>"));
  CHECK(browse(gw, anna, "/portal/files/56/pain002").status == "404");  // not hers
  CHECK(browse(gw, anna, "/portal/files/57/pain002").status == "404");  // one block not hers
  CHECK(browse(gw, anna, "/portal/files/999/pain002").status == "404");

  // Jānis signs for both accounts: he sees all 57, the held ones waiting for him.
  sign_in(gw, janis);
  a = browse(gw, janis, "/portal/uploads?lang=en");
  first = ids(a.body);
  REQUIRE(first.size() == 50);
  CHECK(first[0] == "UP-MIXED");
  CHECK(first[1] == "UP-THIRD");
  CHECK(contains(a.body, "<td>PDNG waiting for signatures</td>"));
  // A file held for him: its report says it waits (PDNG).
  report = browse(gw, janis, "/portal/files/56/pain002");
  REQUIRE(report.status == "200");
  CHECK(contains(report.body, "<OrgnlMsgId>UP-THIRD</OrgnlMsgId>"));
  CHECK(contains(report.body, "<GrpSts>PDNG</GrpSts>"));
}

TEST_CASE("portal: the files waiting for a signer, the most urgent first, paged past 100") {
  GatewayFixture gw;
  register_policy(gw, 1);
  const auto anna = issue_signer(gw, "Anna Bērziņa", "320000-00011");
  const gw::BusinessCalendar calendar;
  const auto day = gw::format_iso_date(calendar.on_or_after(*gw::parse_iso_date(riga_date_in(2))));
  for (int i = 1; i <= 103; ++i) {
    const auto msg_id = fmt::format("W-{:03}", i);
    const auto path = gw.dir() / (msg_id + ".xml");
    std::ofstream(path) << simple_pain001(msg_id, day, 100);
    auto r = gw.curl_api("/v1/messages", {"--data-binary", "@" + path.string()});
    REQUIRE_MESSAGE(http_status(r) == "202", r.out);
  }
  const auto rows = [](const std::string& page) {
    static const std::regex kRow("<td><a href=\"/portal/files/(\\d+)\">");
    std::set<std::string> found;
    for (std::sregex_iterator it(page.begin(), page.end(), kRow), end; it != end; ++it) {
      found.insert((*it)[1]);
    }
    return found;
  };
  sign_in(gw, anna);
  auto first = browse(gw, anna, "/portal?lang=en");
  REQUIRE(first.status == "200");
  const auto listed = rows(first.body);
  CHECK(listed.size() == 100);
  std::smatch more;
  REQUIRE(std::regex_search(first.body, more, std::regex("href=\"(/portal\\?from=100)\"")));
  auto second = browse(gw, anna, std::string(more[1]) + "&lang=en");
  REQUIRE(second.status == "200");
  const auto rest = rows(second.body);
  CHECK(rest.size() == 3);
  for (const auto& id : rest) CHECK_FALSE(listed.contains(id));  // each file on one page
  CHECK_FALSE(contains(second.body, "rel=\"next\""));
  // A page past the end (files signed meanwhile) leads back to the first.
  auto past = browse(gw, anna, "/portal?from=500");
  CHECK(past.status == "303");
  CHECK(contains(past.headers, "Location: /portal\r\n"));
}

TEST_CASE(
    "portal: the waiting files' page reads in full no more payments than a page of held "
    "files") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  register_policy(gw, 1);
  const auto anna = issue_signer(gw, "Anna Bērziņa", "320000-00011");
  std::vector<std::int64_t> ids;
  for (int i = 1; i <= 4; ++i) ids.push_back(upload_held(gw, fmt::format("BUDGET-{}", i)));
  // Deadlines: the third file the most urgent, then the first, second, fourth;
  // the first two counted as 150 000-payment files (what a page's budget reads).
  const std::vector<std::string> deadlines = {"2099-01-02T10:00:00Z", "2099-01-03T10:00:00Z",
                                              "2099-01-01T10:00:00Z", "2099-01-04T10:00:00Z"};
  for (std::size_t i = 0; i < ids.size(); ++i) {
    gw.execute_store(fmt::format(
        "UPDATE authorisations SET expires_at = '{}' WHERE message_id = {}", deadlines[i], ids[i]));
  }
  gw.execute_store(fmt::format("UPDATE messages SET transactions = 150000 WHERE id IN ({}, {})",
                               ids[0], ids[1]));
  const auto listed = [](const std::string& page) {
    static const std::regex kRow("<td><a href=\"/portal/files/(\\d+)\">");
    std::vector<std::int64_t> found;
    for (std::sregex_iterator it(page.begin(), page.end(), kRow), end; it != end; ++it) {
      found.push_back(std::stoll((*it)[1]));
    }
    return found;
  };
  sign_in(gw, anna);
  // 1 + 150 000 payments; the second 150 000 would pass 200 000: the next page.
  auto first = browse(gw, anna, "/portal?lang=en");
  REQUIRE(first.status == "200");
  CHECK(listed(first.body) == std::vector<std::int64_t>{ids[2], ids[0]});
  CHECK(contains(first.body, "href=\"/portal?from=2\""));
  // A page's first file is shown whatever its size, and what fits beside it.
  auto second = browse(gw, anna, "/portal?from=2&lang=en");
  REQUIRE(second.status == "200");
  CHECK(listed(second.body) == std::vector<std::int64_t>{ids[1], ids[3]});
  CHECK_FALSE(contains(second.body, "rel=\"next\""));
}

TEST_CASE("portal: a held file's page shows no other account's payments rejected at upload") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  register_policy(gw, 1);
  const auto anna = issue_signer(gw, "Anna Bērziņa", "320000-00011");
  const auto janis = issue_signer(gw, "Jānis Liepa", "320000-00022");
  // Jānis's rights on both accounts let the file in; the third account's
  // payment is over its single limit (AM02), so only Anna's account's block waits.
  const gw::BusinessCalendar calendar;
  const auto day = gw::format_iso_date(calendar.on_or_after(*gw::parse_iso_date(riga_date_in(2))));
  const auto path = gw.dir() / "mixed.xml";
  std::ofstream(path) << build_pain001(
      "UP-MIXED-RJCT",
      {TestBlock{"UP-MIXED-RJCT-B1", kDemoManaged, day, {TestTransaction{"MINE", 2550}}},
       TestBlock{"UP-MIXED-RJCT-B2", kThird, day, {TestTransaction{"THIRDS", 2000000}}}});
  const auto headers = gw.dir() / "mixed.headers";
  auto r = gw.curl_api("/v1/messages", {"-H", "Content-Type: application/xml", "--data-binary",
                                        "@" + path.string(), "-D", headers.string()});
  REQUIRE_MESSAGE(http_status(r) == "202", r.out);
  CHECK(contains(http_body(r), "<Cd>AM02</Cd>"));
  const auto text = read_file(headers);
  const auto id = std::stoll(text.substr(text.find("X-Message-Id: ") + 14));

  sign_in(gw, anna);
  auto a = browse(gw, anna, fmt::format("/portal/files/{}?lang=en", id));
  REQUIRE_MESSAGE(a.status == "200", a.body);
  CHECK(contains(a.body, "MINE"));
  CHECK_FALSE(contains(a.body, "THIRDS"));
  CHECK(contains(a.body, "Payments 1–1 of 1"));
  CHECK(contains(a.body, "/approve\""));
  // The file's pain.002 names the third account's payment: not hers to download.
  CHECK(browse(gw, anna, fmt::format("/portal/files/{}/pain002", id)).status == "404");

  // Jānis signs for both accounts: all of it.
  sign_in(gw, janis);
  a = browse(gw, janis, fmt::format("/portal/files/{}?lang=en", id));
  REQUIRE_MESSAGE(a.status == "200", a.body);
  CHECK(contains(a.body, "MINE"));
  CHECK(contains(a.body, "THIRDS"));
  CHECK(contains(a.body, "Payments 1–2 of 2"));
  CHECK(browse(gw, janis, fmt::format("/portal/files/{}/pain002", id)).status == "200");
  // An offset past the payments shown says so (before: "Payments 0–2 of 2"),
  // and "previous" leads to the last page, not to another empty one.
  a = browse(gw, janis, fmt::format("/portal/files/{}?lang=en&offset=2", id));
  REQUIRE_MESSAGE(a.status == "200", a.body);
  CHECK(contains(a.body, "The file has 2 payments: none from payment 3 on."));
  CHECK(contains(a.body, fmt::format("href=\"/portal/files/{}?offset=0\"", id)));
}
