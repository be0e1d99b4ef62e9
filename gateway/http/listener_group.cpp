#include "http/listener_group.h"

namespace gw::http {

ListenerGroup::ListenerGroup(const std::vector<boost::asio::io_context*>& contexts,
                             const ConnectionHandler& on_connection) {
  for (boost::asio::io_context* context : contexts) {
    listeners_.push_back(
        std::make_shared<Listener>(*context, on_connection, Listener::Runners::kOneThread));
  }
}

Result<std::uint16_t> ListenerGroup::listen(const Endpoint& endpoint) {
  Endpoint where = endpoint;
  const bool share = listeners_.size() > 1;
  for (auto& listener : listeners_) {
    auto port = listener->listen(where, share);
    if (!port) return port;
    where.port = *port;
  }
  return where.port;
}

void ListenerGroup::start() {
  for (auto& listener : listeners_) listener->start();
}

void ListenerGroup::stop() {
  for (auto& listener : listeners_) listener->stop();
}

}  // namespace gw::http
