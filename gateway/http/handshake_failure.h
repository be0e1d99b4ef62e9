// Names the reason a TLS handshake failed, for the
// gateway_tls_handshake_failures_total{reason} metric and the log.
#pragma once

#include <boost/system/error_code.hpp>
#include <string_view>

namespace gw::http {

// verify_result: SSL_get_verify_result() of the failed connection.
std::string_view classify_handshake_failure(const boost::system::error_code& ec,
                                            long verify_result);

}  // namespace gw::http
