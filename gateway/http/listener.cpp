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

Listener::Listener(net::io_context& io, ConnectionHandler on_connection)
    : shared_io_(&io), on_connection_(std::move(on_connection)) {
  acceptors_.emplace_back(net::make_strand(io));
}

Listener::Listener(const std::vector<net::io_context*>& one_thread_each,
                   ConnectionHandler on_connection)
    : on_connection_(std::move(on_connection)) {
  acceptors_.reserve(one_thread_each.size());
  for (net::io_context* context : one_thread_each) acceptors_.emplace_back(*context);
}

Result<std::uint16_t> Listener::listen(const Endpoint& endpoint) {
  boost::system::error_code ec;
  const std::string host = endpoint.host == "localhost" ? "127.0.0.1" : endpoint.host;
  const auto address = net::ip::make_address(host, ec);
  if (ec) return fail(ErrorCode::kConfig, fmt::format("'{}' is not an IP address", endpoint.host));
  tcp::endpoint where(address, endpoint.port);
  for (auto& acceptor : acceptors_) {
    acceptor.open(where.protocol(), ec);
    if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec && acceptors_.size() > 1) acceptor.set_option(reuse_port(true), ec);
    if (!ec) acceptor.bind(where, ec);
    if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      return fail(ErrorCode::kIo,
                  fmt::format("cannot listen on {}:{}: {}", host, endpoint.port, ec.message()));
    }
    // The others join the port the first was given (the config may say 0).
    where.port(acceptor.local_endpoint().port());
  }
  return where.port();
}

void Listener::start() {
  for (std::size_t i = 0; i < acceptors_.size(); ++i) do_accept(i);
}

void Listener::stop() {
  for (std::size_t i = 0; i < acceptors_.size(); ++i) {
    net::post(acceptors_[i].get_executor(), [self = shared_from_this(), i] {
      boost::system::error_code ignored;
      self->acceptors_[i].close(ignored);
    });
  }
}

void Listener::do_accept(std::size_t index) {
  auto on_accept = [self = shared_from_this(), index](boost::system::error_code ec,
                                                      tcp::socket socket) {
    if (ec == net::error::operation_aborted || !self->acceptors_[index].is_open()) return;
    if (!ec) self->on_connection_(std::move(socket));
    self->do_accept(index);
  };
  auto& acceptor = acceptors_[index];
  if (shared_io_ != nullptr) return acceptor.async_accept(net::make_strand(*shared_io_), on_accept);
  acceptor.async_accept(on_accept);  // the socket on the acceptor's own context
}

}  // namespace gw::http
