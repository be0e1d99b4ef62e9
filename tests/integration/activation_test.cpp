// Certificate activation over real TLS: an activation code from the outbox,
// a CSR made with openssl req, or a PKCS#12 used with curl --cert-type P12.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "calendar/riga_time.h"
#include "support/gateway_fixture.h"

using namespace gw::test;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// POSTs a JSON body to the activation listener (server TLS only); -o saves the body.
CommandResult post(const GatewayFixture& gw, const std::string& path, const nlohmann::json& body,
                   const std::vector<std::string>& extra = {}) {
  const auto file = gw.dir() / "request.json";
  std::ofstream(file) << body.dump();
  std::vector<std::string> argv = {"curl",
                                   "-sS",
                                   "--max-time",
                                   "20",
                                   "--cacert",
                                   gw.ca_pem().string(),
                                   "-w",
                                   "\n%{http_code}",
                                   "-H",
                                   "Content-Type: application/json",
                                   "--data-binary",
                                   "@" + file.string()};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.push_back(gw.activation_url(path));
  return run_command(argv);
}

std::string make_csr(const GatewayFixture& gw, const std::string& name) {
  const auto d = gw.dir();
  auto r =
      run_command({"openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                   "-nodes", "-keyout", (d / (name + ".key")).string(), "-out",
                   (d / (name + ".csr")).string(), "-subj", "/CN=whatever"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return read_file(d / (name + ".csr"));
}

}  // namespace

TEST_CASE("a CSR made with openssl req is activated and the certificate works") {
  GatewayFixture gw;
  const std::string code = gw.latest_activation_code();
  const std::string csr = make_csr(gw, "contact");
  auto r = post(gw, "/v1/activation/certificate", {{"code", code}, {"csr", csr}});
  REQUIRE_MESSAGE(http_status(r) == "200", r.out << r.err);
  const auto answer = nlohmann::json::parse(http_body(r));
  CHECK(answer["user_number"].get<long>() == std::stol(gw.user_number()));
  std::ofstream(gw.dir() / "contact.pem") << answer["certificate"].get<std::string>();
  auto whoami = gw.curl_api("/v1/whoami", {"--cert", (gw.dir() / "contact.pem").string(), "--key",
                                           (gw.dir() / "contact.key").string()});
  CHECK(http_status(whoami) == "200");
  CHECK(contains(gw.ctl({"cert", "list"}).out, answer["serial"].get<std::string>()));

  SUBCASE("the same code again is refused as used") {
    auto again = post(gw, "/v1/activation/certificate", {{"code", code}, {"csr", csr}});
    CHECK(http_status(again) == "403");
    CHECK(contains(http_body(again), "\"error\":\"activation_code_used\""));
  }
}

TEST_CASE("the PKCS#12 path works with curl --cert-type P12") {
  GatewayFixture gw;
  const std::string password = "correct horse battery";
  const auto p12 = gw.dir() / "user.p12";
  auto r =
      post(gw, "/v1/activation/pkcs12",
           {{"code", gw.latest_activation_code()}, {"password", password}}, {"-o", p12.string()});
  REQUIRE_MESSAGE(r.out == "\n200", r.out << r.err);
  auto whoami =
      gw.curl_api("/v1/whoami", {"--cert-type", "P12", "--cert", p12.string() + ":" + password});
  CHECK_MESSAGE(http_status(whoami) == "200", whoami.err);
}

TEST_CASE("wrong, expired and superseded codes and bad requests get their own errors") {
  // More failures from one address than the default 5 allow: each gets its own error here.
  GatewayFixture gw("[activation]\nlisten = \"127.0.0.1:0\"\nmax_failures = 20\n");
  const std::string csr = make_csr(gw, "x");
  auto wrong =
      post(gw, "/v1/activation/certificate", {{"code", "AAAA-BBBB-CCCC-DDDD"}, {"csr", csr}});
  CHECK(http_status(wrong) == "403");
  CHECK(contains(http_body(wrong), "\"error\":\"activation_code_unknown\""));

  auto bad = post(gw, "/v1/activation/certificate", {{"code", gw.latest_activation_code()}});
  CHECK(http_status(bad) == "400");
  CHECK(contains(http_body(bad), "\"error\":\"invalid_request\""));

  auto weak = post(gw, "/v1/activation/pkcs12",
                   {{"code", gw.latest_activation_code()}, {"password", "short"}});
  CHECK(http_status(weak) == "400");
  CHECK(contains(http_body(weak), "\"error\":\"weak_password\""));
  // Twelve bytes are not twelve characters; a NUL would end OpenSSL's password.
  for (const std::string& password : {std::string("āāāāāā"), std::string("\0aaaaaaaaaaaaa", 14)}) {
    auto refused = post(gw, "/v1/activation/pkcs12",
                        {{"code", gw.latest_activation_code()}, {"password", password}});
    CHECK(http_status(refused) == "400");
    CHECK(contains(http_body(refused), "\"error\":\"weak_password\""));
  }

  const std::string first = gw.latest_activation_code();
  REQUIRE(gw.ctl({"application", "activation-code", "--user", gw.user_number()}).exit_code == 0);
  auto superseded = post(gw, "/v1/activation/certificate", {{"code", first}, {"csr", csr}});
  CHECK(contains(http_body(superseded), "\"error\":\"activation_code_superseded\""));

  // Age the current code in the store itself.
  gw.execute_store(
      "UPDATE activation_codes SET expires_at = '2020-01-01T00:00:00Z' "
      "WHERE used_at IS NULL AND superseded_at IS NULL");
  auto expired =
      post(gw, "/v1/activation/certificate", {{"code", gw.latest_activation_code()}, {"csr", csr}});
  CHECK(http_status(expired) == "403");
  CHECK(contains(http_body(expired), "\"error\":\"activation_code_expired\""));
  CHECK(contains(gw.log(), "\"event\":\"activation_refused\""));
  // Only the three weak passwords, sent with the user's current code, count
  // against the user: an old code proves nothing of the current one, and
  // whoever holds one must not be able to block it.
  CHECK(gw.query_value("SELECT count(*) FROM activation_attempts WHERE user_number IS NOT NULL") ==
        "3");
}

TEST_CASE("failed activation attempts are rate-limited per source address") {
  GatewayFixture gw("[activation]\nlisten = \"127.0.0.1:0\"\nmax_failures = 3\n");
  for (int i = 0; i < 3; ++i) {
    auto wrong = post(gw, "/v1/activation/certificate", {{"code", "WRONG"}, {"csr", "x"}});
    CHECK(http_status(wrong) == "403");
  }
  auto limited = post(gw, "/v1/activation/certificate",
                      {{"code", gw.latest_activation_code()}, {"csr", make_csr(gw, "y")}});
  CHECK(http_status(limited) == "429");
  CHECK(contains(http_body(limited), "\"error\":\"too_many_attempts\""));
  CHECK(gw.query_value("SELECT count(*) FROM activation_attempts") == "4");
}

TEST_CASE("the activation listener serves no API route and needs no client certificate") {
  GatewayFixture gw;
  auto r = run_command({"curl", "-sS", "--cacert", gw.ca_pem().string(), "-w", "\n%{http_code}",
                        gw.activation_url("/v1/whoami")});
  CHECK(http_status(r) == "404");
}

TEST_CASE(
    "renewal over mutual TLS: the new certificate works, the old one stops after the overlap") {
  SUBCASE("no overlap: the old certificate stops at once") {
    GatewayFixture gw(
        "[activation]\nlisten = \"127.0.0.1:0\"\nrenewal_overlap_hours = 0\n"
        "renewal_min_age_hours = 0\n");
    const auto body = gw.dir() / "renew.json";
    std::ofstream(body) << nlohmann::json{{"csr", make_csr(gw, "renewed")}}.dump();
    auto r = gw.curl_api("/v1/certificates/renew", {"-H", "Content-Type: application/json",
                                                    "--data-binary", "@" + body.string()});
    REQUIRE_MESSAGE(http_status(r) == "200", r.out);
    const auto answer = nlohmann::json::parse(http_body(r));
    std::ofstream(gw.dir() / "renewed.pem") << answer["certificate"].get<std::string>();
    auto fresh = gw.curl_api("/v1/whoami", {"--cert", (gw.dir() / "renewed.pem").string(), "--key",
                                            (gw.dir() / "renewed.key").string()});
    CHECK(http_status(fresh) == "200");
    auto old = gw.curl_api("/v1/whoami");
    CHECK(http_status(old) == "000");
    CHECK(gw.wait_for_metric(
        "gateway_tls_handshake_failures_total{reason=\"certificate_revoked\"} 1"));
  }
  SUBCASE("default overlap: both work meanwhile") {
    GatewayFixture gw("[activation]\nlisten = \"127.0.0.1:0\"\nrenewal_min_age_hours = 0\n");
    const auto body = gw.dir() / "renew.json";
    std::ofstream(body) << nlohmann::json{{"csr", make_csr(gw, "renewed")}}.dump();
    auto r = gw.curl_api("/v1/certificates/renew", {"-H", "Content-Type: application/json",
                                                    "--data-binary", "@" + body.string()});
    REQUIRE(http_status(r) == "200");
    CHECK(contains(http_body(r), "\"previous_certificate_ends_at\""));
    CHECK(http_status(gw.curl_api("/v1/whoami")) == "200");
  }
}

// Each renewal changes the store's credential version, which every decision
// in flight reads again: a client renewing in a loop would fail everyone's.
TEST_CASE("a certificate younger than renewal_min_age_hours is not renewed") {
  GatewayFixture gw;  // the default: 24 hours; the fixture's certificate is minutes old
  const auto body = gw.dir() / "renew.json";
  std::ofstream(body) << nlohmann::json{{"csr", make_csr(gw, "renewed")}}.dump();
  const auto certificates = gw.query_value("SELECT count(*) FROM client_certificates");
  auto r = gw.curl_api("/v1/certificates/renew", {"-H", "Content-Type: application/json",
                                                  "--data-binary", "@" + body.string()});
  CHECK(http_status(r) == "429");
  const auto answer = nlohmann::json::parse(http_body(r), nullptr, false);
  CHECK(answer["error"] == "renewal_too_soon");
  REQUIRE(answer["renewable_from"].is_string());
  const auto from = gw::parse_utc_timestamp(answer["renewable_from"].get<std::string>());
  REQUIRE(from.has_value());
  CHECK(*from > std::chrono::system_clock::now() + std::chrono::hours(23));
  CHECK(gw.query_value("SELECT count(*) FROM client_certificates") == certificates);
  CHECK(gw.query_value("SELECT count(*) FROM client_certificates WHERE revoked_at IS NOT NULL") ==
        "0");
  CHECK(http_status(gw.curl_api("/v1/whoami")) == "200");
}

TEST_CASE("a renewal without a CSR is refused") {
  GatewayFixture gw;
  auto r = gw.curl_api("/v1/certificates/renew", {"--data-binary", "{}"});
  CHECK(http_status(r) == "400");
  CHECK(contains(http_body(r), "\"error\":\"invalid_request\""));
}

TEST_CASE("the exported CRL lists revoked certificates, signed by the client CA") {
  GatewayFixture gw;
  gw.issue_certificate("doomed");
  REQUIRE(gw.ctl({"cert", "revoke", "--serial", gw.last_serial()}).exit_code == 0);
  const auto crl = gw.dir() / "crl.pem";
  auto exported = gw.ctl({"cert", "crl", "--out", crl.string()});
  REQUIRE_MESSAGE(exported.exit_code == 0, exported.err);
  CHECK(contains(exported.out, "1 revoked certificates"));
  const std::vector<std::string> verify = {"openssl",   "verify",  "-crl_check",         "-purpose",
                                           "sslclient", "-CAfile", gw.ca_pem().string(), "-CRLfile",
                                           crl.string()};
  auto revoked = verify;
  revoked.push_back((gw.dir() / "doomed.pem").string());
  auto r = run_command(revoked);
  CHECK(r.exit_code != 0);
  CHECK(contains(r.out + r.err, "certificate revoked"));
  auto good = verify;
  good.push_back(gw.client_pem().string());
  CHECK(run_command(good).exit_code == 0);
}
