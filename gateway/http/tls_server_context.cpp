#include "http/tls_server_context.h"

#include <fmt/format.h>
#include <openssl/ssl.h>

#include "pki/openssl_handles.h"

namespace gw::http {
namespace {

// Mozilla Server Side TLS, "intermediate" profile (version 5.7).
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305";
constexpr const char* kTls13Suites =
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";
constexpr const char* kGroups = "X25519:prime256v1:secp384r1";
constexpr unsigned char kSessionContext[] = "gw-api";

}  // namespace

Result<std::unique_ptr<boost::asio::ssl::context>> make_tls_server_context(
    const GatewayConfig& config, bool require_client_certificate) {
  namespace ssl = boost::asio::ssl;
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  SSL_CTX* native = ctx->native_handle();

  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  // NO_RENEGOTIATION refuses renegotiation in TLS 1.2 either way (1.3 has none).
  SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1 ||
      SSL_CTX_set_ciphersuites(native, kTls13Suites) != 1 ||
      SSL_CTX_set1_groups_list(native, kGroups) != 1) {
    return tl::unexpected(pki::openssl_error("TLS cipher configuration"));
  }

  const auto cert = config.server_cert_path().string();
  const auto key = config.server_key_path().string();
  const auto client_ca = config.client_ca_path().string();
  if (SSL_CTX_use_certificate_chain_file(native, cert.c_str()) != 1) {
    return tl::unexpected(pki::openssl_error(fmt::format("server certificate {}", cert)));
  }
  if (SSL_CTX_use_PrivateKey_file(native, key.c_str(), SSL_FILETYPE_PEM) != 1 ||
      SSL_CTX_check_private_key(native) != 1) {
    return tl::unexpected(pki::openssl_error(fmt::format("server key {}", key)));
  }
  if (!require_client_certificate) {
    SSL_CTX_set_verify(native, SSL_VERIFY_NONE, nullptr);
    return ctx;
  }
  if (SSL_CTX_load_verify_locations(native, client_ca.c_str(), nullptr) != 1) {
    return tl::unexpected(pki::openssl_error(fmt::format("client CA {}", client_ca)));
  }
  // Tells clients which CA to pick their certificate from.
  STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(client_ca.c_str());
  if (names == nullptr) return tl::unexpected(pki::openssl_error("client CA names"));
  SSL_CTX_set_client_CA_list(native, names);

  SSL_CTX_set_verify(native, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  SSL_CTX_set_verify_depth(native, 3);
  // Rejects certificates that lack the clientAuth extended key usage.
  SSL_CTX_set_purpose(native, X509_PURPOSE_SSL_CLIENT);
  // Required for session resumption when peers are verified.
  SSL_CTX_set_session_id_context(native, kSessionContext, sizeof(kSessionContext) - 1);
  return ctx;
}

}  // namespace gw::http
