#include "http/tls_server_context.h"

#include <fmt/format.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <chrono>
#include <memory>

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

// The SSL extra-data slot where a session wants the presented certificate noted.
int presented_slot() {
  static const int slot = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return slot;
}

// The SSL extra-data slot marked (non-null) when the revocation check had no answer.
int unanswered_slot() {
  static const int slot = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return slot;
}

void note_presented(X509_STORE_CTX* store, const pki::CertificateInfo& leaf) {
  auto* ssl =
      static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  if (ssl == nullptr) return;
  auto* where =
      static_cast<std::optional<pki::CertificateInfo>*>(SSL_get_ex_data(ssl, presented_slot()));
  if (where != nullptr && !*where) *where = leaf;
}

void free_lifetime(void*, void* lifetime, CRYPTO_EX_DATA*, int, long, void*) {
  delete static_cast<long*>(lifetime);
}

// The SSL_CTX extra-data slot that holds the longest session lifetime
// (seconds), owned by the context (freed with it).
int lifetime_slot() {
  static const int slot = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, free_lifetime);
  return slot;
}

// OpenSSL's verify callback, for the client's own certificate once the chain
// checks passed: the clientAuth extended key usage must be there (OpenSSL's
// purpose check lets a certificate without any EKU pass), then the
// RevocationCheck in the context's slot is asked.
int verify_client_leaf(int preverify_ok, X509_STORE_CTX* store) {
  if (X509_STORE_CTX_get_error_depth(store) != 0) return preverify_ok;
  X509* leaf = X509_STORE_CTX_get_current_cert(store);
  if (leaf == nullptr) return preverify_ok;
  // Described once: noted for the session, and asked about below.
  const auto described = pki::describe_certificate(leaf);
  note_presented(store, described);
  if (preverify_ok != 1) return preverify_ok;
  if ((X509_get_extension_flags(leaf) & EXFLAG_XKUSAGE) == 0 ||
      (X509_get_extended_key_usage(leaf) & XKU_SSL_CLIENT) == 0) {
    X509_STORE_CTX_set_error(store, X509_V_ERR_INVALID_PURPOSE);
    return 0;
  }
  auto* ssl =
      static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  const auto* check = ssl == nullptr ? nullptr
                                     : static_cast<const RevocationCheck*>(SSL_CTX_get_ex_data(
                                           SSL_get_SSL_CTX(ssl), revocation_slot()));
  switch (check == nullptr ? CertificateStanding::kGood : (*check)(described)) {
    case CertificateStanding::kGood:
      return 1;
    case CertificateStanding::kRevoked:
      X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REVOKED);
      return 0;
    case CertificateStanding::kUnknown:
      // OpenSSL sends internal_error for this one.
      X509_STORE_CTX_set_error(store, X509_V_ERR_UNSPECIFIED);
      if (ssl != nullptr) SSL_set_ex_data(ssl, unanswered_slot(), ssl);
      return 0;
  }
  return 0;
}

// Called when the server issues a TLS 1.3 ticket: the session may be resumed
// for the configured lifetime, never past the end of the client certificate.
// (A TLS 1.2 session, resumed by its ID, lives the configured lifetime; every
// request checks the certificate's dates either way: api/authenticate.)
int bound_session_lifetime(SSL* ssl, void*) {
  SSL_SESSION* session = SSL_get_session(ssl);
  const auto* configured =
      static_cast<const long*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), lifetime_slot()));
  if (session == nullptr || configured == nullptr) return 1;
  long lifetime = *configured;
  if (const X509* peer = SSL_SESSION_get0_peer(session)) {
    int days = 0;
    int seconds = 0;
    if (ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(peer)) == 1) {
      const long remaining = static_cast<long>(days) * 86'400 + seconds;
      lifetime = std::min(lifetime, std::max(remaining, 0L));
    }
  }
  SSL_SESSION_set_timeout(session, lifetime);
  return 1;
}

}  // namespace

void remember_presented_certificate(SSL* ssl, std::optional<pki::CertificateInfo>* where) {
  SSL_set_ex_data(ssl, presented_slot(), where);
}

bool revocation_went_unanswered(const SSL* ssl) {
  return SSL_get_ex_data(ssl, unanswered_slot()) != nullptr;
}

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
  SSL_CTX_set_verify(native, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, verify_client_leaf);
  SSL_CTX_set_verify_depth(native, 3);
  // Rejects certificates whose EKU is not clientAuth (a missing EKU: verify_client_leaf).
  SSL_CTX_set_purpose(native, X509_PURPOSE_SSL_CLIENT);
  // Required for session resumption when peers are verified.
  SSL_CTX_set_session_id_context(native, kSessionContext, sizeof(kSessionContext) - 1);
  // Resumption skips the certificate checks above, so a session lives no
  // longer than configured, nor than the certificate it was made with.
  static_assert(sizeof(long) >= 8);
  auto lifetime = std::make_unique<long>(
      std::chrono::duration_cast<std::chrono::seconds>(config.limits.tls_session_lifetime).count());
  SSL_CTX_set_timeout(native, *lifetime);
  if (SSL_CTX_set_ex_data(native, lifetime_slot(), lifetime.get()) != 1) {
    return tl::unexpected(pki::openssl_error("TLS session lifetime"));
  }
  lifetime.release();  // the context owns it now
  if (SSL_CTX_set_session_ticket_cb(native, bound_session_lifetime, nullptr, nullptr) != 1) {
    return tl::unexpected(pki::openssl_error("TLS session tickets"));
  }
  // Sessions are kept here, and a ticket names one (stateful tickets), rather
  // than the session sealed into the ticket: OpenSSL 3.0 encodes, decodes (the
  // client certificate with it) and encodes again each sealed session, a
  // sixth of a handshake's cost. One ticket per handshake, not two: a client
  // resumes with one. The cache holds about one session per client system
  // (limits.tls_session_cache); expired ones are dropped as OpenSSL goes.
  const int cache = config.limits.tls_session_cache;
  SSL_CTX_set_options(native, SSL_OP_NO_TICKET);
  SSL_CTX_set_session_cache_mode(native, cache > 0 ? SSL_SESS_CACHE_SERVER : SSL_SESS_CACHE_OFF);
  SSL_CTX_sess_set_cache_size(native, cache);
  if (SSL_CTX_set_num_tickets(native, cache > 0 ? 1 : 0) != 1) {
    return tl::unexpected(pki::openssl_error("TLS session tickets"));
  }
  return ctx;
}

}  // namespace gw::http
