#include "http/api_session.h"

#include <fcntl.h>
#include <poll.h>

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/http/message_generator.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <optional>
#include <utility>

#include "core/file_descriptor.h"
#include "core/scratch_file.h"
#include "core/utf8.h"
#include "http/body_framing.h"
#include "http/handshake_failure.h"
#include "http/proxy_header_reader.h"
#include "http/request_id.h"
#include "http/response_compression.h"
#include "http/spool_body.h"
#include "http/spool_hasher.h"
#include "http/tls_server_context.h"
#include "http/transport_error.h"
#include "pki/certificate_info.h"

namespace gw::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr unsigned kClientClosedRequest = 499;

// What holds a handler thread, told to the observer: a handler's run and the
// packing of its answer, however they end.
class HandlerRun {
 public:
  explicit HandlerRun(SessionObserver& observer) : observer_(observer) {
    observer_.handler_started();
  }
  ~HandlerRun() { observer_.handler_finished(); }
  HandlerRun(const HandlerRun&) = delete;
  HandlerRun& operator=(const HandlerRun&) = delete;

 private:
  SessionObserver& observer_;
};

// Whether the peer of `socket` has closed or reset the connection (its FIN
// or RST arrived), whatever it sent before is still unread (a TLS
// close_notify, a pipelined request). A client that only half-closes after
// its request counts as gone too, as nginx takes it (its 499).
bool peer_has_gone(const FileDescriptor& socket) {
  if (!socket.valid()) return false;
  pollfd watched{socket.get(), POLLRDHUP, 0};
  return ::poll(&watched, 1, 0) == 1 && (watched.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

// A parse error of the HTTP body's framing, as opposed to the peer leaving.
bool is_framing_error(const beast::error_code& ec) {
  return ec && ec.category() == bhttp::make_error_code(bhttp::error::bad_chunk).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message &&
         ec != bhttp::error::need_more && ec != bhttp::error::body_limit;
}

class ApiSession : public std::enable_shared_from_this<ApiSession>, public Drainable {
 public:
  ApiSession(tcp::socket&& socket, ApiSessionEnv& env, ConnectionTracker::Slot slot,
             std::string peer_address)
      : env_(env),
        slot_(std::move(slot)),
        stream_(std::move(socket), env.tls),
        buffer_(env.limits.max_header_bytes + kReadAhead),
        peer_address_(std::move(peer_address)) {
    env_.observer.connection_opened();
  }
  ~ApiSession() override {
    if (growing_) growing_->abandon();  // releases work still waiting for this body
    env_.observer.connection_closed();
  }

  void run() {
    env_.tracker.attach(slot_.id(), weak_from_this());
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->handshake(); });
  }

  void drain() override {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      self->draining_ = true;
      // A connection waiting for its next request, with nothing of it received,
      // has nothing in flight: close it now instead of at its idle deadline.
      if (self->awaiting_request_ && self->buffer_.size() == 0) {
        beast::get_lowest_layer(self->stream_).cancel();
      }
    });
  }

 private:
  void handshake() {
    // The verify callback notes the certificate presented, for the audit of a refusal.
    remember_presented_certificate(stream_.native_handle(), &presented_);
    beast::get_lowest_layer(stream_).expires_after(env_.limits.handshake_timeout);
    stream_.async_handshake(
        net::ssl::stream_base::server,
        beast::bind_front_handler(&ApiSession::on_handshake, shared_from_this()));
  }

  void on_handshake(beast::error_code ec) {
    remember_presented_certificate(stream_.native_handle(), nullptr);
    slot_.handshake_done();
    if (ec) {
      const long verify = SSL_get_verify_result(stream_.native_handle());
      const auto reason = revocation_went_unanswered(stream_.native_handle())
                              ? std::string_view("revocation_check_failed")
                              : classify_handshake_failure(ec, verify);
      env_.observer.handshake_failed(reason);
      env_.log.info("tls_handshake_failed", {{"listener", env_.listener},
                                             {"peer", peer_address_},
                                             {"reason", reason},
                                             {"certificate_serial", presented_serial()},
                                             {"detail", ec.message()}});
      if (env_.on_handshake_refused) {
        env_.on_handshake_refused(HandshakeRefusal{
            env_.listener, env_.tracker.network_of(peer_address_), reason, std::move(presented_)});
      }
      return;  // the socket closes with the session
    }
    // A full handshake described the certificate while verifying it; a
    // resumed one verified nothing, so it is described from the session.
    if (presented_) {
      client_certificate_ = std::move(presented_);
      presented_.reset();
    } else if (const X509* cert = SSL_get0_peer_certificate(stream_.native_handle())) {
      client_certificate_ = pki::describe_certificate(cert);
    }
    read_header(env_.limits.read_timeout);
  }

  void read_header(std::chrono::milliseconds wait) {
    header_parser_.emplace();
    header_parser_->header_limit(static_cast<std::uint32_t>(env_.limits.max_header_bytes));
    header_parser_->body_limit(env_.limits.max_body_bytes);
    body_parser_.reset();
    drop_body();
    awaiting_request_ = true;
    if (draining_ && buffer_.size() == 0) return shutdown();
    beast::get_lowest_layer(stream_).expires_after(wait);
    bhttp::async_read_header(stream_, buffer_, *header_parser_,
                             beast::bind_front_handler(&ApiSession::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, std::size_t bytes) {
    awaiting_request_ = false;
    env_.observer.bytes_received(bytes);
    started_ = Clock::now();
    request_deadline_ = started_ + env_.limits.request_timeout;
    if (ec == bhttp::error::end_of_stream || ec == net::error::operation_aborted ||
        ec == net::ssl::error::stream_truncated) {
      return shutdown();
    }
    if (ec == beast::error::timeout) {
      if (buffer_.size() > 0) log_dropped("header_timeout");
      return shutdown();
    }
    head_ = RequestHead{};
    version_ = 11;
    head_.request_id = make_request_id(std::nullopt);
    head_.peer_address = peer_address_;
    route_ = "unmatched";
    if (ec == bhttp::error::header_limit) {
      return send(transport_error_response(TransportError::kHeaderTooLarge, head_.request_id),
                  true);
    }
    if (ec == bhttp::error::body_limit) {
      return send(transport_error_response(TransportError::kBodyTooLarge, head_.request_id), true);
    }
    if (ec) {
      return send(
          transport_error_response(TransportError::kBadRequest, head_.request_id, ec.message()),
          true);
    }

    const auto& req = header_parser_->get();
    if (!body_framed(req)) {  // RFC 9112 6.3: 400 and close
      return send(transport_error_response(TransportError::kBadRequest, head_.request_id,
                                           "Transfer-Encoding: only chunked is taken"),
                  true);
    }
    const std::string_view target = req.target();
    const auto question = target.find('?');
    // Everything taken from the request is made valid UTF-8 here, once: it is
    // logged, audited and echoed, and a stray byte must not throw there.
    head_.method = escape_invalid_utf8(req.method_string());
    head_.path = escape_invalid_utf8(target.substr(0, question));
    if (question != std::string_view::npos) {
      head_.query = escape_invalid_utf8(target.substr(question + 1));
    }
    for (const auto& field : req) {
      head_.headers.emplace_back(escape_invalid_utf8(field.name_string()),
                                 escape_invalid_utf8(field.value()));
    }
    head_.request_id = make_request_id(head_.header("X-Request-Id"));
    head_.client_certificate = client_certificate_;
    head_.has_body = !header_parser_->is_done();
    keep_alive_ = req.keep_alive();
    // Answered in the request's version: an HTTP/1.0 client keeps the
    // connection only when told "Connection: keep-alive".
    version_ = req.version() == 10 ? 10 : 11;

    Admission admission = admit();
    route_ = admission.route;
    user_ = std::move(admission.user);
    if (admission.answer) return send(std::move(*admission.answer), head_.has_body);
    complete_ = std::move(admission.complete);
    quick_ = admission.quick;
    on_body_start_ = std::move(admission.on_body_start);
    if (!head_.has_body) return finish_request(nullptr);
    body_limit_ = std::min(admission.max_body.value_or(env_.limits.max_body_bytes),
                           env_.limits.max_body_bytes);
    if (const auto length = header_parser_->content_length(); length && *length > body_limit_) {
      return send(transport_error_response(TransportError::kBodyTooLarge, head_.request_id), true);
    }
    start_body();
  }

  // The application decides on the header; whatever it throws is this
  // request's 500, never the I/O thread's end.
  Admission admit() {
    try {
      return env_.app.admit(head_);
    } catch (const std::exception& e) {
      env_.log.error("admission_failed", {{"request_id", head_.request_id}, {"detail", e.what()}});
    } catch (...) {
      env_.log.error("admission_failed", {{"request_id", head_.request_id}, {"detail", "unknown"}});
    }
    return Admission{
        "unmatched", transport_error_response(TransportError::kInternal, head_.request_id), {}};
  }

  // gzip where the listener takes it; anything else but identity is refused
  // (the body is not read: the connection closes after the answer).
  enum class Encoding { kIdentity, kGzip, kUnsupported };
  Encoding body_encoding() const {
    const auto value = head_.header("Content-Encoding");
    if (!value || value->empty() || beast::iequals(*value, "identity")) return Encoding::kIdentity;
    if ((beast::iequals(*value, "gzip") || beast::iequals(*value, "x-gzip")) &&
        env_.limits.spool_body && env_.limits.max_gzip_ratio > 0) {
      return Encoding::kGzip;
    }
    return Encoding::kUnsupported;
  }

  void start_body() {
    const Encoding encoding = body_encoding();
    if (encoding == Encoding::kUnsupported) {
      return send(transport_error_response(TransportError::kUnsupportedEncoding, head_.request_id),
                  true);
    }
    if (!env_.limits.spool_body) return read_body_to_memory();
    auto spool = ScratchFile::create(env_.spool_dir, "body-");
    if (!spool) return spool_failed(spool.error().message);
    spool_.emplace(std::move(*spool));
    body_timed_out_ = false;
    body_parser_.emplace(std::move(*header_parser_));
    body_parser_->body_limit(body_limit_);
    beast::error_code ec;
    body_parser_->get().body().open(spool_->path(), ec);
    if (ec) return spool_failed(ec.message());
    if (encoding == Encoding::kGzip) {
      body_parser_->get().body().inflate_gzip(body_limit_, env_.limits.max_gzip_ratio);
    }
    hasher_ = SpoolHasher::open(spool_->path(), env_.work);  // null: the handler hashes
    gzip_length_ = 0;
    gzip_taken_ = 0;
    length_unknown_ = false;
    // Early validation needs the size the spool will have: a plain body's is
    // its length; a gzip body's is estimated once some of it is inflated; a
    // body without a length (chunked) is handed over once it has enough
    // bytes for the reader to estimate it from them.
    if (on_body_start_) {
      const auto length = body_parser_->content_length();
      if (length && encoding == Encoding::kIdentity) {
        growing_ = std::make_shared<GrowingBody>(spool_->path(), *length);
        on_body_start_(growing_);
      } else if (length) {
        gzip_length_ = *length;
      } else {
        length_unknown_ = true;
      }
    }
    // Part of the body may have come with the header.
    go_ahead(Clock::now() + env_.limits.write_timeout, &ApiSession::drain_body);
  }

  // Clients that sent "Expect: 100-continue" wait for our go-ahead before the
  // body; refusals never get here, so they are answered without the body.
  // Then (or at once, without the header) `read_body` starts on the body.
  void go_ahead(Clock::time_point deadline, void (ApiSession::*read_body)()) {
    const auto expect = head_.header("Expect");
    if (!expect || !beast::iequals(*expect, "100-continue")) return (this->*read_body)();
    after_continue_ = read_body;
    beast::get_lowest_layer(stream_).expires_at(deadline);
    write(bhttp::response<bhttp::empty_body>(bhttp::status::continue_, 11), Written::kContinue);
  }

  // Every write of the session is one kind of asynchronous operation: a
  // message_generator and one handler. Each further kind (another body type,
  // another handler type) instantiates Beast's whole write over TLS again,
  // which cost this file ~40 s of compile time apiece under the sanitizers.
  enum class Written { kContinue, kKeepAlive, kClose };

  void write(bhttp::message_generator message, Written what) {
    beast::async_write(
        stream_, std::move(message),
        beast::bind_front_handler(&ApiSession::on_written, shared_from_this(), what));
  }

  void on_written(Written what, beast::error_code ec, std::size_t) {
    if (what != Written::kContinue) return on_response_written(what == Written::kKeepAlive, ec);
    if (ec) return log_dropped("continue_write_failed");
    (this->*after_continue_)();
  }

  // The body is read in bursts: take everything already there with non-blocking
  // reads (many TLS records per wake-up), then wait until the socket is
  // readable again. One asynchronous read (and one write(2)) per 16 KiB record
  // cost a 70 MB upload 0.39 s; this and SpoolBody take 0.14 s.
  void wait_for_body() {
    const auto silence_limit = Clock::now() + env_.limits.read_timeout;
    body_timer_.expires_at(std::min(silence_limit, request_deadline_));
    body_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;  // cancelled: the socket became readable first
      self->body_timed_out_ = true;
      beast::get_lowest_layer(self->stream_).socket().cancel();
    });
    beast::get_lowest_layer(stream_).socket().async_wait(
        tcp::socket::wait_read,
        [self = shared_from_this()](beast::error_code ec) { self->on_readable(ec); });
  }

  void on_readable(beast::error_code ec) {
    body_timer_.cancel();
    if (body_timed_out_) {
      log_dropped(Clock::now() >= request_deadline_ ? "request_timeout" : "read_timeout");
      return;  // a stalled client is dropped without an answer
    }
    if (ec) return log_dropped("body_read_failed");
    drain_body();
  }

  // Reads what has arrived (or is still buffered by TLS) without blocking.
  // At most kBurstBytes at a time, so that other connections on this thread
  // get their turn.
  void drain_body() {
    if (Clock::now() >= request_deadline_) return log_dropped("request_timeout");
    auto& socket = beast::get_lowest_layer(stream_).socket();
    beast::error_code ec;
    socket.non_blocking(true, ec);
    std::size_t taken = 0;
    // A gzip body's inflated bytes are the work: they count against the burst too.
    const std::uint64_t spooled_before = body_parser_->get().body().written();
    while (!ec && !body_parser_->is_done() && taken < kBurstBytes &&
           body_parser_->get().body().written() - spooled_before < kBurstBytes) {
      taken += bhttp::read_some(stream_, buffer_, *body_parser_, ec);
    }
    beast::error_code ignored;
    socket.non_blocking(false, ignored);
    env_.observer.bytes_received(taken);
    if (!ec && body_parser_->is_done()) body_parser_->get().body().close(ec);
    if (hasher_) hasher_->written(body_parser_->get().body().written());
    if ((!ec || ec == net::error::would_block) && !body_parser_->is_done()) {
      if (gzip_length_ != 0) estimate_gzip_body(taken);
      if (length_unknown_) start_body_of_unknown_length();
    }
    if (growing_) {
      growing_->written(body_parser_->get().body().written());
      if (!ec && body_parser_->is_done()) growing_->complete();
    }
    if (ec == net::error::would_block) return wait_for_body();
    // A body refused while it arrives is gone before the refusal leaves: the
    // client that reads the answer finds nothing of it kept.
    if (ec == bhttp::error::body_limit) {
      drop_body();
      return send(transport_error_response(TransportError::kBodyTooLarge, head_.request_id), true);
    }
    if (ec && body_parser_->get().body().write_failed()) return spool_failed(ec.message());
    if (ec && body_parser_->get().body().bad_encoding()) {
      drop_body();
      return send(transport_error_response(TransportError::kBadEncoding, head_.request_id), true);
    }
    if (is_framing_error(ec)) return bad_framing(ec);
    if (ec) return log_dropped("body_read_failed");
    if (!body_parser_->is_done()) {
      return net::post(stream_.get_executor(), [self = shared_from_this()] { self->drain_body(); });
    }
    body_received_ = Clock::now();
    received_ = ReceivedBody{spool_->path(), {}, {}};
    if (!hasher_) return finish_request(&received_);
    // The handler runs once the last of the body is hashed, on a handler
    // thread of its user's (not on the hashing strand: that would pass the share).
    hasher_->finish([self = shared_from_this(), connection = watch_connection(),
                     guard = net::make_work_guard(stream_.get_executor())](std::string sha256) {
      self->received_.sha256 = std::move(sha256);
      self->hand_to_handler(&self->received_, connection);
    });
  }

  // A gzip body's inflated size, from the ratio of what has come so far,
  // once that is enough to go by: the early validation plans its chunks from
  // it, and reads to the real end whatever it turns out to be.
  void estimate_gzip_body(std::size_t taken) {
    gzip_taken_ += taken;
    const SpoolBody::value_type& body = body_parser_->get().body();
    if (body.written() < kEstimateAfter || gzip_taken_ == 0) return;
    // What was inflated from the compressed bytes so far, whether in the file yet or not.
    const double ratio = static_cast<double>(body.received()) / static_cast<double>(gzip_taken_);
    const auto expected = std::min<std::uint64_t>(
        static_cast<std::uint64_t>(static_cast<double>(gzip_length_) * ratio), body_limit_);
    gzip_length_ = 0;  // estimated once
    hand_over(std::max(expected, body.received()));
  }

  // A body sent without a length, once it has enough on disk for the reader
  // to estimate its size from (GrowingBody::expected_size); a smaller one
  // is never handed over (nothing to gain from starting early).
  void start_body_of_unknown_length() {
    const SpoolBody::value_type& body = body_parser_->get().body();
    if (body.written() < kEstimateAfter) return;
    length_unknown_ = false;
    hand_over(std::nullopt);
  }

  // Tells on_body_start_ of a body already partly on disk.
  void hand_over(std::optional<std::uint64_t> expected_size) {
    growing_ = std::make_shared<GrowingBody>(spool_->path(), expected_size);
    on_body_start_(growing_);
    growing_->written(body_parser_->get().body().written());
  }

  // A small body, read whole into memory within what is left of the
  // request's deadline (a client dribbling bytes gets no more time).
  void read_body_to_memory() {
    memory_parser_.emplace(std::move(*header_parser_));
    memory_parser_->body_limit(body_limit_);
    go_ahead(request_deadline_, &ApiSession::read_memory_body);
  }

  void read_memory_body() {
    beast::get_lowest_layer(stream_).expires_at(request_deadline_);
    bhttp::async_read(stream_, buffer_, *memory_parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                        self->on_memory_body(ec, bytes);
                      });
  }

  void on_memory_body(beast::error_code ec, std::size_t bytes) {
    env_.observer.bytes_received(bytes);
    if (ec == bhttp::error::body_limit) {
      return send(transport_error_response(TransportError::kBodyTooLarge, head_.request_id), true);
    }
    if (ec == beast::error::timeout) return log_dropped("request_timeout");
    if (is_framing_error(ec)) return bad_framing(ec);
    if (ec) return log_dropped("body_read_failed");
    body_received_ = Clock::now();
    received_ = ReceivedBody{{}, {}, std::move(memory_parser_->get().body())};
    memory_parser_.reset();
    finish_request(&received_);
  }

  // The body's framing is broken (a chunk size that is no number, a bad
  // chunk extension...): the client is told so, and the connection closes,
  // since where the next request would begin is unknown.
  void bad_framing(const beast::error_code& ec) {
    send(transport_error_response(TransportError::kBadRequest, head_.request_id,
                                  "malformed request body: " + ec.message()),
         true);
  }

  void spool_failed(const std::string& detail) {
    env_.log.error("spool_failed", {{"request_id", head_.request_id}, {"detail", detail}});
    send(transport_error_response(TransportError::kSpoolUnavailable, head_.request_id), true);
  }

  void finish_request(const ReceivedBody* body) {
    if (env_.work == nullptr || quick_) return send(run_handler(body), false);
    hand_to_handler(body, watch_connection());
  }

  // Runs the handler on the handler pool, in its user's turn when the pool
  // is shared out (without a pool: here). From any thread: only what is
  // fixed by now is read.
  void hand_to_handler(const ReceivedBody* body, std::shared_ptr<FileDescriptor> connection) {
    if (env_.work == nullptr) return answer_unless_gone(*connection, body);
    // The guard keeps the I/O context running while the handler works elsewhere.
    auto task = [self = shared_from_this(), body, connection = std::move(connection),
                 guard = net::make_work_guard(stream_.get_executor())] {
      if (self->env_.abandoned != nullptr && self->env_.abandoned->load()) {
        self->env_.log.info("request_dropped", {{"request_id", self->head_.request_id},
                                                {"listener", self->env_.listener},
                                                {"reason", "shutdown"}});
        return;
      }
      self->answer_unless_gone(*connection, body);
    };
    if (env_.share != nullptr) {
      env_.share->post(user_, std::move(task));
    } else {
      net::post(*env_.work, std::move(task));
    }
  }

  // The connection's own descriptor, to see from a handler thread whether the
  // client is still there: the session may close its socket meanwhile
  // (shutdown), and the number could then name another connection.
  std::shared_ptr<FileDescriptor> watch_connection() {
    return std::make_shared<FileDescriptor>(
        ::fcntl(beast::get_lowest_layer(stream_).socket().native_handle(), F_DUPFD_CLOEXEC, 0));
  }

  // On a handler thread. A client gone while its request waited for the
  // thread would read no answer, and the work (a decision, a year of
  // statements) would only keep others waiting: it is not run.
  void answer_unless_gone(FileDescriptor& connection, const ReceivedBody* body) {
    if (peer_has_gone(connection)) {
      return net::dispatch(stream_.get_executor(),
                           [self = shared_from_this()] { self->client_left(); });
    }
    connection.close();
    respond(handle(body));
  }

  // The client left before its request's handler ran (on a handler thread,
  // which it waited for): counted and logged as 499 (nginx's "client closed
  // request"), and the connection ends.
  void client_left() {
    status_ = kClientClosedRequest;
    const auto elapsed = Clock::now() - started_;
    env_.observer.request_finished(route_, status_, elapsed);
    LogFields fields = request_fields();
    fields["reason"] = "client_gone";
    env_.log.info("request_dropped", fields);
    drop_body();
    // What the route's handler holds (an upload's early validation, whose
    // end may wait for its thread; the request's places) ends on the handler
    // pool, not here, when there is one (without, handlers run here anyway).
    auto handler = std::exchange(complete_, nullptr);
    auto start = std::exchange(on_body_start_, nullptr);
    if (env_.work != nullptr) {
      net::post(*env_.work, [handler = std::move(handler), start = std::move(start)] {});
    }
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().close(ignored);
  }

  // On a handler thread, never the I/O thread: an answer leaves
  // gzip-compressed when the client takes gzip; one from disk (a 100 MB
  // statement shrinks to a few) is written to a file beside it as it is read.
  Response pack(Response response) const {
    if (response.body_file.empty()) {
      compress(response);
      return response;
    }
    if (!accepts_gzip(head_.header("Accept-Encoding"))) return response;
    for (const auto& [name, value] : response.headers) {
      if (beast::iequals(name, "Content-Encoding")) return response;
    }
    std::filesystem::path packed = response.body_file;
    packed += ".gz";
    if (!gzip_file(response.body_file, packed)) return response;
    std::error_code ignored;
    std::filesystem::remove(response.body_file, ignored);
    response.body_file = std::move(packed);
    response.headers.emplace_back("Content-Encoding", "gzip");
    response.headers.emplace_back("Vary", "Accept-Encoding");
    return response;
  }

  // From a handler thread: the answer is written on the session's strand.
  void respond(Response response) {
    net::dispatch(stream_.get_executor(),
                  [self = shared_from_this(), response = std::move(response)]() mutable {
                    self->send(std::move(response), false);
                  });
  }

  // On a handler thread: the handler and the packing of its answer, what
  // holds the thread (told to the observer).
  Response handle(const ReceivedBody* body) {
    std::optional<HandlerRun> running;
    if (env_.counts_handlers) running.emplace(env_.observer);
    return pack(run_handler(body));
  }

  Response run_handler(const ReceivedBody* body) {
    try {
      return complete_ ? complete_(body)
                       : transport_error_response(TransportError::kInternal, head_.request_id,
                                                  "no handler");
    } catch (const std::exception& e) {
      // The last line of defence: a handler must not take the server down.
      env_.log.error("handler_failed", {{"request_id", head_.request_id}, {"detail", e.what()}});
    } catch (...) {
      env_.log.error("handler_failed", {{"request_id", head_.request_id}, {"detail", "unknown"}});
    }
    return transport_error_response(TransportError::kInternal, head_.request_id);
  }

  void send(Response response, bool close_after) {
    status_ = response.status;
    held_until_sent_ = std::move(response.held_until_sent);
    const bool keep = keep_alive_ && !close_after && !draining_;
    if (!response.body_file.empty()) return send_file(std::move(response), keep);
    bhttp::response<bhttp::string_body> message(static_cast<bhttp::status>(response.status),
                                                version_);
    // Answers from handler threads were compressed there (pack); this
    // thread compresses only what stays small, not to stall its connections.
    if (response.body.size() <= kCompressOnIoThread) compress(response);
    decorate(message, response, keep);
    message.body() = std::move(response.body);
    message.prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(env_.limits.write_timeout);
    write(std::move(message), keep ? Written::kKeepAlive : Written::kClose);
  }

  // An answer of some size leaves gzip-compressed when the client takes it.
  void compress(Response& response) const {
    if (response.body.size() < kCompressFrom) return;
    if (!accepts_gzip(head_.header("Accept-Encoding"))) return;
    for (const auto& [name, value] : response.headers) {
      if (beast::iequals(name, "Content-Encoding")) return;
    }
    auto packed = gzip_text(response.body);
    if (!packed || packed->size() >= response.body.size()) return;
    response.body = std::move(*packed);
    response.headers.emplace_back("Content-Encoding", "gzip");
    response.headers.emplace_back("Vary", "Accept-Encoding");
  }

  template <class Message>
  void decorate(Message& message, const Response& response, bool keep) {
    message.set(bhttp::field::content_type, response.content_type);
    message.set(bhttp::field::cache_control, "no-store");
    message.set("X-Request-Id", head_.request_id);
    for (auto& [name, value] : response.headers) message.set(name, value);
    message.keep_alive(keep);
  }

  // A large body straight from disk. The write deadline is renewed per chunk
  // by a generous overall bound instead: a 100 MB report takes a while.
  void send_file(Response response, bool keep) {
    bhttp::response<bhttp::file_body> message(static_cast<bhttp::status>(response.status),
                                              version_);
    decorate(message, response, keep);
    beast::error_code ec;
    message.body().open(response.body_file.c_str(), beast::file_mode::scan, ec);
    std::error_code ignored;
    std::filesystem::remove(response.body_file, ignored);  // the open file stays readable
    if (ec) {
      return send(transport_error_response(TransportError::kInternal, head_.request_id,
                                           "cannot read the response body"),
                  true);
    }
    message.prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(env_.limits.request_timeout);
    write(std::move(message), keep ? Written::kKeepAlive : Written::kClose);
  }

  // What a request's log line says of it, however it ended.
  LogFields request_fields() const {
    return {{"request_id", head_.request_id},
            {"listener", env_.listener},
            {"method", head_.method},
            {"route", route_},
            {"status", status_},
            {"peer", peer_address_},
            {"user", user_}};
  }

  void on_response_written(bool keep, beast::error_code ec) {
    held_until_sent_.reset();
    const auto elapsed = Clock::now() - started_;
    env_.observer.request_finished(route_, status_, elapsed);
    LogFields fields = request_fields();
    fields["certificate_serial"] = client_certificate_ ? client_certificate_->serial : "";
    fields["duration_ms"] = std::chrono::duration<double, std::milli>(elapsed).count();
    fields["body_ms"] =
        spool_ ? std::chrono::duration<double, std::milli>(body_received_ - started_).count() : 0.0;
    env_.log.info("request", fields);
    drop_body();
    if (ec || !keep) return shutdown();
    read_header(env_.limits.idle_timeout);
  }

  // The request's body is done with: its spool file goes, and work still
  // following it (GrowingBody) is released, not left waiting for more.
  void drop_body() {
    memory_parser_.reset();
    received_ = ReceivedBody{};
    spool_.reset();
    hasher_.reset();
    if (growing_) growing_->abandon();
    growing_.reset();
  }

  // Ends the connection without losing what was sent: TLS close_notify, then
  // only our sending side, then what the client still sends is read and
  // dropped until it closes (or kLinger passes). Closing with its bytes
  // unread would make the kernel reset the connection, and the client could
  // lose the answer it has not read yet, e.g. a 413 sent while it still
  // uploads the body.
  void shutdown() {
    // The response is written by now; the close_notify exchange is short.
    beast::get_lowest_layer(stream_).expires_after(kLinger);
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) {
      // stream_truncated or a timeout here only means the peer left first.
      beast::error_code ignored;
      beast::get_lowest_layer(self->stream_).socket().shutdown(tcp::socket::shutdown_send, ignored);
      self->linger(Clock::now() + kLinger);
    });
  }

  void linger(Clock::time_point until) {
    if (!linger_buffer_) linger_buffer_ = std::make_unique<char[]>(kLingerBuffer);
    auto& transport = beast::get_lowest_layer(stream_);
    transport.expires_at(until);
    transport.async_read_some(
        net::buffer(linger_buffer_.get(), kLingerBuffer),
        [self = shared_from_this(), until](beast::error_code ec, std::size_t) {
          if (!ec) return self->linger(until);
          beast::error_code ignored;
          beast::get_lowest_layer(self->stream_).socket().close(ignored);
        });
  }

  void log_dropped(std::string_view reason) {
    env_.log.info("connection_dropped", {{"request_id", head_.request_id},
                                         {"listener", env_.listener},
                                         {"peer", peer_address_},
                                         {"reason", reason}});
  }

  std::string presented_serial() const { return presented_ ? presented_->serial : ""; }

  ApiSessionEnv& env_;
  ConnectionTracker::Slot slot_;
  beast::ssl_stream<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
  std::string peer_address_;
  std::optional<pki::CertificateInfo> client_certificate_;
  std::optional<pki::CertificateInfo> presented_;  // noted during the handshake
  std::string user_;                               // who the application says asked
  std::optional<bhttp::request_parser<bhttp::empty_body>> header_parser_;
  std::optional<bhttp::request_parser<SpoolBody>> body_parser_;
  std::optional<bhttp::request_parser<bhttp::string_body>> memory_parser_;
  std::optional<ScratchFile> spool_;
  std::shared_ptr<SpoolHasher> hasher_;
  std::shared_ptr<GrowingBody> growing_;  // set when on_body_start_ was told
  std::uint64_t gzip_length_ = 0;         // a gzip body's Content-Length, until estimated
  bool length_unknown_ = false;           // a body without a length, not yet handed over
  std::uint64_t gzip_taken_ = 0;          // its compressed bytes read so far
  ReceivedBody received_;
  void (ApiSession::*after_continue_)() = nullptr;  // what the 100 Continue goes ahead with
  RequestHead head_;
  BodyHandler complete_;
  bool quick_ = false;            // complete_ runs on this thread (Admission::quick)
  std::uint64_t body_limit_ = 0;  // this request's: Admission::max_body within the listener's
  BodyStart on_body_start_;
  std::string route_ = "unmatched";
  unsigned status_ = 0;
  std::shared_ptr<void> held_until_sent_;  // the answer being written: Response::held_until_sent
  bool keep_alive_ = false;
  unsigned version_ = 11;  // of the request being answered
  bool awaiting_request_ = false;
  bool draining_ = false;
  Clock::time_point started_{};
  Clock::time_point body_received_{};  // when a spooled body was complete
  Clock::time_point request_deadline_{};
  net::steady_timer body_timer_{stream_.get_executor()};  // deadline while the body arrives
  bool body_timed_out_ = false;
  static constexpr std::size_t kBurstBytes = std::size_t{4} << 20;
  static constexpr std::size_t kCompressOnIoThread = 64 * 1024;
  // What the read buffer may hold beyond a header: the parser takes body
  // bytes out as they come, so only an unfinished chunk line or trailer
  // stays in it. Without a cap, a chunk extension or trailer that never ends
  // grew it for as long as the request's deadline allowed (Beast's header
  // and body limits count neither); now it ends as broken framing.
  static constexpr std::size_t kReadAhead = 64 * 1024;
  // Bytes spooled before a body's size is estimated: a gzip body's from its
  // ratio, that of a body without a length by the reader from its content
  // (the spool writes in pieces of 1 MiB: the first of them).
  static constexpr std::uint64_t kEstimateAfter = std::uint64_t{1} << 20;
  // How long a closing connection reads and drops what the client still sends.
  static constexpr std::chrono::seconds kLinger{2};
  static constexpr std::size_t kLingerBuffer = 16 * 1024;
  std::unique_ptr<char[]> linger_buffer_;
};

}  // namespace

SessionLimits api_session_limits(const LimitsConfig& l) {
  return {l.max_header_bytes, l.max_body_bytes, l.handshake_timeout, l.read_timeout,
          l.request_timeout,  l.write_timeout,  l.idle_timeout,      true,
          l.max_gzip_ratio};
}

// Nobody is authenticated on the activation listener: small bodies in
// memory, a short deadline for the whole request.
SessionLimits activation_session_limits(const GatewayConfig& c) {
  const auto& l = c.limits;
  return {l.max_header_bytes,
          c.activation.max_body_bytes,
          l.handshake_timeout,
          std::min(l.read_timeout, c.activation.request_timeout),
          c.activation.request_timeout,
          l.write_timeout,
          c.activation.idle_timeout,
          false,
          0};
}

SessionLimits console_session_limits(const GatewayConfig& c) {
  const auto& l = c.limits;
  return {l.max_header_bytes,
          64 * 1024,
          l.handshake_timeout,
          l.read_timeout,
          std::chrono::milliseconds(30'000),
          l.write_timeout,
          l.idle_timeout,
          false,
          0};
}

namespace {

void refuse_connection(tcp::socket& socket, ApiSessionEnv& env, std::string_view reason) {
  env.observer.connection_refused(env.listener, reason);
  // Linger 0: the refused connection leaves no TIME_WAIT state behind.
  boost::system::error_code ec;
  socket.set_option(net::socket_base::linger(true, 0), ec);
  socket.close(ec);
}

void run_session(tcp::socket socket, ApiSessionEnv& env, ConnectionTracker::Slot slot,
                 std::string peer) {
  // Small answers go out at once: with Nagle's algorithm a response waited
  // for the client's delayed ACK of the previous segment (about 40 ms).
  boost::system::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  std::make_shared<ApiSession>(std::move(socket), env, std::move(slot), std::move(peer))->run();
}

}  // namespace

void start_api_session(tcp::socket socket, ApiSessionEnv& env) {
  boost::system::error_code ec;
  const auto remote = socket.remote_endpoint(ec);
  if (ec) return;  // gone already; the socket closes here
  std::string peer = remote.address().to_string();
  if (!env.is_balancer || !env.is_balancer(peer)) {
    auto slot = env.tracker.try_open(peer);
    if (!slot) return refuse_connection(socket, env, refusal_label(slot.error()));
    run_session(std::move(socket), env, std::move(*slot), std::move(peer));
    return;
  }
  // A balancer's connection holds a place while its header is read, then
  // counts against the client it names.
  auto slot = env.tracker.try_open_from_balancer(peer);
  if (!slot) return refuse_connection(socket, env, refusal_label(slot.error()));
  auto held = std::make_shared<ConnectionTracker::Slot>(std::move(*slot));
  read_proxy_header(
      std::move(socket), env.limits.handshake_timeout,
      [&env, held, balancer = std::move(peer)](tcp::socket s, Result<ProxyHeader> header) {
        if (!header) {
          env.log.info("proxy_header_refused", {{"listener", env.listener},
                                                {"balancer", balancer},
                                                {"detail", header.error().message}});
          return refuse_connection(s, env, "proxy_header");
        }
        // LOCAL (the balancer's own check): the balancer is the peer.
        std::string client = header->source_address.value_or(balancer);
        if (auto moved = held->readdress(client); !moved) {
          return refuse_connection(s, env, refusal_label(moved.error()));
        }
        run_session(std::move(s), env, std::move(*held), std::move(client));
      });
}

}  // namespace gw::http
