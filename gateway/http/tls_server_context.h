// The API listener's TLS configuration: TLS 1.2 and 1.3 only, the Mozilla
// "intermediate" cipher list, no renegotiation, no compression, and a client
// certificate required and verified against the client CA (with the
// clientAuth purpose).
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "config/gateway_config.h"
#include "core/result.h"

namespace gw::http {

// `require_client_certificate` false: the activation listener (server TLS only).
Result<std::unique_ptr<boost::asio::ssl::context>> make_tls_server_context(
    const GatewayConfig& config, bool require_client_certificate = true);

}  // namespace gw::http
