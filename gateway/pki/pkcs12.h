// Password-protected PKCS#12 bundles (key, certificate, CA) for technical
// contacts who cannot make a CSR. PBES2 with AES-256-CBC and PBKDF2 (the
// OpenSSL 3 defaults), readable by curl --cert-type P12 and Java keystores.
#pragma once

#include <string>

#include "core/result.h"
#include "pki/openssl_handles.h"

namespace gw::pki {

// The DER bytes of the bundle.
Result<std::string> make_pkcs12(EVP_PKEY* key, X509* certificate, const X509* ca,
                                const std::string& password, const std::string& friendly_name);

}  // namespace gw::pki
