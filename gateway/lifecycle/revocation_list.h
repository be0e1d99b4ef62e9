// The client CA's CRL of every certificate it issued that is revoked by now
// (institutions' users, payment signers, operators), as relying parties (and
// the treasury's own proxies) fetch it: from `gatewayctl cert crl` and from
// the operator console. A revocation dated in the future (the end of a
// renewal's overlap) is not listed before its time.
#pragma once

#include <chrono>
#include <string>

#include "core/result.h"
#include "pki/certificate_authority.h"
#include "store/identity_store.h"
#include "store/operator_store.h"
#include "store/signer_store.h"

namespace gw::lifecycle {

struct RevocationList {
  std::string pem;
  std::size_t revoked = 0;  // entries in it
};

struct IssuedCertificates {
  store::IdentityStore& users;
  store::SignerStore& signers;
  store::OperatorStore& operators;
};

Result<RevocationList> client_revocation_list(IssuedCertificates issued,
                                              const pki::CertificateAuthority& ca,
                                              std::chrono::system_clock::time_point now,
                                              std::chrono::days next_update);

}  // namespace gw::lifecycle
