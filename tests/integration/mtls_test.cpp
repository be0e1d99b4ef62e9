// The API listener over real TLS, with curl and openssl s_client as clients.
#include <doctest/doctest.h>

#include <fstream>

#include "support/gateway_fixture.h"

using namespace gw::test;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// openssl CLI in a directory: makes keys, CSRs and certificates as a third party would.
CommandResult openssl(const std::filesystem::path& dir, std::vector<std::string> args) {
  args.insert(args.begin(), "openssl");
  auto r = run_command(args);
  INFO("openssl " << args[1] << " in " << dir.string() << ": " << r.err);
  return r;
}

}  // namespace

TEST_CASE("a registered client certificate gets whoami with its institution and accounts") {
  GatewayFixture gw;
  auto r = gw.curl_api("/v1/whoami");
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(http_status(r) == "200");
  const std::string body = http_body(r);
  CHECK(contains(body, "\"number\":" + gw.user_number()));
  CHECK(contains(body, "\"registration_number\":\"90000000001\""));
  CHECK(contains(body, "\"access_mode\":\"manage\""));
  CHECK(contains(body, "\"access_mode\":\"view\""));
  CHECK(gw.wait_for_metric("gateway_http_requests_total{route=\"/v1/whoami\",status=\"200\"} 1"));
  CHECK(gw.wait_for_log("\"event\":\"request\""));
}

TEST_CASE("no client certificate: the handshake fails and no route answers") {
  GatewayFixture gw;
  auto r = gw.curl_api("/v1/whoami", {"--no-cert"});
  CHECK(r.exit_code != 0);
  CHECK(http_status(r) == "000");
  CHECK(gw.wait_for_metric(
      "gateway_tls_handshake_failures_total{reason=\"no_client_certificate\"} 1"));
}

TEST_CASE("a certificate of another CA is refused at the handshake") {
  GatewayFixture gw;
  const auto d = gw.dir();
  REQUIRE(openssl(d, {"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                      "-nodes", "-keyout", (d / "rogue-ca.key").string(), "-out",
                      (d / "rogue-ca.pem").string(), "-days", "30", "-subj", "/CN=Rogue CA"})
              .exit_code == 0);
  REQUIRE(openssl(d, {"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                      "-nodes", "-keyout", (d / "rogue.key").string(), "-out",
                      (d / "rogue.csr").string(), "-subj", "/CN=user-1"})
              .exit_code == 0);
  std::ofstream(d / "ext.cnf") << "extendedKeyUsage=clientAuth\n";
  REQUIRE(openssl(d, {"x509", "-req", "-in", (d / "rogue.csr").string(), "-CA",
                      (d / "rogue-ca.pem").string(), "-CAkey", (d / "rogue-ca.key").string(),
                      "-CAcreateserial", "-days", "30", "-extfile", (d / "ext.cnf").string(),
                      "-out", (d / "rogue.pem").string()})
              .exit_code == 0);
  auto r = gw.curl_api("/v1/whoami",
                       {"--cert", (d / "rogue.pem").string(), "--key", (d / "rogue.key").string()});
  CHECK(r.exit_code != 0);
  CHECK(http_status(r) == "000");
  CHECK(gw.wait_for_metric("gateway_tls_handshake_failures_total{reason=\"unknown_ca\"} 1"));
}

TEST_CASE("an expired certificate is refused at the handshake") {
  GatewayFixture gw;
  gw.issue_certificate(
      "expired", {"--not-before", "2020-01-01T00:00:00Z", "--not-after", "2021-01-01T00:00:00Z"});
  auto r = gw.curl_api("/v1/whoami", {"--cert", (gw.dir() / "expired.pem").string(), "--key",
                                      (gw.dir() / "expired.key").string()});
  CHECK(r.exit_code != 0);
  CHECK(http_status(r) == "000");
  CHECK(
      gw.wait_for_metric("gateway_tls_handshake_failures_total{reason=\"certificate_expired\"} 1"));
}

TEST_CASE("a revoked certificate is refused at the handshake - the user's other one still works") {
  GatewayFixture gw;
  gw.issue_certificate("second");
  const std::vector<std::string> second = {"--cert", (gw.dir() / "second.pem").string(), "--key",
                                           (gw.dir() / "second.key").string()};
  CHECK(http_status(gw.curl_api("/v1/whoami", second)) == "200");
  const std::string serial = gw.last_serial();
  auto revoke = gw.ctl({"cert", "revoke", "--serial", serial, "--reason", "test"});
  REQUIRE_MESSAGE(revoke.exit_code == 0, revoke.err);

  auto r = gw.curl_api("/v1/whoami", second);
  CHECK(r.exit_code != 0);
  CHECK(http_status(r) == "000");
  CHECK(
      gw.wait_for_metric("gateway_tls_handshake_failures_total{reason=\"certificate_revoked\"} 1"));
  CHECK(http_status(gw.curl_api("/v1/whoami")) == "200");
  CHECK(contains(gw.log(), "\"reason\":\"certificate_revoked\""));
  // Aggregated (per minute, address, reason and certificate), with the peer address.
  const std::string sql =
      "SELECT subject || ' ' || detail FROM audit_log WHERE action = 'access.refused'";
  CHECK(gw.wait_for_query(sql, serial + " "));
  const auto audit = gw.query_store(sql);
  CHECK(contains(audit, "\"stage\":\"handshake\""));
  CHECK(contains(audit, "\"peer\":\"127.0.0.1\""));
  CHECK(contains(audit, "\"count\":1"));
  CHECK(contains(audit, "\"certificate_issuer\":\"CN="));
}

TEST_CASE("a certificate of our CA that no user owns gets 403 unknown_certificate") {
  GatewayFixture gw;
  const auto d = gw.dir();
  REQUIRE(openssl(d, {"req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                      "-nodes", "-keyout", (d / "stray.key").string(), "-out",
                      (d / "stray.csr").string(), "-subj", "/CN=nobody"})
              .exit_code == 0);
  std::ofstream(d / "ext.cnf") << "extendedKeyUsage=clientAuth\n";
  REQUIRE(
      openssl(d, {"x509", "-req", "-in", (d / "stray.csr").string(), "-CA", gw.ca_pem().string(),
                  "-CAkey", gw.ca_key().string(), "-CAcreateserial", "-days", "30", "-extfile",
                  (d / "ext.cnf").string(), "-out", (d / "stray.pem").string()})
          .exit_code == 0);
  auto r = gw.curl_api("/v1/whoami",
                       {"--cert", (d / "stray.pem").string(), "--key", (d / "stray.key").string()});
  CHECK(http_status(r) == "403");
  CHECK(contains(http_body(r), "\"error\":\"unknown_certificate\""));
}

TEST_CASE("TLS 1.1 is refused - TLS 1.2 and 1.3 are served") {
  GatewayFixture gw;
  const std::string connect = "127.0.0.1:" + std::to_string(gw.api_port());
  const std::vector<std::string> base = {"openssl",  "s_client",
                                         "-connect", connect,
                                         "-CAfile",  gw.ca_pem().string(),
                                         "-cert",    gw.client_pem().string(),
                                         "-key",     gw.client_key().string(),
                                         "-quiet",   "-verify_return_error"};
  auto old = base;
  old.insert(old.end(), {"-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"});
  auto refused =
      run_command(old, "GET /v1/whoami HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  CHECK(refused.exit_code != 0);
  CHECK_FALSE(contains(refused.out, "HTTP/1.1"));
  CHECK(gw.wait_for_metric("gateway_tls_handshake_failures_total{reason=\"protocol_version\"} 1"));

  for (const char* version : {"-tls1_2", "-tls1_3"}) {
    auto args = base;
    args.push_back(version);
    auto served =
        run_command(args, "GET /v1/whoami HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    CHECK_MESSAGE(contains(served.out, "HTTP/1.1 200 OK"), version << ": " << served.err);
  }
}

TEST_CASE("unknown routes get 404 and wrong methods 405, after authentication") {
  GatewayFixture gw;
  auto missing = gw.curl_api("/v1/nothing");
  CHECK(http_status(missing) == "404");
  CHECK(contains(http_body(missing), "\"error\":\"route_not_found\""));
  auto post = gw.curl_api("/v1/whoami", {"-X", "POST", "-i"});
  CHECK(http_status(post) == "405");
  CHECK(contains(post.out, "Allow: GET"));
}

TEST_CASE("the operations listener serves health, readiness and Prometheus metrics") {
  GatewayFixture gw;
  auto health = run_command({"curl", "-sS", "-w", "\n%{http_code}", gw.ops_url("/healthz")});
  CHECK(http_status(health) == "200");
  auto ready = run_command({"curl", "-sS", "-w", "\n%{http_code}", gw.ops_url("/readyz")});
  CHECK(http_status(ready) == "200");
  gw.curl_api("/v1/whoami");
  // Counted once the response is written: wait for it, then read the rest.
  CHECK(gw.wait_for_metric("gateway_http_request_duration_seconds_count{route=\"/v1/whoami\"} 1"));
  const std::string metrics = gw.metrics();
  CHECK(contains(metrics, "# TYPE gateway_http_requests_total counter"));
  CHECK(contains(metrics, "gateway_http_request_duration_seconds_count{route=\"/v1/whoami\"} 1"));
  CHECK_FALSE(contains(metrics, "gateway_http_bytes_in_total 0\n"));
}
