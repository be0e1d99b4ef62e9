// PKCS#10 certificate signing requests from technical contacts: only the
// public key is taken (the subject is always the gateway's own), after the
// request's signature proves possession of the private key.
#pragma once

#include <string>

#include "core/result.h"
#include "pki/openssl_handles.h"

namespace gw::pki {

// The CSR's public key. Refuses a malformed PEM, a bad signature, RSA keys
// under 2048 bits and EC keys other than P-256/P-384.
Result<EvpPkeyPtr> public_key_from_csr(const std::string& pem);

}  // namespace gw::pki
