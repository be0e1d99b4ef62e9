// Verifies a signer's detached CMS signature over a payment file's statement:
// what `openssl cms -sign -binary` makes (SignedData, no embedded content, the
// signer's certificate inside). The signer must hold a certificate from a CA
// trusted for signing (the gateway's own CA, and the operator's external
// bundle, e.g. a national eID chain) that carries a Latvian personal code in
// its subject serialNumber (ETSI EN 319 412-1: PNOLV-DDMMYY-NNNNN).
//
// Revocation: certificates chaining to an external CA are checked against
// the operator's CRL file (every certificate of the chain below the anchor,
// fail closed: no current CRL, no signature). Those of the gateway's own CA
// are revoked in its registry (store), not here.
//
// A SignatureVerifier is safe to use from many threads at once: each verify()
// builds its own OpenSSL objects around the shared, internally locked trust
// store; the CRL set is replaced under a lock when its file changes.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tl/expected.hpp>

#include "core/result.h"
#include "pki/openssl_handles.h"

namespace gw::pki {

// The signer of a verified signature, and what to keep with it as proof.
struct SignerCertificate {
  std::string subject;             // RFC 2253 form, as CertificateInfo (non-ASCII as \C4\93)
  std::string issuer;              // RFC 2253 form
  std::string serial;              // lower-case hex, no leading zeros
  std::string fingerprint_sha256;  // lower-case hex of SHA-256 over the DER encoding
  std::string personal_code;       // DDMMYY-NNNNN from the subject serialNumber
  std::string not_after;           // UTC, 2026-11-21T05:00:00Z
  std::string certificate_pem;     // the signer's certificate
};

// Why a signature is refused (verify() checks the chain, then revocation, key
// usage and the personal code). Not persisted.
enum class SignatureProblem {
  kUnreadable,         // not a CMS SignedData (DER or PEM), or no signer certificate inside
  kNotDetached,        // the signed content is embedded instead of detached
  kSignerCount,        // not exactly one SignerInfo
  kBadSignature,       // the signature does not match the content
  kUntrusted,          // no valid chain to a trust anchor at the given time
  kKeyUsage,           // keyUsage present without digitalSignature or nonRepudiation
  kNoPersonalCode,     // not exactly one valid Latvian personal code in the subject
  kRevoked,            // an external CA's CRL lists a certificate of the chain
  kRevocationUnknown,  // no CRL in force for a certificate of an external chain
};

struct SignatureRefusal {
  SignatureProblem problem = SignatureProblem::kUnreadable;
  std::string text;  // one plain English sentence a person can act on
};

class SignatureVerifier {
 public:
  // Trust anchors for signing: `own_ca` (always) plus every certificate of the
  // PEM bundle `external_bundle` when given. Every anchor is trusted as it is
  // (X509_V_FLAG_PARTIAL_CHAIN): a root, an intermediate, even an end entity.
  // An unreadable bundle, or one without a certificate, is an Error.
  // REQUIRES: own_ca != nullptr (it is copied).
  //
  // `crl_file`: PEM CRLs of the external CAs (one or more per file), read now
  // and again whenever its modification time or size changes; an unreadable
  // replacement keeps the CRLs read before. Without it, certificates of
  // external CAs are not checked for revocation. An unreadable file, or one
  // without a CRL, is an Error.
  [[nodiscard]] static Result<SignatureVerifier> create(
      const X509* own_ca, const std::optional<std::filesystem::path>& external_bundle,
      const std::optional<std::filesystem::path>& crl_file = std::nullopt);

  // Checks, in this order, and refuses with the first problem found:
  // `cms` (DER, or PEM "-----BEGIN CMS-----" / "-----BEGIN PKCS7-----") is a
  // readable SignedData; it is detached; it has exactly one SignerInfo, whose
  // certificate is inside (kUnreadable when not); its signature is over exactly
  // `content` (binary, no MIME canonicalisation); the signer's certificate
  // chains to a trust anchor (intermediates may come inside the CMS) with every
  // certificate valid at `at` (no purpose or extendedKeyUsage check); its
  // keyUsage, when present, has digitalSignature or nonRepudiation; its subject
  // serialNumber carries exactly one personal code, PNOLV-DDMMYY-NNNNN or bare,
  // valid as policy::validate_personal_code sees it (date, check digit); when
  // the chain ends at an external anchor and a CRL file is given, no
  // certificate of it below the anchor is revoked (kRevoked) and each has its
  // issuer's CRL, current at `at` (kRevocationUnknown when not).
  // Why the CRL file as it is now cannot be read (kept: the CRLs read
  // before); empty when it can, or when there is none. For the operator's log.
  std::string crl_problem() const;

  [[nodiscard]] tl::expected<SignerCertificate, SignatureRefusal> verify(
      std::string_view cms, std::string_view content,
      std::chrono::system_clock::time_point at) const;

 private:
  class CrlSource;  // the CRL file and what was last read from it

  SignatureVerifier(std::shared_ptr<X509_STORE> anchors, std::shared_ptr<const X509> own_ca,
                    std::shared_ptr<CrlSource> crls);

  // After `verified` built a chain: kRevoked or kRevocationUnknown when the
  // chain ends at an external anchor and the CRLs do not clear it.
  tl::expected<void, SignatureRefusal> check_revocation(
      X509_STORE_CTX* verified, X509* signer, STACK_OF(X509) * bundled,
      std::chrono::system_clock::time_point at) const;

  std::shared_ptr<X509_STORE> anchors_;  // never modified after create()
  std::shared_ptr<const X509> own_ca_;
  std::shared_ptr<CrlSource> crls_;  // null: no revocation check for external chains
};

}  // namespace gw::pki
