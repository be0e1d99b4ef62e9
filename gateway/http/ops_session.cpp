#include "http/ops_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>

#include "http/body_framing.h"
#include "http/request_id.h"

namespace gw::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::size_t kMaxOpsRequestBytes = 8 * 1024;

class OpsSession : public std::enable_shared_from_this<OpsSession> {
 public:
  OpsSession(tcp::socket&& socket, const OpsHandler& handler, const LimitsConfig& limits)
      : stream_(std::move(socket)), handler_(handler), limits_(limits) {}

  void run() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

 private:
  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(kMaxOpsRequestBytes));
    parser_->body_limit(kMaxOpsRequestBytes);
    stream_.expires_after(limits_.read_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&OpsSession::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec) return close();
    const auto& req = parser_->get();
    RequestHead head;
    head.method = std::string(req.method_string());
    const std::string_view target = req.target();
    head.path = std::string(target.substr(0, target.find('?')));
    head.request_id = make_request_id(std::nullopt);
    Response answer = handler_(head);
    response_.emplace(static_cast<bhttp::status>(answer.status), 11);
    response_->set(bhttp::field::content_type, answer.content_type);
    response_->body() = std::move(answer.body);
    // An unframed body's bytes would be the next request: answered, then closed.
    response_->keep_alive(req.keep_alive() && body_framed(req));
    response_->prepare_payload();
    stream_.expires_after(limits_.write_timeout);
    bhttp::async_write(stream_, *response_,
                       beast::bind_front_handler(&OpsSession::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    const bool keep = response_->keep_alive();
    response_.reset();
    if (ec || !keep) return close();
    read();
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  }

  beast::tcp_stream stream_;
  // Room for one whole request: a chunk line or trailer that never ends
  // is refused when it fills it, not held until the read's deadline.
  beast::flat_buffer buffer_{2 * kMaxOpsRequestBytes};
  const OpsHandler& handler_;
  const LimitsConfig& limits_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::response<bhttp::string_body>> response_;
};

}  // namespace

void start_ops_session(tcp::socket socket, const OpsHandler& handler, const LimitsConfig& limits) {
  std::make_shared<OpsSession>(std::move(socket), handler, limits)->run();
}

}  // namespace gw::http
