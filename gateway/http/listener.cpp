#include "http/listener.h"

#include <fmt/format.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>

namespace gw::http {

namespace net = boost::asio;
using tcp = net::ip::tcp;

Listener::Listener(net::io_context& io, ConnectionHandler on_connection)
    : Listener(io, {}, std::move(on_connection)) {}

Listener::Listener(net::io_context& io, std::vector<net::io_context*> session_contexts,
                   ConnectionHandler on_connection)
    : io_(io),
      session_contexts_(std::move(session_contexts)),
      acceptor_(net::make_strand(io)),
      on_connection_(std::move(on_connection)) {}

Result<std::uint16_t> Listener::listen(const Endpoint& endpoint) {
  boost::system::error_code ec;
  const std::string host = endpoint.host == "localhost" ? "127.0.0.1" : endpoint.host;
  const auto address = net::ip::make_address(host, ec);
  if (ec) return fail(ErrorCode::kConfig, fmt::format("'{}' is not an IP address", endpoint.host));
  const tcp::endpoint where(address, endpoint.port);
  acceptor_.open(where.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(where, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return fail(ErrorCode::kIo,
                fmt::format("cannot listen on {}:{}: {}", host, endpoint.port, ec.message()));
  }
  return acceptor_.local_endpoint().port();
}

void Listener::start() { do_accept(); }

void Listener::stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void Listener::do_accept() {
  auto on_accept = [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !self->acceptor_.is_open()) return;
    if (!ec) self->on_connection_(std::move(socket));
    self->do_accept();
  };
  if (session_contexts_.empty()) return acceptor_.async_accept(net::make_strand(io_), on_accept);
  // Completions of the acceptor run one at a time (its strand): no race on the turn.
  net::io_context& next = *session_contexts_[next_context_];
  next_context_ = (next_context_ + 1) % session_contexts_.size();
  acceptor_.async_accept(next, on_accept);
}

}  // namespace gw::http
