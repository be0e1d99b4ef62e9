// Reading and writing PEM files. Private keys are written with mode 0600
// (created so, never widened afterwards).
#pragma once

#include <filesystem>
#include <string>

#include "core/result.h"
#include "pki/openssl_handles.h"

namespace gw::pki {

Result<X509Ptr> read_certificate(const std::filesystem::path& path);
Result<X509Ptr> parse_certificate(const std::string& pem);
Result<EvpPkeyPtr> read_private_key(const std::filesystem::path& path);

std::string certificate_pem(const X509* cert);
std::string private_key_pem(const EVP_PKEY* key);

Status write_certificate(const std::filesystem::path& path, const X509* cert);
Status write_private_key(const std::filesystem::path& path, const EVP_PKEY* key);

}  // namespace gw::pki
