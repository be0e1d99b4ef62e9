// libFuzzer target: arbitrary bytes as what a client with a valid certificate
// sends after the TLS handshake, into a real ApiSession (the one gatewayd
// runs: header and body parsing, chunked framing, limits, spooling, the
// handler pool, answers) on an in-process listener. The application behind
// it does what the gateway's routes do with a request: parses the query and
// the path, reads headers, echoes them, reads the body, and sometimes
// throws. Anything but a clean answer or close (crash, sanitizer report,
// leak, a session that keeps the I/O thread, the loop dying) is a bug.
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "core/json_text.h"
#include "http/api_session.h"
#include "http/connection_tracker.h"
#include "http/cookie.h"
#include "http/listener.h"
#include "http/query_string.h"
#include "http/request_origin.h"
#include "http/spool_file.h"
#include "http/tls_server_context.h"
#include "log/logger.h"
#include "ops/metrics.h"
#include "pki/development_pki.h"
#include "support/temp_dir.h"

namespace {

namespace net = boost::asio;

// Uses the request the way the gateway's routes do, and answers with what it saw.
class EchoApplication : public gw::http::Application {
 public:
  gw::http::Admission admit(const gw::http::RequestHead& head) override {
    const gw::http::QueryString query(head.query);
    nlohmann::json seen = {{"method", head.method}, {"path", head.path}};
    for (const auto segment : gw::http::path_segments(head.path)) {
      seen["segments"].push_back(std::string(segment));
      if (auto id = gw::http::parse_id(segment)) seen["ids"].push_back(*id);
    }
    if (auto value = query.get("iban")) seen["iban"] = *value;
    if (auto number = query.integer("limit", 1, 1000)) seen["limit"] = number->value_or(-1);
    if (auto key = head.header("Idempotency-Key")) seen["key"] = std::string(*key);
    // The signing portal's reads: its session cookie, the form's origin, a form body.
    if (auto cookie = gw::http::cookie_value(head, "portal_session")) seen["cookie"] = *cookie;
    seen["other_site"] = gw::http::from_other_site(head, "https://gateway.example", true);
    if (head.path == "/throw") throw std::runtime_error("admission throws");
    return {"/echo", std::nullopt, [seen, path = head.path](const gw::http::ReceivedBody* body) {
              if (path == "/throw-later") throw std::runtime_error("handler throws");
              nlohmann::json answer = seen;
              if (body != nullptr) {
                std::error_code ec;
                answer["bytes"] = body->path.empty() ? body->text.size()
                                                     : std::filesystem::file_size(body->path, ec);
                std::ifstream in(body->path);
                std::string head_of_body(64, '\0');
                in.read(head_of_body.data(), 64);
                head_of_body.resize(static_cast<std::size_t>(in.gcount()));
                answer["body"] = head_of_body;  // may be anything: json_text must cope
                if (auto csrf = gw::http::QueryString(head_of_body).get("csrf"))
                  answer["csrf"] = *csrf;
              }
              return gw::http::Response{200, "application/json", gw::json_text(answer), {}};
            }};
  }
};

struct Server {
  TempDir scratch{"gw-fuzz"};
  const std::filesystem::path dir = scratch.path();
  gw::GatewayConfig config;
  gw::Logger log{"off"};
  gw::ops::Metrics metrics;
  EchoApplication app;
  std::unique_ptr<net::ssl::context> tls;
  gw::http::ConnectionTracker tracker{gw::http::ConnectionCaps{256, 256, 256}};
  std::unique_ptr<gw::http::ApiSessionEnv> env;
  net::thread_pool work{1};
  net::io_context io{1};
  std::shared_ptr<gw::http::Listener> listener;
  std::thread thread;
  int port = 0;
  SSL_CTX* client = nullptr;
  SSL_SESSION* session = nullptr;  // the last one, for resumption
  std::uint64_t exchanges = 0;

  Server() {
    // The client writes with write(2): a server that closed first must not
    // end the fuzzer with SIGPIPE (gatewayd's own sends use MSG_NOSIGNAL).
    std::signal(SIGPIPE, SIG_IGN);
    config.data_dir = dir;
    config.limits.max_body_bytes = 1 << 20;
    config.limits.max_header_bytes = 8 * 1024;
    // Short deadlines: a session must be gone soon after its client is (below).
    config.limits.read_timeout = std::chrono::milliseconds(1000);
    config.limits.write_timeout = std::chrono::milliseconds(1000);
    config.limits.idle_timeout = std::chrono::milliseconds(1000);
    config.limits.handshake_timeout = std::chrono::milliseconds(1000);
    config.limits.request_timeout = std::chrono::milliseconds(3000);
    if (!gw::pki::init_development_pki(config, false)) std::abort();
    const auto now = std::chrono::system_clock::now();
    auto issued = gw::pki::issue_client_certificate(config, {7, "Fuzz", "90000000009"}, now,
                                                    now + std::chrono::days(1));
    if (!issued || !gw::http::prepare_spool_dir(config.spool_dir())) std::abort();
    std::ofstream(dir / "client.pem") << issued->certificate_pem;
    std::ofstream(dir / "client.key") << issued->private_key_pem;
    tls = std::move(gw::http::make_tls_server_context(config).value());
    env = std::make_unique<gw::http::ApiSessionEnv>(
        gw::http::ApiSessionEnv{"api", gw::http::api_session_limits(config.limits),
                                config.spool_dir(), *tls, app, tracker, metrics, log, &work});
    listener = std::make_shared<gw::http::Listener>(
        io, [this](net::ip::tcp::socket s) { gw::http::start_api_session(std::move(s), *env); });
    port = listener->listen({"127.0.0.1", 0}).value();
    listener->start();
    thread = std::thread([this] { io.run(); });

    client = SSL_CTX_new(TLS_client_method());
    SSL_CTX_use_certificate_file(client, (dir / "client.pem").c_str(), SSL_FILETYPE_PEM);
    SSL_CTX_use_PrivateKey_file(client, (dir / "client.key").c_str(), SSL_FILETYPE_PEM);
  }
};

Server& server() {
  static Server* s = new Server();  // lives for the process; libFuzzer exits without teardown
  return *s;
}

// A new TLS connection to the server, or nothing.
SSL* connect_tls(Server& s, int& fd) {
  fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(s.port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval wait{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return nullptr;
  }
  SSL* ssl = SSL_new(s.client);
  SSL_set_fd(ssl, fd);
  // Resumed when possible: the handshake is not what is fuzzed, and it is slow.
  if (s.session != nullptr) SSL_set_session(ssl, s.session);
  if (SSL_connect(ssl) == 1) return ssl;
  std::fprintf(stderr, "http_session_fuzz: handshake failed (errno %d, %lu connections open)\n",
               errno, static_cast<unsigned long>(s.tracker.active()));
  SSL_free(ssl);
  ::close(fd);
  return nullptr;
}

void exchange(const std::uint8_t* data, std::size_t size) {
  Server& s = server();
  int fd = -1;
  SSL* ssl = nullptr;
  // Connections of earlier inputs may still be closing; a server that
  // accepts nobody for 10 s, though, has been hurt by one.
  for (int attempt = 0; ssl == nullptr; ++attempt) {
    if (attempt == 40) std::abort();
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(250));
    ssl = connect_tls(s, fd);
  }
  if (size > 0) SSL_write(ssl, data, static_cast<int>(size));
  char buffer[16384];
  // Half the inputs (by their size's parity, which mutations change) stay
  // open while their answers come: a request whose client has gone (its FIN
  // here) is dropped before its handler runs, and the handlers, their
  // answers and keep-alive would otherwise never be reached. Then the end of
  // what the client says, for the parser's end-of-input paths.
  if (size % 2 == 0) {
    timeval patience{0, 50'000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
    while (SSL_read(ssl, buffer, sizeof buffer) > 0) {
    }
    // connect_tls's limit again: the read below ends whatever the server does
    // (a session outliving its client is caught every 64 inputs, below).
    timeval usual{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &usual, sizeof usual);
  }
  ::shutdown(fd, SHUT_WR);
  // Whatever comes back, until the server closes (it must, within the timeout).
  while (SSL_read(ssl, buffer, sizeof buffer) > 0) {
  }
  if (SSL_SESSION* session = SSL_get1_session(ssl)) {
    if (s.session != nullptr) SSL_SESSION_free(s.session);
    s.session = session;
  }
  SSL_free(ssl);
  ::close(fd);
  if (s.io.stopped()) std::abort();  // an exception ended the I/O loop
  // Every 64 inputs, all clients are gone: so must their sessions be, within
  // the deadlines (a session kept alive by itself would hold its place for ever).
  if (++s.exchanges % 64 != 0) return;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (s.tracker.active() != 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      std::fprintf(stderr, "http_session_fuzz: a session outlived its client\n");
      std::abort();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  exchange(data, size);
  return 0;
}
