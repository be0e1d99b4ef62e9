// Accepts TCP connections on one endpoint and hands each socket to a
// connection handler. Two ways:
// - on one I/O context, which any number of threads may run: one acceptor,
//   each connection on its own strand;
// - on several I/O contexts, each run by one thread: an acceptor per context,
//   all bound to the same port (SO_REUSEPORT, the kernel spreads connections
//   over them), each connection staying on the context that accepted it. No
//   strand, no hand-over between threads, no scheduler shared by all.
// Stops when stop() is called.
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
  // `io` (or every context) must outlive the listener.
  Listener(boost::asio::io_context& io, ConnectionHandler on_connection);
  Listener(const std::vector<boost::asio::io_context*>& one_thread_each,
           ConnectionHandler on_connection);

  // Binds and listens; returns the bound port (useful when the config says 0).
  Result<std::uint16_t> listen(const Endpoint& endpoint);
  void start();
  // Closes the acceptors; already accepted connections carry on.
  void stop();

 private:
  void do_accept(std::size_t index);

  boost::asio::io_context* shared_io_ = nullptr;  // set: sessions on strands of it
  std::vector<boost::asio::ip::tcp::acceptor> acceptors_;
  ConnectionHandler on_connection_;
};

}  // namespace gw::http
