#include "http/handshake_failure.h"

#include <doctest/doctest.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>

using gw::http::classify_handshake_failure;

namespace {
boost::system::error_code ssl_error(int reason) {
  return {static_cast<int>(ERR_PACK(ERR_LIB_SSL, 0, reason)),
          boost::asio::error::get_ssl_category()};
}
}  // namespace

TEST_CASE("handshake failures are named by their cause") {
  CHECK(classify_handshake_failure(ssl_error(SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE), X509_V_OK) ==
        "no_client_certificate");
  CHECK(classify_handshake_failure(ssl_error(SSL_R_CERTIFICATE_VERIFY_FAILED),
                                   X509_V_ERR_CERT_HAS_EXPIRED) == "certificate_expired");
  CHECK(classify_handshake_failure(ssl_error(SSL_R_CERTIFICATE_VERIFY_FAILED),
                                   X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY) == "unknown_ca");
  CHECK(classify_handshake_failure(ssl_error(SSL_R_CERTIFICATE_VERIFY_FAILED),
                                   X509_V_ERR_INVALID_PURPOSE) == "not_a_client_certificate");
  CHECK(classify_handshake_failure(ssl_error(SSL_R_UNSUPPORTED_PROTOCOL), X509_V_OK) ==
        "protocol_version");
  CHECK(classify_handshake_failure(ssl_error(SSL_R_HTTP_REQUEST), X509_V_OK) == "plain_http");
  CHECK(classify_handshake_failure(boost::beast::error::timeout, X509_V_OK) == "timeout");
}
