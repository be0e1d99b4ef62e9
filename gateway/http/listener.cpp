#include "http/listener.h"

#include <fmt/format.h>
#include <sys/socket.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

namespace gw::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using reuse_port = net::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

Listener::Listener(net::io_context& io, ConnectionHandler on_connection, Runners runners)
    : io_(io),
      runners_(runners),
      acceptor_(net::make_strand(io)),
      retry_(acceptor_.get_executor()),
      on_connection_(std::move(on_connection)) {}

Result<std::uint16_t> Listener::listen(const Endpoint& endpoint, bool share_port) {
  boost::system::error_code ec;
  const std::string host = endpoint.host == "localhost" ? "127.0.0.1" : endpoint.host;
  const auto address = net::ip::make_address(host, ec);
  if (ec) return fail(ErrorCode::kConfig, fmt::format("'{}' is not an IP address", endpoint.host));
  const tcp::endpoint where(address, endpoint.port);
  acceptor_.open(where.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec && share_port) acceptor_.set_option(reuse_port(true), ec);
  if (!ec) acceptor_.bind(where, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return fail(ErrorCode::kIo,
                fmt::format("cannot listen on {}:{}: {}", host, endpoint.port, ec.message()));
  }
  return acceptor_.local_endpoint().port();
}

namespace {
constexpr std::chrono::milliseconds kRetryAfterFailedAccept{100};
}  // namespace

void Listener::start() { do_accept(); }

void Listener::stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
    self->retry_.cancel();
  });
}

void Listener::do_accept() {
  auto on_accept = [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !self->acceptor_.is_open()) return;
    if (ec) {
      self->retry_.expires_after(kRetryAfterFailedAccept);
      self->retry_.async_wait([self](boost::system::error_code waited) {
        if (!waited && self->acceptor_.is_open()) self->do_accept();
      });
      return;
    }
    self->on_connection_(std::move(socket));
    self->do_accept();
  };
  if (runners_ == Runners::kManyThreads) {
    return acceptor_.async_accept(net::make_strand(io_), on_accept);
  }
  acceptor_.async_accept(io_, on_accept);  // one thread runs io_: no strand needed
}

}  // namespace gw::http
