#include "policy/activation_code.h"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cctype>

namespace gw::policy {
namespace {
constexpr std::string_view kAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";  // 31 symbols
}  // namespace

Result<std::string> make_activation_code() {
  std::string code;
  while (code.size() < 19) {
    if (code.size() % 5 == 4) {
      code.push_back('-');
      continue;
    }
    unsigned char byte = 0;
    // Rejection sampling keeps every symbol equally likely.
    do {
      if (RAND_bytes(&byte, 1) != 1) return fail(ErrorCode::kCrypto, "no randomness from OpenSSL");
    } while (byte >= 248);  // 248 = 8 * 31
    code.push_back(kAlphabet[byte % kAlphabet.size()]);
  }
  return code;
}

std::string normalise_activation_code(std::string_view code) {
  std::string out;
  for (const char c : code) {
    if (c == '-' || c == ' ') continue;
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  return out;
}

std::string activation_code_hash(std::string_view code) {
  const std::string normal = normalise_activation_code(code);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(normal.data(), normal.size(), digest.data(), &length, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

}  // namespace gw::policy
