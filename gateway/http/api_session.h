// The mutual-TLS API connection. One session per connection, kept alive by
// the asynchronous operation in flight (shared_from_this), on its own strand:
//
//   handshake -> read header -> Application::admit -> [read body to spool]
//     -> complete -> write -> (keep-alive: read header | shutdown)
//
// Every step has a deadline from LimitsConfig; the header and body sizes are
// bounded; on drain the session finishes the request in flight and closes.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "config/gateway_config.h"
#include "http/connection_tracker.h"
#include "http/exchange.h"
#include "http/handler_share.h"
#include "http/session_observer.h"
#include "log/logger.h"
#include "pki/certificate_info.h"

namespace gw::http {

// One listener's limits for its sessions.
struct SessionLimits {
  std::size_t max_header_bytes = 16 * 1024;
  std::uint64_t max_body_bytes = 0;  // refused from Content-Length, and while reading
  std::chrono::milliseconds handshake_timeout{};
  std::chrono::milliseconds read_timeout{};     // longest silence while a request arrives
  std::chrono::milliseconds request_timeout{};  // whole request, header and body
  std::chrono::milliseconds write_timeout{};
  std::chrono::milliseconds idle_timeout{};  // keep-alive wait for the next request
  // False: bodies are read into memory (small ones only: max_body_bytes),
  // never to disk; ReceivedBody::text holds them.
  bool spool_body = true;
  // A spooled body may come gzip-compressed (Content-Encoding: gzip): it is
  // inflated into the spool, to at most max_body_bytes and this many times
  // the compressed bytes. 0: only identity.
  std::uint64_t max_gzip_ratio = 0;
};

// The API listener's, from the configuration.
SessionLimits api_session_limits(const LimitsConfig& limits);
// The activation listener's: nobody is authenticated there, so small bodies
// in memory and a short deadline for the whole request.
SessionLimits activation_session_limits(const GatewayConfig& config);
// The operator console's: people's forms, kept in memory (at most 64 KiB).
SessionLimits console_session_limits(const GatewayConfig& config);

// A handshake that failed, as the session saw it; the certificate is the one
// the client presented, if it got that far.
struct HandshakeRefusal {
  std::string_view listener;
  std::string
      source;  // the peer's network, as its listener counts it (ConnectionTracker::network_of)
  std::string_view reason;  // classify_handshake_failure()
  std::optional<pki::CertificateInfo> certificate;
};
// Told about every failed handshake, on an I/O thread; must be quick and
// thread-safe (it aggregates; see ops/refusal_digest.h).
using HandshakeRefusalSink = std::function<void(const HandshakeRefusal&)>;

// What every session of one listener shares. Everything referenced must
// outlive all sessions (main owns them and joins the I/O threads before
// destroying them).
struct ApiSessionEnv {
  std::string_view listener;  // "api", "activation": metric label and log field
  SessionLimits limits;
  std::filesystem::path spool_dir;
  boost::asio::ssl::context& tls;
  Application& app;
  ConnectionTracker& tracker;
  SessionObserver& observer;
  const Logger& log;
  // Where request handlers run (they may validate a 70 MB file or wait for
  // the store's write lock), so that I/O threads keep serving other
  // connections. Null: on the session's own I/O thread.
  boost::asio::thread_pool* work = nullptr;
  HandshakeRefusalSink on_handshake_refused = {};
  // True for a configured load balancer's address: its connections start with
  // a PROXY protocol v2 header naming the client, whose address then counts
  // everywhere (caps, allow-lists, logs, audit). Empty: no balancer.
  std::function<bool(std::string_view address)> is_balancer = {};
  // Set once shutdown's grace has run out: a request still waiting for a
  // handler thread then is dropped unanswered, not begun (the I/O threads
  // have stopped, so no answer could leave). Null: never.
  const std::atomic<bool>* abandoned = nullptr;
  // Whether `work` is the gateway's handler pool, whose busy threads the
  // observer counts (false: the activation listener's pool of its own).
  bool counts_handlers = true;
  // Set: `work` is shared out among the users asking through it (at most
  // so many handler threads each). Null: a request goes to `work` as it comes.
  HandlerShare* share = nullptr;
};

// Takes the accepted socket; closes it at once when a cap of the tracker is
// reached (counted in the metrics, by listener and cap). From a balancer, the
// PROXY header is read first (within the handshake timeout); a connection
// without a valid one is closed (metric reason "proxy_header").
void start_api_session(boost::asio::ip::tcp::socket socket, ApiSessionEnv& env);

}  // namespace gw::http
