// The operator console over real mutual TLS, with curl as the browser (a
// cookie jar, Origin headers as a browser sends them): an operator with a
// certificate from `gatewayctl operator issue` signs in and proposes an
// application from the form, which takes effect when a second operator
// approves it (the contact is mailed a code, the audit names both); a stale,
// refused or withdrawn proposal registers nothing; replaces and terminates it, changes a day's
// limits, revokes a certificate and downloads the CRL; forms without the session's token or from
// another origin change nothing; an institution's certificate is no operator's; a revoked operator
// certificate is refused in the handshake.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "calendar/riga_time.h"
#include "http/query_string.h"
#include "support/applications.h"
#include "support/eventually.h"
#include "support/gateway_fixture.h"
#include "support/pain001_builder.h"
#include "support/store_write_lock.h"

using namespace gw::test;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

struct Browser {
  std::filesystem::path pem;
  std::filesystem::path key;
  std::filesystem::path jar;
};

struct Answer {
  std::string status;
  std::string body;
  std::string headers;
  int exit_code = 0;
};

Browser issue_operator(const GatewayFixture& gw, const std::string& name, const std::string& file) {
  Browser b{gw.dir() / (file + ".pem"), gw.dir() / (file + ".key"), gw.dir() / (file + ".jar")};
  const auto csr = gw.dir() / (file + ".csr");
  auto req = run_command({"openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                          "ec_paramgen_curve:P-256", "-nodes", "-keyout", b.key.string(), "-out",
                          csr.string(), "-subj", "/CN=operator"});
  REQUIRE_MESSAGE(req.exit_code == 0, req.err);
  auto issued =
      gw.ctl({"operator", "issue", "--name", name, "--csr", csr.string(), "--out", b.pem.string()});
  REQUIRE_MESSAGE(issued.exit_code == 0, issued.err);
  return b;
}

std::string console_origin(const GatewayFixture& gw) {
  return fmt::format("https://127.0.0.1:{}", gw.console_port());
}

// One request of the browser holding `who`; `form` set: a POST of it with
// `origin` (our own unless told).
Answer browse(const GatewayFixture& gw, const Browser& who, const std::string& path,
              const std::optional<std::string>& form = std::nullopt,
              const std::string& origin = "") {
  static int n = 0;
  const auto headers = gw.dir() / fmt::format("console-{}.headers", ++n);
  std::vector<std::string> argv = {"curl",       "-sS",
                                   "--max-time", "20",
                                   "--cacert",   gw.ca_pem().string(),
                                   "--cert",     who.pem.string(),
                                   "--key",      who.key.string(),
                                   "-b",         who.jar.string(),
                                   "-c",         who.jar.string(),
                                   "-D",         headers.string(),
                                   "-w",         "\n%{http_code}"};
  if (form) {
    argv.insert(argv.end(), {"-H", "Origin: " + (origin.empty() ? console_origin(gw) : origin),
                             "--data", *form});
  }
  argv.push_back(console_origin(gw) + path);
  auto r = run_command(argv);
  std::error_code ignored;
  return {r.exit_code == 0 ? http_status(r) : "", http_body(r),
          std::filesystem::exists(headers, ignored) ? read_file(headers) : "", r.exit_code};
}

std::string csrf_of(const std::string& html) {
  std::smatch m;
  REQUIRE(std::regex_search(html, m, std::regex("name=\"csrf\" value=\"([0-9a-f]{64})\"")));
  return m[1];
}

std::string html_decoded(std::string text) {
  for (const auto& [entity, plain] : {std::pair<std::string, std::string>{"&lt;", "<"},
                                      {"&gt;", ">"},
                                      {"&quot;", "\""},
                                      {"&#39;", "'"},
                                      {"&amp;", "&"}}) {
    for (auto at = text.find(entity); at != std::string::npos; at = text.find(entity, at + 1)) {
      text.replace(at, entity.size(), plain);
    }
  }
  return text;
}

// What a browser sends for the form posting to `action` on `html`: its inputs
// (checkboxes only when checked), the selected option of each select, and
// each textarea, URL-encoded.
std::string filled_form(const std::string& html, const std::string& action) {
  const auto start = html.find("action=\"" + action + "\"");
  REQUIRE(start != std::string::npos);
  const std::string form = html.substr(start, html.find("</form>", start) - start);
  std::string body;
  const auto add = [&body](const std::string& name, const std::string& value) {
    body += (body.empty() ? "" : "&") + name + "=" + gw::http::percent_encode(html_decoded(value));
  };
  const std::regex attribute("([a-z-]+)=\"([^\"]*)\"");
  const std::regex input("<input[^>]*>");
  for (auto it = std::sregex_iterator(form.begin(), form.end(), input);
       it != std::sregex_iterator(); ++it) {
    std::map<std::string, std::string> attrs;
    const std::string tag = it->str();
    for (auto a = std::sregex_iterator(tag.begin(), tag.end(), attribute);
         a != std::sregex_iterator(); ++a) {
      attrs[(*a)[1]] = (*a)[2];
    }
    if (attrs["type"] == "checkbox" && !attrs.contains("checked")) continue;
    if (attrs.contains("name")) add(attrs["name"], attrs["value"]);
  }
  const std::regex select("<select name=\"([^\"]+)\"[^>]*>(.*?)</select>");
  const std::regex selected("<option value=\"([^\"]*)\" selected=\"selected\">");
  for (auto it = std::sregex_iterator(form.begin(), form.end(), select);
       it != std::sregex_iterator(); ++it) {
    const std::string options = (*it)[2];
    std::smatch chosen;
    if (std::regex_search(options, chosen, selected)) add((*it)[1], chosen[1]);
  }
  const std::regex textarea("<textarea[^>]*name=\"([^\"]+)\"[^>]*>([^<]*)</textarea>");
  for (auto it = std::sregex_iterator(form.begin(), form.end(), textarea);
       it != std::sregex_iterator(); ++it) {
    add((*it)[1], (*it)[2]);
  }
  return body;
}

std::string sign_in(const GatewayFixture& gw, const Browser& who,
                    const std::string& language = "en") {
  auto in = browse(gw, who, "/console/session", "lang=" + language);
  REQUIRE_MESSAGE(in.status == "303", in.body);
  auto home = browse(gw, who, "/console");
  REQUIRE(home.status == "200");
  return csrf_of(home.body);
}

std::string field(const std::string& name, const std::string& value) {
  return name + "=" + gw::http::percent_encode(value);
}

// The form as the demo institution's second user fills it: the demo's
// managed account, with one payment signer.
std::string new_user_form(const std::string& csrf, const std::string& registered_on) {
  return fmt::format(
      "{}&{}&{}&{}&{}&{}&{}&{}&{}&{}&{}&{}&{}&language=lv&account_iban_1={}&account_mode_1=manage"
      "&account_single_1=2000&account_daily_1=9000&account_signatures_1=1"
      "&account_notifications_1=1&account_mode_2=view&account_iban_2=&{}&{}&{}",
      field("csrf", csrf), field("registration_number", "90000000001"),
      field("institution_name", "Parauga pašvaldība"), field("registered_on", registered_on),
      field("contact_first_name", "Jānis"), field("contact_last_name", "Bērziņš"),
      field("contact_personal_code", "010101-10006"), field("contact_phone", "+371 20000001"),
      field("contact_email", "janis@parauga.example.lv"),
      field("signer", "Pēteris Ozols, vadītājs"), field("preparer", "Anna Kalniņa"),
      field("preparer_phone", "+371 20000002"), field("preparer_email", "anna@parauga.example.lv"),
      kDemoManaged, field("signer_name_1", "Ilze Bērziņa"), field("signer_code_1", "320000-00033"),
      field("signer_rights_1", kDemoManaged + ":1"));
}

std::int64_t proposal_of(const Answer& answer) {
  std::smatch m;
  REQUIRE_MESSAGE(std::regex_search(answer.headers, m,
                                    std::regex("Location: /console/proposals/([0-9]+)\\?done=")),
                  answer.headers);
  return std::stoll(m[1]);
}

// `second` approves the proposal `proposed` (the first operator's 303)
// answered; returns the approval's answer (303 to the user's page).
Answer approved(const GatewayFixture& gw, const Browser& second, const Answer& proposed) {
  REQUIRE_MESSAGE(proposed.status == "303", proposed.body);
  const auto id = proposal_of(proposed);
  auto page = browse(gw, second, fmt::format("/console/proposals/{}", id));
  REQUIRE_MESSAGE(page.status == "200", page.body);
  return browse(gw, second, fmt::format("/console/proposals/{}/approve", id),
                field("csrf", csrf_of(page.body)));
}

std::int64_t user_of(const Answer& answer) {
  std::smatch m;
  REQUIRE_MESSAGE(std::regex_search(answer.headers, m,
                                    std::regex("Location: /console/applications/([0-9]+)\\?done=")),
                  answer.headers);
  return std::stoll(m[1]);
}

// The revocation of operator certificate `serial`, for a StoreWriteLock to
// hold uncommitted (with the store's write lock) until released.
std::string operator_revocation(const std::string& serial) {
  return fmt::format(
      "UPDATE operator_certificates SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), "
      "revocation_reason = 'key lost' WHERE serial = '{}';",
      serial);
}

// `post` sent while another process holds the store's write lock with the
// revocation of operator certificate `serial` (operator_revocation): admitted,
// it waits 3 s for the lock; the revocation is then committed.
Answer posted_while_revoking(const GatewayFixture& gw, const std::string& serial,
                             const std::function<Answer()>& post) {
  StoreWriteLock holder(gw, operator_revocation(serial), 1);
  Answer answer;
  std::thread posting([&] { answer = post(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));  // admitted, waiting
  holder.release();
  posting.join();
  return answer;
}

}  // namespace

TEST_CASE(
    "console: an operator registers an application from the form, the contact gets the "
    "code, the audit names the operator") {
  GatewayFixture gw;
  const auto anna = issue_operator(gw, "Anna Operatore", "anna");
  const auto bob = issue_operator(gw, "Bruno Otrais", "bob");
  const auto csrf = sign_in(gw, anna);
  sign_in(gw, bob);

  auto form = browse(gw, anna, "/console/applications/new");
  CHECK(form.status == "200");
  CHECK(contains(form.body, "name=\"account_iban_5\""));
  CHECK(contains(form.body,
                 "name=\"registered_on\" type=\"date\" value=\"" +
                     gw::format_iso_date(gw::riga_date(std::chrono::system_clock::now()))));

  const auto registered_on = riga_date_in(-10);
  const auto mails = std::distance(std::filesystem::directory_iterator(gw.dir() / "outbox"),
                                   std::filesystem::directory_iterator());
  auto proposed = browse(gw, anna, "/console/applications", new_user_form(csrf, registered_on));
  REQUIRE_MESSAGE(proposed.status == "303", proposed.body);
  const auto id = proposal_of(proposed);
  // Nothing is registered or mailed until another operator approves.
  CHECK(gw.query_value("SELECT count(*) FROM applications") == "1");
  CHECK(std::distance(std::filesystem::directory_iterator(gw.dir() / "outbox"),
                      std::filesystem::directory_iterator()) == mails);
  auto own = browse(gw, anna, fmt::format("/console/proposals/{}?done=proposed", id));
  CHECK(own.status == "200");
  CHECK(contains(own.body, "You proposed this application"));
  CHECK(contains(own.body, "janis@parauga.example.lv"));
  CHECK_FALSE(contains(own.body, "/approve\""));
  auto self_approved =
      browse(gw, anna, fmt::format("/console/proposals/{}/approve", id), field("csrf", csrf));
  CHECK(self_approved.status == "403");
  // Nor under a second certificate of hers, her name typed another way.
  const auto anna_again = issue_operator(gw, " anna  OPERATORE", "anna2");
  const auto again_csrf = sign_in(gw, anna_again);
  CHECK(browse(gw, anna_again, fmt::format("/console/proposals/{}/approve", id),
               field("csrf", again_csrf))
            .status == "403");
  // Another operator's approval must come from the console's page with the session's token.
  CHECK(browse(gw, bob, fmt::format("/console/proposals/{}/approve", id), "csrf=").status == "403");
  CHECK(browse(gw, bob, fmt::format("/console/proposals/{}/approve", id),
               field("csrf", csrf_of(browse(gw, bob, "/console").body)), "https://evil.example")
            .status == "403");
  CHECK(gw.query_value("SELECT count(*) FROM applications") == "1");
  auto waiting = browse(gw, bob, "/console/proposals");
  CHECK(contains(waiting.body, fmt::format("/console/proposals/{}\"", id)));
  CHECK(contains(browse(gw, bob, "/console").body, "Waiting for a second operator"));

  auto posted = approved(gw, bob, proposed);
  REQUIRE_MESSAGE(posted.status == "303", posted.body);
  const auto user = user_of(posted);
  CHECK(user != std::stoll(gw.user_number()));

  // Validity runs three years from the treasury's registration date.
  // Validity runs three years from the start of that Riga day.
  const auto registered_at = gw.query_value(
      fmt::format("SELECT registered_at FROM applications WHERE user_number = {}", user));
  const auto valid_until = gw.query_value(
      fmt::format("SELECT valid_until FROM applications WHERE user_number = {}", user));
  CHECK(registered_at ==
        gw::format_utc_timestamp(gw::riga_day_start(*gw::parse_iso_date(registered_on))));
  CHECK(valid_until ==
        fmt::format("{}{}", std::stoi(registered_at.substr(0, 4)) + 3, registered_at.substr(4)));
  const auto mail = gw.newest_mail();
  CHECK(contains(mail, "janis@parauga.example.lv"));
  CHECK(contains(mail, fmt::format("user={}", user)));
  const std::string actor = gw.query_value(
      fmt::format("SELECT actor FROM audit_log WHERE action = 'application.register' AND subject "
                  "= '{}'",
                  user));
  CHECK(actor.starts_with("console:Bruno Otrais ("));
  const auto detail = nlohmann::json::parse(gw.query_value(
      fmt::format("SELECT detail FROM audit_log WHERE action = 'application.register' AND subject "
                  "= '{}'",
                  user)));
  CHECK(detail["proposal"] == id);
  CHECK(detail["proposed_by"].get<std::string>().starts_with("console:Anna Operatore ("));
  CHECK(gw.query_value(fmt::format("SELECT actor FROM audit_log WHERE action = "
                                   "'application.propose' AND subject = '{}'",
                                   id))
            .starts_with("console:Anna Operatore ("));
  CHECK(gw.query_value(fmt::format(
            "SELECT outcome || ' ' || registered_user FROM application_proposals WHERE id = {}",
            id)) == fmt::format("registered {}", user));
  // Approved once: again, it is decided already.
  auto again = browse(gw, bob, fmt::format("/console/proposals/{}/approve", id),
                      field("csrf", csrf_of(browse(gw, bob, "/console").body)));
  CHECK(again.status == "409");
  CHECK(gw.query_value("SELECT count(*) FROM applications") == "2");

  auto page = browse(gw, anna, fmt::format("/console/applications/{}?done=registered", user));
  CHECK(page.status == "200");
  CHECK(contains(page.body, "mailed an activation code"));
  CHECK(contains(page.body, "Ilze Bērziņa"));
  CHECK(contains(page.body, "2000"));

  // The audit search finds it by the operator and by the family of actions.
  auto audit = browse(
      gw, bob, "/console/audit?actor=" + gw::http::percent_encode(actor) + "&action=application.");
  CHECK(audit.status == "200");
  CHECK(contains(audit.body, "application.register"));
  // The family alone: the demo's own registration too, and nothing of another family.
  auto family = browse(gw, anna, "/console/audit?action=application.");
  std::size_t registrations = 0;
  for (auto at = family.body.find("<td>application.register</td>"); at != std::string::npos;
       at = family.body.find("<td>application.register</td>", at + 1)) {
    ++registrations;
  }
  CHECK(registrations == 2);  // the demo user's, by gatewayctl, and this one
  CHECK_FALSE(contains(family.body, "account.add"));
  CHECK_FALSE(contains(family.body, "operator_certificate.issue"));
  auto everything = browse(gw, anna, "/console/audit");
  CHECK(contains(everything.body, "account.add"));
  CHECK(contains(everything.body, "operator_certificate.issue"));
  auto bad_dates = browse(gw, anna, "/console/audit?from=yesterday");
  CHECK(bad_dates.status == "400");

  // The list shows both users of the institution; the filter narrows by number.
  auto list = browse(gw, anna, fmt::format("/console/applications?q={}", user));
  CHECK(contains(list.body, fmt::format("/console/applications/{}\"", user)));
  CHECK_FALSE(
      contains(list.body, fmt::format("/console/applications/{}\"", std::stoll(gw.user_number()))));
}

TEST_CASE("console: a refused form keeps what was typed and names the row to fix") {
  GatewayFixture gw;
  const auto anna = issue_operator(gw, "Anna Operatore", "anna");
  const auto csrf = sign_in(gw, anna);
  auto form = new_user_form(csrf, riga_date_in(0));
  // A view account with a limit, in row 2.
  form = std::regex_replace(
      form, std::regex("account_mode_2=view&account_iban_2="),
      "account_mode_2=view&account_iban_2=" + kDemoViewed + "&account_single_2=10");
  auto refused = browse(gw, anna, "/console/applications", form);
  CHECK(refused.status == "422");
  CHECK(contains(refused.body, "account row 2: a view account has no limits"));
  CHECK(contains(refused.body, "value=\"janis@parauga.example.lv\""));
  CHECK(contains(refused.body, "value=\"" + kDemoViewed + "\""));

  // A signer's right on an account the application does not manage: the
  // policy's own rule, named by the signer's row.
  form =
      std::regex_replace(new_user_form(csrf, riga_date_in(0)), std::regex("signer_rights_1=[^&]*"),
                         "signer_rights_1=" + kDemoViewed + "%3A1");
  refused = browse(gw, anna, "/console/applications", form);
  CHECK(refused.status == "422");
  CHECK(contains(refused.body, "signer row 1"));

  // A registration date in the future, and one whose three years have passed.
  refused = browse(gw, anna, "/console/applications", new_user_form(csrf, riga_date_in(3)));
  CHECK(refused.status == "422");
  CHECK(contains(refused.body, "lies in the future"));
  refused = browse(gw, anna, "/console/applications", new_user_form(csrf, "2020-01-10"));
  CHECK(refused.status == "422");
  CHECK(contains(refused.body, "lapsed on 2023-01-10"));
  CHECK(gw.query_value("SELECT count(*) FROM applications") == "1");
}

TEST_CASE("console: in Latvian, the rules' refusals read in Latvian with the form's rows") {
  GatewayFixture gw;
  const auto anna = issue_operator(gw, "Anna Operatore", "anna");
  const auto csrf = sign_in(gw, anna, "lv");
  // The signing policy's rule, named by the signer's row.
  auto form =
      std::regex_replace(new_user_form(csrf, riga_date_in(0)), std::regex("signer_rights_1=[^&]*"),
                         "signer_rights_1=" + kDemoViewed + "%3A1");
  auto refused = browse(gw, anna, "/console/applications", form);
  CHECK(refused.status == "422");
  CHECK(contains(refused.body, "parakstītāja rinda 1: " + kDemoViewed +
                                   " šajā pieteikumā nav norādīts kā pārvaldāms konts"));
  // The store's rule: the institution is registered under another name.
  form = std::regex_replace(new_user_form(csrf, riga_date_in(0)),
                            std::regex("institution_name=[^&]*"), "institution_name=Cits");
  refused = browse(gw, anna, "/console/applications", form);
  CHECK(refused.status == "422");
  CHECK(contains(refused.body, "iestāde 90000000001 ir reģistrēta kā"));
  // The lifecycle's rule: three years have passed.
  refused = browse(gw, anna, "/console/applications", new_user_form(csrf, "2020-01-10"));
  CHECK(refused.status == "422");
  CHECK(contains(refused.body, "termiņš beidzās 2023-01-10"));
  CHECK_FALSE(contains(refused.body, "lapsed"));
  CHECK(gw.query_value("SELECT count(*) FROM applications") == "1");
}

TEST_CASE("console: forms without the session's token or from another site change nothing") {
  GatewayFixture gw;
  const auto anna = issue_operator(gw, "Anna Operatore", "anna");
  const auto csrf = sign_in(gw, anna);
  const auto user = std::stoll(gw.user_number());
  const auto terminate = fmt::format("/console/applications/{}/terminate", user);

  CHECK(browse(gw, anna, terminate, "confirm=1").status == "403");
  CHECK(browse(gw, anna, terminate, "confirm=1&csrf=" + std::string(64, 'a')).status == "403");
  CHECK(browse(gw, anna, terminate, "confirm=1&csrf=" + csrf, "https://evil.example").status ==
        "403");
  // Without the confirmation box: said, not done.
  auto unconfirmed = browse(gw, anna, terminate, "csrf=" + csrf);
  CHECK(unconfirmed.status == "422");
  CHECK(contains(unconfirmed.body, "Tick the confirmation"));
  CHECK(gw.query_value(fmt::format(
            "SELECT count(*) FROM applications WHERE user_number = {} AND terminated_at IS NULL",
            user)) == "1");

  // Another person's certificate with this session's cookie is no session.
  const auto juris = issue_operator(gw, "Juris Operators", "juris");
  std::filesystem::copy_file(anna.jar, juris.jar,
                             std::filesystem::copy_options::overwrite_existing);
  auto borrowed = browse(gw, juris, terminate, "confirm=1&csrf=" + csrf);
  CHECK(borrowed.status == "200");  // the sign-in page: no session for this certificate
  CHECK(contains(borrowed.body, "id=\"sign-in\""));
  CHECK(gw.query_value(fmt::format(
            "SELECT count(*) FROM applications WHERE user_number = {} AND terminated_at IS NULL",
            user)) == "1");

  auto done = browse(gw, anna, terminate, "confirm=1&csrf=" + csrf);
  CHECK(done.status == "303");
  CHECK(gw.query_value(fmt::format(
            "SELECT count(*) FROM applications WHERE user_number = {} AND terminated_at IS NULL",
            user)) == "0");
  // The demo client's certificate went with it.
  CHECK(http_status(gw.curl_api("/v1/whoami")) != "200");
}

TEST_CASE("console: limits for a day, a revoked certificate and the CRL") {
  GatewayFixture gw;
  const auto anna = issue_operator(gw, "Anna Operatore", "anna");
  const auto csrf = sign_in(gw, anna);
  const auto user = std::stoll(gw.user_number());
  const auto page_path = fmt::format("/console/applications/{}", user);

  const auto tomorrow = riga_date_in(1);
  auto limits =
      browse(gw, anna, page_path + "/limit-change",
             fmt::format("csrf={}&iban={}&date={}&single=5&daily=3", csrf, kDemoManaged, tomorrow));
  CHECK(limits.status == "422");
  CHECK(contains(limits.body, "the daily limit is at least"));
  limits =
      browse(gw, anna, page_path + "/limit-change",
             fmt::format("csrf={}&iban={}&date={}&single=5&daily=30", csrf, kDemoViewed, tomorrow));
  CHECK(limits.status == "409");  // a view account has no limits to change
  // Above the application's limits: only a replacement, which a second operator approves.
  limits = browse(gw, anna, page_path + "/limit-change",
                  fmt::format("csrf={}&iban={}&date={}&single=1000000000000&daily=1000000000000",
                              csrf, kDemoManaged, tomorrow));
  CHECK(limits.status == "403");
  CHECK(contains(limits.body, "need a second operator"));
  CHECK(gw.query_value("SELECT count(*) FROM limit_changes") == "0");
  limits = browse(
      gw, anna, page_path + "/limit-change",
      fmt::format("csrf={}&iban={}&date={}&single=5&daily=30", csrf, kDemoManaged, tomorrow));
  CHECK(limits.status == "303");
  CHECK(gw.query_value("SELECT count(*) FROM audit_log WHERE action = 'application.limit_change' "
                       "AND actor LIKE 'console:Anna Operatore%'") == "1");

  // The demo client's certificate, revoked from its row on the user's page.
  const auto serial = gw.query_value(
      fmt::format("SELECT serial FROM client_certificates WHERE user_number = {}", user));
  auto page = browse(gw, anna, page_path);
  CHECK(contains(page.body, "id=\"revoke-" + serial + "\""));
  auto revoked = browse(gw, anna, fmt::format("/console/certificates/{}/revoke", serial),
                        fmt::format("csrf={}&user={}&reason=key+lost", csrf, user));
  CHECK(revoked.status == "303");
  CHECK(http_status(gw.curl_api("/v1/whoami")) != "200");

  auto crl = browse(gw, anna, "/console/crl");
  CHECK(crl.status == "200");
  const auto crl_path = gw.dir() / "console.crl.pem";
  std::ofstream(crl_path) << crl.body;
  auto text = run_command({"openssl", "crl", "-in", crl_path.string(), "-noout", "-text"});
  CHECK(text.exit_code == 0);
  std::string upper = serial;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK_MESSAGE(contains(text.out, upper), text.out);
}

TEST_CASE("console: what an operator proposed is not approved once their certificate is revoked") {
  GatewayFixture gw;
  const auto anna = issue_operator(gw, "Anna Operatore", "anna");
  const auto anna_serial = gw.query_value("SELECT serial FROM operator_certificates");
  const auto bob = issue_operator(gw, "Bruno Otrais", "bob");
  sign_in(gw, anna);
  const auto bob_csrf = sign_in(gw, bob);
  const auto user = gw.user_number();
  auto form = browse(gw, anna, "/console/applications/new?user=" + user);
  REQUIRE(form.status == "200");
  auto proposed =
      browse(gw, anna, "/console/applications", filled_form(form.body, "/console/applications"));
  const auto id = proposal_of(proposed);
  auto r = gw.ctl({"operator", "revoke", "--serial", anna_serial, "--reason", "key lost"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);

  auto page = browse(gw, bob, fmt::format("/console/proposals/{}", id));
  REQUIRE(page.status == "200");
  CHECK(contains(page.body, "has been revoked since, so it cannot be approved"));
  CHECK_FALSE(contains(page.body, "id=\"approve\""));
  auto approval = approved(gw, bob, proposed);
  CHECK(approval.status == "409");
  CHECK(contains(approval.body, "revoked since"));
  CHECK(gw.query_value("SELECT count(*) FROM applications WHERE user_number = " + user) == "1");
  CHECK(gw.query_value(fmt::format(
            "SELECT count(*) FROM application_proposals WHERE id = {} AND outcome IS NULL", id)) ==
        "1");
  // It can still be refused, and so leaves the list.
  auto refused = browse(gw, bob, fmt::format("/console/proposals/{}/refuse", id),
                        field("csrf", bob_csrf) + "&" + field("reason", "proposer's key lost"));
  CHECK(refused.status == "303");
  CHECK(gw.query_value(fmt::format("SELECT outcome FROM application_proposals WHERE id = {}",
                                   id)) == "refused");
}

// Without a second operator the form registers at once: the operator's
// certificate is checked in that transaction as well.
TEST_CASE("console: a form registered by an operator revoked on its way registers nothing") {
  GatewayFixture gw("[console]\nlisten = \"127.0.0.1:0\"\nsecond_operator = false\n");
  if (gw.on_postgres()) return;  // staged with SQLite's one writer
  const auto anna = issue_operator(gw, "Anna Operatore", "anna");
  const auto serial = gw.query_value("SELECT serial FROM operator_certificates");
  sign_in(gw, anna);
  const auto user = gw.user_number();
  auto form = browse(gw, anna, "/console/applications/new?user=" + user);
  REQUIRE(form.status == "200");
  const auto body = filled_form(form.body, "/console/applications");
  const auto posted = posted_while_revoking(
      gw, serial, [&] { return browse(gw, anna, "/console/applications", body); });
  CHECK_MESSAGE(posted.status == "422", posted.body);
  CHECK(contains(posted.body, "was revoked while the request was on its way"));
  CHECK(gw.query_value("SELECT count(*) FROM applications WHERE user_number = " + user) == "1");
}

// The approver's certificate is checked when the request arrives; the
// registration may then wait for the store's write lock (here another
// process's transaction: the revocation itself), and is judged on the
// certificate as it stands when it gets it: nothing is registered.
TEST_CASE(
    "console: an approval whose operator certificate is revoked on its way registers nothing") {
  GatewayFixture gw;
  // Staged with SQLite's one writer; on PostgreSQL nothing makes it wait (same SQL).
  if (gw.on_postgres()) return;
  const auto anna = issue_operator(gw, "Anna Operatore", "anna");
  const auto bob = issue_operator(gw, "Bruno Otrais", "bob");
  const auto bob_serial =
      gw.query_value("SELECT serial FROM operator_certificates WHERE name = 'Bruno Otrais'");
  sign_in(gw, anna);
  sign_in(gw, bob);
  const auto user = gw.user_number();
  auto form = browse(gw, anna, "/console/applications/new?user=" + user);
  REQUIRE(form.status == "200");
  auto proposed =
      browse(gw, anna, "/console/applications", filled_form(form.body, "/console/applications"));
  const auto id = proposal_of(proposed);
  auto page = browse(gw, bob, fmt::format("/console/proposals/{}", id));
  REQUIRE(page.status == "200");

  const auto approval = posted_while_revoking(gw, bob_serial, [&] {
    return browse(gw, bob, fmt::format("/console/proposals/{}/approve", id),
                  field("csrf", csrf_of(page.body)));
  });
  // Refused in the registration's transaction; the answer is then the
  // sign-in page a revoked operator gets.
  CHECK_MESSAGE(approval.status == "403", approval.body);
  CHECK(contains(approval.body, "has been revoked"));
  CHECK(gw.query_value("SELECT count(*) FROM applications WHERE user_number = " + user) == "1");
  CHECK(gw.query_value(fmt::format(
            "SELECT count(*) FROM application_proposals WHERE id = {} AND outcome IS NULL", id)) ==
        "1");
}

TEST_CASE(
    "console: an institution's certificate is no operator's, and a revoked operator is "
    "refused in the handshake") {
  GatewayFixture gw;
  const Browser client{gw.client_pem(), gw.client_key(), gw.dir() / "client.jar"};
  auto refused = browse(gw, client, "/console");
  CHECK(refused.status == "403");
  CHECK(contains(refused.body, "is not an operator"));
  CHECK(gw.wait_for_query("SELECT detail FROM audit_log WHERE action = 'access.refused'",
                          "console_not_an_operator"));

  const auto anna = issue_operator(gw, "Anna Operatore", "anna");
  sign_in(gw, anna);
  const auto serial = gw.query_value("SELECT serial FROM operator_certificates");
  auto r = gw.ctl({"operator", "revoke", "--serial", serial, "--reason", "left the treasury"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  auto after = browse(gw, anna, "/console");
  CHECK(after.exit_code != 0);  // the handshake itself fails
  CHECK(after.status.empty());
}

TEST_CASE(
    "console: institutions and accounts are registered, and an account blocked, by an "
    "operator") {
  GatewayFixture gw;
  const auto anna = issue_operator(gw, "Anna Operatore", "anna");
  const auto csrf = sign_in(gw, anna);

  auto added = browse(gw, anna, "/console/institutions",
                      "csrf=" + csrf + "&registration_number=90000000077&name=" +
                          gw::http::percent_encode("Jaunā iestāde <b>"));
  REQUIRE_MESSAGE(added.status == "303", added.body);
  CHECK(contains(added.headers, "Location: /console/institutions?q=90000000077&done="));
  auto twice = browse(gw, anna, "/console/institutions",
                      "csrf=" + csrf + "&registration_number=90000000077&name=Again");
  CHECK(twice.status == "409");
  auto short_number = browse(gw, anna, "/console/institutions",
                             "csrf=" + csrf + "&registration_number=9000&name=X");
  CHECK(short_number.status == "422");

  const std::string iban = "LV88TREL1060000300077";
  auto bad_iban = browse(gw, anna, "/console/institutions/90000000077/accounts",
                         "csrf=" + csrf + "&iban=LV00TREL1060000300077&currency=EUR");
  CHECK(bad_iban.status == "422");
  auto bad_currency = browse(gw, anna, "/console/institutions/90000000077/accounts",
                             "csrf=" + csrf + "&iban=" + iban + "&currency=JPY");
  CHECK(bad_currency.status == "422");
  CHECK(contains(bad_currency.body, "not a currency the treasury keeps"));
  auto account = browse(gw, anna, "/console/institutions/90000000077/accounts",
                        "csrf=" + csrf + "&iban=" + iban + "&currency=USD");
  REQUIRE_MESSAGE(account.status == "303", account.body);

  auto blocked = browse(gw, anna, "/console/accounts/" + iban + "/state",
                        "csrf=" + csrf + "&state=blocked&institution=90000000077");
  CHECK(blocked.status == "303");
  CHECK(gw.query_value("SELECT currency || ' ' || state FROM accounts WHERE iban = '" + iban +
                       "'") == "USD blocked");
  CHECK(gw.query_value("SELECT count(*) FROM audit_log WHERE actor LIKE 'console:Anna "
                       "Operatore%' AND action IN ('institution.add', 'account.add', "
                       "'account.state')") == "3");

  auto page = browse(gw, anna, "/console/institutions?q=jaun");
  CHECK(page.status == "200");
  CHECK(contains(page.body, "Jaunā iestāde &lt;b&gt; (90000000077)"));
  CHECK(contains(page.body, iban));
  CHECK(contains(page.body, "<option value=\"blocked\" selected=\"selected\">"));
  CHECK_FALSE(contains(page.body, "90000000001"));
}

TEST_CASE(
    "console: a replacement starts from the current application and, sent back unchanged, "
    "keeps it whole without a new code") {
  GatewayFixture gw;
  const auto anna = issue_operator(gw, "Anna Operatore", "anna");
  const auto bob = issue_operator(gw, "Bruno Otrais", "bob");
  const auto anna_csrf = sign_in(gw, anna);
  sign_in(gw, bob);
  const auto user = gw.user_number();
  // A lower day limit for tomorrow (a suspected key, say), set under the application being
  // replaced.
  auto lowered = browse(gw, anna, "/console/applications/" + user + "/limit-change",
                        fmt::format("csrf={}&iban={}&date={}&single=1&daily=1", anna_csrf,
                                    kDemoManaged, riga_date_in(1)));
  REQUIRE(lowered.status == "303");
  CHECK(gw.query_value("SELECT count(*) FROM limit_changes WHERE user_number = " + user) == "1");
  const auto before =
      gw.query_value("SELECT document FROM applications WHERE user_number = " + user +
                     " ORDER BY id DESC LIMIT 1");
  const auto mails = std::distance(std::filesystem::directory_iterator(gw.dir() / "outbox"),
                                   std::filesystem::directory_iterator());

  auto form = browse(gw, anna, "/console/applications/new?user=" + user);
  REQUIRE(form.status == "200");
  CHECK(contains(form.body, "value=\"it@parauga.example.lv\""));
  CHECK(contains(form.body, "name=\"user_number\" value=\"" + user + "\""));
  const auto body = filled_form(form.body, "/console/applications");
  auto replaced = approved(gw, bob, browse(gw, anna, "/console/applications", body));
  REQUIRE_MESSAGE(replaced.status == "303", replaced.body);
  CHECK(contains(replaced.headers,
                 "Location: /console/applications/" + user + "?done=registered_kept"));
  CHECK(gw.query_value("SELECT count(*) FROM applications WHERE user_number = " + user) == "2");
  // A day lowered under the old application stays lowered: the new one's limits cover it.
  CHECK(gw.query_value("SELECT count(*) FROM limit_changes WHERE user_number = " + user) == "1");
  CHECK(gw.query_value("SELECT detail FROM audit_log WHERE action = 'application.replace'")
            .find("day_limits_dropped") == std::string::npos);
  // The demo user's client certificate still works, and no code was mailed.
  CHECK(http_status(gw.curl_api("/v1/whoami")) == "200");
  CHECK(std::distance(std::filesystem::directory_iterator(gw.dir() / "outbox"),
                      std::filesystem::directory_iterator()) == mails);

  // Every account, limit and setting came through the form unchanged.
  const auto old_doc = nlohmann::json::parse(before);
  const auto new_doc = nlohmann::json::parse(
      gw.query_value("SELECT document FROM applications WHERE user_number = " + user +
                     " ORDER BY id DESC LIMIT 1"));
  // (in IBAN order: the form lists them as the store keeps them)
  const auto by_iban = [](const nlohmann::json& accounts) {
    std::map<std::string, nlohmann::json> out;
    for (const auto& a : accounts) out[a["iban"]] = a;
    return out;
  };
  const auto old_accounts = by_iban(old_doc["accounts"]);
  const auto new_accounts = by_iban(new_doc["accounts"]);
  REQUIRE(new_accounts.size() == old_accounts.size());
  for (const auto& entry : old_accounts) {
    const std::string iban = entry.first;
    const auto& old_account = entry.second;
    REQUIRE(new_accounts.contains(iban));
    const auto& now = new_accounts.at(iban);
    for (const std::string key : {"mode", "single_limit_eur", "daily_limit_eur"}) {
      const std::string what = iban + " " + key;
      CHECK_MESSAGE(now.value(key, nlohmann::json()) == old_account.value(key, nlohmann::json()),
                    what);
    }
    CHECK(now.value("signatures_required", 0) == old_account.value("signatures_required", 0));
  }
  CHECK(new_doc["payment_signers"].size() == old_doc["payment_signers"].size());
  CHECK(new_doc["preparer"] == old_doc["preparer"]);
  CHECK(new_doc["technical_contact"] == old_doc["technical_contact"]);
}

TEST_CASE("console: a payment signer's and an operator's certificate revoked from the console") {
  GatewayFixture gw;
  const auto anna = issue_operator(gw, "Anna Operatore", "anna");
  const auto juris = issue_operator(gw, "Juris Operators", "juris");
  const auto csrf = sign_in(gw, anna);
  sign_in(gw, juris);

  const auto key = gw.dir() / "ilze.key";
  const auto csr = gw.dir() / "ilze.csr";
  auto req =
      run_command({"openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                   "-nodes", "-keyout", key.string(), "-out", csr.string(), "-subj", "/CN=signer"});
  REQUIRE(req.exit_code == 0);
  auto issued =
      gw.ctl({"signer", "issue", "--name", "Ilze Bērziņa", "--personal-code", "320000-00033",
              "--csr", csr.string(), "--out", (gw.dir() / "ilze.pem").string()});
  REQUIRE_MESSAGE(issued.exit_code == 0, issued.err);
  const auto signer_serial = gw.query_value("SELECT serial FROM signer_certificates");
  const auto juris_serial =
      gw.query_value("SELECT serial FROM operator_certificates WHERE name = 'Juris Operators'");

  auto page = browse(gw, anna, "/console/certificates");
  REQUIRE(page.status == "200");
  CHECK(contains(page.body, "Ilze Bērziņa"));
  CHECK(contains(page.body, "action=\"/console/signers/" + signer_serial + "/revoke\""));
  CHECK(contains(page.body, "action=\"/console/operators/" + juris_serial + "/revoke\""));

  auto revoked = browse(gw, anna, "/console/signers/" + signer_serial + "/revoke",
                        "csrf=" + csrf + "&reason=" + gw::http::percent_encode("card lost"));
  CHECK(revoked.status == "303");
  CHECK(contains(revoked.headers, "Location: /console/certificates?done=signer_revoked"));
  CHECK(gw.query_value("SELECT revocation_reason FROM signer_certificates") == "card lost");
  CHECK(gw.query_value("SELECT actor FROM audit_log WHERE action = 'signer_certificate.revoke'")
            .starts_with("console:Anna Operatore ("));
  auto twice = browse(gw, anna, "/console/signers/" + signer_serial + "/revoke", "csrf=" + csrf);
  CHECK(twice.status == "404");  // revoked already: said, nothing changes
  // Without the session's token nothing is revoked; nor her own certificate from her session.
  CHECK(browse(gw, anna, "/console/operators/" + juris_serial + "/revoke",
               "csrf=" + std::string(64, '0'))
            .status == "403");
  const auto anna_serial =
      gw.query_value("SELECT serial FROM operator_certificates WHERE name = 'Anna Operatore'");
  CHECK(browse(gw, anna, "/console/operators/" + anna_serial + "/revoke", "csrf=" + csrf).status ==
        "409");
  CHECK(gw.query_value("SELECT count(*) FROM operator_certificates WHERE revoked_at IS NOT NULL") ==
        "0");

  CHECK(browse(gw, anna, "/console/operators/" + juris_serial + "/revoke", "csrf=" + csrf).status ==
        "303");
  CHECK(browse(gw, juris, "/console").exit_code != 0);  // refused in the handshake from now on

  // Both are on the CA's CRL.
  auto crl = browse(gw, anna, "/console/crl");
  REQUIRE(crl.status == "200");
  const auto crl_path = gw.dir() / "people.crl.pem";
  std::ofstream(crl_path) << crl.body;
  auto text = run_command({"openssl", "crl", "-in", crl_path.string(), "-noout", "-text"});
  std::string wanted_signer = signer_serial;
  std::string wanted_operator = juris_serial;
  for (auto* s : {&wanted_signer, &wanted_operator}) {
    for (auto& c : *s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  CHECK_MESSAGE(contains(text.out, wanted_signer), text.out);
  CHECK_MESSAGE(contains(text.out, wanted_operator), text.out);
}

TEST_CASE(
    "console: a proposal that another application overtook is refused; refused and withdrawn "
    "proposals register nothing") {
  GatewayFixture gw;
  const auto anna = issue_operator(gw, "Anna Operatore", "anna");
  const auto bob = issue_operator(gw, "Bruno Otrais", "bob");
  const auto anna_csrf = sign_in(gw, anna);
  const auto bob_csrf = sign_in(gw, bob);
  const auto user = gw.user_number();
  const auto applications = [&] {
    return gw.query_value("SELECT count(*) FROM applications WHERE user_number = " + user);
  };

  // Two replacements proposed from the same current application: once one is
  // approved, the other would undo it unseen, and is refused.
  auto form = browse(gw, anna, "/console/applications/new?user=" + user);
  REQUIRE(form.status == "200");
  const auto body = filled_form(form.body, "/console/applications");
  auto first = browse(gw, anna, "/console/applications", body);
  auto second = browse(gw, anna, "/console/applications", body);
  REQUIRE(proposal_of(first) != proposal_of(second));
  REQUIRE(approved(gw, bob, first).status == "303");
  CHECK(applications() == "2");
  auto stale_page = browse(gw, bob, fmt::format("/console/proposals/{}", proposal_of(second)));
  CHECK(contains(stale_page.body, "cannot be approved"));
  CHECK_FALSE(contains(stale_page.body, "id=\"approve\""));
  auto stale = approved(gw, bob, second);
  CHECK(stale.status == "409");
  CHECK(contains(stale.body, "changed after proposal"));
  CHECK(applications() == "2");
  // The form opened before that approval is refused when proposed, not later.
  auto old_form = browse(gw, anna, "/console/applications", body);
  CHECK(old_form.status == "422");
  CHECK(contains(old_form.body, "changed after this form was opened"));

  // Refused by the other operator, with a reason; withdrawn by its proposer.
  const auto fresh = filled_form(browse(gw, anna, "/console/applications/new?user=" + user).body,
                                 "/console/applications");
  auto refused_one = browse(gw, anna, "/console/applications", fresh);
  const auto refused_id = proposal_of(refused_one);
  auto no_reason = browse(gw, bob, fmt::format("/console/proposals/{}/refuse", refused_id),
                          field("csrf", bob_csrf) + "&reason=");
  CHECK(no_reason.status == "422");
  auto refused = browse(gw, bob, fmt::format("/console/proposals/{}/refuse", refused_id),
                        field("csrf", bob_csrf) + "&" + field("reason", "the form is not signed"));
  CHECK(refused.status == "303");
  CHECK(contains(refused.headers, "Location: /console/proposals?done=refused"));
  auto withdrawn_one = browse(gw, anna, "/console/applications", fresh);
  const auto withdrawn_id = proposal_of(withdrawn_one);
  auto withdrawn = browse(gw, anna, fmt::format("/console/proposals/{}/refuse", withdrawn_id),
                          field("csrf", anna_csrf) + "&" + field("reason", "a typo"));
  CHECK(contains(withdrawn.headers, "Location: /console/proposals?done=withdrawn"));
  CHECK(gw.query_value(fmt::format("SELECT outcome FROM application_proposals WHERE id = {}",
                                   refused_id)) == "refused");
  CHECK(gw.query_value(fmt::format("SELECT outcome FROM application_proposals WHERE id = {}",
                                   withdrawn_id)) == "withdrawn");
  // Neither can be approved now, nor refused twice.
  CHECK(approved(gw, bob, refused_one).status == "409");
  CHECK(approved(gw, bob, withdrawn_one).status == "409");
  CHECK(browse(gw, bob, fmt::format("/console/proposals/{}/refuse", refused_id),
               field("csrf", bob_csrf) + "&" + field("reason", "again"))
            .status == "409");
  CHECK(applications() == "2");
  // Only the stale one still waits, for an operator to refuse it.
  const auto list = browse(gw, bob, "/console/proposals").body;
  CHECK(contains(list, fmt::format("/console/proposals/{}\"", proposal_of(second))));
  CHECK_FALSE(contains(list, fmt::format("/console/proposals/{}\"", refused_id)));
  CHECK_FALSE(contains(list, fmt::format("/console/proposals/{}\"", withdrawn_id)));
  CHECK(gw.query_value("SELECT count(*) FROM audit_log WHERE action IN "
                       "('application.proposal_refused', 'application.proposal_withdrawn')") ==
        "2");
}

// Without the two-person rule an operator's form registers at once: a
// replacement form opened before someone else registered another one for
// the user does not overwrite it unseen.
TEST_CASE("console: without a second operator, a replacement from a stale form is refused") {
  GatewayFixture gw("[console]\nlisten = \"127.0.0.1:0\"\nsecond_operator = false\n");
  const auto anna = issue_operator(gw, "Anna Operatore", "anna");
  const auto bob = issue_operator(gw, "Bruno Otrais", "bob");
  sign_in(gw, anna);
  sign_in(gw, bob);
  const auto user = gw.user_number();
  const auto count = "SELECT count(*) FROM applications WHERE user_number = " + user;

  auto annas_form = browse(gw, anna, "/console/applications/new?user=" + user);
  auto bobs_form = browse(gw, bob, "/console/applications/new?user=" + user);
  REQUIRE(annas_form.status == "200");
  REQUIRE(bobs_form.status == "200");
  const auto annas = filled_form(annas_form.body, "/console/applications");
  REQUIRE(contains(annas, "replaces_application="));

  auto bobs = browse(gw, bob, "/console/applications",
                     filled_form(bobs_form.body, "/console/applications"));
  REQUIRE_MESSAGE(bobs.status == "303", bobs.body);
  CHECK(gw.query_value(count) == "2");

  auto stale = browse(gw, anna, "/console/applications", annas);
  CHECK(stale.status == "422");
  CHECK(contains(stale.body, "changed after this form was opened"));
  CHECK(gw.query_value(count) == "2");

  // A replacement that does not say what it replaces is refused too.
  const auto unnamed =
      std::regex_replace(annas, std::regex("replaces_application=[0-9]+"), "replaces_application=");
  auto blind = browse(gw, anna, "/console/applications", unnamed);
  CHECK(blind.status == "422");
  CHECK(contains(blind.body, "does not say which application it replaces"));
  CHECK(gw.query_value(count) == "2");

  // From a form opened now, it registers.
  auto fresh = browse(gw, anna, "/console/applications/new?user=" + user);
  auto registered =
      browse(gw, anna, "/console/applications", filled_form(fresh.body, "/console/applications"));
  CHECK_MESSAGE(registered.status == "303", registered.body);
  CHECK(gw.query_value(count) == "3");
}
