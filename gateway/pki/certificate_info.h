// The facts about an x509 certificate that the gateway stores and logs.
#pragma once

#include <openssl/x509.h>

#include <string>
#include <string_view>

namespace gw::pki {

struct CertificateInfo {
  std::string serial;              // lower-case hex, no leading zeros
  std::string fingerprint_sha256;  // lower-case hex of SHA-256 over the DER encoding
  std::string subject;             // RFC 2253 form
  std::string issuer;
  std::string not_before;  // UTC, 2026-11-21T05:00:00Z
  std::string not_after;
};

// REQUIRES: cert != nullptr.
CertificateInfo describe_certificate(const X509* cert);

// A lower-case hex fingerprint as upper-case pairs joined by ':', the form in
// which `openssl x509 -fingerprint` prints it (for people to compare).
std::string colon_fingerprint(std::string_view lower_hex);

}  // namespace gw::pki
