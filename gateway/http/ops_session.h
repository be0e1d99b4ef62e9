// The operations listener's connection: plain HTTP/1.1 on loopback, GET only,
// small requests, for /healthz, /readyz and /metrics.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <functional>

#include "config/gateway_config.h"
#include "http/exchange.h"

namespace gw::http {

using OpsHandler = std::function<Response(const RequestHead&)>;

// `handler` and `limits` must outlive the session.
void start_ops_session(boost::asio::ip::tcp::socket socket, const OpsHandler& handler,
                       const LimitsConfig& limits);

}  // namespace gw::http
