// Issuing a user's client certificate, shared by activation and renewal:
// validity from a few minutes ago (clock skew) for `certificate_days`, never
// past the end of the user's application; and the JSON answer with the PEMs.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "core/result.h"
#include "pki/certificate_authority.h"
#include "pki/certificate_info.h"
#include "store/identity_store.h"

namespace gw::api {

struct IssuedUserCertificate {
  pki::X509Ptr certificate;
  pki::CertificateInfo info;
};

Result<IssuedUserCertificate> issue_user_certificate(const pki::CertificateAuthority& ca,
                                                     const store::UserIdentity& user,
                                                     const std::string& application_valid_until,
                                                     int certificate_days, EVP_PKEY* key);

// {"user_number", "serial", "not_after", "certificate", "chain"}
nlohmann::json certificate_answer(const pki::CertificateAuthority& ca, std::int64_t user_number,
                                  const IssuedUserCertificate& issued);

store::NewCertificate to_new_certificate(std::int64_t user_number,
                                         const pki::CertificateInfo& info);

}  // namespace gw::api
