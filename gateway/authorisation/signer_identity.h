// Who signed a statement: a detached CMS verified (pki/signature_verifier:
// chain, key usage, personal code, external CAs' CRLs), then what the store
// knows — never a system's client certificate; a certificate of the gateway's
// own CA only when `gatewayctl signer issue` listed it and it is not revoked.
// Shared by approvals, rejections and signed cancellations. Thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <tl/expected.hpp>

#include "core/result.h"
#include "pki/signature_verifier.h"
#include "store/authorisation_store.h"
#include "store/identity_store.h"
#include "store/signer_store.h"

namespace gw::authorisation {

class SignerIdentity {
 public:
  // All must outlive this object. `own_ca_subject`: the subject of the
  // gateway's CA as pki::describe_certificate gives it.
  SignerIdentity(store::IdentityStore& identities, store::SignerStore& signers,
                 std::string own_ca_subject, const pki::SignatureVerifier& verifier)
      : identities_(identities),
        signers_(signers),
        own_ca_subject_(std::move(own_ca_subject)),
        verifier_(verifier) {}

  // The signer of `statement`, or why the signature does not count (a stable
  // code, the ISO reason that fits, a sentence; docs/authorisation.md). An
  // Error only when the store fails.
  Result<tl::expected<pki::SignerCertificate, store::DecisionRefusal>> identify(
      const std::string& cms, const std::string& statement,
      std::chrono::system_clock::time_point now) const;

 private:
  store::IdentityStore& identities_;
  store::SignerStore& signers_;
  const std::string own_ca_subject_;
  const pki::SignatureVerifier& verifier_;
};

}  // namespace gw::authorisation
