// Making a detached CMS signature, exactly what `openssl cms -sign -binary
// -outform DER` makes: SignedData without the content, SHA-256, the signer's
// certificate inside, no MIME canonicalisation. Testers' tools sign approval
// statements with it (gatewayctl replay --signers); pki/signature_verifier
// checks what it makes.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "pki/openssl_handles.h"

namespace gw::pki {

// The DER bytes of the signature by `key` (whose certificate is `cert`) over
// `content`. REQUIRES: cert and key non-null and matching (an Error if not).
Result<std::string> sign_detached(std::string_view content, X509* cert, EVP_PKEY* key);

}  // namespace gw::pki
