#include "pki/development_pki.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include "pki/certificate_authority.h"
#include "pki/pem.h"

namespace gw::pki {
namespace {

using std::chrono::days;
using std::chrono::system_clock;

}  // namespace

Status init_development_pki(const GatewayConfig& config, bool force) {
  const auto ca_cert = config.client_ca_path();
  if (std::filesystem::exists(ca_cert) && !force) {
    return fail(ErrorCode::kAlreadyExists,
                fmt::format("{} exists; pass --force to replace the development PKI "
                            "(every issued client certificate stops working)",
                            ca_cert.string()));
  }
  std::error_code ec;
  for (const auto& path :
       {ca_cert, config.ca_key_path(), config.server_cert_path(), config.server_key_path()}) {
    std::filesystem::create_directories(path.parent_path(), ec);
  }
  ::chmod(config.pki_dir().c_str(), 0700);

  // Backdated a little so that clocks slightly behind still accept them.
  const auto now = system_clock::now() - std::chrono::minutes(5);
  auto ca_key = generate_key();
  if (!ca_key) return tl::unexpected(ca_key.error());
  CertificateSpec ca_spec{CertificateProfile::kAuthority,
                          {{"C", "LV"},
                           {"O", "Treasury H2H Gateway (development)"},
                           {"CN", "Treasury H2H Development CA"}},
                          {},
                          {},
                          now,
                          now + days(3650)};
  auto ca = issue_certificate(ca_spec, ca_key->get(), nullptr, ca_key->get());
  if (!ca) return tl::unexpected(ca.error());

  auto server_key = generate_key();
  if (!server_key) return tl::unexpected(server_key.error());
  CertificateSpec server_spec{
      CertificateProfile::kServer,
      {{"C", "LV"}, {"O", "Treasury H2H Gateway (development)"}, {"CN", "localhost"}},
      {"localhost"},
      {"127.0.0.1", "::1"},
      now,
      now + days(825)};
  auto server = issue_certificate(server_spec, server_key->get(), ca->get(), ca_key->get());
  if (!server) return tl::unexpected(server.error());

  Status s = write_private_key(config.ca_key_path(), ca_key->get());
  if (s) s = write_certificate(ca_cert, ca->get());
  if (s) s = write_private_key(config.server_key_path(), server_key->get());
  if (s) s = write_certificate(config.server_cert_path(), server->get());
  return s;
}

Result<X509Ptr> issue_client_certificate_for_key(const CertificateAuthority& ca,
                                                 const ClientSubject& subject, EVP_PKEY* key,
                                                 system_clock::time_point not_before,
                                                 system_clock::time_point not_after) {
  const std::string number = std::to_string(subject.user_number);
  CertificateSpec spec{
      CertificateProfile::kClient,
      {{"C", "LV"},
       {"O", subject.institution_name},
       {"organizationIdentifier", "NTRLV-" + subject.institution_registration_number},
       {"UID", number},
       {"CN", "user-" + number}},
      {},
      {},
      not_before,
      not_after};
  return ca.issue(spec, key);
}

Result<IssuedCertificate> issue_client_certificate(const GatewayConfig& config,
                                                   const ClientSubject& subject,
                                                   system_clock::time_point not_before,
                                                   system_clock::time_point not_after) {
  auto ca = CertificateAuthority::load(config.client_ca_path(), config.ca_key_path());
  if (!ca) return tl::unexpected(ca.error());
  auto key = generate_key();
  if (!key) return tl::unexpected(key.error());
  auto cert = issue_client_certificate_for_key(*ca, subject, key->get(), not_before, not_after);
  if (!cert) return tl::unexpected(cert.error());
  return IssuedCertificate{certificate_pem(cert->get()), private_key_pem(key->get()),
                           describe_certificate(cert->get())};
}

}  // namespace gw::pki
