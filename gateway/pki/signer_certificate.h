// People's personal signing certificates, issued by the gateway's CA to those
// who authorise payment files with a detached CMS signature
// (pki/signature_verifier.h). The subject is C=LV, CN=<full name>,
// serialNumber=PNOLV-<personal code> (ETSI EN 319 412-1); the profile is
// CertificateProfile::kPersonalSigning. Stateless; safe from any thread.
#pragma once

#include <chrono>
#include <string>

#include "core/result.h"
#include "pki/certificate_authority.h"
#include "pki/openssl_handles.h"

namespace gw::pki {

// A personal signing certificate for `key` (the person's public key, e.g. from
// a CSR). `full_name` is UTF-8, 1 to 64 characters; `personal_code` is a valid
// Latvian personal code (DDMMYY-NNNNN; written without the hyphen it is
// normalised). Fails with kInvalidArgument on a bad name or code or dates.
[[nodiscard]] Result<X509Ptr> issue_signer_certificate(
    const CertificateAuthority& ca, const std::string& full_name, const std::string& personal_code,
    EVP_PKEY* key, std::chrono::system_clock::time_point not_before,
    std::chrono::system_clock::time_point not_after);

}  // namespace gw::pki
