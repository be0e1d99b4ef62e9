#include "api/user_certificate.h"

#include <chrono>
#include <nlohmann/json.hpp>

#include "calendar/riga_time.h"
#include "pki/development_pki.h"
#include "pki/pem.h"

namespace gw::api {

Result<IssuedUserCertificate> issue_user_certificate(const pki::CertificateAuthority& ca,
                                                     const store::UserIdentity& user,
                                                     const std::string& application_valid_until,
                                                     int certificate_days, EVP_PKEY* key) {
  using std::chrono::system_clock;
  const auto now = system_clock::now();
  auto not_after = now + std::chrono::days(certificate_days);
  if (auto end = parse_iso_date(std::string_view(application_valid_until).substr(0, 10))) {
    not_after = std::min(not_after, system_clock::time_point(std::chrono::sys_days{*end}));
  }
  auto cert = pki::issue_client_certificate_for_key(
      ca, {user.user_number, user.institution_name, user.institution_registration_number}, key,
      now - std::chrono::minutes(5), not_after);
  if (!cert) return tl::unexpected(cert.error());
  auto info = pki::describe_certificate(cert->get());
  return IssuedUserCertificate{std::move(*cert), std::move(info)};
}

nlohmann::json certificate_answer(const pki::CertificateAuthority& ca, std::int64_t user_number,
                                  const IssuedUserCertificate& issued) {
  return {{"user_number", user_number},
          {"serial", issued.info.serial},
          {"not_after", issued.info.not_after},
          {"certificate", pki::certificate_pem(issued.certificate.get())},
          {"chain", {pki::certificate_pem(ca.certificate())}}};
}

store::NewCertificate to_new_certificate(std::int64_t user_number,
                                         const pki::CertificateInfo& info) {
  return {info.serial,  info.fingerprint_sha256, user_number,
          info.subject, info.not_before,         info.not_after};
}

}  // namespace gw::api
