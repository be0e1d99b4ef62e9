// Accepts TCP connections on one endpoint and hands each socket to a
// connection handler. Its context is either run by any number of threads
// (each connection then gets its own strand) or by one thread alone (the
// connection stays on that context: no strand, no hand-over between threads).
// Several one-thread listeners can share a port (SO_REUSEPORT: the kernel
// spreads new connections over them), one per I/O thread. A listener's
// acceptor and its pending handlers all belong to its own context, so it
// goes away with that context. Stops when stop() is called.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>

#include "config/gateway_config.h"
#include "core/result.h"

namespace gw::http {

using ConnectionHandler = std::function<void(boost::asio::ip::tcp::socket)>;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  enum class Runners { kManyThreads, kOneThread };

  // `io` must outlive the listener.
  Listener(boost::asio::io_context& io, ConnectionHandler on_connection,
           Runners runners = Runners::kManyThreads);

  // Binds and listens; returns the bound port (useful when the config says 0).
  // With `share_port`, other listeners may bind the same port (SO_REUSEPORT).
  Result<std::uint16_t> listen(const Endpoint& endpoint, bool share_port = false);
  void start();
  // Closes the acceptor; already accepted connections carry on.
  void stop();

 private:
  void do_accept();

  boost::asio::io_context& io_;
  Runners runners_;
  boost::asio::ip::tcp::acceptor acceptor_;
  // After a failed accept (no descriptor left: EMFILE/ENFILE, no memory) the
  // connection is still queued, so accepting again at once fails again,
  // round and round on a core: the next try waits for this.
  boost::asio::steady_timer retry_;
  ConnectionHandler on_connection_;
};

}  // namespace gw::http
