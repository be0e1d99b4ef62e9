#include "pki/csr.h"

#include <fmt/format.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>

#include <array>

namespace gw::pki {

Result<EvpPkeyPtr> public_key_from_csr(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  X509ReqPtr request(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
  if (!request)
    return fail(ErrorCode::kInvalidArgument, "the CSR is not a PEM certificate request");
  EvpPkeyPtr key(X509_REQ_get_pubkey(request.get()));
  if (!key) return fail(ErrorCode::kInvalidArgument, "the CSR carries no public key");
  if (X509_REQ_verify(request.get(), key.get()) != 1) {
    return fail(ErrorCode::kInvalidArgument, "the CSR's signature does not verify");
  }
  const int type = EVP_PKEY_get_base_id(key.get());
  if (type == EVP_PKEY_RSA) {
    if (EVP_PKEY_get_bits(key.get()) < 2048) {
      return fail(ErrorCode::kInvalidArgument, "RSA keys must have at least 2048 bits");
    }
  } else if (type == EVP_PKEY_EC) {
    std::array<char, 64> curve{};
    std::size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve.data(),
                                       curve.size(), &length) != 1 ||
        (std::string_view(curve.data(), length) != "prime256v1" &&
         std::string_view(curve.data(), length) != "secp384r1")) {
      return fail(ErrorCode::kInvalidArgument, "EC keys must be on P-256 or P-384");
    }
  } else {
    return fail(ErrorCode::kInvalidArgument, "only RSA and EC keys are accepted");
  }
  return key;
}

}  // namespace gw::pki
