// Accepts TCP connections on one endpoint and hands each socket, on its own
// strand, to a connection handler. Stops when stop() is called.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>

#include "config/gateway_config.h"
#include "core/result.h"

namespace gw::http {

using ConnectionHandler = std::function<void(boost::asio::ip::tcp::socket)>;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(boost::asio::io_context& io, ConnectionHandler on_connection);

  // Binds and listens; returns the bound port (useful when the config says 0).
  Result<std::uint16_t> listen(const Endpoint& endpoint);
  void start();
  // Closes the acceptor; already accepted connections carry on.
  void stop();

 private:
  void do_accept();

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  ConnectionHandler on_connection_;
};

}  // namespace gw::http
