#include "pki/openssl_handles.h"

#include <fmt/format.h>
#include <openssl/err.h>

#include <array>

namespace gw::pki {

Error openssl_error(std::string_view what) {
  std::string detail;
  while (const unsigned long code = ERR_get_error()) {
    std::array<char, 256> buffer{};
    ERR_error_string_n(code, buffer.data(), buffer.size());
    if (!detail.empty()) detail += "; ";
    detail += buffer.data();
  }
  if (detail.empty()) detail = "no detail from OpenSSL";
  return Error{ErrorCode::kCrypto, fmt::format("{}: {}", what, detail)};
}

}  // namespace gw::pki
