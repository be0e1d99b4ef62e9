// The question the TLS handshake asks about a client's own certificate, and
// its answers: kept apart from the TLS context so that the applications that
// answer it need no Boost.Asio.
#pragma once

#include <functional>

#include "pki/certificate_info.h"

namespace gw::http {

// What the handshake's revocation check knows of the client's own certificate.
enum class CertificateStanding {
  kGood,
  kRevoked,  // refused with the alert certificate_revoked
  // The answer could not be had (the store is unreachable): refused too, but
  // with the alert internal_error, so the client retries instead of taking
  // its certificate for revoked.
  kUnknown,
};

// Asked during every handshake about the client's own certificate (after the
// chain verified). Called on I/O threads concurrently; must be thread-safe.
using RevocationCheck = std::function<CertificateStanding(const pki::CertificateInfo& certificate)>;

}  // namespace gw::http
