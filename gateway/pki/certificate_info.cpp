#include "pki/certificate_info.h"

#include <fmt/format.h>
#include <openssl/bn.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>

#include "pki/openssl_handles.h"

namespace gw::pki {
namespace {

std::string to_hex(const unsigned char* data, std::size_t size) {
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) out += fmt::format("{:02x}", data[i]);
  return out;
}

std::string name_text(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string time_text(const ASN1_TIME* time) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(time, &tm) != 1) return "invalid";
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

void free_openssl_string(char* p) { OPENSSL_free(p); }

std::string serial_text(const ASN1_INTEGER* serial) {
  std::unique_ptr<BIGNUM, OpenSslDeleter<BN_free>> bn(ASN1_INTEGER_to_BN(serial, nullptr));
  std::unique_ptr<char, OpenSslDeleter<free_openssl_string>> hex(BN_bn2hex(bn.get()));
  std::string out(hex.get());
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

CertificateInfo describe_certificate(const X509* cert) {
  CertificateInfo info;
  info.serial = serial_text(X509_get0_serialNumber(cert));
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  X509_digest(cert, EVP_sha256(), digest.data(), &length);
  info.fingerprint_sha256 = to_hex(digest.data(), length);
  info.subject = name_text(X509_get_subject_name(cert));
  info.issuer = name_text(X509_get_issuer_name(cert));
  info.not_before = time_text(X509_get0_notBefore(cert));
  info.not_after = time_text(X509_get0_notAfter(cert));
  return info;
}

std::string colon_fingerprint(std::string_view lower_hex) {
  std::string out;
  for (std::size_t i = 0; i < lower_hex.size(); ++i) {
    if (i > 0 && i % 2 == 0) out += ':';
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(lower_hex[i])));
  }
  return out;
}

}  // namespace gw::pki
