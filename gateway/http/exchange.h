// Transport-neutral view of one HTTP exchange, shared by the HTTP sessions
// (which know Beast) and the application (which does not).
//
// A request is decided on its header: Application::admit() either answers at
// once (refusals, unknown routes: the body is never read) or returns a
// continuation that runs once the body has been streamed to a spool file
// (and, optionally, one told when the body starts to arrive).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/growing_body.h"
#include "pki/certificate_info.h"

namespace gw::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct RequestHead {
  std::string method;  // upper case: GET, POST
  std::string path;    // target without the query
  std::string query;   // after '?', undecoded
  HeaderList headers;
  std::string request_id;
  std::string peer_address;                                // textual IP of the TCP peer
  std::optional<pki::CertificateInfo> client_certificate;  // verified by the TLS layer
  bool has_body = false;

  // First header of that name (case-insensitive), if any.
  std::optional<std::string_view> header(std::string_view name) const;
  // The Content-Length a client declared, when it is a number.
  std::optional<std::uint64_t> content_length() const;
};

struct Response {
  Response() = default;
  Response(unsigned status_code, std::string type, std::string text, HeaderList extra = {},
           std::filesystem::path file = {})
      : status(status_code),
        content_type(std::move(type)),
        body(std::move(text)),
        headers(std::move(extra)),
        body_file(std::move(file)) {}

  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  HeaderList headers;
  // Set: the body is this file instead (large reports), streamed from disk
  // and removed once sent.
  std::filesystem::path body_file;
  // Set: kept until the answer is written (or its connection ends), e.g.
  // a download's place in its gate.
  std::shared_ptr<void> held_until_sent;
  // Set (to the error code): the answer refuses access to something (a
  // mode, an account, another user's item); the application audits it.
  std::string refusal = {};
};

// The body as received: a spool file the application may read (and may keep
// by renaming it before returning), and the SHA-256 of its bytes, computed
// while it arrived (empty if that failed: the application may compute it).
struct ReceivedBody {
  std::filesystem::path path;
  std::string sha256;  // lower-case hex
  // A listener that keeps bodies in memory (activation) leaves `path` and
  // `sha256` empty and puts the bytes here.
  std::string text;
};

// Null when the request had no body.
using BodyHandler = std::function<Response(const ReceivedBody* body)>;

// Told, on the receiving I/O thread, when a body of known length has started
// to arrive (a gzip body: once its first MiB is inflated, with its size
// estimated; a body without a length: once its first MiB is on disk, with
// no size), so that work can begin on it before it is complete. Must return
// quickly (start the work elsewhere).
using BodyStart = std::function<void(std::shared_ptr<GrowingBody> body)>;

struct Admission {
  std::string route;               // metric label: the route pattern, or "unmatched"
  std::optional<Response> answer;  // set: answer now, the body is not read
  BodyHandler complete;            // otherwise called after the body arrived
  BodyStart on_body_start = {};    // optional
  std::string user = {};           // who asks (e.g. "user-17"), for the request log line
  // True: `complete` takes well under a millisecond (a few indexed reads) and
  // runs on the I/O thread, sparing two thread hand-offs; false: on the
  // handler pool, so that slow work never holds up other connections.
  bool quick = false;
  // The largest body this route reads (the listener's limit still holds):
  // a larger Content-Length is refused 413 before a byte is read, a chunked
  // or gzip body as soon as it passes. Nothing: the listener's limit.
  std::optional<std::uint64_t> max_body = {};
  // True: the application's count of each asker's requests leaves the route
  // out: it bounds them itself (uploads), or must never be refused (the
  // portal's sign-out: a session is ended whatever else is under way).
  bool bounded_apart = false;
};

// Implemented by the application. admit() is called on an I/O thread and may
// be called concurrently from several; it must be thread-safe. The head it is
// given stays valid and unchanged until the continuation it returns has
// returned (the session keeps it for the whole exchange).
class Application {
 public:
  virtual ~Application() = default;
  virtual Admission admit(const RequestHead& head) = 0;
};

}  // namespace gw::http
