#include "pki/pkcs12.h"

#include <openssl/pkcs12.h>

namespace gw::pki {
namespace {
// Frees the stack only; the certificates in it belong to the caller.
void free_stack(STACK_OF(X509) * stack) { sk_X509_free(stack); }
}  // namespace

Result<std::string> make_pkcs12(EVP_PKEY* key, X509* certificate, const X509* ca,
                                const std::string& password, const std::string& friendly_name) {
  using StackPtr = std::unique_ptr<STACK_OF(X509), OpenSslDeleter<free_stack>>;
  StackPtr chain(sk_X509_new_null());
  if (!chain || sk_X509_push(chain.get(), const_cast<X509*>(ca)) == 0) {
    return tl::unexpected(openssl_error("PKCS#12 chain"));
  }
  // NID 0 / iterations 0 / mac_iter 0 select OpenSSL 3's defaults (PBES2, AES-256, PBKDF2).
  std::unique_ptr<PKCS12, OpenSslDeleter<PKCS12_free>> bundle(PKCS12_create(
      password.c_str(), friendly_name.c_str(), key, certificate, chain.get(), 0, 0, 0, 0, 0));
  if (!bundle) return tl::unexpected(openssl_error("PKCS#12 bundle"));
  unsigned char* der = nullptr;
  const int length = i2d_PKCS12(bundle.get(), &der);
  if (length <= 0) return tl::unexpected(openssl_error("PKCS#12 encoding"));
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  return out;
}

}  // namespace gw::pki
