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

// The SSL_CTX extra-data slot that holds the RevocationCheck. Not app data:
// asio's ssl::context owns that one (and deletes it as its own callback).
int revocation_slot() {
  static const int slot = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return slot;
}

// OpenSSL's verify callback: after the chain checks passed, asks the
// RevocationCheck in the context's slot about the leaf certificate.
int verify_not_revoked(int preverify_ok, X509_STORE_CTX* store) {
  if (preverify_ok != 1 || X509_STORE_CTX_get_error_depth(store) != 0) return preverify_ok;
  auto* ssl =
      static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  const auto* check = ssl == nullptr ? nullptr
                                     : static_cast<const RevocationCheck*>(SSL_CTX_get_ex_data(
                                           SSL_get_SSL_CTX(ssl), revocation_slot()));
  X509* leaf = X509_STORE_CTX_get_current_cert(store);
  if (check == nullptr || leaf == nullptr) return preverify_ok;
  if ((*check)(pki::describe_certificate(leaf))) {
    X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REVOKED);
    return 0;
  }
  return 1;
}

}  // namespace

Result<std::unique_ptr<boost::asio::ssl::context>> make_tls_server_context(
    const GatewayConfig& config, bool require_client_certificate,
    const RevocationCheck* revocation) {
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

  // The callback only reads the pointer; OpenSSL's API takes it non-const.
  if (revocation != nullptr && SSL_CTX_set_ex_data(native, revocation_slot(),
                                                   const_cast<RevocationCheck*>(revocation)) != 1) {
    return tl::unexpected(pki::openssl_error("revocation check"));
  }
  SSL_CTX_set_verify(native, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                     revocation != nullptr ? verify_not_revoked : nullptr);
  SSL_CTX_set_verify_depth(native, 3);
  // Rejects certificates that lack the clientAuth extended key usage.
  SSL_CTX_set_purpose(native, X509_PURPOSE_SSL_CLIENT);
  // Required for session resumption when peers are verified.
  SSL_CTX_set_session_id_context(native, kSessionContext, sizeof(kSessionContext) - 1);
  return ctx;
}

}  // namespace gw::http
