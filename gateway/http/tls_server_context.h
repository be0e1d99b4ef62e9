// The API listener's TLS configuration: TLS 1.2 and 1.3 only, the Mozilla
// "intermediate" cipher list, no renegotiation, no compression, and a client
// certificate required and verified against the client CA (with the
// clientAuth purpose).
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <functional>
#include <memory>
#include <optional>

#include "config/gateway_config.h"
#include "core/result.h"
#include "http/revocation_check.h"
#include "pki/certificate_info.h"

namespace gw::http {

// From now until it is called again with nullptr, the handshake of `ssl`
// writes the client's own certificate to `*where` when it is presented,
// whether or not it passes (so that a refusal can name it).
void remember_presented_certificate(SSL* ssl, std::optional<pki::CertificateInfo>* where);

// Whether the handshake of `ssl` was refused because its revocation check had
// no answer (CertificateStanding::kUnknown): OpenSSL's own verify errors
// cannot tell that apart from its internal failures.
bool revocation_went_unanswered(const SSL* ssl);

// `require_client_certificate` false: the activation listener (server TLS only).
// `revocation`, when given, must outlive the context.
Result<std::unique_ptr<boost::asio::ssl::context>> make_tls_server_context(
    const GatewayConfig& config, bool require_client_certificate = true,
    const RevocationCheck* revocation = nullptr);

}  // namespace gw::http
