// Issues x509 certificates: the development CA itself, the server certificate,
// institutions' client certificates (clientAuth) and people's personal signing
// certificates (pki/signer_certificate.h). Keys are EC P-256.
// A CertificateAuthority holds the CA certificate and key; it is immutable
// after load and safe to share between threads.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "core/result.h"
#include "pki/openssl_handles.h"

namespace gw::pki {

enum class CertificateProfile {
  kAuthority,        // CA:TRUE, pathlen 0; keyCertSign, cRLSign
  kServer,           // TLS server: digitalSignature, keyAgreement; serverAuth
  kClient,           // the gateway's technical TLS client: digitalSignature; clientAuth
  kPersonalSigning,  // a person's signatures: digitalSignature, nonRepudiation; emailProtection,
                     // and clientAuth for the signing portal
};

struct NameEntry {
  std::string field;  // OpenSSL short or long name: CN, O, C, UID, organizationIdentifier
  std::string value;
};

struct CertificateSpec {
  CertificateProfile profile = CertificateProfile::kClient;
  std::vector<NameEntry> subject;
  std::vector<std::string> dns_names;     // subjectAltName DNS entries
  std::vector<std::string> ip_addresses;  // subjectAltName IP entries
  std::chrono::system_clock::time_point not_before;
  std::chrono::system_clock::time_point not_after;
};

Result<EvpPkeyPtr> generate_key();

// Self-signed when issuer_cert is null (then issuer_key must be subject_key).
Result<X509Ptr> issue_certificate(const CertificateSpec& spec, EVP_PKEY* subject_key,
                                  const X509* issuer_cert, EVP_PKEY* issuer_key);

class CertificateAuthority {
 public:
  static Result<CertificateAuthority> load(const std::filesystem::path& cert_path,
                                           const std::filesystem::path& key_path);

  Result<X509Ptr> issue(const CertificateSpec& spec, EVP_PKEY* subject_key) const;

  struct RevokedEntry {
    std::string serial;  // lower-case hex
    std::chrono::system_clock::time_point revoked_at;
  };
  // A PEM CRL (v2) signed by this CA listing `revoked`, valid until `next_update`.
  Result<std::string> revocation_list(const std::vector<RevokedEntry>& revoked,
                                      std::chrono::system_clock::time_point this_update,
                                      std::chrono::system_clock::time_point next_update) const;
  const X509* certificate() const { return cert_.get(); }

 private:
  CertificateAuthority(X509Ptr cert, EvpPkeyPtr key)
      : cert_(std::move(cert)), key_(std::move(key)) {}
  X509Ptr cert_;
  EvpPkeyPtr key_;
};

}  // namespace gw::pki
