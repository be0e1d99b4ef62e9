#include "pki/signer_certificate.h"

#include <fmt/format.h>

#include "core/utf8.h"
#include "policy/personal_code.h"

namespace gw::pki {

Result<X509Ptr> issue_signer_certificate(const CertificateAuthority& ca,
                                         const std::string& full_name,
                                         const std::string& personal_code, EVP_PKEY* key,
                                         std::chrono::system_clock::time_point not_before,
                                         std::chrono::system_clock::time_point not_after) {
  if (full_name.find_first_not_of(' ') == std::string::npos) {
    return fail(ErrorCode::kInvalidArgument, "the signer's full name is empty");
  }
  if (!is_valid_utf8(full_name)) {
    return fail(ErrorCode::kInvalidArgument, fmt::format("the signer's full name '{}' is not UTF-8",
                                                         escape_invalid_utf8(full_name)));
  }
  auto code = policy::validate_personal_code(personal_code);
  if (!code) return tl::unexpected(code.error());
  CertificateSpec spec{CertificateProfile::kPersonalSigning,
                       {{"C", "LV"}, {"CN", full_name}, {"serialNumber", "PNOLV-" + *code}},
                       {},
                       {},
                       not_before,
                       not_after};
  auto cert = ca.issue(spec, key);
  if (!cert) {
    return fail(cert.error().code,
                fmt::format("signer certificate for '{}': {}", full_name, cert.error().message));
  }
  return cert;
}

}  // namespace gw::pki
