// The development PKI made by `gatewayctl pki init`: a CA that issues both the
// server certificate (SAN localhost, 127.0.0.1, ::1) and institutions' client
// certificates. In production the CA and server key come from configured paths.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include "config/gateway_config.h"
#include "core/result.h"
#include "pki/certificate_info.h"
#include "pki/openssl_handles.h"

namespace gw::pki {

// Writes ca.pem, ca.key, server.pem and server.key (keys 0600) to the
// configured paths. Refuses to overwrite an existing CA unless `force`.
Status init_development_pki(const GatewayConfig& config, bool force);

struct ClientSubject {
  std::int64_t user_number = 0;
  std::string institution_name;
  std::string institution_registration_number;  // 11 digits
};

struct IssuedCertificate {
  std::string certificate_pem;
  std::string private_key_pem;
  CertificateInfo info;
};

// Generates a key pair and a clientAuth certificate signed by the configured
// client CA. The subject carries the user number (CN, UID) and the
// institution's registration number (organizationIdentifier NTRLV-...).
// Issues a client certificate for an existing public key (an activation CSR).
Result<X509Ptr> issue_client_certificate_for_key(const class CertificateAuthority& ca,
                                                 const ClientSubject& subject, EVP_PKEY* key,
                                                 std::chrono::system_clock::time_point not_before,
                                                 std::chrono::system_clock::time_point not_after);

Result<IssuedCertificate> issue_client_certificate(const GatewayConfig& config,
                                                   const ClientSubject& subject,
                                                   std::chrono::system_clock::time_point not_before,
                                                   std::chrono::system_clock::time_point not_after);

}  // namespace gw::pki
