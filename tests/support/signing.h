// Signing material for tests: CAs of the test's own, personal signing
// certificates, and detached CMS signatures made with the OpenSSL C API as
// `openssl cms -sign -binary -outform DER` makes them (CMS_sign with
// CMS_DETACHED | CMS_BINARY: signed attributes, the signer's certificate
// inside, no content). Failures stop the test (doctest REQUIRE).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "pki/certificate_authority.h"

namespace gw::test {

struct TestSigner {
  std::string cert_pem;
  std::string key_pem;
};

// A new self-signed CA, written to <dir>/<stem>.pem and <dir>/<stem>.key and
// loaded. `path_length` 0 is the gateway's own CA profile (no intermediate CA
// below it); -1 puts no limit, as national roots with intermediates have.
pki::CertificateAuthority make_ca(const std::filesystem::path& dir, const std::string& stem,
                                  const std::string& common_name, int path_length = 0);

// An intermediate CA (the gateway's CA profile) issued by `issuer`, written and
// loaded as make_ca does. REQUIRES: `issuer` allows an intermediate (path_length -1).
pki::CertificateAuthority make_intermediate_ca(const pki::CertificateAuthority& issuer,
                                               const std::filesystem::path& dir,
                                               const std::string& stem,
                                               const std::string& common_name);

// An existing CA from its PEM certificate and key (e.g. a dev PKI's ca.pem, ca.key).
pki::CertificateAuthority load_ca(const std::filesystem::path& cert_path,
                                  const std::filesystem::path& key_path);

// The CA's own certificate and key as a signer (its keyUsage is keyCertSign, cRLSign).
TestSigner ca_as_signer(const std::filesystem::path& dir, const std::string& stem);

// A personal signing certificate (pki::issue_signer_certificate) for a new key,
// valid from an hour before now for 30 days. `personal_code`: a valid one, e.g.
// 010180-12347 or 320000-00000 (the new format has no check digit).
TestSigner make_signer(const pki::CertificateAuthority& ca, const std::string& name,
                       const std::string& personal_code);

// A certificate of any profile, subject and validity for a new key.
TestSigner make_certificate(const pki::CertificateAuthority& ca, const pki::CertificateSpec& spec);

// DER of a detached CMS SignedData by `signer` over exactly `content`.
std::string sign_detached(const TestSigner& signer, std::string_view content);

struct CmsOptions {
  bool detached = true;                      // false: the content embedded (-nodetach)
  std::vector<std::string> extra_certs_pem;  // carried in the CMS, e.g. intermediates (-certfile)
};
// DER of a CMS SignedData with one SignerInfo per signer, in order
// (`openssl cms -sign -signer a -inkey a -signer b -inkey b ...`).
std::string sign_cms(const std::vector<TestSigner>& signers, std::string_view content,
                     const CmsOptions& options = {});

// The same CMS in PEM, labelled "-----BEGIN CMS-----" (what -outform PEM writes).
std::string cms_pem(std::string_view der);

}  // namespace gw::test
