// One port served by every I/O thread: a one-thread Listener on each thread's
// own context, all bound to the same port (SO_REUSEPORT when there are
// several; the kernel spreads new connections over them). Each listener
// lives and dies with its context (http/listener.h).
#pragma once

#include <boost/asio/io_context.hpp>
#include <memory>
#include <vector>

#include "http/listener.h"

namespace gw::http {

class ListenerGroup {
 public:
  // Every context must be run by one thread, and outlive the group's listeners.
  ListenerGroup(const std::vector<boost::asio::io_context*>& contexts,
                const ConnectionHandler& on_connection);

  // The first listener binds the endpoint (port 0: any free port), the others
  // join the port it got. Returns that port.
  Result<std::uint16_t> listen(const Endpoint& endpoint);
  void start();
  void stop();

 private:
  std::vector<std::shared_ptr<Listener>> listeners_;
};

}  // namespace gw::http
