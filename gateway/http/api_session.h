// The mutual-TLS API connection. One session per connection, kept alive by
// the asynchronous operation in flight (shared_from_this), on its own strand:
//
//   handshake -> read header -> Application::admit -> [read body to spool]
//     -> complete -> write -> (keep-alive: read header | shutdown)
//
// Every step has a deadline from LimitsConfig; the header and body sizes are
// bounded; on drain the session finishes the request in flight and closes.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <filesystem>

#include "config/gateway_config.h"
#include "http/connection_tracker.h"
#include "http/exchange.h"
#include "log/logger.h"
#include "ops/metrics.h"

namespace gw::http {

// What every API session shares. Everything referenced must outlive all
// sessions (main owns them and joins the I/O threads before destroying them).
struct ApiSessionEnv {
  const LimitsConfig& limits;
  std::filesystem::path spool_dir;
  boost::asio::ssl::context& tls;
  Application& app;
  ConnectionTracker& tracker;
  ops::Metrics& metrics;
  const Logger& log;
  // Where request handlers run (they may validate a 70 MB file or wait for
  // the store's write lock), so that I/O threads keep serving other
  // connections. Null: on the session's own I/O thread.
  boost::asio::thread_pool* work = nullptr;
};

// Takes the accepted socket; closes it at once when the connection cap is reached.
void start_api_session(boost::asio::ip::tcp::socket socket, ApiSessionEnv& env);

}  // namespace gw::http
