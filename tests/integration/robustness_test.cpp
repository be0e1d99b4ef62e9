// Limits, deadlines, the connection cap and graceful shutdown of a real gatewayd.
#include <doctest/doctest.h>

#include <csignal>
#include <fstream>
#include <thread>

#include "support/gateway_fixture.h"
#include "support/pain001_builder.h"

using namespace gw::test;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// An openssl s_client connected with the demo certificate; stdin feeds the request.
Process connect_client(const GatewayFixture& gw, const std::string& log_name) {
  return Process::start(
      {"openssl", "s_client", "-connect", "127.0.0.1:" + std::to_string(gw.api_port()), "-CAfile",
       gw.ca_pem().string(), "-cert", gw.client_pem().string(), "-key", gw.client_key().string(),
       "-quiet", "-ign_eof"},
      gw.dir() / log_name);
}

// Waits until `predicate` holds, or fails the test after `limit`.
template <class Predicate>
void wait_until(Predicate predicate, std::chrono::seconds limit, const char* what) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!predicate()) {
    REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline, "timed out waiting for " << what);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

TEST_CASE("a body over the limit gets 413 before it is read") {
  GatewayFixture gw("[limits]\nmax_body_bytes = 1024\n");
  const auto payload = gw.dir() / "big.xml";
  gw::test::run_command(
      {"sh", "-c", "head -c 4096 /dev/zero | tr '\\0' 'x' > " + payload.string()});
  auto r = gw.curl_api("/v1/messages", {"--data-binary", "@" + payload.string(), "-H",
                                        "Content-Type: application/xml"});
  CHECK(http_status(r) == "413");
  CHECK(contains(http_body(r), "\"error\":\"body_too_large\""));
}

// curl -v shows each answer's status line on stderr ("< HTTP/1.1 100 Continue").
TEST_CASE("Expect 100-continue gets the go-ahead before the body, on disk and in memory") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const auto upload = gw.dir() / "upload.xml";
  std::ofstream(upload) << simple_pain001("CONTINUE-1", riga_date_in(1), 1250);
  auto r = gw.curl_api("/v1/messages",
                       {"-v", "-H", "Expect: 100-continue", "-H", "Content-Type: application/xml",
                        "--data-binary", "@" + upload.string()});
  CHECK_MESSAGE(http_status(r) == "201", r.err);
  CHECK(contains(r.err, "< HTTP/1.1 100 Continue"));
  CHECK(contains(http_body(r), "<GrpSts>ACTC</GrpSts>"));

  // The activation listener reads its small bodies into memory: the same go-ahead.
  const auto form = gw.dir() / "activation.json";
  std::ofstream(form) << R"({"code":"AAAA-BBBB-CCCC-DDDD","csr":"x"})";
  auto a = gw::test::run_command(
      {"curl", "-sS", "-v", "--max-time", "20", "--cacert", gw.ca_pem().string(), "-w",
       "\n%{http_code}", "-H", "Expect: 100-continue", "-H", "Content-Type: application/json",
       "--data-binary", "@" + form.string(), gw.activation_url("/v1/activation/certificate")});
  CHECK(contains(a.err, "< HTTP/1.1 100 Continue"));
  CHECK(http_status(a).starts_with("4"));
  CHECK(contains(http_body(a), "\"error\""));
}

TEST_CASE("a body refused from its Content-Length gets no go-ahead, only the refusal") {
  GatewayFixture gw("[limits]\nmax_body_bytes = 1024\n");
  const auto payload = gw.dir() / "big.xml";
  std::ofstream(payload) << std::string(4096, 'x');
  auto r = gw.curl_api("/v1/messages",
                       {"-v", "-H", "Expect: 100-continue", "-H", "Content-Type: application/xml",
                        "--data-binary", "@" + payload.string()});
  CHECK(http_status(r) == "413");
  CHECK_FALSE(contains(r.err, "100 Continue"));
}

TEST_CASE("a header over the limit gets 431") {
  GatewayFixture gw("[limits]\nmax_header_bytes = 2048\n");
  auto r = gw.curl_api("/v1/whoami", {"-H", "X-Padding: " + std::string(4096, 'a')});
  CHECK(http_status(r) == "431");
}

TEST_CASE("a client that stalls mid-request is disconnected by the read deadline") {
  GatewayFixture gw("[limits]\nread_timeout_ms = 300\n");
  auto client = connect_client(gw, "stall.log");
  client.write_stdin("GET /v1/whoami HTTP/1.1\r\nHost: 127.0.0.1\r\n");  // header never ends
  // s_client exits when the server closes the connection.
  const auto code = client.wait_for(std::chrono::seconds(20));
  CHECK(code.has_value());
  CHECK_FALSE(contains(read_file(gw.dir() / "stall.log"), "HTTP/1.1 200"));
  wait_until([&] { return contains(gw.log(), "\"reason\":\"header_timeout\""); },
             std::chrono::seconds(10), "the drop to be logged");
}

TEST_CASE("SIGTERM lets the request in flight finish, then gatewayd exits cleanly") {
  GatewayFixture gw("[limits]\nshutdown_grace_ms = 20000\n");
  auto client = connect_client(gw, "inflight.log");
  client.write_stdin("GET /v1/whoami HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  // The partial header must have reached the server before the signal.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  gw.process().signal(SIGTERM);
  wait_until([&] { return contains(gw.log(), "\"event\":\"shutdown_started\""); },
             std::chrono::seconds(10), "shutdown to start");
  CHECK(gw.process().running());

  // New connections are no longer accepted while the old one drains.
  auto late = gw.curl_api("/v1/whoami", {"--max-time", "5"});
  CHECK(late.exit_code != 0);

  client.write_stdin("\r\n");
  const auto exit_code = gw.process().wait_for(std::chrono::seconds(20));
  REQUIRE(exit_code.has_value());
  CHECK(*exit_code == 0);
  client.wait_for(std::chrono::seconds(10));
  const std::string answer = read_file(gw.dir() / "inflight.log");
  CHECK(contains(answer, "HTTP/1.1 200 OK"));
  CHECK(contains(answer, "Connection: close"));
  CHECK(contains(gw.log(), "\"abandoned_connections\":0"));
}

TEST_CASE("SIGTERM with an upload stalled mid-body: the grace runs out, gatewayd exits cleanly") {
  // The stalled session is still alive when the grace runs out, its body's
  // hasher on a strand of the request pool: it must go before the pool does
  // (a strand outliving its pool is a use after free: UBSan reports its
  // destructor reaching into the freed service).
  GatewayFixture gw("[limits]\nshutdown_grace_ms = 300\nread_timeout_ms = 60000\n");
  auto client = connect_client(gw, "stalled.log");
  client.write_stdin(
      "POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/xml\r\n"
      "Content-Length: 4000000\r\n\r\n" +
      std::string(200'000, ' '));
  wait_until([&] { return contains(gw.metrics(), "gateway_connections_open 1"); },
             std::chrono::seconds(10), "the upload to be under way");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // its body is being spooled
  gw.process().signal(SIGTERM);
  const auto exit_code = gw.process().wait_for(std::chrono::seconds(20));
  REQUIRE(exit_code.has_value());
  CHECK(*exit_code == 0);
  CHECK(contains(gw.log(), "\"abandoned_connections\":1"));
  CHECK_FALSE(contains(gw.log(), "Sanitizer"));  // a report of either sanitizer
  client.close_stdin();
}

TEST_CASE("idle keep-alive connections do not hold up shutdown") {
  GatewayFixture gw("[limits]\nshutdown_grace_ms = 60000\n");
  auto client = connect_client(gw, "idle.log");
  client.write_stdin("GET /v1/whoami HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  wait_until([&] { return contains(read_file(gw.dir() / "idle.log"), "HTTP/1.1 200"); },
             std::chrono::seconds(10), "the first answer");
  gw.process().signal(SIGTERM);
  const auto exit_code = gw.process().wait_for(std::chrono::seconds(10));
  REQUIRE(exit_code.has_value());
  CHECK(*exit_code == 0);
}

TEST_CASE("connections past the cap are closed at accept") {
  GatewayFixture gw("[limits]\nmax_connections = 2\n");
  auto a = connect_client(gw, "a.log");
  auto b = connect_client(gw, "b.log");
  a.write_stdin("GET /v1/whoami HTTP/1.1\r\nHost: x\r\n\r\n");
  b.write_stdin("GET /v1/whoami HTTP/1.1\r\nHost: x\r\n\r\n");
  wait_until(
      [&] {
        return contains(read_file(gw.dir() / "a.log"), "HTTP/1.1 200") &&
               contains(read_file(gw.dir() / "b.log"), "HTTP/1.1 200");
      },
      std::chrono::seconds(10), "two connections to be served");
  auto third = gw.curl_api("/v1/whoami", {"--max-time", "5"});
  CHECK(third.exit_code != 0);
  CHECK(contains(gw.metrics(),
                 "gateway_connections_refused_total{listener=\"api\",reason=\"listener_full\"} 1"));
  a.close_stdin();
  b.close_stdin();
}
