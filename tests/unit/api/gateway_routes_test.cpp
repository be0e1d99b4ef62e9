// The API's routing without sockets or TLS: GatewayApplication::admit over
// in-memory identity and application stores (the rest of the house is real,
// on a scratch database). Every route by method and path, refusals on the
// header before any body is read, authentication before routing, and every
// refusal audited.
#include <doctest/doctest.h>

#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "acceptance/payment_acceptance.h"
#include "api/gateway_application.h"
#include "api/mailbox_api.h"
#include "api/messages_api.h"
#include "api/reports_api.h"
#include "config/gateway_config.h"
#include "iso20022/message_validator.h"
#include "ledger/ledger_core.h"
#include "log/logger.h"
#include "pki/certificate_authority.h"
#include "pki/certificate_info.h"
#include "pki/development_pki.h"
#include "reports/account_reports.h"
#include "store/sql/sql_acceptance_store.h"
#include "store/sql/sql_authorisation_store.h"
#include "store/sql/sql_cancellation_store.h"
#include "store/sql/sql_ledger_store.h"
#include "store/sql/sql_mailbox_store.h"
#include "store/sql/sql_message_store.h"
#include "store/sql/sql_signer_store.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_connection_pool.h"
#include "support/memory_stores.h"
#include "support/temp_dir.h"
#include "xml/schema_set.h"
#include "xml/xerces_runtime.h"

using namespace gw;

namespace {

GatewayConfig config_in(const std::filesystem::path& dir) {
  GatewayConfig config;
  config.data_dir = dir;
  return config;
}

pki::CertificateAuthority development_ca(const GatewayConfig& config) {
  REQUIRE(pki::init_development_pki(config, false).has_value());
  auto ca = pki::CertificateAuthority::load(config.client_ca_path(), config.ca_key_path());
  REQUIRE(ca.has_value());
  return std::move(*ca);
}

store::ConnectionPool& migrated(store::ConnectionPool& pool) {
  auto db = pool.acquire();
  REQUIRE(db.has_value());
  REQUIRE(store::migrate(**db, store::builtin_migrations()).has_value());
  return pool;
}

// The API as gatewayd composes it (server/gateway_server.cpp), with user 7
// holding a registered certificate and a current application.
struct Api {
  xml::XercesRuntime xerces;
  TempDir dir{"gw-routes"};
  GatewayConfig config = config_in(dir.path());
  pki::CertificateAuthority ca = development_ca(config);
  store::SqliteConnectionPool pool{dir.path() / "gw.db", std::chrono::milliseconds(1000), 2};
  store::SqlAcceptanceStore acceptances{migrated(pool)};
  store::SqlMessageStore messages{pool};
  store::SqlMailboxStore mailbox{pool};
  store::SqlLedgerStore ledger_store{pool};
  test::MemoryIdentities identities;
  test::MemoryApplications applications;
  std::unique_ptr<xml::SchemaSet> schemas = xml::SchemaSet::load(xml::builtin_schemas()).value();
  iso20022::MessageValidator validator{*schemas, {}};
  Logger log{"error"};
  acceptance::PaymentAcceptance acceptance{validator, acceptances, applications, config.acceptance,
                                           config.cut_off};
  ledger::LedgerCore ledger{ledger_store, validator};
  reports::AccountReports reports{ledger_store, ledger, mailbox, validator, config.spool_dir()};
  api::RequestGate request_gate{2, 1};
  api::ReportsApi reports_api{reports, request_gate, mailbox, log};
  api::RequestGate upload_gate{1000, 2};
  api::RequestGate download_gate{4, 2};
  api::MailboxDownload mailbox_download{mailbox, download_gate, config.spool_dir()};
  api::MessagesApi messages_api{validator,        acceptance,  messages,    mailbox,
                                mailbox_download, reports_api, upload_gate, log};
  api::MailboxApi mailbox_api{mailbox, mailbox_download};
  store::SqlAuthorisationStore authorisations{pool};
  pki::SignatureVerifier verifier = pki::SignatureVerifier::create(ca.certificate(), {}).value();
  store::SqlSignerStore signers{pool};
  authorisation::SignerIdentity signer_identity{
      identities, signers, pki::describe_certificate(ca.certificate()).subject, verifier};
  authorisation::FileAuthorisation file_authorisation{
      authorisations, signer_identity, validator, config.cut_off, config.authorisation, log};
  api::AuthorisationsApi authorisations_api{authorisations, file_authorisation, log};
  store::SqlCancellationStore cancellations{pool};
  acceptance::PaymentCancellation cancellation{cancellations, validator};
  authorisation::SignedCancellation signed_cancellation{cancellations, signer_identity,
                                                        cancellation};
  api::CancellationApi cancellation_api{cancellation, signed_cancellation, log};
  api::PortalStatements portal_statements{
      {ledger_store, ledger, reports, mailbox, request_gate, download_gate}, config.spool_dir()};
  api::SignerPortal portal{{signers, applications, identities, authorisations, messages,
                            file_authorisation, portal_statements, request_gate, log},
                           {}};
  api::RequestGate requests{std::numeric_limits<int>::max(), 3};
  api::RequestGate pages{std::numeric_limits<int>::max(), 2};
  api::GatewayApplication app{identities,
                              applications,
                              ca,
                              config.activation,
                              messages_api,
                              mailbox_api,
                              reports_api,
                              authorisations_api,
                              cancellation_api,
                              portal,
                              requests,
                              pages,
                              log};

  Api() {
    identities.certificate = store::CertificateRecord{
        "1a", "ab12", 7, "CN=7", "2026-01-01T00:00:00Z", "2099-01-01T00:00:00Z", std::nullopt};
    store::ApplicationRow application;
    application.user_number = 7;
    application.registered_at = "2026-01-01T00:00:00Z";
    application.valid_until = "2099-01-01T00:00:00Z";
    applications.application = application;
  }

  http::RequestHead head(std::string method, std::string path) const {
    http::RequestHead h;
    h.method = std::move(method);
    h.path = std::move(path);
    h.request_id = "r-1";
    h.peer_address = "127.0.0.1";
    h.client_certificate = pki::CertificateInfo{
        "1a", "ab12", "CN=7", "CN=CA", "2026-01-01T00:00:00Z", "2099-01-01T00:00:00Z"};
    return h;
  }
};

std::optional<std::string_view> header_of(const http::Response& r, std::string_view name) {
  for (const auto& [key, value] : r.headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

// Refused on the header for the asker's requests under way: 429 with its
// error code and when to ask again.
void check_busy(const http::Admission& admitted, const std::string& error,
                std::string_view retry_after) {
  REQUIRE(admitted.answer.has_value());
  CHECK(admitted.answer->status == 429);
  CHECK(nlohmann::json::parse(admitted.answer->body)["error"] == error);
  CHECK(header_of(*admitted.answer, "Retry-After") == retry_after);
}

}  // namespace

TEST_CASE("routes: every route by path and method, each waiting for its body or answering") {
  Api api;
  struct Case {
    const char* method;
    const char* path;
    const char* route;
  };
  const Case routed[] = {
      {"GET", "/v1/whoami", "/v1/whoami"},
      {"POST", "/v1/certificates/renew", "/v1/certificates/renew"},
      {"POST", "/v1/messages", "/v1/messages"},
      {"GET", "/v1/messages", "/v1/messages"},
      {"GET", "/v1/messages/12", "/v1/messages/{id}"},
      {"GET", "/v1/messages/12/pain002", "/v1/messages/{id}/pain002"},
      {"GET", "/v1/messages/12/payments", "/v1/messages/{id}/payments"},
      {"GET", "/v1/mailbox", "/v1/mailbox"},
      {"GET", "/v1/mailbox/3", "/v1/mailbox/{id}"},
      {"POST", "/v1/mailbox/3/ack", "/v1/mailbox/{id}/ack"},
      {"GET", "/v1/reports", "/v1/reports"},
  };
  for (const auto& c : routed) {
    CAPTURE(c.path);
    const auto head = api.head(c.method, c.path);
    const auto admitted = api.app.admit(head);
    CHECK(admitted.route == c.route);
    CHECK(admitted.user == "user-7");
    CHECK_FALSE(admitted.answer.has_value());  // the handler runs once the body is in
    CHECK(static_cast<bool>(admitted.complete));
  }
  CHECK(api.identities.refusals.empty());
}

TEST_CASE("routes: a wrong method is 405 with Allow, an unknown path or id 404") {
  Api api;
  struct Case {
    const char* method;
    const char* path;
    unsigned status;
    const char* allow;  // for 405
  };
  const Case refused[] = {
      {"POST", "/v1/whoami", 405, "GET"},
      {"GET", "/v1/certificates/renew", 405, "POST"},
      {"DELETE", "/v1/messages", 405, "GET, POST"},
      {"PUT", "/v1/messages/12", 405, "GET"},
      {"POST", "/v1/mailbox", 405, "GET"},
      {"GET", "/v1/mailbox/3/ack", 405, "POST"},
      {"POST", "/v1/reports", 405, "GET"},
      {"GET", "/v1/messages/abc", 404, ""},
      {"GET", "/v1/messages/-1/pain002", 404, ""},
      {"GET", "/v1/mailbox/x", 404, ""},
      {"GET", "/v1/messages/12/camt054", 404, ""},
      {"GET", "/v2/whoami", 404, ""},
      {"GET", "/", 404, ""},
  };
  for (const auto& c : refused) {
    CAPTURE(c.method);
    CAPTURE(c.path);
    const auto head = api.head(c.method, c.path);
    const auto admitted = api.app.admit(head);
    REQUIRE(admitted.answer.has_value());
    CHECK(admitted.answer->status == c.status);
    if (c.status == 405) CHECK(header_of(*admitted.answer, "Allow") == c.allow);
  }
  const auto unknown = api.app.admit(api.head("GET", "/v1/nothing"));
  CHECK(unknown.route == "unmatched");
  REQUIRE(unknown.answer.has_value());
  CHECK(unknown.answer->status == 404);
  // A probe for an item that cannot be the user's is audited (as the refusal of
  // another user's item is); a wrong method or an unknown route is not.
  REQUIRE(api.identities.refusals.size() == 3);
  for (const auto& [serial, reason] : api.identities.refusals) {
    CHECK(serial == "1a");
    CHECK(reason == "not_found");
  }
}

TEST_CASE("routes: nobody learns of routes without a registered certificate") {
  Api api;
  for (const char* path : {"/v1/whoami", "/v1/no-such-route", "/v1/messages"}) {
    CAPTURE(path);
    auto head = api.head("GET", path);
    head.client_certificate.reset();
    const auto without = api.app.admit(head);
    REQUIRE(without.answer.has_value());
    CHECK(without.route == "unauthenticated");
    CHECK(without.answer->status == 403);
    CHECK(without.answer->body.find("no_client_certificate") != std::string::npos);
  }
  api.identities.certificate.reset();
  const auto unknown = api.app.admit(api.head("GET", "/v1/no-such-route"));
  REQUIRE(unknown.answer.has_value());
  CHECK(unknown.route == "unauthenticated");
  CHECK(unknown.answer->body.find("unknown_certificate") != std::string::npos);
  REQUIRE(api.identities.refusals.size() == 4);
  CHECK(api.identities.refusals.back() ==
        std::pair<std::string, std::string>{"1a", "unknown_certificate"});
}

TEST_CASE("routes: an unusable Idempotency-Key is refused on the header, before the body") {
  Api api;
  for (const char* key : {"", "has space", "ключ"}) {
    CAPTURE(key);
    auto head = api.head("POST", "/v1/messages");
    head.headers.emplace_back("Idempotency-Key", key);
    const auto admitted = api.app.admit(head);
    REQUIRE(admitted.answer.has_value());
    CHECK(admitted.answer->status == 400);
    CHECK_FALSE(static_cast<bool>(admitted.complete));
  }
  auto fine = api.head("POST", "/v1/messages");
  fine.headers.emplace_back("Idempotency-Key", "salary-2026-12");
  CHECK_FALSE(api.app.admit(fine).answer.has_value());
}

TEST_CASE("routes: a user's uploads under way are bounded from header to answer, 429 past it") {
  Api api;  // two at once per user
  const auto head = api.head("POST", "/v1/messages");
  std::optional<http::Admission> first = api.app.admit(head);
  const auto second = api.app.admit(head);
  REQUIRE_FALSE(first->answer.has_value());
  REQUIRE_FALSE(second.answer.has_value());
  check_busy(api.app.admit(head), "uploads_in_progress", "5");
  // One answered: the next is admitted, though its connection keeps the
  // continuation until its own next request.
  CHECK(first->complete(nullptr).status == 400);  // no body
  CHECK_FALSE(api.app.admit(head).answer.has_value());
  // A connection gone before its answer lets its slot go too.
  std::optional<http::Admission> unanswered = api.app.admit(head);
  REQUIRE_FALSE(unanswered->answer.has_value());
  CHECK(api.app.admit(head).answer.has_value());  // second and this one: full
  unanswered.reset();
  CHECK_FALSE(api.app.admit(head).answer.has_value());
}

TEST_CASE(
    "routes: a user's other requests waiting for or on a handler thread are bounded, 429 past "
    "it; quick answers and uploads counted apart") {
  Api api;  // three at once per user
  const auto payments = api.head("GET", "/v1/messages/12/payments");
  const auto summary = api.head("GET", "/v1/messages/12");
  std::optional<http::Admission> first = api.app.admit(payments);
  const auto second = api.app.admit(summary);
  std::optional<http::Admission> third = api.app.admit(payments);
  REQUIRE_FALSE(first->answer.has_value());
  REQUIRE_FALSE(second.answer.has_value());
  REQUIRE_FALSE(third->answer.has_value());
  const auto fourth = api.app.admit(summary);
  check_busy(fourth, "requests_in_progress", "1");
  CHECK_FALSE(static_cast<bool>(fourth.complete));
  // Not counted: a quick answer (on the I/O thread) and an upload (uploads_in_progress).
  const auto whoami = api.head("GET", "/v1/whoami");
  CHECK(api.app.admit(whoami).quick);
  CHECK_FALSE(api.app.admit(whoami).answer.has_value());
  CHECK_FALSE(api.app.admit(api.head("POST", "/v1/messages")).answer.has_value());
  // Answered: the next is admitted, though its connection keeps the continuation.
  CHECK(first->complete(nullptr).status == 404);  // no message 12
  const auto next = api.app.admit(payments);
  CHECK_FALSE(next.answer.has_value());
  // A connection gone before its answer lets its place go too.
  CHECK(api.app.admit(payments).answer.has_value());
  third.reset();
  CHECK_FALSE(api.app.admit(payments).answer.has_value());
}

TEST_CASE(
    "routes: a counted request gives its place back however it ends: routed again after its "
    "body, or refused again") {
  Api api;  // three at once per user
  const auto body_path = api.dir.path() / "ack.json";
  std::ofstream(body_path) << "{}";
  const http::ReceivedBody body{body_path, "", ""};
  const auto ack = api.head("POST", "/v1/mailbox/3/ack");
  const auto fill = [&] {
    std::vector<http::Admission> held;
    for (int i = 0; i < 3; ++i) {
      held.push_back(api.app.admit(ack));
      REQUIRE_FALSE(held.back().answer.has_value());
    }
    REQUIRE(api.app.admit(ack).answer.has_value());  // full
    return held;
  };
  auto held = fill();
  // Credentials changed while the body came (any user's: the store's
  // version): routed again, and run; the place goes all the same.
  ++api.identities.version;
  CHECK(held[0].complete(&body).status == 404);  // no mailbox item 3
  // Refused after the body: the certificate is no longer registered (a
  // change of credentials too).
  const auto certificate = api.identities.certificate;
  api.identities.certificate.reset();
  ++api.identities.version;
  CHECK(held[1].complete(&body).status == 403);
  api.identities.certificate = certificate;
  ++api.identities.version;
  // Two places free while the continuations are still kept (as a session keeps them).
  const auto first = api.app.admit(ack);
  const auto second = api.app.admit(ack);
  CHECK_FALSE(first.answer.has_value());
  CHECK_FALSE(second.answer.has_value());
  CHECK(api.app.admit(ack).answer.has_value());
}

TEST_CASE(
    "routes: a person's portal pages under way are bounded by their certificate, 429 past it") {
  Api api;  // two at once per certificate
  {
    auto db = api.pool.acquire();
    REQUIRE(db.has_value());
    REQUIRE((*db)
                ->exec("INSERT INTO signer_certificates(serial, fingerprint_sha256, personal_code, "
                       "name, not_after, issued_at) VALUES ('5a', 'f00d', '320000-00011', 'Anna', "
                       "'2099-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
                .has_value());
  }
  auto head = api.head("GET", "/portal");
  head.client_certificate = pki::CertificateInfo{
      "5a", "f00d", "CN=Anna", "CN=CA", "2026-01-01T00:00:00Z", "2099-01-01T00:00:00Z"};
  std::optional<http::Admission> first = api.app.admit(head);
  const auto second = api.app.admit(head);
  REQUIRE_FALSE(first->answer.has_value());
  REQUIRE_FALSE(second.answer.has_value());
  const auto third = api.app.admit(head);
  REQUIRE(third.answer.has_value());
  CHECK(third.answer->status == 429);
  CHECK(third.answer->body.find("try again in a moment") != std::string::npos);
  CHECK(header_of(*third.answer, "Retry-After") == "1");
  // Signing out is never refused.
  auto sign_out = head;
  sign_out.method = "POST";
  sign_out.path = "/portal/signout";
  sign_out.headers.emplace_back("Content-Length", "0");
  const auto out = api.app.admit(sign_out);
  CHECK_FALSE(out.answer.has_value());
  CHECK(static_cast<bool>(out.complete));
  // The person's places are not the API user's: the user's requests still
  // go, and with the user's places all taken the person's page does too.
  std::vector<http::Admission> users;
  for (int i = 0; i < 3; ++i) {
    users.push_back(api.app.admit(api.head("GET", "/v1/messages/12")));
    REQUIRE_FALSE(users.back().answer.has_value());
  }
  CHECK(api.app.admit(api.head("GET", "/v1/messages/12")).answer.has_value());  // the user's full
  first.reset();  // its connection gone
  CHECK_FALSE(api.app.admit(head).answer.has_value());
}

TEST_CASE("routes: whoami answers quickly from the application, a body-less upload is refused") {
  Api api;
  const auto whoami_head = api.head("GET", "/v1/whoami");
  const auto whoami = api.app.admit(whoami_head);
  CHECK(whoami.quick);
  const auto answer = whoami.complete(nullptr);
  CHECK(answer.status == 200);
  CHECK(nlohmann::json::parse(answer.body)["user"]["number"] == 7);

  const auto upload_head = api.head("POST", "/v1/messages");
  const auto upload = api.app.admit(upload_head);
  CHECK_FALSE(upload.quick);  // validation and the decision run on the handler pool
  CHECK(upload.complete(nullptr).status == 400);
}

TEST_CASE("routes: an uploaded camt.060 goes to the reports by its type, whatever the headers") {
  Api api;
  const auto body = api.dir.path() / "request.xml";
  std::ofstream(body) << R"(<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.060.001.03"><AcctRptgReq><GrpHdr>
<MsgId>REQ-1</MsgId><CreDtTm>2026-12-02T09:00:00</CreDtTm></GrpHdr><RptgReq>
<ReqdMsgNmId>camt.053.001.02</ReqdMsgNmId><Acct><Id><IBAN>LV06TREL1060000300001</IBAN></Id></Acct>
<AcctOwnr><Pty/></AcctOwnr><RptgPrd><FrToDt><FrDt>2026-12-01</FrDt><ToDt>2026-12-01</ToDt></FrToDt>
<FrToTm><FrTm>00:00:00</FrTm><ToTm>23:59:59</ToTm></FrToTm><Tp>ALLL</Tp></RptgPrd></RptgReq>
</AcctRptgReq></Document>)";
  auto head = api.head("POST", "/v1/messages");
  head.headers.emplace_back("Idempotency-Key", "used-before");
  head.headers.emplace_back("X-Test-Mode", "true");
  const auto admitted = api.app.admit(head);
  REQUIRE(static_cast<bool>(admitted.complete));
  const http::ReceivedBody received{body, "", ""};
  const auto answer = admitted.complete(&received);
  // The reports answer (the user has no account in the application), not acceptance's.
  CHECK(answer.status == 403);
  CHECK(nlohmann::json::parse(answer.body)["error"] == "account_not_permitted");
  CHECK(api.identities.refusals.back().second == "account_not_permitted");
}

TEST_CASE(
    "routes: a report request waits for no other: 429 while the user's own runs, 503 when "
    "the gateway's are taken") {
  Api api;
  auto head = api.head("GET", "/v1/reports");
  head.query = "iban=LV06TREL1060000300001";
  const auto ask = [&] { return api.app.admit(head).complete(nullptr); };
  // Free: the request reaches the reports (the account is not the user's).
  CHECK(ask().status == 403);
  {
    auto running = api.request_gate.enter(7);
    REQUIRE(running.has_value());
    const auto answer = ask();
    CHECK(answer.status == 429);
    CHECK(nlohmann::json::parse(answer.body)["error"] == "report_in_progress");
    CHECK(header_of(answer, "Retry-After") == "1");
  }
  {
    auto first = api.request_gate.enter(8);
    auto second = api.request_gate.enter(9);
    REQUIRE((first.has_value() && second.has_value()));
    const auto answer = ask();
    CHECK(answer.status == 503);
    CHECK(nlohmann::json::parse(answer.body)["error"] == "reports_busy");
    // Owed the next place (request_gate.h): asked to come back in a second.
    CHECK(header_of(answer, "Retry-After") == "1");
  }
  // Both gone: the user's request runs again.
  CHECK(ask().status == 403);
}

TEST_CASE("routes: a statement made for the portal passes the reports' gate too") {
  Api api;
  api::StatementGrant grant;
  grant.user_number = 7;
  grant.account.iban = "LV06TREL1060000300001";
  const auto download = [&] {
    return api.portal_statements.download({grant}, grant.account.iban, "2026-11-30", "001.02",
                                          std::chrono::system_clock::now());
  };
  {
    auto running = api.request_gate.enter(7);  // the institution's own report is being made
    REQUIRE(running.has_value());
    const auto busy = download();
    REQUIRE(busy.has_value());
    REQUIRE(busy->has_value());
    CHECK((*busy)->busy);
  }
  {
    auto first = api.request_gate.enter(8);
    auto second = api.request_gate.enter(9);
    REQUIRE((first.has_value() && second.has_value()));
    const auto busy = download();
    REQUIRE(busy.has_value());
    REQUIRE(busy->has_value());
    CHECK((*busy)->busy);
  }
  // Free: it reaches the reports, which ask the store (none here).
  const auto free = download();
  CHECK_FALSE((free.has_value() && free->has_value() && (*free)->busy));
}

TEST_CASE("routes: mailbox filters are checked before the store is asked") {
  Api api;
  for (const char* query : {"type=camt", "type=CAMT.053", "type=camt.053.1.2", "from=2026-13-01",
                            "to=yesterday", "limit=0", "include=some"}) {
    CAPTURE(query);
    auto head = api.head("GET", "/v1/mailbox");
    head.query = query;
    const auto answer = api.app.admit(head).complete(nullptr);
    CHECK(answer.status == 400);
  }
  for (const char* query : {"type=camt.053", "type=camt.053.001.08&from=2026-12-01&to=2026-12-02",
                            "type=pain.002&after=5&limit=1000"}) {
    CAPTURE(query);
    auto head = api.head("GET", "/v1/mailbox");
    head.query = query;
    const auto answer = api.app.admit(head).complete(nullptr);
    CHECK(answer.status == 200);
    CHECK(nlohmann::json::parse(answer.body)["items"].empty());
  }
}

TEST_CASE(
    "routes: the signing portal answers only under /portal, refusing non-signers before any body") {
  Api api;
  // Not the portal: the accounting system's routes, behind its authentication.
  auto admitted = api.app.admit(api.head("GET", "/portalx"));
  CHECK(admitted.route == "unmatched");
  CHECK(admitted.user == "user-7");
  // No dot-segment leads out of the portal.
  admitted = api.app.admit(api.head("GET", "/portal/../v1/whoami"));
  CHECK(admitted.route == "unmatched");
  REQUIRE(admitted.answer.has_value());
  CHECK(admitted.answer->status == 404);
  CHECK(api.identities.refusals.empty());

  // The user's certificate is no signer's: refused on the header, audited, nothing read.
  for (const auto& route : {std::pair{"GET", "/portal"},
                            {"POST", "/portal/session"},
                            {"GET", "/portal/files/3"},
                            {"GET", "/portal/payments"},
                            {"POST", "/portal/files/3/approve"}}) {
    const char* method = route.first;
    const char* path = route.second;
    CAPTURE(path);
    auto head = api.head(method, path);
    head.has_body = std::string_view(method) == "POST";
    head.headers.emplace_back("Content-Length", "10");
    admitted = api.app.admit(head);
    REQUIRE(admitted.answer.has_value());
    CHECK(admitted.answer->status == 403);
    CHECK(admitted.answer->body.find("is not a signer") != std::string::npos);
    CHECK_FALSE(static_cast<bool>(admitted.complete));
  }
  CHECK(api.identities.refusals.size() == 5);
  CHECK(api.identities.refusals[0].second == "portal_not_a_signer");

  // More than a form, or a body in another encoding: 413 before anything else.
  auto big = api.head("POST", "/portal/session");
  big.has_body = true;
  big.headers.emplace_back("Content-Length", "4097");
  admitted = api.app.admit(big);
  REQUIRE(admitted.answer.has_value());
  CHECK(admitted.answer->status == 413);
  auto chunked = api.head("POST", "/portal/session");
  chunked.has_body = true;  // no Content-Length: chunked
  CHECK(api.app.admit(chunked).answer->status == 413);
  auto gzip = api.head("POST", "/portal/session");
  gzip.has_body = true;
  gzip.headers = {{"Content-Length", "20"}, {"Content-Encoding", "gzip"}};
  CHECK(api.app.admit(gzip).answer->status == 413);
  CHECK(api.app.admit(api.head("PUT", "/portal")).answer->status == 405);
}
