#include "http/handshake_failure.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>

namespace gw::http {
namespace {

std::string_view classify_verify_result(long verify_result) {
  switch (verify_result) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return "certificate_expired";
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return "certificate_not_yet_valid";
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
      return "unknown_ca";
    case X509_V_ERR_INVALID_PURPOSE:
      return "not_a_client_certificate";
    case X509_V_ERR_CERT_REVOKED:
      return "certificate_revoked";
    default:
      return "certificate_invalid";
  }
}

}  // namespace

std::string_view classify_handshake_failure(const boost::system::error_code& ec,
                                            long verify_result) {
  if (ec == boost::beast::error::timeout) return "timeout";
  if (ec.category() == boost::asio::error::get_ssl_category()) {
    switch (ERR_GET_REASON(static_cast<unsigned long>(ec.value()))) {
      case SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE:
        return "no_client_certificate";
      case SSL_R_CERTIFICATE_VERIFY_FAILED:
        return classify_verify_result(verify_result);
      case SSL_R_UNSUPPORTED_PROTOCOL:
      case SSL_R_WRONG_VERSION_NUMBER:
      case SSL_R_VERSION_TOO_LOW:
        return "protocol_version";
      case SSL_R_NO_SHARED_CIPHER:
        return "no_shared_cipher";
      case SSL_R_HTTP_REQUEST:
        return "plain_http";
      default:
        return "tls_error";
    }
  }
  if (verify_result != X509_V_OK) return classify_verify_result(verify_result);
  return "connection_lost";
}

}  // namespace gw::http
