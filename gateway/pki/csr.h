// PKCS#10 certificate signing requests from technical contacts: only the
// public key is taken (the subject is always the gateway's own), after the
// request's signature proves possession of the private key.
#pragma once

#include <string>

#include "core/result.h"
#include "pki/openssl_handles.h"

namespace gw::pki {

inline constexpr int kMinRsaBits = 2048;
inline constexpr int kMaxRsaBits = 4096;

// The CSR's public key. Refuses a malformed PEM, RSA keys outside 2048-4096
// bits or with an exponent outside 2^16 < e < 2^256, EC keys other than
// P-256/P-384, other key types (each before the signature is checked), and
// a bad signature.
Result<EvpPkeyPtr> public_key_from_csr(const std::string& pem);

}  // namespace gw::pki
