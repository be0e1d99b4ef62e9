// The API session's body path, with the real TLS listener and curl / openssl
// s_client as clients, in front of a test application that reports what it
// received. No foundation route takes a body, so this is where the spool,
// the streaming body limit and the mid-body deadline are exercised.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <fstream>
#include <mutex>
#include <thread>

#include "http/api_session.h"
#include "http/listener.h"
#include "http/spool_file.h"
#include "http/tls_server_context.h"
#include "ops/metrics.h"
#include "pki/development_pki.h"
#include "support/process.h"
#include "support/temp_dir.h"

using namespace gw;
using namespace gw::test;

namespace {

// FNV-1a over a file's bytes: enough to tell that the spool holds exactly
// what was sent, in order.
std::uint64_t fnv1a_of(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::uint64_t h = 14695981039346656037ULL;
  char c = 0;
  while (in.get(c)) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

// Answers every request with "<bytes> <fnv1a> <sha256 as received> <spool directory>".
// Also follows each body while it arrives, as an early validation would: a
// thread reads the growing spool file as far as GrowingBody says it is written
// and notes "<bytes> <fnv1a>" at the end, or "abandoned at <bytes>".
class BodyReportingApp : public http::Application {
 public:
  ~BodyReportingApp() override {
    for (auto& t : followers_) t.join();
  }

  http::Admission admit(const http::RequestHead&) override {
    return {
        "/upload", std::nullopt,
        [](const http::ReceivedBody* body) {
          if (body == nullptr) return http::Response{200, "text/plain", "0 none", {}};
          return http::Response{
              200,
              "text/plain",
              fmt::format("{} {:x} {} {}", std::filesystem::file_size(body->path),
                          fnv1a_of(body->path), body->sha256, body->path.parent_path().string()),
              {}};
        },
        [this](std::shared_ptr<http::GrowingBody> body) {
          const std::lock_guard lock(mutex_);
          followers_.emplace_back([this, body] { follow(*body); });
        }};
  }

  // What the followers saw, waiting (bounded) until there are `count` of them.
  std::vector<std::string> followed(std::size_t count) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
      {
        const std::lock_guard lock(mutex_);
        if (seen_.size() >= count || std::chrono::steady_clock::now() > deadline) return seen_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

 private:
  void follow(const http::GrowingBody& body) {
    std::ifstream in(body.path(), std::ios::binary);
    std::uint64_t h = 14695981039346656037ULL;
    std::uint64_t at = 0;
    std::string note;
    // To the expected size, or (a body without a length) until it is complete.
    while (!body.expected_size() || at < *body.expected_size()) {
      const auto on_disk = body.wait_for(at + 1);
      if (!on_disk) {
        note = fmt::format("abandoned at {}", at);
        break;
      }
      if (*on_disk <= at) break;  // complete, and read to its end
      for (char c = 0; at < *on_disk && in.get(c); ++at) {
        h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
      }
      in.clear();  // the end of what was there is not the end of the body
    }
    if (note.empty()) note = fmt::format("{} {:x}", at, h);
    const std::lock_guard lock(mutex_);
    seen_.push_back(std::move(note));
  }

  std::mutex mutex_;
  std::vector<std::thread> followers_;
  std::vector<std::string> seen_;
};

struct InProcessServer {
  TempDir scratch{"gw-spool"};
  const std::filesystem::path dir = scratch.path();
  GatewayConfig config;
  Logger log{"info"};
  ops::Metrics metrics;
  BodyReportingApp app;
  std::unique_ptr<boost::asio::ssl::context> tls;
  std::unique_ptr<http::ConnectionTracker> tracker;
  std::unique_ptr<http::ApiSessionEnv> env;
  std::optional<boost::asio::thread_pool> work;  // request handlers, when the test wants them
  boost::asio::io_context io{1};                 // after what sessions refer to: destroyed first
  std::shared_ptr<http::Listener> listener;
  std::thread thread;
  int port = 0;

  explicit InProcessServer(std::uint64_t max_body, bool handler_pool = false) {
    config.data_dir = dir;
    config.limits.max_body_bytes = max_body;
    config.limits.read_timeout = std::chrono::milliseconds(1000);
    REQUIRE(pki::init_development_pki(config, false).has_value());
    const auto now = std::chrono::system_clock::now();
    auto client = pki::issue_client_certificate(config, {7, "Test", "90000000009"}, now,
                                                now + std::chrono::days(1));
    REQUIRE(client.has_value());
    std::ofstream(dir / "client.pem") << client->certificate_pem;
    std::ofstream(dir / "client.key") << client->private_key_pem;
    REQUIRE(http::prepare_spool_dir(config.spool_dir()).has_value());
    auto ctx = http::make_tls_server_context(config);
    REQUIRE(ctx.has_value());
    tls = std::move(*ctx);
    tracker = std::make_unique<http::ConnectionTracker>(http::ConnectionCaps{16, 16, 16});
    env = std::make_unique<http::ApiSessionEnv>(
        http::ApiSessionEnv{"api", http::api_session_limits(config.limits), config.spool_dir(),
                            *tls, app, *tracker, metrics, log});
    if (handler_pool) {
      work.emplace(2);
      env->work = &*work;
    }
    listener = std::make_shared<http::Listener>(io, [this](boost::asio::ip::tcp::socket s) {
      http::start_api_session(std::move(s), *env);
    });
    auto bound = listener->listen({"127.0.0.1", 0});
    REQUIRE(bound.has_value());
    port = *bound;
    listener->start();
    thread = std::thread([this] { io.run(); });
  }

  ~InProcessServer() {
    io.stop();
    thread.join();
    if (work) work->join();
  }

  CommandResult curl(const std::vector<std::string>& extra) const {
    std::vector<std::string> argv = {"curl",       "-sS",
                                     "--max-time", "30",
                                     "--cacert",   (dir / "pki" / "ca.pem").string(),
                                     "--cert",     (dir / "client.pem").string(),
                                     "--key",      (dir / "client.key").string(),
                                     "-w",         "\n%{http_code}"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back(fmt::format("https://127.0.0.1:{}/upload", port));
    return run_command(argv);
  }

  // openssl s_client with the test certificate, writing what it gets to
  // s_client.log: the test types the request itself, piece by piece.
  Process raw_client() const {
    return Process::start(
        {"openssl", "s_client", "-connect", fmt::format("127.0.0.1:{}", port), "-CAfile",
         (dir / "pki" / "ca.pem").string(), "-cert", (dir / "client.pem").string(), "-key",
         (dir / "client.key").string(), "-quiet", "-ign_eof"},
        dir / "s_client.log");
  }

  std::size_t spooled_files() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(config.spool_dir()))
      ++n;
    return n;
  }

  // The session (and its spool file) is released on the I/O thread after the
  // client already saw the answer or the close; wait for that, bounded.
  bool spool_empties() const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (spooled_files() != 0) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
  }
};

// Bytes that differ from place to place (a period of 251 is prime to every
// buffer size), so a lost, repeated or reordered piece changes the checksum.
std::filesystem::path make_payload(const std::filesystem::path& dir, std::size_t bytes) {
  const auto path = dir / fmt::format("payload-{}", bytes);
  std::ofstream out(path, std::ios::binary);
  for (std::size_t i = 0; i < bytes; ++i) out.put(static_cast<char>('0' + i % 251 % 75));
  return path;
}

// sha256sum's answer: an independent check of the digest taken on the way in.
std::string sha256sum_of(const std::filesystem::path& file) {
  const auto r = run_command({"sha256sum", file.string()});
  return r.out.substr(0, r.out.find(' '));
}

}  // namespace

TEST_CASE("a request body streams to a spool file that is removed after the answer") {
  // With a handler pool the SHA-256 is taken there while the body arrives;
  // without one, on the I/O thread.
  for (const bool handler_pool : {false, true}) {
    CAPTURE(handler_pool);
    InProcessServer server(8 * 1024 * 1024, handler_pool);
    const auto payload = make_payload(server.dir, 5 * 1024 * 1024 + 17);
    const std::string expected =
        fmt::format("{} {:x} {} {}\n200", 5 * 1024 * 1024 + 17, fnv1a_of(payload),
                    sha256sum_of(payload), server.config.spool_dir().string());
    auto r = server.curl({"--data-binary", "@" + payload.string()});
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(r.out == expected);
    CHECK(server.spool_empties());

    auto chunked =
        server.curl({"--data-binary", "@" + payload.string(), "-H", "Transfer-Encoding: chunked"});
    CHECK(chunked.out == expected);
    CHECK(server.spool_empties());
  }
}

TEST_CASE("a body that arrives in pieces with pauses is spooled whole and in order") {
  InProcessServer server(1024 * 1024);
  auto client = server.raw_client();
  const std::string body = "first piece;second piece;third piece";
  client.write_stdin(fmt::format(
      "POST /upload HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
      body.size()));
  // Each pause is well within the read deadline (1 s) but long enough
  // for the server to run out of data and wait for the socket again.
  for (std::size_t at = 0; at < body.size(); at += 12) {
    std::this_thread::sleep_for(std::chrono::milliseconds(120));
    client.write_stdin(body.substr(at, 12));
  }
  CHECK(client.wait_for(std::chrono::seconds(20)).has_value());
  std::ofstream(server.dir / "expected") << body;
  const auto whole = fmt::format("{} {:x}", body.size(), fnv1a_of(server.dir / "expected"));
  CHECK(read_file(server.dir / "s_client.log").find(whole + " ") != std::string::npos);
  // Work that followed the body while it arrived read the same bytes, in order.
  CHECK(server.app.followed(1) == std::vector<std::string>{whole});
  CHECK(server.spool_empties());
}

TEST_CASE("a body without a length is followed from its first MiB, whole, or let go at 413") {
  // The session reads at most 4 MiB at a time: a body of 8 MiB is never all
  // read in the same turn as its first MiB, however fast it comes.
  {
    InProcessServer server(16 * 1024 * 1024);
    const auto payload = make_payload(server.dir, 8 * 1024 * 1024 + 5);
    auto r =
        server.curl({"--data-binary", "@" + payload.string(), "-H", "Transfer-Encoding: chunked"});
    CHECK(r.out.substr(r.out.rfind('\n') + 1) == "200");
    CHECK(server.app.followed(1) ==
          std::vector<std::string>{fmt::format("{} {:x}", 8 * 1024 * 1024 + 5, fnv1a_of(payload))});
    CHECK(server.spool_empties());
  }
  {
    InProcessServer server(8 * 1024 * 1024);
    const auto payload = make_payload(server.dir, 12 * 1024 * 1024);
    auto r =
        server.curl({"--data-binary", "@" + payload.string(), "-H", "Transfer-Encoding: chunked"});
    CHECK(r.out.substr(r.out.rfind('\n') + 1) == "413");
    const auto seen = server.app.followed(1);
    REQUIRE(seen.size() == 1);
    CHECK_MESSAGE(seen.front().rfind("abandoned at ", 0) == 0, seen.front());
    CHECK(server.spool_empties());
  }
}

TEST_CASE("a chunked body that grows past the limit is cut off with 413") {
  InProcessServer server(1024 * 1024);
  const auto payload = make_payload(server.dir, 3 * 1024 * 1024);
  auto r =
      server.curl({"--data-binary", "@" + payload.string(), "-H", "Transfer-Encoding: chunked"});
  CHECK(r.out.substr(r.out.rfind('\n') + 1) == "413");
  CHECK(r.out.find("body_too_large") != std::string::npos);
  CHECK(server.spool_empties());
}

TEST_CASE("a client that stalls in the middle of the body is dropped by the read deadline") {
  InProcessServer server(1024 * 1024);
  auto client = server.raw_client();
  client.write_stdin("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789");
  CHECK(client.wait_for(std::chrono::seconds(20)).has_value());
  CHECK(read_file(server.dir / "s_client.log").find("HTTP/1.1") == std::string::npos);
  // Work that followed the body is released, not left waiting for the rest
  // (it saw none of it: the ten bytes were still in the spool's write buffer).
  CHECK(server.app.followed(1) == std::vector<std::string>{"abandoned at 0"});
  CHECK(server.spool_empties());
}
