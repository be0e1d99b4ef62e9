#include "pki/csr.h"

#include <fmt/format.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>

#include <array>
#include <memory>

namespace gw::pki {

namespace {

using BignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BN_free>>;

// The key a contact may have certified, before anything is computed with it:
// the client then proves it in every handshake with the gateway, and an RSA
// modulus of 16,384 bits or an exponent as long as the modulus costs the
// gateway's CPU in each (the CSR's own signature first of all).
Status acceptable_key(EVP_PKEY* key) {
  const int type = EVP_PKEY_get_base_id(key);
  if (type == EVP_PKEY_RSA) {
    const int bits = EVP_PKEY_get_bits(key);
    if (bits < kMinRsaBits || bits > kMaxRsaBits) {
      return fail(
          ErrorCode::kInvalidArgument,
          fmt::format("RSA keys must have {} to {} bits, not {}", kMinRsaBits, kMaxRsaBits, bits));
    }
    BIGNUM* raw = nullptr;
    if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &raw) != 1) {
      return fail(ErrorCode::kInvalidArgument, "the RSA key has no readable public exponent");
    }
    const BignumPtr e(raw);
    // NIST SP 800-56B and FIPS 186-5: odd, 2^16 < e < 2^256 (65537 in practice).
    if (!BN_is_odd(e.get()) || BN_num_bits(e.get()) <= 16 || BN_num_bits(e.get()) > 256) {
      return fail(ErrorCode::kInvalidArgument,
                  "the RSA public exponent must be odd, above 2^16 and below 2^256 (e.g. 65537)");
    }
    return ok();
  }
  if (type == EVP_PKEY_EC) {
    std::array<char, 64> curve{};
    std::size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, curve.data(), curve.size(),
                                       &length) != 1 ||
        (std::string_view(curve.data(), length) != "prime256v1" &&
         std::string_view(curve.data(), length) != "secp384r1")) {
      return fail(ErrorCode::kInvalidArgument, "EC keys must be on P-256 or P-384");
    }
    return ok();
  }
  return fail(ErrorCode::kInvalidArgument, "only RSA and EC keys are accepted");
}

}  // namespace

Result<EvpPkeyPtr> public_key_from_csr(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  X509ReqPtr request(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
  if (!request)
    return fail(ErrorCode::kInvalidArgument, "the CSR is not a PEM certificate request");
  EvpPkeyPtr key(X509_REQ_get_pubkey(request.get()));
  if (!key) return fail(ErrorCode::kInvalidArgument, "the CSR carries no public key");
  if (auto s = acceptable_key(key.get()); !s) return tl::unexpected(s.error());
  if (X509_REQ_verify(request.get(), key.get()) != 1) {
    return fail(ErrorCode::kInvalidArgument, "the CSR's signature does not verify");
  }
  return key;
}

}  // namespace gw::pki
