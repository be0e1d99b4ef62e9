#include "authorisation/signer_identity.h"

#include <fmt/format.h>

namespace gw::authorisation {
namespace {

using Refusal = store::DecisionRefusal;

Refusal refusal_of(const pki::SignatureRefusal& refusal) {
  const auto with = [&refusal](std::string code, std::string reason) {
    return Refusal{std::move(code), std::move(reason), refusal.text};
  };
  switch (refusal.problem) {
    case pki::SignatureProblem::kUnreadable:
      return with("signature_unreadable", "DS0B");
    case pki::SignatureProblem::kNotDetached:
      return with("signature_not_detached", "DS0B");
    case pki::SignatureProblem::kSignerCount:
      return with("signature_signers", "DS0B");
    case pki::SignatureProblem::kBadSignature:
      return with("signature_mismatch", "");
    case pki::SignatureProblem::kUntrusted:
      return with("certificate_untrusted", "DS0F");
    case pki::SignatureProblem::kKeyUsage:
      return with("certificate_unsuitable", "DS0E");
    case pki::SignatureProblem::kNoPersonalCode:
      return with("not_a_person", "DS0E");
    case pki::SignatureProblem::kRevoked:
      return with("certificate_revoked", "DS0C");
    case pki::SignatureProblem::kRevocationUnknown:
      return with("revocation_unknown", "DS0F");
  }
  return with("signature_unreadable", "DS0B");
}

}  // namespace

Result<tl::expected<pki::SignerCertificate, store::DecisionRefusal>> SignerIdentity::identify(
    const std::string& cms, const std::string& statement,
    std::chrono::system_clock::time_point now) const {
  using Outcome = tl::expected<pki::SignerCertificate, Refusal>;
  const auto refused = [](std::string code, std::string reason, std::string text) {
    return Outcome(tl::unexpect, Refusal{std::move(code), std::move(reason), std::move(text)});
  };
  auto signer = verifier_.verify(cms, statement, now);
  if (!signer) return Outcome(tl::unexpect, refusal_of(signer.error()));
  auto technical = identities_.find_certificate(signer->fingerprint_sha256);
  if (!technical) return tl::unexpected(technical.error());
  if (*technical) {
    return refused("technical_certificate", "DS0E",
                   fmt::format("certificate {} is a system's client certificate (user {}); a "
                               "payment file is signed by a person with their own certificate",
                               signer->serial, (*technical)->user_number));
  }
  if (signer->issuer != own_ca_subject_ &&
      signer->subject.find("serialNumber=PNOLV-") == std::string::npos) {
    // A bare number in another CA's serialNumber need not be a personal code.
    return refused(
        "not_a_person", "DS0E",
        fmt::format("certificate {} names no person (serialNumber PNOLV-...)", signer->serial));
  }
  if (signer->issuer == own_ca_subject_) {  // ours: registered at issue, maybe revoked since
    auto registered = signers_.find(signer->fingerprint_sha256);
    if (!registered) return tl::unexpected(registered.error());
    if (!*registered) {
      return refused("certificate_unknown", "DS0E",
                     fmt::format("certificate {} was not issued as a signing certificate by this "
                                 "gateway (gatewayctl signer issue)",
                                 signer->serial));
    }
    if ((*registered)->revoked_at) {
      return refused("certificate_revoked", "DS0C",
                     fmt::format("signing certificate {} was revoked at {}", signer->serial,
                                 *(*registered)->revoked_at));
    }
  }
  return Outcome(std::move(*signer));
}

}  // namespace gw::authorisation
