#include "pki/detached_signature.h"

#include <openssl/bio.h>
#include <openssl/cms.h>

#include <climits>

namespace gw::pki {

Result<std::string> sign_detached(std::string_view content, X509* cert, EVP_PKEY* key) {
  if (content.size() > static_cast<std::size_t>(INT_MAX)) {
    return fail(ErrorCode::kInvalidArgument, "content too large to sign");
  }
  BioPtr in(BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
  if (!in) return tl::unexpected(openssl_error("BIO_new_mem_buf"));
  CmsContentInfoPtr cms(CMS_sign(cert, key, nullptr, in.get(), CMS_DETACHED | CMS_BINARY));
  if (!cms) return tl::unexpected(openssl_error("CMS_sign"));
  BioPtr out(BIO_new(BIO_s_mem()));
  if (!out || i2d_CMS_bio(out.get(), cms.get()) != 1) {
    return tl::unexpected(openssl_error("i2d_CMS_bio"));
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace gw::pki
