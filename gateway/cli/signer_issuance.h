// Issuing a personal signing certificate with the gateway's CA and listing it
// in the store, where a signature by it counts until it is revoked. Shared by
// `gatewayctl signer issue` (the signer's CSR) and `seed-demo --signers-dir`
// (keys made for the demo signers).
#pragma once

#include <filesystem>
#include <string>

#include "cli/ctl_context.h"
#include "core/result.h"
#include "pki/certificate_info.h"
#include "pki/openssl_handles.h"

namespace gw::cli {

struct SignerIssue {
  std::string name;
  std::string personal_code;  // valid as policy::validate_personal_code sees it
  int days = 1095;
  std::filesystem::path out;  // the certificate (PEM)
};

// Issues a certificate for `public_key`, writes it to `what.out` and lists it.
Result<pki::CertificateInfo> issue_signer(const CtlContext& ctx, const SignerIssue& what,
                                          EVP_PKEY* public_key);

}  // namespace gw::cli
