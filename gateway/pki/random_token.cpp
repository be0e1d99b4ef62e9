#include "pki/random_token.h"

#include <fmt/format.h>
#include <openssl/rand.h>

#include <vector>

namespace gw::pki {

Result<std::string> random_token(std::size_t bytes) {
  std::vector<unsigned char> random(bytes);
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    return fail(ErrorCode::kCrypto, "no randomness from OpenSSL");
  }
  std::string hex;
  hex.reserve(bytes * 2);
  for (const auto b : random) hex += fmt::format("{:02x}", b);
  return hex;
}

}  // namespace gw::pki
