// Unguessable tokens (session ids, CSRF tokens) from OpenSSL's CSPRNG.
#pragma once

#include <cstddef>
#include <string>

#include "core/result.h"

namespace gw::pki {

// `bytes` random bytes as lower-case hex; an error when OpenSSL has no randomness.
Result<std::string> random_token(std::size_t bytes);

}  // namespace gw::pki
