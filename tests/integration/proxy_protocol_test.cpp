// gatewayd behind a TCP load balancer: Debian's HAProxy in front of the API
// listener with send-proxy-v2. The client's address (127.0.0.2) reaches the
// allow-list, the request log and the audit through the balancer; the
// balancer's own address (127.0.0.1) must send the header; anyone else is
// served as before, and a header from a non-balancer is not believed.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <thread>

#include "support/gateway_fixture.h"
#include "support/haproxy.h"
#include "support/temp_dir.h"

using namespace gw::test;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

void allow_only(const GatewayFixture& gw, const std::string& source) {
  const auto file = gw.dir() / "application.json";
  std::ofstream(file) << R"({"institution": {"registration_number": "90000000001",
    "name": "Parauga pašvaldība"}, "user_number": )"
                      << gw.user_number() << R"(,
    "technical_contact": {"first_name": "Anna", "last_name": "Kalniņa",
      "personal_code": "010101-10006", "phone": "+371 20000000",
      "email": "it@parauga.example.lv"},
    "signer": "Pēteris Ozols", "preparer": "Anna Kalniņa",
    "allowed_sources": [")"
                      << source
                      << R"("], "accounts": [{"iban": "LV06TREL1060000300001", "mode": "view"}]})";
  auto registered = gw.ctl({"application", "register", file.string()});
  REQUIRE_MESSAGE(registered.exit_code == 0, registered.err);
}

// A log line (one JSON object each) that holds every one of `parts`.
// Whether a log line holds all `parts`, waiting up to 5 s: gatewayd writes a
// request's line after the answer has gone out, so the client may be first.
bool logged(const GatewayFixture& gw, std::initializer_list<std::string> parts) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::istringstream lines(gw.log());
    std::string line;
    while (std::getline(lines, line)) {
      if (std::all_of(parts.begin(), parts.end(),
                      [&line](const std::string& p) { return contains(line, p); })) {
        return true;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// The counter of connections refused for a bad or missing PROXY header.
long proxy_refusals(const GatewayFixture& gw) {
  const std::string name =
      "gateway_connections_refused_total{listener=\"api\",reason=\"proxy_header\"} ";
  const std::string metrics = gw.metrics();
  const auto at = metrics.find(name);
  return at == std::string::npos ? 0 : std::stol(metrics.substr(at + name.size()));
}

}  // namespace

TEST_CASE("behind HAProxy with send-proxy-v2 the gateway sees the client's address") {
  GatewayFixture gw("[api]\nlisten = \"127.0.0.1:0\"\nproxy_protocol_from = [\"127.0.0.1\"]\n");
  const Haproxy balancer(gw.dir(), {BalancedNode{gw.api_port()}});

  allow_only(gw, "127.0.0.2");
  auto through = gw.curl_api_at(balancer.port(), "/v1/whoami", {"--interface", "127.0.0.2"});
  CHECK_MESSAGE(through.out.ends_with("\n200"), through.out << through.err);
  CHECK(logged(gw, {"\"event\":\"request\"", "\"route\":\"/v1/whoami\"", "\"status\":200",
                    "\"peer\":\"127.0.0.2\""}));

  // The allow-list decides on the client, not on the balancer.
  allow_only(gw, "127.0.0.3");
  auto refused = gw.curl_api_at(balancer.port(), "/v1/whoami", {"--interface", "127.0.0.2"});
  CHECK(refused.out.ends_with("\n403"));
  CHECK(contains(refused.out, "ip_not_allowed"));
  CHECK(gw.wait_for_query("SELECT detail FROM audit_log WHERE action = 'access.refused'",
                          "\"peer\":\"127.0.0.2\""));

  // Straight from the balancer's address, without a header: closed, and counted.
  const long refusals_before = proxy_refusals(gw);
  auto bare = gw.curl_api_at(gw.api_port(), "/v1/whoami", {"--interface", "127.0.0.1"});
  CHECK(bare.out.ends_with("\n000"));
  CHECK(proxy_refusals(gw) == refusals_before + 1);
  CHECK(logged(gw, {"\"event\":\"proxy_header_refused\"", "no PROXY protocol v2 signature"}));

  // Anyone else is the client itself, and a header it sends is not believed:
  // its bytes are the start of a TLS handshake that fails.
  allow_only(gw, "127.0.0.3");
  auto direct = gw.curl_api_at(gw.api_port(), "/v1/whoami", {"--interface", "127.0.0.3"});
  CHECK(direct.out.ends_with("\n200"));
  // 127.0.0.2 (no balancer) sends a header naming 127.0.0.3, then TLS: the
  // header is taken for the start of a handshake, which fails.
  const std::string script =
      "import socket, ssl, sys\n"
      "s = socket.create_connection(('127.0.0.1', " +
      std::to_string(gw.api_port()) +
      "), source_address=('127.0.0.2', 0))\n"
      "s.sendall(bytes.fromhex('0d0a0d0a000d0a515549540a2111000c7f0000037f000001c35020fb'))\n"
      "c = ssl.create_default_context(cafile='" +
      gw.ca_pem().string() +
      "')\n"
      "c.load_cert_chain('" +
      gw.client_pem().string() + "', '" + gw.client_key().string() +
      "')\n"
      "try:\n"
      "    t = c.wrap_socket(s, server_hostname='127.0.0.1')\n"
      "    t.sendall(b'GET /v1/whoami HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n')\n"
      "    print(t.recv(100))\n"
      "except (ssl.SSLError, OSError) as e:\n"
      "    print('refused', e)\n";
  auto forged = run_command({"/usr/bin/python3", "-c", script});
  CHECK_MESSAGE(contains(forged.out, "refused"), forged.out << forged.err);
  CHECK(logged(gw, {"\"event\":\"tls_handshake_failed\"", "\"peer\":\"127.0.0.2\""}));
}

TEST_CASE("a balancer list that does not parse stops gatewayd and names the key") {
  const TempDir temp("gw-proxy-cfg");
  const auto config = temp.path() / "gw.toml";
  std::ofstream(config)
      << "data_dir = \"" << temp.path().string() << "\"\n"
      << "[api]\nlisten = \"127.0.0.1:0\"\nproxy_protocol_from = [\"10.0.0.0/40\"]\n"
      << "[ops]\nlisten = \"127.0.0.1:0\"\n[activation]\nlisten = \"127.0.0.1:0\"\n";
  REQUIRE(run_command({GATEWAYCTL_PATH, "--config", config.string(), "pki", "init"}).exit_code ==
          0);
  auto started = run_command({GATEWAYD_PATH, "--config", config.string()});
  CHECK(started.exit_code == 1);
  CHECK_MESSAGE(contains(started.err, "api.proxy_protocol_from: "), started.err);
}
