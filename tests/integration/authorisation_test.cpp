// Authorisation of payment files by signers over real mutual TLS, with real
// detached CMS signatures (the OpenSSL C API as `openssl cms -sign` makes
// them, and once the openssl command itself): a 2-signature account holds a
// file PDNG until two different signers of the right levels approve it, then
// the ledger books it; every wrong signature is refused and changes nothing;
// a signer's rejection rejects the file and gives the daily limit back; a file
// not signed by its deadline expires; a last approval racing a rejection
// ends the file one way.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "calendar/business_days.h"
#include "calendar/cut_off.h"
#include "calendar/riga_time.h"
#include "config/gateway_config.h"
#include "pki/certificate_info.h"
#include "pki/pem.h"
#include "support/applications.h"
#include "support/eventually.h"
#include "support/gateway_fixture.h"
#include "support/pain001_builder.h"
#include "support/signing.h"
#include "support/slow_request.h"
#include "support/store_write_lock.h"
#include "support/temp_dir.h"

using namespace gw::test;
namespace pki = gw::pki;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

const std::string kQueuedPayments =
    "SELECT count(*) FROM ledger_queue q JOIN payments p ON p.block_id = q.block_id";

struct Person {
  std::string name;
  std::string code;
};
const Person kAnna{"Anna Bērziņa", "320000-00011"};       // level 1
const Person kJanis{"Jānis Liepa", "320000-00022"};       // level 2
const Person kLiga{"Līga Kalna", "320000-00033"};         // level 1
const Person kOutsider{"Ella Zvaigzne", "320000-00044"};  // no rights

// The demo user's application with the managed account needing `signatures`
// and these signers on it (by default Anna 1, Jānis 2, Līga 1).
void register_signing_policy(const GatewayFixture& gw, int signatures,
                             const std::vector<std::pair<Person, int>>& signers = {
                                 {kAnna, 1}, {kJanis, 2}, {kLiga, 1}}) {
  auto doc = nlohmann::json::parse(
      application(gw.user_number(), manage(kDemoManaged, 10000, 50000) + "," + view(kDemoViewed)));
  doc["accounts"][0]["signatures_required"] = signatures;
  doc["payment_signers"] = nlohmann::json::array();
  for (const auto& [person, level] : signers) {
    doc["payment_signers"].push_back({{"name", person.name},
                                      {"personal_code", person.code},
                                      {"accounts", {{{"iban", kDemoManaged}, {"level", level}}}}});
  }
  auto r = register_file(gw, "signing.json", doc.dump());
  REQUIRE_MESSAGE(r.exit_code == 0, r.err << r.out);
}

CommandResult upload(const GatewayFixture& gw, const std::string& name, const std::string& xml) {
  const auto path = gw.dir() / name;
  std::ofstream(path) << xml;
  return gw.curl_api("/v1/messages",
                     {"-H", "Content-Type: application/xml", "--data-binary", "@" + path.string(),
                      "-D", (gw.dir() / (name + ".headers")).string()});
}

std::string statement(const GatewayFixture& gw, std::int64_t id, const std::string& decision) {
  auto r = gw.curl_api(fmt::format("/v1/authorisations/{}/statement?decision={}", id, decision));
  REQUIRE_MESSAGE(http_status(r) == "200", r.out);
  return http_body(r);
}

// POSTs `cms` (DER) as the signature of `decision`; returns status and JSON body.
std::pair<std::string, nlohmann::json> post_signature(const GatewayFixture& gw, std::int64_t id,
                                                      const std::string& decision,
                                                      const std::string& cms) {
  static std::atomic<int> n{0};  // two threads may post at once
  const auto path = gw.dir() / fmt::format("signature-{}.der", ++n);
  std::ofstream(path, std::ios::binary) << cms;
  auto r = gw.curl_api(
      fmt::format("/v1/authorisations/{}/{}", id, decision),
      {"-H", "Content-Type: application/pkcs7-signature", "--data-binary", "@" + path.string()});
  const auto body = http_body(r);
  return {http_status(r), nlohmann::json::parse(body, nullptr, false)};
}

// The answer to an approval with `cms`: its status and refusal ("409 already_signed").
std::string refusal_of(const GatewayFixture& gw, std::int64_t id, const std::string& cms) {
  const auto answer = post_signature(gw, id, "approve", cms);
  return answer.first + " " +
         (answer.second.is_object() ? answer.second.value("refusal", "") : "(not JSON)");
}

struct Signers {
  TestSigner anna, janis, liga, outsider, foreign, unregistered;
};

// A signer's own key and CSR (openssl), the certificate from `gatewayctl signer issue`.
TestSigner issue_with_ctl(const GatewayFixture& gw, const Person& person) {
  const auto key = gw.dir() / (person.code + ".key");
  const auto csr = gw.dir() / (person.code + ".csr");
  const auto pem = gw.dir() / (person.code + ".pem");
  auto req =
      run_command({"openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                   "-nodes", "-keyout", key.string(), "-out", csr.string(), "-subj", "/CN=signer"});
  REQUIRE_MESSAGE(req.exit_code == 0, req.err);
  auto issued = gw.ctl({"signer", "issue", "--name", person.name, "--personal-code", person.code,
                        "--csr", csr.string(), "--out", pem.string()});
  REQUIRE_MESSAGE(issued.exit_code == 0, issued.err);
  return {read_file(pem), read_file(key)};
}

Signers make_signers(const GatewayFixture& gw) {
  const auto ca = load_ca(gw.ca_pem(), gw.ca_key());
  const auto other = make_ca(gw.dir(), "other-ca", "Some Other CA");
  return {issue_with_ctl(gw, kAnna),
          issue_with_ctl(gw, kJanis),
          issue_with_ctl(gw, kLiga),
          issue_with_ctl(gw, kOutsider),
          make_signer(other, kJanis.name, kJanis.code),
          make_signer(ca, kAnna.name, kAnna.code)};  // by our CA's key, never registered
}

std::int64_t upload_held(const GatewayFixture& gw, const std::string& msg_id,
                         const std::string& date) {
  const auto xml = build_pain001(
      msg_id, {TestBlock{msg_id + "-B1",
                         kDemoManaged,
                         date,
                         {TestTransaction{"S1", 150000}, TestTransaction{"S2", 2550}}}});
  auto r = upload(gw, msg_id + ".xml", xml);
  REQUIRE_MESSAGE(http_status(r) == "202", r.out);
  const auto answer = http_body(r);
  CHECK(contains(answer, "<GrpSts>PDNG</GrpSts>"));
  CHECK(contains(answer, "<Cd>DS0A</Cd>"));
  check_official_schema(gw, answer, "pain.002.001.03");
  const auto headers = read_file(gw.dir() / (msg_id + ".xml.headers"));
  CHECK(contains(headers, "X-Group-Status: PDNG"));
  const auto at = headers.find("X-Message-Id: ");
  REQUIRE(at != std::string::npos);
  return std::stoll(headers.substr(at + 14));
}

// `gatewayctl signer revoke` of the person's signing certificate, found in `signer list`.
void revoke_signing_certificate(const GatewayFixture& gw, const Person& person) {
  const auto listed = gw.ctl({"signer", "list"});
  const auto line = listed.out.find(person.name);
  REQUIRE(line != std::string::npos);
  const auto start = listed.out.rfind('\n', line) + 1;
  const auto serial = listed.out.substr(start, listed.out.find(' ', start) - start);
  auto revoked = gw.ctl({"signer", "revoke", "--serial", serial, "--reason", "card lost"});
  REQUIRE_MESSAGE(revoked.exit_code == 0, revoked.err);
}

// The revocation of the person's signing certificate, for a StoreWriteLock
// to hold uncommitted. Dated a little ahead, as one made while a decision
// waits for that lock is dated after the request's moment.
std::string revocation_of(const Person& person) {
  return fmt::format(
      "UPDATE signer_certificates SET revoked_at = "
      "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+3 seconds'), revocation_reason = 'card lost' "
      "WHERE personal_code = '{}';",
      person.code);
}

std::string sha256_of(const GatewayFixture& gw, const std::string& name) {
  auto r = run_command({"openssl", "dgst", "-sha256", "-r", (gw.dir() / name).string()});
  REQUIRE(r.exit_code == 0);
  return r.out.substr(0, 64);
}

}  // namespace

TEST_CASE("a 2-signature file waits PDNG, refuses wrong signatures, is released by two signers") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  register_signing_policy(gw, 2);
  const Signers s = make_signers(gw);
  const gw::BusinessCalendar calendar;
  const auto day = gw::format_iso_date(calendar.on_or_after(*gw::parse_iso_date(riga_date_in(2))));
  const auto id = upload_held(gw, "SIGN-1", day);

  // The policy as operators and the accounting system see it.
  const auto shown = gw.ctl({"application", "show", "--user", gw.user_number()});
  CHECK(contains(shown.out, "payment files need 2 signature(s)"));
  CHECK(contains(shown.out,
                 "payment signer Jānis Liepa (320000-00022): " + kDemoManaged + " level 2"));
  const auto whoami = nlohmann::json::parse(http_body(gw.curl_api("/v1/whoami")));
  const auto& account =
      whoami["accounts"][0]["iban"] == kDemoManaged ? whoami["accounts"][0] : whoami["accounts"][1];
  CHECK(account["signatures_required"] == 2);
  CHECK(account["payment_signers"].size() == 3);
  CHECK(account["payment_signers"][0].contains("personal_code") == false);

  // Held: nothing for the ledger, the limit taken, the status PDNG everywhere.
  CHECK(gw.query_value(kQueuedPayments) == "0");
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "152550");
  const auto message =
      nlohmann::json::parse(http_body(gw.curl_api(fmt::format("/v1/messages/{}", id))));
  CHECK(message["group_status"] == "PDNG");
  const auto payments = nlohmann::json::parse(
      http_body(gw.curl_api(fmt::format("/v1/messages/{}/payments", id))))["payments"];
  REQUIRE(payments.size() == 2);
  CHECK(payments[0]["status"] == "PDNG");
  CHECK(payments[0]["history"][1]["status"] == "PDNG");

  // The summary a signer reads.
  const auto waiting = nlohmann::json::parse(http_body(gw.curl_api("/v1/authorisations")));
  REQUIRE(waiting["items"].size() == 1);
  const auto& file = waiting["items"][0];
  CHECK(file["id"] == id);
  CHECK(file["state"] == "waiting");
  CHECK(file["signatures_required"] == 2);
  CHECK(file["sha256"] == sha256_of(gw, "SIGN-1.xml"));
  CHECK(file["totals"][0]["amount"] == "1525.50");
  CHECK(file["totals"][0]["payments"] == 2);
  CHECK(file["blocks"][0]["debtor_iban"] == kDemoManaged);
  CHECK(file["blocks"][0]["requested_execution_date"] == day);
  const auto approve = statement(gw, id, "approve");
  CHECK(contains(approve, "Decision: approve\n"));
  CHECK(contains(approve, "SHA-256: " + sha256_of(gw, "SIGN-1.xml") + "\n"));
  CHECK(contains(approve, "Total: 1525.50 EUR in 2 payments\n"));

  // Refused, each for its own reason, and nothing recorded.
  const TestSigner technical{read_file(gw.client_pem()), read_file(gw.client_key())};
  std::string status;  // not bindings: the REQUIRE macros capture them (clang 14)
  nlohmann::json body;
  CHECK(refusal_of(gw, id, sign_detached(technical, approve)) == "422 not_a_person");
  CHECK(refusal_of(gw, id, sign_detached(s.anna, statement(gw, id, "reject"))) ==
        "422 signature_mismatch");
  CHECK(refusal_of(gw, id, sign_detached(s.foreign, approve)) == "422 certificate_untrusted");
  std::tie(status, body) = post_signature(gw, id, "approve", sign_detached(s.outsider, approve));
  CHECK(status == "422");
  CHECK(body["refusal"] == "not_a_signer");
  CHECK(body["reason"] == "DS0H");
  CHECK(refusal_of(gw, id, "not a signature at all") == "422 signature_unreadable");
  CHECK(gw.query_value("SELECT count(*) FROM file_signatures") == "0");

  // First signature (level 1): still waiting.
  std::tie(status, body) = post_signature(gw, id, "approve", sign_detached(s.anna, approve));
  REQUIRE_MESSAGE(status == "200", body.dump());
  CHECK(body["state"] == "waiting");
  CHECK(body["signatures"].size() == 1);
  CHECK(body["signatures"][0]["signer"] == kAnna.name);
  CHECK(body["signatures"][0]["level"] == 1);
  CHECK(gw.query_value(kQueuedPayments) == "0");

  // The same person again; another level-1 signer cannot give the level-2 signature.
  CHECK(refusal_of(gw, id, sign_detached(s.anna, approve)) == "409 already_signed");
  CHECK(refusal_of(gw, id, sign_detached(s.liga, approve)) == "422 level_insufficient");

  // The second signature, made by the openssl command: released and queued.
  const auto dir = gw.dir();
  std::ofstream(dir / "statement.txt", std::ios::binary) << approve;
  std::ofstream(dir / "janis.pem") << s.janis.cert_pem;
  std::ofstream(dir / "janis.key") << s.janis.key_pem;
  auto signed_by_cli =
      run_command({"openssl", "cms", "-sign", "-binary", "-in", (dir / "statement.txt").string(),
                   "-signer", (dir / "janis.pem").string(), "-inkey", (dir / "janis.key").string(),
                   "-outform", "DER", "-out", (dir / "janis.p7s").string()});
  REQUIRE_MESSAGE(signed_by_cli.exit_code == 0, signed_by_cli.err);
  std::tie(status, body) = post_signature(gw, id, "approve", read_file(dir / "janis.p7s"));
  REQUIRE_MESSAGE(status == "200", body.dump());
  CHECK(body["state"] == "released");
  CHECK(body["signatures"].size() == 2);
  CHECK(gw.query_value(kQueuedPayments) == "2");
  CHECK(gw.query_value("SELECT count(*) FROM file_signatures WHERE length(cms) > 100") == "2");
  CHECK(gw.query_value("SELECT count(*) FROM audit_log WHERE action = 'authorisation.released'") ==
        "1");
  CHECK(nlohmann::json::parse(
            http_body(gw.curl_api(fmt::format("/v1/messages/{}", id))))["group_status"] == "ACTC");
  const auto released = http_body(gw.curl_api(fmt::format("/v1/messages/{}/pain002", id)));
  CHECK(contains(released, "<GrpSts>ACTC</GrpSts>"));
  check_official_schema(gw, released, "pain.002.001.03");

  // No more signatures; the ledger books it on its day.
  CHECK(refusal_of(gw, id, sign_detached(s.liga, approve)) == "409 file_not_waiting");
  REQUIRE(gw.ctl({"ledger", "clock", "--set", day}).exit_code == 0);
  REQUIRE(gw.ctl({"ledger", "fund", "--iban", kDemoManaged, "--amount", "5000.00"}).exit_code == 0);
  auto run = gw.ctl({"ledger", "run-day"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(contains(run.out, "2 booked"));
  CHECK(gw.query_value("SELECT group_concat(status) FROM payments") == "ACSC,ACSC");
  const auto history = nlohmann::json::parse(http_body(
      gw.curl_api(fmt::format("/v1/messages/{}/payments", id))))["payments"][0]["history"];
  REQUIRE(history.size() == 4);
  CHECK(history[1]["status"] == "PDNG");
  CHECK(history[2]["status"] == "ACTC");
  CHECK(history[3]["status"] == "ACSC");
}

TEST_CASE("a signer's rejection rejects the file DS02 and gives the daily limit back") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  register_signing_policy(gw, 1);
  const Signers s = make_signers(gw);
  const auto id = upload_held(gw, "SIGN-2", riga_date_in(1));
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "152550");

  std::string status;
  nlohmann::json body;
  std::tie(status, body) =
      post_signature(gw, id, "reject", sign_detached(s.liga, statement(gw, id, "reject")));
  REQUIRE_MESSAGE(status == "200", body.dump());
  CHECK(body["state"] == "rejected");
  CHECK(body["reason"] == "DS02");
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "0");
  CHECK(gw.query_value("SELECT group_concat(status || ' ' || reason) FROM payments") ==
        "RJCT DS02,RJCT DS02");
  CHECK(gw.query_value(kQueuedPayments) == "0");
  const auto answer = http_body(gw.curl_api(fmt::format("/v1/messages/{}/pain002", id)));
  CHECK(contains(answer, "<GrpSts>RJCT</GrpSts>"));
  CHECK(contains(answer, "<Cd>DS02</Cd>"));
  check_official_schema(gw, answer, "pain.002.001.03");

  // An approval after the rejection is refused; the corrected file may be sent again.
  std::tie(status, body) =
      post_signature(gw, id, "approve", sign_detached(s.janis, statement(gw, id, "approve")));
  CHECK(status == "409");
  const auto again = upload_held(gw, "SIGN-2", riga_date_in(1));
  CHECK(again != id);
}

// A refusal the file as read already shows takes no write lock: such
// requests in a loop (an approval already given, a level too low) cannot hold
// the store's one writer from uploads and the ledger, each reading the whole
// file under it.
TEST_CASE("refused approvals are answered while another holds the store's write lock") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  if (gw.on_postgres()) return;  // staged with SQLite's one writer
  register_signing_policy(gw, 2);
  const Signers s = make_signers(gw);
  const gw::BusinessCalendar calendar;
  const auto day = gw::format_iso_date(calendar.on_or_after(*gw::parse_iso_date(riga_date_in(2))));
  const auto id = upload_held(gw, "SIGN-L", day);
  const auto approve = statement(gw, id, "approve");
  std::string status;  // not bindings: the REQUIRE macros capture them (clang 14)
  nlohmann::json body;
  std::tie(status, body) = post_signature(gw, id, "approve", sign_detached(s.anna, approve));
  REQUIRE_MESSAGE(status == "200", body.dump());

  StoreWriteLock holder(gw);
  const auto started = std::chrono::steady_clock::now();
  CHECK(refusal_of(gw, id, sign_detached(s.anna, approve)) == "409 already_signed");
  CHECK(refusal_of(gw, id, sign_detached(s.liga, approve)) == "422 level_insufficient");
  CHECK(refusal_of(gw, id, sign_detached(s.outsider, approve)) == "422 not_a_signer");
  // Not behind the lock (its busy timeout is 30 s); a busy CI machine still answers in seconds.
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(15));
  holder.release();
  // What passes the snapshot is decided under the lock, as before.
  std::tie(status, body) = post_signature(gw, id, "approve", sign_detached(s.janis, approve));
  REQUIRE_MESSAGE(status == "200", body.dump());
  CHECK(body["state"] == "released");
  CHECK(gw.query_value("SELECT count(*) FROM file_signatures") == "2");
}

TEST_CASE("a file not fully signed by its deadline expires DS24") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n[authorisation]\nexpiry_interval_ms = 100\n");
  register_signing_policy(gw, 2);
  const Signers s = make_signers(gw);
  const auto id = upload_held(gw, "SIGN-3", riga_date_in(1));
  const auto approve = statement(gw, id, "approve");
  std::string status;
  nlohmann::json body;
  std::tie(status, body) = post_signature(gw, id, "approve", sign_detached(s.janis, approve));
  REQUIRE_MESSAGE(status == "200", body.dump());

  // The deadline passes (moved into the past: no clock of the test can wait for it).
  gw.execute_store(fmt::format(
      "UPDATE authorisations SET expires_at = '2000-01-01T00:00:00Z' WHERE message_id = {}", id));
  REQUIRE(gw.wait_for_query(
      fmt::format("SELECT state FROM authorisations WHERE message_id = {}", id), "expired"));
  CHECK(gw.query_value("SELECT group_concat(status || ' ' || reason) FROM payments") ==
        "RJCT DS24,RJCT DS24");
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "0");
  CHECK(gw.query_value(kQueuedPayments) == "0");
  const auto answer = http_body(gw.curl_api(fmt::format("/v1/messages/{}/pain002", id)));
  CHECK(contains(answer, "<Cd>DS24</Cd>"));
  CHECK(refusal_of(gw, id, sign_detached(s.anna, approve)) == "409 file_not_waiting");
}

TEST_CASE("a last approval racing a rejection: the file ends one way, never both") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  register_signing_policy(gw, 2);
  const Signers s = make_signers(gw);
  const auto id = upload_held(gw, "SIGN-4", riga_date_in(1));
  const auto approve = statement(gw, id, "approve");
  auto first = post_signature(gw, id, "approve", sign_detached(s.anna, approve));
  REQUIRE_MESSAGE(first.first == "200", first.second.dump());

  const auto approval = sign_detached(s.janis, approve);
  const auto rejection = sign_detached(s.liga, statement(gw, id, "reject"));
  std::pair<std::string, nlohmann::json> approved, rejected;
  std::thread a([&] { approved = post_signature(gw, id, "approve", approval); });
  std::thread r([&] { rejected = post_signature(gw, id, "reject", rejection); });
  a.join();
  r.join();
  const auto state =
      gw.query_value(fmt::format("SELECT state FROM authorisations WHERE message_id = {}", id));
  if (state == "released") {
    CHECK(approved.first == "200");
    CHECK(rejected.first == "409");
    CHECK(gw.query_value(kQueuedPayments) == "2");
    CHECK(gw.query_value("SELECT group_concat(status) FROM payments") == "ACTC,ACTC");
  } else {
    CHECK(state == "rejected");
    CHECK(rejected.first == "200");
    CHECK(approved.first == "409");
    CHECK(gw.query_value(kQueuedPayments) == "0");
    CHECK(gw.query_value("SELECT group_concat(status) FROM payments") == "RJCT,RJCT");
  }
  CHECK(gw.query_value("SELECT count(*) FROM file_signatures") == "2");
  CHECK(gw.query_value("SELECT count(*) FROM mailbox WHERE about_message_id = " +
                       std::to_string(id)) == "2");
}

TEST_CASE("a held file cancelled by its uploader takes no more signatures") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  register_signing_policy(gw, 1);
  const Signers s = make_signers(gw);
  const auto id = upload_held(gw, "SIGN-5", riga_date_in(1));
  auto r = gw.curl_api(fmt::format("/v1/messages/{}/cancel", id), {"-X", "POST"});
  REQUIRE_MESSAGE(http_status(r) == "200", r.out);
  const auto body = nlohmann::json::parse(http_body(r));
  CHECK(body["cancelled"].size() == 2);
  CHECK(body["authorisation_state"] == "cancelled");
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "0");
  auto [status, answer] =
      post_signature(gw, id, "approve", sign_detached(s.janis, statement(gw, id, "approve")));
  CHECK(status == "409");
  CHECK(answer["refusal"] == "file_not_waiting");
  CHECK(gw.query_value(kQueuedPayments) == "0");
}

TEST_CASE("20 concurrent uploads held for signers and their releases keep the daily limit exact") {
  GatewayFixture gw(
      "[ledger]\nrun_interval_ms = 0\n[limits]\nrefusal_audit_interval_ms = 200\n"
      "max_uploads_per_user = 20\nmax_requests_per_user = 20\n");
  register_signing_policy(gw, 1);  // 10 000 EUR single, 50 000 EUR daily
  const Signers s = make_signers(gw);
  const auto day = riga_date_in(1);
  std::vector<std::string> statuses(20);
  std::vector<std::thread> uploads;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    uploads.emplace_back([&, i] {
      const auto name = fmt::format("LIM-{}", i);
      const auto xml = build_pain001(
          name, {TestBlock{name + "-B1", kDemoManaged, day, {TestTransaction{"L", 300000}}}});
      statuses[i] = http_status(upload(gw, name + ".xml", xml));
    });
  }
  for (auto& t : uploads) t.join();
  CHECK(std::count(statuses.begin(), statuses.end(), "202") == 16);  // 16 x 3 000 <= 50 000
  CHECK(std::count(statuses.begin(), statuses.end(), "422") == 4);   // AM14
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "4800000");

  const auto held =
      nlohmann::json::parse(http_body(gw.curl_api("/v1/authorisations?limit=100")))["items"];
  REQUIRE(held.size() == 16);
  std::vector<std::string> approved(held.size());
  std::vector<std::thread> approvals;
  for (std::size_t i = 0; i < held.size(); ++i) {
    const auto id = held[i]["id"].get<std::int64_t>();
    const auto cms = sign_detached(s.anna, statement(gw, id, "approve"));
    approvals.emplace_back(
        [&, i, id, cms] { approved[i] = post_signature(gw, id, "approve", cms).first; });
  }
  for (auto& t : approvals) t.join();
  CHECK(std::count(approved.begin(), approved.end(), "200") == 16);
  CHECK(gw.query_value(kQueuedPayments) == "16");
  CHECK(gw.query_value("SELECT count(*) FROM authorisations WHERE state = 'released'") == "16");
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "4800000");
}

TEST_CASE("kill -9 while final signatures arrive: each file released once or still waiting") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  register_signing_policy(gw, 1);
  const Signers s = make_signers(gw);
  constexpr int kFiles = 12;
  std::vector<std::int64_t> ids;
  std::string loop = "for n in";
  for (int i = 0; i < kFiles; ++i) {
    ids.push_back(upload_held(gw, fmt::format("KILL-{}", i), riga_date_in(1)));
    std::ofstream(gw.dir() / fmt::format("kill-{}.der", i), std::ios::binary)
        << sign_detached(s.liga, statement(gw, ids.back(), "approve"));
    loop += fmt::format(" {}", i);
  }
  // One client posts the signatures one after another; gatewayd dies under it.
  const auto dir = gw.dir().string();
  std::string urls;
  for (int i = 0; i < kFiles; ++i) {
    urls += fmt::format("  {}) id={};;\n", i, ids[static_cast<std::size_t>(i)]);
  }
  loop += fmt::format(
      "; do case $n in\n{}esac; "
      "code=$(curl -s -o /dev/null -w '%{{http_code}}' --max-time 10 --cacert {}/pki/ca.pem "
      "--cert {}/client.pem --key {}/client.key --data-binary @{}/kill-$n.der "
      "https://127.0.0.1:{}/v1/authorisations/$id/approve); echo \"$n $code\" >> {}/kill.results; "
      "done",
      urls, dir, dir, dir, dir, gw.api_port(), dir);
  auto client = Process::start({"sh", "-c", loop}, gw.dir() / "kill-client.log");
  std::this_thread::sleep_for(std::chrono::milliseconds(60));  // a few signatures in
  gw.kill_and_restart();
  REQUIRE(client.wait_for(std::chrono::seconds(120)).has_value());

  // Acknowledged means released; nothing is half-done; the rest is signed again.
  std::istringstream results(read_file(gw.dir() / "kill.results"));
  std::set<int> acknowledged;
  for (int n; results >> n;) {
    std::string code;
    results >> code;
    if (code == "200") acknowledged.insert(n);
  }
  MESSAGE(acknowledged.size() << " of " << kFiles << " acknowledged before the kill");
  CHECK(acknowledged.size() < static_cast<std::size_t>(kFiles));  // the kill came mid-stream
  for (int i = 0; i < kFiles; ++i) {
    const auto id = ids[static_cast<std::size_t>(i)];
    const auto state =
        gw.query_value(fmt::format("SELECT state FROM authorisations WHERE message_id = {}", id));
    const auto queued = gw.query_value(fmt::format(
        "SELECT count(*) FROM ledger_queue q JOIN payment_blocks b ON b.id = q.block_id "
        "WHERE b.message_id = {}",
        id));
    const auto signatures = gw.query_value(
        fmt::format("SELECT count(*) FROM file_signatures WHERE message_id = {}", id));
    if (acknowledged.contains(i)) CHECK(state == "released");
    if (state == "released") {
      CHECK(queued == "1");
      CHECK(signatures == "1");
    } else {
      CHECK(state == "waiting");
      CHECK(queued == "0");
      CHECK(signatures == "0");
      std::string status;
      nlohmann::json body;
      std::tie(status, body) =
          post_signature(gw, id, "approve", read_file(gw.dir() / fmt::format("kill-{}.der", i)));
      CHECK_MESSAGE(status == "200", body.dump());
    }
  }
  CHECK(gw.query_value("SELECT count(*) FROM authorisations WHERE state = 'released'") ==
        std::to_string(kFiles));
  CHECK(gw.query_value("SELECT count(*) FROM ledger_queue") == std::to_string(kFiles));
  CHECK(gw.query_value("SELECT count(*) FROM file_signatures") == std::to_string(kFiles));
}

TEST_CASE("client examples: upload.sh gets PDNG, sign.sh signs with openssl and releases") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  register_signing_policy(gw, 1);
  const Signers s = make_signers(gw);
  const auto clients = std::filesystem::path(GW_SOURCE_DIR) / "docs" / "clients";
  const auto file = gw.dir() / "held.xml";
  std::ofstream(file) << simple_pain001("CLIENT-SIGN", riga_date_in(2), 12345);
  auto uploaded =
      run_command({"bash", (clients / "upload.sh").string(), gw.api_url(""), gw.ca_pem().string(),
                   gw.client_pem().string(), gw.client_key().string(), file.string()});
  REQUIRE_MESSAGE(uploaded.exit_code == 0, uploaded.err);
  CHECK(contains(uploaded.out, "<GrpSts>PDNG</GrpSts>"));
  const auto id = gw.query_value("SELECT message_id FROM authorisations");

  std::ofstream(gw.dir() / "janis.pem") << s.janis.cert_pem;
  std::ofstream(gw.dir() / "janis.key") << s.janis.key_pem;
  auto signed_file = run_command({"bash", (clients / "sign.sh").string(), gw.api_url(""),
                                  gw.ca_pem().string(), gw.client_pem().string(),
                                  gw.client_key().string(), id, (gw.dir() / "janis.pem").string(),
                                  (gw.dir() / "janis.key").string(), "approve"});
  INFO(signed_file.err);
  CHECK(signed_file.exit_code == 0);
  CHECK(signed_file.out == "released 1/1\n");
  CHECK(contains(signed_file.err, "waiting, 0 of 1 signatures"));
  CHECK(contains(signed_file.err, "123.45 EUR in 1 payments"));
  CHECK(gw.query_value(kQueuedPayments) == "1");

  // The same signer cancels the payment before the ledger executes it.
  const auto e2e = gw.query_value("SELECT end_to_end_id FROM payments");
  auto cancelled = run_command({"bash", (clients / "sign.sh").string(), gw.api_url(""),
                                gw.ca_pem().string(), gw.client_pem().string(),
                                gw.client_key().string(), id, (gw.dir() / "janis.pem").string(),
                                (gw.dir() / "janis.key").string(), "cancel", e2e});
  INFO(cancelled.err);
  CHECK(cancelled.exit_code == 0);
  CHECK(cancelled.out == "cancelled " + e2e + " ; already executed -\n");
  CHECK(gw.query_value("SELECT personal_code FROM cancellation_signatures") == kJanis.code);
  CHECK(gw.query_value("SELECT status || ' ' || reason FROM payments") == "RJCT DS02");
}

TEST_CASE("deadline_moves: a file past its deadline waits for the next business day's, once") {
  GatewayFixture gw(
      "[ledger]\nrun_interval_ms = 0\n[authorisation]\nexpiry_interval_ms = 100\n"
      "deadline_moves = 1\n");
  register_signing_policy(gw, 1);
  const auto id = upload_held(gw, "SIGN-6", riga_date_in(1));
  const auto past = fmt::format(
      "UPDATE authorisations SET expires_at = '2000-01-01T00:00:00Z' WHERE message_id = {}", id);
  // The operator closes the day whose cut-off would come next: the deadline skips it.
  const auto now = std::chrono::system_clock::now();
  const int cut_off = gw::CutOffConfig{}.standard_minutes;
  gw::CivilDate next = gw::BusinessCalendar{}.on_or_after(gw::riga_date(now));
  if (gw::riga_time_on(next, cut_off) <= now) next = gw::BusinessCalendar{}.next(next);
  auto closed = gw.ctl({"ledger", "close-date", "--date", gw::format_iso_date(next), "--note",
                        "Cabinet order (test)"});
  REQUIRE_MESSAGE(closed.exit_code == 0, closed.err);
  const auto expected = gw::format_utc_timestamp(
      gw::riga_time_on(gw::BusinessCalendar({next}).on_or_after(next), cut_off));
  gw.execute_store(past);
  REQUIRE(gw.wait_for_query(
      fmt::format("SELECT deadline_moves FROM authorisations WHERE message_id = {}", id), "1"));
  CHECK(gw.query_value(fmt::format("SELECT expires_at FROM authorisations WHERE message_id = {}",
                                   id)) == expected);
  CHECK(gw.query_value(fmt::format("SELECT state FROM authorisations WHERE message_id = {}", id)) ==
        "waiting");
  CHECK(gw.query_value(fmt::format(
            "SELECT count(*) FROM authorisations WHERE expires_at > {} AND message_id = {}",
            sql_utc_time(std::chrono::seconds(0)), id)) == "1");
  gw.execute_store(past);  // the second deadline passes too: no more moves
  REQUIRE(gw.wait_for_query(
      fmt::format("SELECT state FROM authorisations WHERE message_id = {}", id), "expired"));
  CHECK(gw.query_value("SELECT count(*) FROM audit_log WHERE action = "
                       "'authorisation.deadline_moved'") == "1");
}

TEST_CASE("signing certificates of our CA count only registered and unrevoked") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  register_signing_policy(gw, 1);
  const Signers s = make_signers(gw);
  const auto id = upload_held(gw, "SIGN-7", riga_date_in(1));
  const auto approve = statement(gw, id, "approve");

  std::string status;
  nlohmann::json body;
  CHECK(refusal_of(gw, id, sign_detached(s.unregistered, approve)) == "422 certificate_unknown");

  revoke_signing_certificate(gw, kAnna);
  CHECK(contains(gw.ctl({"signer", "list"}).out, "REVOKED"));
  std::tie(status, body) = post_signature(gw, id, "approve", sign_detached(s.anna, approve));
  CHECK(status == "422");
  CHECK(body["refusal"] == "certificate_revoked");
  CHECK(body["reason"] == "DS0C");
  CHECK(gw.query_value("SELECT count(*) FROM audit_log WHERE action = "
                       "'signer_certificate.revoke'") == "1");
  // Another signer's still works.
  std::tie(status, body) = post_signature(gw, id, "approve", sign_detached(s.liga, approve));
  CHECK(status == "200");
  CHECK(body["state"] == "released");
}

TEST_CASE("an approval by a signer removed from the application no longer counts") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  register_signing_policy(gw, 2);
  const Signers s = make_signers(gw);
  const auto id = upload_held(gw, "SIGN-8", riga_date_in(1));
  const auto approve = statement(gw, id, "approve");
  std::string status;
  nlohmann::json body;
  std::tie(status, body) = post_signature(gw, id, "approve", sign_detached(s.anna, approve));
  REQUIRE_MESSAGE(status == "200", body.dump());

  // The new application has no Anna: her approval stays on record but does not count.
  register_signing_policy(gw, 2, {{kJanis, 2}, {kLiga, 1}});
  std::tie(status, body) = post_signature(gw, id, "approve", sign_detached(s.janis, approve));
  REQUIRE_MESSAGE(status == "200", body.dump());
  CHECK(body["state"] == "waiting");
  CHECK(body["signatures"].size() == 2);
  CHECK(gw.query_value(kQueuedPayments) == "0");
  std::tie(status, body) = post_signature(gw, id, "approve", sign_detached(s.liga, approve));
  REQUIRE_MESSAGE(status == "200", body.dump());
  CHECK(body["state"] == "released");
  CHECK(gw.query_value(kQueuedPayments) == "2");
}

TEST_CASE("an approval given with a certificate revoked since no longer counts") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  register_signing_policy(gw, 2);
  const Signers s = make_signers(gw);
  const auto id = upload_held(gw, "SIGN-10", riga_date_in(1));
  const auto approve = statement(gw, id, "approve");
  std::string status;
  nlohmann::json body;
  std::tie(status, body) = post_signature(gw, id, "approve", sign_detached(s.anna, approve));
  REQUIRE_MESSAGE(status == "200", body.dump());
  CHECK(body["signatures"][0]["certificate_revoked"] == false);

  // Anna's key was stolen: her approval stays on record, marked, and does not count.
  revoke_signing_certificate(gw, kAnna);
  std::tie(status, body) = post_signature(gw, id, "approve", sign_detached(s.janis, approve));
  REQUIRE_MESSAGE(status == "200", body.dump());
  CHECK(body["state"] == "waiting");
  CHECK(body["signatures"][0]["certificate_revoked"] == true);
  CHECK(body["signatures"][1]["certificate_revoked"] == false);
  CHECK(gw.query_value(kQueuedPayments) == "0");
  std::tie(status, body) = post_signature(gw, id, "approve", sign_detached(s.liga, approve));
  REQUIRE_MESSAGE(status == "200", body.dump());
  CHECK(body["state"] == "released");
  CHECK(gw.query_value(kQueuedPayments) == "2");
}

// The signature is checked when it is read; its decision may then wait for
// the store's write lock (here another process's transaction: the revocation
// itself), and is judged on the certificate as it stands when it gets it.
TEST_CASE("a signing certificate revoked while its approval waits for the store is refused") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  // Staged with SQLite's one writer; on PostgreSQL nothing makes the decision wait (same SQL).
  if (gw.on_postgres()) return;
  register_signing_policy(gw, 1);
  const Signers s = make_signers(gw);
  const auto id = upload_held(gw, "SIGN-R", riga_date_in(1));
  const auto cms = sign_detached(s.anna, statement(gw, id, "approve"));
  StoreWriteLock holder(gw, revocation_of(kAnna), 1);
  std::pair<std::string, nlohmann::json> answer;
  std::thread approval([&] { answer = post_signature(gw, id, "approve", cms); });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // read, checked, waiting
  holder.release();
  approval.join();
  CHECK_MESSAGE(answer.first == "422", answer.second.dump());
  CHECK(answer.second["refusal"] == "certificate_revoked");
  CHECK(gw.query_value(kQueuedPayments) == "0");
  CHECK(gw.query_value(fmt::format("SELECT state FROM authorisations WHERE message_id = {}", id)) ==
        "waiting");
  CHECK(gw.query_value("SELECT count(*) FROM file_signatures") == "0");
}

TEST_CASE("a signing certificate revoked while its cancellation waits for the store is refused") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  if (gw.on_postgres()) return;  // as above: staged with SQLite's one writer
  register_signing_policy(gw, 1);
  const Signers s = make_signers(gw);
  const auto id = upload_held(gw, "SIGN-RC", riga_date_in(1));
  std::string status;
  nlohmann::json body;
  std::tie(status, body) =
      post_signature(gw, id, "approve", sign_detached(s.anna, statement(gw, id, "approve")));
  REQUIRE(body["state"] == "released");
  const std::string text = http_body(
      gw.curl_api(fmt::format("/v1/messages/{}/cancellation-statement", id), {"-X", "POST"}));
  const auto request = gw.dir() / "cancel.json";
  std::ofstream(request)
      << nlohmann::json{{"signature", cms_pem(sign_detached(s.liga, text))}}.dump();
  StoreWriteLock holder(gw, revocation_of(kLiga), 1);
  CommandResult answer;
  std::thread cancellation([&] {
    answer = gw.curl_api(
        fmt::format("/v1/messages/{}/cancel", id),
        {"-H", "Content-Type: application/json", "--data-binary", "@" + request.string()});
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // read, checked, waiting
  holder.release();
  cancellation.join();
  CHECK_MESSAGE(http_status(answer) == "422", answer.out);
  CHECK(contains(http_body(answer), "\"refusal\":\"certificate_revoked\""));
  CHECK(gw.query_value("SELECT group_concat(status) FROM payments") == "ACTC,ACTC");
  CHECK(gw.query_value("SELECT count(*) FROM cancellation_signatures") == "0");
}

TEST_CASE("an approval whose body arrives after the application changed is judged by the new one") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  register_signing_policy(gw, 1);
  const Signers s = make_signers(gw);
  const auto id = upload_held(gw, "SIGN-9", riga_date_in(1));
  const auto cms = sign_detached(s.liga, statement(gw, id, "approve"));

  // The header arrives under an application that makes Līga a signer...
  SlowRequest approval(gw, gw.client_pem(), gw.client_key(),
                       fmt::format("POST /v1/authorisations/{}/approve", id),
                       "application/pkcs7-signature", cms.size(), "slow-approval.log");
  // ...the body after the operator registered one without her.
  register_signing_policy(gw, 1, {{kAnna, 1}, {kJanis, 2}});
  const std::string answer = approval.finish(cms, "\"refusal\"");
  CHECK_MESSAGE(contains(answer, "HTTP/1.1 422"), answer);
  CHECK(contains(answer, "\"refusal\":\"not_a_signer\""));
  CHECK(gw.query_value(kQueuedPayments) == "0");
  CHECK(gw.query_value(fmt::format("SELECT state FROM authorisations WHERE message_id = {}", id)) ==
        "waiting");
}

// A file held for the signers of one account also debits another that needs
// none; a new application makes that other account view-only. The signer of
// the first may still reject the file, not release it.
TEST_CASE("a held file is not released from an account the new application no longer manages") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const auto register_with = [&](const std::string& second) {
    auto doc = nlohmann::json::parse(
        application(gw.user_number(), manage(kDemoManaged, 10000, 50000) + "," + second));
    doc["accounts"][0]["signatures_required"] = 1;
    doc["payment_signers"] = {{{"name", kAnna.name},
                               {"personal_code", kAnna.code},
                               {"accounts", {{{"iban", kDemoManaged}, {"level", 1}}}}}};
    auto r = register_file(gw, "two-accounts.json", doc.dump());
    REQUIRE_MESSAGE(r.exit_code == 0, r.err << r.out);
  };
  register_with(manage(kDemoViewed, 10000, 50000));
  const Signers s = make_signers(gw);
  const auto date = riga_date_in(1);
  auto r = upload(
      gw, "TWO-1.xml",
      build_pain001("TWO-1",
                    {TestBlock{"TWO-1-B1", kDemoManaged, date, {TestTransaction{"S1", 1000}}},
                     TestBlock{"TWO-1-B2", kDemoViewed, date, {TestTransaction{"S2", 2000}}}}));
  REQUIRE_MESSAGE(http_status(r) == "202", r.out);
  const auto headers = read_file(gw.dir() / "TWO-1.xml.headers");
  const auto id = std::stoll(headers.substr(headers.find("X-Message-Id: ") + 14));

  register_with(view(kDemoViewed));
  std::string status;
  nlohmann::json body;
  std::tie(status, body) =
      post_signature(gw, id, "approve", sign_detached(s.anna, statement(gw, id, "approve")));
  CHECK(status == "422");
  CHECK(body["refusal"] == "account_not_managed");
  CHECK(body["reason"] == "AG01");
  CHECK(contains(body["detail"].get<std::string>(), kDemoViewed));
  CHECK(gw.query_value(kQueuedPayments) == "0");
  CHECK(gw.query_value(fmt::format("SELECT state FROM authorisations WHERE message_id = {}", id)) ==
        "waiting");
  std::tie(status, body) =
      post_signature(gw, id, "reject", sign_detached(s.anna, statement(gw, id, "reject")));
  REQUIRE_MESSAGE(status == "200", body.dump());
  CHECK(body["state"] == "rejected");
  CHECK(gw.query_value(kQueuedPayments) == "0");
}

// A new application lowers the limits of the account a held file debits:
// the file is not released above them (the single limit against its largest
// payment, the daily one against what it debits in all), counting only the
// payments it still carries.
TEST_CASE("a held file is not released above the limits of a new application") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const auto register_with = [&](int single, int daily) {
    auto doc =
        nlohmann::json::parse(application(gw.user_number(), manage(kDemoManaged, single, daily)));
    doc["accounts"][0]["signatures_required"] = 1;
    doc["payment_signers"] = {{{"name", kAnna.name},
                               {"personal_code", kAnna.code},
                               {"accounts", {{{"iban", kDemoManaged}, {"level", 1}}}}}};
    auto r = register_file(gw, "limits.json", doc.dump());
    REQUIRE_MESSAGE(r.exit_code == 0, r.err << r.out);
  };
  register_with(10000, 50000);
  const Signers s = make_signers(gw);
  auto r = upload(
      gw, "LIM-1.xml",
      build_pain001("LIM-1",
                    {TestBlock{"LIM-1-B1",
                               kDemoManaged,
                               riga_date_in(1),
                               {TestTransaction{"S1", 150000}, TestTransaction{"S2", 250000}}}}));
  REQUIRE_MESSAGE(http_status(r) == "202", r.out);
  const auto headers = read_file(gw.dir() / "LIM-1.xml.headers");
  const auto id = std::stoll(headers.substr(headers.find("X-Message-Id: ") + 14));
  const auto approve = [&] {
    return post_signature(gw, id, "approve", sign_detached(s.anna, statement(gw, id, "approve")));
  };
  const auto still_waiting = [&] {
    CHECK(gw.query_value(kQueuedPayments) == "0");
    CHECK(gw.query_value(fmt::format("SELECT state FROM authorisations WHERE message_id = {}",
                                     id)) == "waiting");
  };

  register_with(2000, 50000);  // S2's EUR 2500 is above the new single limit
  std::string status;
  nlohmann::json body;
  std::tie(status, body) = approve();
  CHECK(status == "422");
  CHECK(body["refusal"] == "limit_exceeded");
  CHECK(body["reason"] == "AM02");
  CHECK(contains(body["detail"].get<std::string>(), "EUR 2500.00"));
  still_waiting();

  register_with(3000, 3000);  // EUR 4000 in all, above the new daily limit
  std::tie(status, body) = approve();
  CHECK(status == "422");
  CHECK(body["refusal"] == "limit_exceeded");
  CHECK(body["reason"] == "AM14");
  CHECK(contains(body["detail"].get<std::string>(), "EUR 4000.00"));
  still_waiting();

  // With S2 cancelled the file debits EUR 1500: within both limits, but not
  // within an operator's change of today's limits (a suspected key, say).
  auto cancelled = gw.curl_api(fmt::format("/v1/messages/{}/cancel", id),
                               {"-X", "POST", "-d", R"({"end_to_end_ids": ["S2"]})"});
  REQUIRE_MESSAGE(http_status(cancelled) == "200", cancelled.out);
  const auto change_today = [&](const std::string& euros) {
    auto changed =
        gw.ctl({"application", "limit-change", "--user", gw.user_number(), "--iban", kDemoManaged,
                "--date", riga_date_in(0), "--single", euros, "--daily", euros});
    REQUIRE_MESSAGE(changed.exit_code == 0, changed.err);
  };
  // Today's limit is a brake on what leaves the account today: another file
  // accepted today (EUR 1000, held too) counts with this one's EUR 1500.
  r = upload(
      gw, "LIM-2.xml",
      build_pain001(
          "LIM-2",
          {TestBlock{"LIM-2-B1", kDemoManaged, riga_date_in(1), {TestTransaction{"T1", 100000}}}}));
  REQUIRE_MESSAGE(http_status(r) == "202", r.out);
  const auto headers2 = read_file(gw.dir() / "LIM-2.xml.headers");
  const auto id2 = std::stoll(headers2.substr(headers2.find("X-Message-Id: ") + 14));
  change_today("1000");
  std::tie(status, body) = approve();
  CHECK(status == "422");
  CHECK(body["reason"] == "AM02");
  CHECK(contains(body["detail"].get<std::string>(), "EUR 1500.00"));
  still_waiting();
  change_today("2000");
  std::tie(status, body) = approve();
  CHECK(status == "422");
  CHECK(body["reason"] == "AM14");
  CHECK(contains(body["detail"].get<std::string>(), "EUR 2500.00"));
  still_waiting();
  // Accepted on an earlier day, the file is not in today's usage: it is added to it.
  const auto yesterday = riga_date_in(-1);
  gw.execute_store(fmt::format("UPDATE authorisations SET usage_date = '{}' WHERE message_id = {}",
                               yesterday, id));
  gw.execute_store(fmt::format("UPDATE daily_usage SET eur_minor = 100000 WHERE riga_date = '{}'",
                               riga_date_in(0)));
  std::tie(status, body) = approve();
  CHECK(status == "422");
  CHECK(body["reason"] == "AM14");
  CHECK(contains(body["detail"].get<std::string>(), "EUR 2500.00"));
  still_waiting();
  // The other file rejected, today's usage is given back: this one goes.
  std::tie(status, body) =
      post_signature(gw, id2, "reject", sign_detached(s.anna, statement(gw, id2, "reject")));
  REQUIRE_MESSAGE(status == "200", body.dump());
  std::tie(status, body) = approve();
  REQUIRE_MESSAGE(status == "200", body.dump());
  CHECK(body["state"] == "released");
  CHECK(gw.query_value(kQueuedPayments + " WHERE p.status = 'ACTC'") == "1");
  // Released today under today's limit, it counts on today: EUR 600 more is above EUR 2000.
  CHECK(gw.query_value(fmt::format("SELECT eur_minor FROM daily_usage WHERE riga_date = '{}'",
                                   riga_date_in(0))) == "150000");
  r = upload(
      gw, "LIM-3.xml",
      build_pain001(
          "LIM-3",
          {TestBlock{"LIM-3-B1", kDemoManaged, riga_date_in(1), {TestTransaction{"U1", 60000}}}}));
  CHECK(http_status(r) == "422");
  CHECK(contains(http_body(r), "<Cd>AM14</Cd>"));
}

TEST_CASE("a held file with one payment cancelled is released PART, each history in order") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  register_signing_policy(gw, 1);
  const Signers s = make_signers(gw);
  const auto id = upload_held(gw, "SIGN-9", riga_date_in(1));
  auto cancelled = gw.curl_api(fmt::format("/v1/messages/{}/cancel", id),
                               {"-X", "POST", "-d", R"({"end_to_end_ids": ["S1"]})"});
  REQUIRE_MESSAGE(http_status(cancelled) == "200", cancelled.out);
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "2550");

  std::string status;
  nlohmann::json body;
  std::tie(status, body) =
      post_signature(gw, id, "approve", sign_detached(s.anna, statement(gw, id, "approve")));
  REQUIRE_MESSAGE(status == "200", body.dump());
  CHECK(body["state"] == "released");
  CHECK(contains(http_body(gw.curl_api(fmt::format("/v1/messages/{}/pain002", id))),
                 "<GrpSts>PART</GrpSts>"));
  const auto payments = nlohmann::json::parse(
      http_body(gw.curl_api(fmt::format("/v1/messages/{}/payments", id))))["payments"];
  REQUIRE(payments.size() == 2);
  std::vector<std::string> first, second;
  for (const auto& e : payments[0]["history"]) first.push_back(e["status"]);
  for (const auto& e : payments[1]["history"]) second.push_back(e["status"]);
  CHECK(first == std::vector<std::string>{"RCVD", "PDNG", "RJCT"});
  CHECK(second == std::vector<std::string>{"RCVD", "PDNG", "ACTC"});
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "2550");  // given back once
}

TEST_CASE("signers of an external eID CA: trusted by signing_trust_file, revoked by its CRL") {
  // The national eID chain (root, issuing CA) and the CRLs the operator keeps current.
  const TempDir eid("gw-eid");
  const auto root = make_ca(eid.path(), "eid-root", "National eID Root", -1);
  const auto issuing = make_intermediate_ca(root, eid.path(), "eid-issuing", "eID Issuing");
  const TestSigner anna = make_signer(issuing, kAnna.name, kAnna.code);
  const TestSigner janis = make_signer(issuing, kJanis.name, kJanis.code);
  const TestSigner janis_new_card = make_signer(issuing, kJanis.name, kJanis.code);
  const std::string chain_pem = pki::certificate_pem(issuing.certificate());
  const auto signed_by = [&](const TestSigner& signer, const std::string& text) {
    return sign_cms({signer}, text, {.detached = true, .extra_certs_pem = {chain_pem}});
  };
  const auto crl = [](const pki::CertificateAuthority& ca,
                      const std::vector<std::string>& serials) {
    std::vector<pki::CertificateAuthority::RevokedEntry> entries;
    const auto now = std::chrono::system_clock::now();
    for (const auto& serial : serials) entries.push_back({serial, now - std::chrono::minutes(5)});
    auto pem = ca.revocation_list(entries, now - std::chrono::hours(1), now + std::chrono::days(1));
    REQUIRE(pem.has_value());
    return *pem;
  };
  const auto crl_file = eid.path() / "eid-crls.pem";
  // As a daily job would: write aside, then rename over the file gatewayd reads.
  const auto publish = [&](const std::string& crls) {
    std::ofstream(eid.path() / "eid-crls.pem.new") << crls;
    std::filesystem::rename(eid.path() / "eid-crls.pem.new", crl_file);
  };
  std::ofstream(eid.path() / "eid-root.bundle.pem") << pki::certificate_pem(root.certificate());
  publish(crl(root, {}) + crl(issuing, {}));

  GatewayFixture gw(
      fmt::format("[ledger]\nrun_interval_ms = 0\n[authorisation]\nsigning_trust_file = \"{}\"\n"
                  "signing_crl_file = \"{}\"\n",
                  (eid.path() / "eid-root.bundle.pem").string(), crl_file.string()));
  register_signing_policy(gw, 2);
  const auto id = upload_held(gw, "SIGN-EID", riga_date_in(1));
  const auto approve = statement(gw, id, "approve");

  // An eID certificate needs no registration with the gateway: the chain and the CRL decide.
  std::string status;
  nlohmann::json body;
  std::tie(status, body) = post_signature(gw, id, "approve", signed_by(anna, approve));
  REQUIRE_MESSAGE(status == "200", body.dump());
  CHECK(body["state"] == "waiting");
  CHECK(body["signatures"][0]["certificate_issuer"] == "CN=eID Issuing,C=LV");

  // Jānis's card is revoked; the new CRL is read without a restart.
  auto janis_cert = pki::parse_certificate(janis.cert_pem);
  REQUIRE(janis_cert.has_value());
  const std::string serial = pki::describe_certificate(janis_cert->get()).serial;
  publish(crl(root, {}) + crl(issuing, {serial}));
  std::tie(status, body) = post_signature(gw, id, "approve", signed_by(janis, approve));
  CHECK(status == "422");
  CHECK(body["refusal"] == "certificate_revoked");
  CHECK(body["reason"] == "DS0C");
  CHECK(contains(body["detail"].get<std::string>(), serial));

  // Without the issuing CA's CRL nothing from it counts: fail closed.
  publish(crl(root, {}));
  std::tie(status, body) = post_signature(gw, id, "approve", signed_by(janis_new_card, approve));
  CHECK(status == "422");
  CHECK(body["refusal"] == "revocation_unknown");
  CHECK(body["reason"] == "DS0F");

  // The CRL back, Jānis's new card signs: released.
  publish(crl(root, {}) + crl(issuing, {serial}));
  std::tie(status, body) = post_signature(gw, id, "approve", signed_by(janis_new_card, approve));
  CHECK(status == "200");
  CHECK(body["state"] == "released");
  CHECK(gw.wait_for_query("SELECT detail FROM audit_log WHERE action = 'access.refused'",
                          "certificate_revoked"));
}

TEST_CASE("a payment signer cancels a released payment with a signed cancellation statement") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  register_signing_policy(gw, 1);
  const Signers s = make_signers(gw);
  const auto day = riga_date_in(1);
  const auto id = upload_held(gw, "SIGN-C1", day);
  std::string status;
  nlohmann::json body;
  std::tie(status, body) =
      post_signature(gw, id, "approve", sign_detached(s.anna, statement(gw, id, "approve")));
  REQUIRE(body["state"] == "released");

  const auto post_json = [&](const std::string& route, const nlohmann::json& json) {
    const auto path = gw.dir() / "cancel.json";
    std::ofstream(path) << json.dump();
    return gw.curl_api(
        fmt::format("/v1/messages/{}/{}", id, route),
        {"-H", "Content-Type: application/json", "--data-binary", "@" + path.string()});
  };
  const nlohmann::json only_s2 = {{"end_to_end_ids", {"S2"}}};
  auto text = post_json("cancellation-statement", only_s2);
  REQUIRE(http_status(text) == "200");
  const std::string cancel_s2 = http_body(text);
  CHECK(contains(cancel_s2, "Statement: treasury payment cancellation, version 1\n"));
  CHECK(contains(cancel_s2, "Debtor account: " + kDemoManaged + "\n"));
  CHECK(contains(cancel_s2, "EndToEndId: S2\n"));
  CHECK_FALSE(contains(cancel_s2, "EndToEndId: S1"));
  const std::string cancel_all = http_body(
      gw.curl_api(fmt::format("/v1/messages/{}/cancellation-statement", id), {"-X", "POST"}));
  CHECK(contains(cancel_all, "Payments: all not yet executed\n"));
  CHECK(http_body(post_json("cancellation-statement", nlohmann::json::object())) == cancel_all);
  auto tabbed = post_json("cancellation-statement", {{"end_to_end_ids", {"S\t2"}}});
  CHECK(http_status(tabbed) == "400");

  const auto signed_cancel = [&](const TestSigner& signer, const std::string& signed_text) {
    nlohmann::json request = only_s2;
    request["signature"] = cms_pem(sign_detached(signer, signed_text));
    auto r = post_json("cancel", request);
    return std::pair{http_status(r), nlohmann::json::parse(http_body(r), nullptr, false)};
  };
  // Not a signer of the account; the system's own certificate; a signature over the whole file.
  std::tie(status, body) = signed_cancel(s.outsider, cancel_s2);
  CHECK(status == "422");
  CHECK(body["refusal"] == "not_a_signer");
  CHECK(body["reason"] == "DS0H");
  const TestSigner system{read_file(gw.client_pem()), read_file(gw.client_key())};
  std::tie(status, body) = signed_cancel(system, cancel_s2);
  CHECK(status == "422");
  CHECK(body["refusal"] == "not_a_person");
  std::tie(status, body) = signed_cancel(s.janis, cancel_all);
  CHECK(status == "422");
  CHECK(body["refusal"] == "signature_mismatch");
  CHECK(gw.query_value("SELECT count(*) FROM cancellation_signatures") == "0");

  // Jānis, a signer of the account, cancels S2: kept with his CMS; S1 goes on to be booked.
  std::tie(status, body) = signed_cancel(s.janis, cancel_s2);
  REQUIRE_MESSAGE(status == "200", body.dump());
  REQUIRE(body["cancelled"].size() == 1);
  CHECK(body["cancelled"][0]["end_to_end_id"] == "S2");
  CHECK(body["cancelled"][0]["reason"] == "DS02");
  CHECK(gw.query_value("SELECT personal_code || '|' || signer_name || '|' || cancelled FROM "
                       "cancellation_signatures WHERE message_id = " +
                       std::to_string(id)) == kJanis.code + "|" + kJanis.name + "|1");
  CHECK(gw.query_value("SELECT statement FROM cancellation_signatures") + "\n" == cancel_s2);
  CHECK(contains(gw.query_value("SELECT detail FROM audit_log WHERE action = 'payments.cancel'"),
                 kJanis.code));
  const auto items = nlohmann::json::parse(http_body(gw.curl_api("/v1/mailbox")))["items"];
  const auto report =
      http_body(gw.curl_api("/v1/mailbox/" + std::to_string(items.back()["id"].get<int>())));
  CHECK(contains(report, "cancelled by signer Jānis Liepa before execution"));
  check_official_schema(gw, report, "pain.002.001.03");

  auto funded = gw.ctl({"ledger", "fund", "--iban", kDemoManaged, "--amount", "5000.00"});
  REQUIRE_MESSAGE(funded.exit_code == 0, funded.err);
  // The ledger on the day it executes (a requested Saturday executes on Monday).
  const auto execution =
      gw::format_iso_date(gw::BusinessCalendar{}.on_or_after(*gw::parse_iso_date(day)));
  auto clock = gw.ctl({"ledger", "clock", "--set", execution});
  REQUIRE_MESSAGE(clock.exit_code == 0, clock.err);
  auto run = gw.ctl({"ledger", "run-day"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  CHECK(gw.query_value("SELECT group_concat(x, ',') FROM (SELECT p.end_to_end_id || '=' || "
                       "p.status AS x FROM payments p JOIN payment_blocks b ON p.id BETWEEN "
                       "b.first_payment_id AND b.last_payment_id WHERE b.message_id = " +
                       std::to_string(id) + " ORDER BY p.id) AS ordered") == "S1=ACSC,S2=RJCT");
}

TEST_CASE("external signing CAs without their CRLs: gatewayd refuses to start unless told") {
  const TempDir dir("gw-eid-nocrl");
  const auto root = make_ca(dir.path(), "eid-root", "National eID Root", -1);
  std::ofstream(dir.path() / "bundle.pem") << pki::certificate_pem(root.certificate());
  const auto config = dir.path() / "gateway.toml";
  const auto write_config = [&](const std::string& extra) {
    std::ofstream(config)
        << "data_dir = \"" << (dir.path() / "data").string() << "\"\n"
        << "[api]\nlisten = \"127.0.0.1:0\"\n[ops]\nlisten = \"127.0.0.1:0\"\n"
        << "[activation]\nlisten = \"127.0.0.1:0\"\n[ledger]\nrun_interval_ms = 0\n"
        << "[authorisation]\nsigning_trust_file = \"" << (dir.path() / "bundle.pem").string()
        << "\"\n"
        << extra;
  };
  write_config("");
  auto init = run_command({GATEWAYCTL_PATH, "--config", config.string(), "pki", "init"});
  REQUIRE_MESSAGE(init.exit_code == 0, init.err);
  auto refused =
      run_command({GATEWAYD_PATH, "--config", config.string()}, {}, std::chrono::seconds(20));
  CHECK(refused.exit_code != 0);
  CHECK(refused.exit_code != -1);  // refused at once, not left running
  CHECK_MESSAGE(contains(refused.err, "needs signing_crl_file"), refused.err);

  // Told: it starts (and says so in its log); stopped by the timeout here.
  write_config("signing_revocation_unchecked = true\n");
  auto started =
      run_command({GATEWAYD_PATH, "--config", config.string()}, {}, std::chrono::seconds(5));
  CHECK(started.exit_code == -1);  // still running when the timeout stopped it
  CHECK(contains(started.out + started.err, "signing_revocation_unchecked"));
}
