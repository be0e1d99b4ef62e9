// Accepts TCP connections on one endpoint and hands each socket to a
// connection handler: on its own strand of the listener's context, or, given
// I/O contexts each run by one thread, bound to the next of them in turn (a
// connection then stays on one thread: no strand, no hand-over between
// threads, no scheduler shared by all). Stops when stop() is called.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>
#include <vector>

#include "config/gateway_config.h"
#include "core/result.h"

namespace gw::http {

using ConnectionHandler = std::function<void(boost::asio::ip::tcp::socket)>;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(boost::asio::io_context& io, ConnectionHandler on_connection);
  // `io` and every context in `session_contexts` must outlive the listener.
  Listener(boost::asio::io_context& io, std::vector<boost::asio::io_context*> session_contexts,
           ConnectionHandler on_connection);

  // Binds and listens; returns the bound port (useful when the config says 0).
  Result<std::uint16_t> listen(const Endpoint& endpoint);
  void start();
  // Closes the acceptor; already accepted connections carry on.
  void stop();

 private:
  void do_accept();

  boost::asio::io_context& io_;
  std::vector<boost::asio::io_context*> session_contexts_;  // empty: strands of io_
  std::size_t next_context_ = 0;
  boost::asio::ip::tcp::acceptor acceptor_;
  ConnectionHandler on_connection_;
};

}  // namespace gw::http
