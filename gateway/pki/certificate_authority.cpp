#include "pki/certificate_authority.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <array>

#include "pki/pem.h"

namespace gw::pki {
namespace {

using AsnIntegerPtr = std::unique_ptr<ASN1_INTEGER, OpenSslDeleter<ASN1_INTEGER_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, OpenSslDeleter<BN_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, OpenSslDeleter<X509_EXTENSION_free>>;

// 127 random bits: unique without coordination and always positive (RFC 5280 4.1.2.2).
Status set_random_serial(X509* cert) {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return tl::unexpected(openssl_error("random serial"));
  }
  bytes[0] &= 0x7f;
  bytes[0] |= 0x01;  // never a short serial
  BignumPtr bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  AsnIntegerPtr serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
  if (!serial || X509_set_serialNumber(cert, serial.get()) != 1) {
    return tl::unexpected(openssl_error("set serial"));
  }
  return ok();
}

Status set_validity(X509* cert, std::chrono::system_clock::time_point from,
                    std::chrono::system_clock::time_point to) {
  const auto from_t = std::chrono::system_clock::to_time_t(from);
  const auto to_t = std::chrono::system_clock::to_time_t(to);
  if (to_t <= from_t) return fail(ErrorCode::kInvalidArgument, "not_after must follow not_before");
  if (ASN1_TIME_set(X509_getm_notBefore(cert), from_t) == nullptr ||
      ASN1_TIME_set(X509_getm_notAfter(cert), to_t) == nullptr) {
    return tl::unexpected(openssl_error("set validity"));
  }
  return ok();
}

Result<X509NamePtr> make_name(const std::vector<NameEntry>& entries) {
  X509NamePtr name(X509_NAME_new());
  for (const auto& e : entries) {
    if (X509_NAME_add_entry_by_txt(name.get(), e.field.c_str(), MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(e.value.c_str()), -1, -1,
                                   0) != 1) {
      return tl::unexpected(openssl_error(fmt::format("subject field {}", e.field)));
    }
  }
  return name;
}

Status add_extension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str()));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1) {
    return tl::unexpected(openssl_error(fmt::format("extension {}={}", OBJ_nid2sn(nid), value)));
  }
  return ok();
}

Status add_profile_extensions(X509* cert, const X509* issuer, const CertificateSpec& spec) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, const_cast<X509*>(issuer != nullptr ? issuer : cert), cert, nullptr, nullptr,
                 0);
  std::vector<std::pair<int, std::string>> extensions;
  switch (spec.profile) {
    case CertificateProfile::kAuthority:
      extensions = {{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                    {NID_key_usage, "critical,keyCertSign,cRLSign"}};
      break;
    case CertificateProfile::kServer:
      extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                    {NID_key_usage, "critical,digitalSignature,keyAgreement"},
                    {NID_ext_key_usage, "serverAuth"}};
      break;
    case CertificateProfile::kClient:
      extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                    {NID_key_usage, "critical,digitalSignature"},
                    {NID_ext_key_usage, "clientAuth"}};
      break;
    case CertificateProfile::kPersonalSigning:
      extensions = {{NID_basic_constraints, "critical,CA:FALSE"},
                    {NID_key_usage, "critical,digitalSignature,nonRepudiation"},
                    // clientAuth too: its holder signs in to the signing portal with it.
                    {NID_ext_key_usage, "emailProtection,clientAuth"}};
      break;
  }
  extensions.emplace_back(NID_subject_key_identifier, "hash");
  if (issuer != nullptr) extensions.emplace_back(NID_authority_key_identifier, "keyid:always");
  std::vector<std::string> alt_names;
  for (const auto& dns : spec.dns_names) alt_names.push_back(fmt::format("DNS:{}", dns));
  for (const auto& ip : spec.ip_addresses) alt_names.push_back(fmt::format("IP:{}", ip));
  if (!alt_names.empty()) {
    extensions.emplace_back(NID_subject_alt_name, fmt::format("{}", fmt::join(alt_names, ",")));
  }

  for (const auto& [nid, value] : extensions) {
    if (auto s = add_extension(cert, &ctx, nid, value); !s) return s;
  }
  return ok();
}

}  // namespace

Result<EvpPkeyPtr> generate_key() {
  EvpPkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) return tl::unexpected(openssl_error("generate EC P-256 key"));
  return key;
}

Result<X509Ptr> issue_certificate(const CertificateSpec& spec, EVP_PKEY* subject_key,
                                  const X509* issuer_cert, EVP_PKEY* issuer_key) {
  X509Ptr cert(X509_new());
  auto subject = make_name(spec.subject);
  if (!subject) return tl::unexpected(subject.error());
  if (X509_set_version(cert.get(), 2) != 1 || X509_set_pubkey(cert.get(), subject_key) != 1 ||
      X509_set_subject_name(cert.get(), subject->get()) != 1 ||
      X509_set_issuer_name(cert.get(), issuer_cert != nullptr ? X509_get_subject_name(issuer_cert)
                                                              : subject->get()) != 1) {
    return tl::unexpected(openssl_error("certificate fields"));
  }
  if (auto s = set_random_serial(cert.get()); !s) return tl::unexpected(s.error());
  if (auto s = set_validity(cert.get(), spec.not_before, spec.not_after); !s) {
    return tl::unexpected(s.error());
  }
  if (auto s = add_profile_extensions(cert.get(), issuer_cert, spec); !s) {
    return tl::unexpected(s.error());
  }
  if (X509_sign(cert.get(), issuer_key, EVP_sha256()) == 0) {
    return tl::unexpected(openssl_error("sign certificate"));
  }
  return cert;
}

Result<CertificateAuthority> CertificateAuthority::load(const std::filesystem::path& cert_path,
                                                        const std::filesystem::path& key_path) {
  auto cert = read_certificate(cert_path);
  if (!cert) return tl::unexpected(cert.error());
  auto key = read_private_key(key_path);
  if (!key) return tl::unexpected(key.error());
  if (X509_check_private_key(cert->get(), key->get()) != 1) {
    return fail(ErrorCode::kCrypto,
                fmt::format("{} does not belong to {}", key_path.string(), cert_path.string()));
  }
  return CertificateAuthority(std::move(*cert), std::move(*key));
}

Result<X509Ptr> CertificateAuthority::issue(const CertificateSpec& spec,
                                            EVP_PKEY* subject_key) const {
  return issue_certificate(spec, subject_key, cert_.get(), key_.get());
}

Result<std::string> CertificateAuthority::revocation_list(
    const std::vector<RevokedEntry>& revoked, std::chrono::system_clock::time_point this_update,
    std::chrono::system_clock::time_point next_update) const {
  using CrlPtr = std::unique_ptr<X509_CRL, OpenSslDeleter<X509_CRL_free>>;
  using TimePtr = std::unique_ptr<ASN1_TIME, OpenSslDeleter<ASN1_TIME_free>>;
  CrlPtr crl(X509_CRL_new());
  TimePtr last(ASN1_TIME_set(nullptr, std::chrono::system_clock::to_time_t(this_update)));
  TimePtr next(ASN1_TIME_set(nullptr, std::chrono::system_clock::to_time_t(next_update)));
  if (!crl || !last || !next || X509_CRL_set_version(crl.get(), 1) != 1 ||
      X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(cert_.get())) != 1 ||
      X509_CRL_set1_lastUpdate(crl.get(), last.get()) != 1 ||
      X509_CRL_set1_nextUpdate(crl.get(), next.get()) != 1) {
    return tl::unexpected(openssl_error("CRL fields"));
  }
  for (const auto& entry : revoked) {
    BIGNUM* raw = nullptr;
    if (BN_hex2bn(&raw, entry.serial.c_str()) == 0) {
      return fail(ErrorCode::kInvalidArgument, fmt::format("bad serial {}", entry.serial));
    }
    BignumPtr bn(raw);
    AsnIntegerPtr serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
    TimePtr when(ASN1_TIME_set(nullptr, std::chrono::system_clock::to_time_t(entry.revoked_at)));
    X509_REVOKED* item = X509_REVOKED_new();
    if (item == nullptr || !serial || !when ||
        X509_REVOKED_set_serialNumber(item, serial.get()) != 1 ||
        X509_REVOKED_set_revocationDate(item, when.get()) != 1 ||
        X509_CRL_add0_revoked(crl.get(), item) != 1) {
      X509_REVOKED_free(item);
      return tl::unexpected(openssl_error("CRL entry"));
    }
  }
  X509_CRL_sort(crl.get());
  if (X509_CRL_sign(crl.get(), key_.get(), EVP_sha256()) == 0) {
    return tl::unexpected(openssl_error("sign CRL"));
  }
  BioPtr bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509_CRL(bio.get(), crl.get());
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace gw::pki
