#include "http/proxy_header_reader.h"

#include <array>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

namespace gw::http {
namespace {

namespace net = boost::asio;

class ProxyHeaderRead : public std::enable_shared_from_this<ProxyHeaderRead> {
 public:
  ProxyHeaderRead(net::ip::tcp::socket socket, ProxyHeaderDone done)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), done_(std::move(done)) {}

  void start(std::chrono::milliseconds deadline) {
    timer_.expires_after(deadline);
    // The handlers run on the socket's executor (a strand where there are
    // several threads): a read that completed just before the deadline still
    // sees the flag, and the socket may already have been handed on (no throw).
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec) return;
      self->timed_out_ = true;
      boost::system::error_code ignored;
      self->socket_.cancel(ignored);
    });
    net::async_read(socket_, net::buffer(bytes_.data(), kProxyHeaderFixedBytes),
                    [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                      self->on_fixed(ec);
                    });
  }

 private:
  void on_fixed(boost::system::error_code ec) {
    if (timed_out_) return finish(fail(ErrorCode::kIo, "no PROXY protocol header in time"));
    if (ec) return finish(fail(ErrorCode::kIo, "no PROXY protocol header: " + ec.message()));
    auto remaining = proxy_header_remaining(std::span(bytes_.data(), kProxyHeaderFixedBytes));
    if (!remaining) return finish(tl::unexpected(remaining.error()));
    length_ = kProxyHeaderFixedBytes + *remaining;
    net::async_read(socket_, net::buffer(bytes_.data() + kProxyHeaderFixedBytes, *remaining),
                    [self = shared_from_this()](boost::system::error_code read_ec, std::size_t) {
                      self->on_rest(read_ec);
                    });
  }

  void on_rest(boost::system::error_code ec) {
    if (timed_out_) return finish(fail(ErrorCode::kIo, "PROXY protocol header not in time"));
    if (ec) return finish(fail(ErrorCode::kIo, "PROXY protocol header cut short: " + ec.message()));
    finish(parse_proxy_header(std::span(bytes_.data(), length_)));
  }

  void finish(Result<ProxyHeader> header) {
    timer_.cancel();
    done_(std::move(socket_), std::move(header));
  }

  net::ip::tcp::socket socket_;
  net::steady_timer timer_;
  ProxyHeaderDone done_;
  std::array<unsigned char, kProxyHeaderFixedBytes + kProxyHeaderMaxRemaining> bytes_{};
  std::size_t length_ = 0;
  bool timed_out_ = false;
};

}  // namespace

void read_proxy_header(net::ip::tcp::socket socket, std::chrono::milliseconds deadline,
                       ProxyHeaderDone done) {
  std::make_shared<ProxyHeaderRead>(std::move(socket), std::move(done))->start(deadline);
}

}  // namespace gw::http
