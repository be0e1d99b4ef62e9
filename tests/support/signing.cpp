#include "support/signing.h"

#include <doctest/doctest.h>
#include <openssl/cms.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <chrono>
#include <cstdint>

#include "pki/detached_signature.h"
#include "pki/pem.h"
#include "pki/signer_certificate.h"
#include "support/process.h"

namespace gw::test {
namespace {

using std::chrono::system_clock;
// Holds the pointers only; the certificates have owners of their own.
void free_stack_only(STACK_OF(X509) * stack) { sk_X509_free(stack); }
using X509StackPtr = std::unique_ptr<STACK_OF(X509), pki::OpenSslDeleter<free_stack_only>>;

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

pki::BioPtr memory_bio(std::string_view bytes) {
  return pki::BioPtr(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

pki::EvpPkeyPtr new_key() {
  auto key = pki::generate_key();
  REQUIRE_MESSAGE(key.has_value(), key.error().message);
  return std::move(*key);
}

pki::EvpPkeyPtr parse_key(const std::string& pem) {
  pki::BioPtr bio = memory_bio(pem);
  pki::EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  REQUIRE_MESSAGE(key != nullptr, "not a PEM private key");
  return key;
}

pki::X509Ptr parse_cert(const std::string& pem) {
  auto cert = pki::parse_certificate(pem);
  REQUIRE_MESSAGE(cert.has_value(), cert.error().message);
  return std::move(*cert);
}

void add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  REQUIRE(ext != nullptr);
  REQUIRE(X509_add_ext(cert, ext, -1) == 1);
  X509_EXTENSION_free(ext);
}

// A root without a path length limit, which the gateway's CA profile (pathlen 0) cannot make.
pki::X509Ptr unlimited_root(const std::string& common_name, EVP_PKEY* key) {
  pki::X509Ptr cert(X509_new());
  std::uint64_t serial = 0;
  REQUIRE(RAND_bytes(reinterpret_cast<unsigned char*>(&serial), sizeof serial) == 1);
  X509_NAME* name = X509_get_subject_name(cert.get());
  REQUIRE(X509_NAME_add_entry_by_txt(name, "C", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>("LV"), -1, -1, 0) == 1);
  REQUIRE(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(common_name.c_str()),
                                     -1, -1, 0) == 1);
  REQUIRE(X509_set_version(cert.get(), 2) == 1);
  REQUIRE(ASN1_INTEGER_set_uint64(X509_get_serialNumber(cert.get()), serial >> 1) == 1);
  REQUIRE(X509_set_issuer_name(cert.get(), name) == 1);
  REQUIRE(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr);
  REQUIRE(X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3650L * 86400) != nullptr);
  REQUIRE(X509_set_pubkey(cert.get(), key) == 1);
  add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_extension(cert.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
  add_extension(cert.get(), NID_subject_key_identifier, "hash");
  REQUIRE(X509_sign(cert.get(), key, EVP_sha256()) != 0);
  return cert;
}

pki::CertificateAuthority write_and_load(const std::filesystem::path& dir, const std::string& stem,
                                         const X509* cert, const EVP_PKEY* key) {
  const auto cert_path = dir / (stem + ".pem");
  const auto key_path = dir / (stem + ".key");
  REQUIRE(pki::write_certificate(cert_path, cert).has_value());
  REQUIRE(pki::write_private_key(key_path, key).has_value());
  return load_ca(cert_path, key_path);
}

std::string der_of(CMS_ContentInfo* cms) {
  pki::BioPtr out(BIO_new(BIO_s_mem()));
  REQUIRE(i2d_CMS_bio(out.get(), cms) == 1);
  return bio_text(out.get());
}

}  // namespace

pki::CertificateAuthority make_ca(const std::filesystem::path& dir, const std::string& stem,
                                  const std::string& common_name, int path_length) {
  REQUIRE((path_length == 0 || path_length == -1));
  auto key = new_key();
  if (path_length == -1) {
    auto root = unlimited_root(common_name, key.get());
    return write_and_load(dir, stem, root.get(), key.get());
  }
  const auto now = system_clock::now();
  pki::CertificateSpec spec{
      pki::CertificateProfile::kAuthority, {{"C", "LV"}, {"CN", common_name}}, {}, {},
      now - std::chrono::hours(1),         now + std::chrono::days(3650)};
  auto cert = pki::issue_certificate(spec, key.get(), nullptr, key.get());
  REQUIRE_MESSAGE(cert.has_value(), cert.error().message);
  return write_and_load(dir, stem, cert->get(), key.get());
}

pki::CertificateAuthority make_intermediate_ca(const pki::CertificateAuthority& issuer,
                                               const std::filesystem::path& dir,
                                               const std::string& stem,
                                               const std::string& common_name) {
  auto key = new_key();
  const auto now = system_clock::now();
  pki::CertificateSpec spec{
      pki::CertificateProfile::kAuthority, {{"C", "LV"}, {"CN", common_name}}, {}, {},
      now - std::chrono::hours(1),         now + std::chrono::days(1825)};
  auto cert = issuer.issue(spec, key.get());
  REQUIRE_MESSAGE(cert.has_value(), cert.error().message);
  return write_and_load(dir, stem, cert->get(), key.get());
}

pki::CertificateAuthority load_ca(const std::filesystem::path& cert_path,
                                  const std::filesystem::path& key_path) {
  auto ca = pki::CertificateAuthority::load(cert_path, key_path);
  REQUIRE_MESSAGE(ca.has_value(), ca.error().message);
  return std::move(*ca);
}

TestSigner ca_as_signer(const std::filesystem::path& dir, const std::string& stem) {
  TestSigner signer{read_file(dir / (stem + ".pem")), read_file(dir / (stem + ".key"))};
  REQUIRE_FALSE(signer.cert_pem.empty());
  REQUIRE_FALSE(signer.key_pem.empty());
  return signer;
}

TestSigner make_signer(const pki::CertificateAuthority& ca, const std::string& name,
                       const std::string& personal_code) {
  auto key = new_key();
  const auto now = system_clock::now();
  auto cert = pki::issue_signer_certificate(
      ca, name, personal_code, key.get(), now - std::chrono::hours(1), now + std::chrono::days(30));
  REQUIRE_MESSAGE(cert.has_value(), cert.error().message);
  return {pki::certificate_pem(cert->get()), pki::private_key_pem(key.get())};
}

TestSigner make_certificate(const pki::CertificateAuthority& ca, const pki::CertificateSpec& spec) {
  auto key = new_key();
  auto cert = ca.issue(spec, key.get());
  REQUIRE_MESSAGE(cert.has_value(), cert.error().message);
  return {pki::certificate_pem(cert->get()), pki::private_key_pem(key.get())};
}

std::string sign_detached(const TestSigner& signer, std::string_view content) {
  auto cert = parse_cert(signer.cert_pem);
  auto key = parse_key(signer.key_pem);
  auto der = pki::sign_detached(content, cert.get(), key.get());
  REQUIRE_MESSAGE(der.has_value(), der.error().message);
  return *der;
}

std::string sign_cms(const std::vector<TestSigner>& signers, std::string_view content,
                     const CmsOptions& options) {
  REQUIRE_FALSE(signers.empty());
  std::vector<pki::X509Ptr> extra;
  X509StackPtr extra_stack(sk_X509_new_null());
  for (const auto& pem : options.extra_certs_pem) {
    extra.push_back(parse_cert(pem));
    REQUIRE(sk_X509_push(extra_stack.get(), extra.back().get()) > 0);
  }
  const unsigned int flags = CMS_BINARY | (options.detached ? CMS_DETACHED : 0u);
  pki::BioPtr in = memory_bio(content);
  // As the openssl cms app does: a partial SignedData, a signer at a time, then the content.
  pki::CmsContentInfoPtr cms(
      CMS_sign(nullptr, nullptr, extra_stack.get(), nullptr, flags | CMS_PARTIAL));
  REQUIRE(cms != nullptr);
  for (const auto& signer : signers) {
    auto cert = parse_cert(signer.cert_pem);
    auto key = parse_key(signer.key_pem);
    REQUIRE(CMS_add1_signer(cms.get(), cert.get(), key.get(), EVP_sha256(), flags | CMS_PARTIAL) !=
            nullptr);
  }
  REQUIRE(CMS_final(cms.get(), in.get(), nullptr, flags) == 1);
  return der_of(cms.get());
}

std::string cms_pem(std::string_view der) {
  pki::BioPtr in = memory_bio(der);
  pki::CmsContentInfoPtr cms(d2i_CMS_bio(in.get(), nullptr));
  REQUIRE(cms != nullptr);
  pki::BioPtr out(BIO_new(BIO_s_mem()));
  REQUIRE(PEM_write_bio_CMS(out.get(), cms.get()) == 1);
  return bio_text(out.get());
}

}  // namespace gw::test
