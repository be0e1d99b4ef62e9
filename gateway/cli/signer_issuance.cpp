#include "cli/signer_issuance.h"

#include "calendar/riga_time.h"
#include "pki/certificate_authority.h"
#include "pki/pem.h"
#include "pki/signer_certificate.h"
#include "policy/personal_code.h"
#include "store/sql/sql_signer_store.h"

namespace gw::cli {

using std::chrono::system_clock;

Result<pki::CertificateInfo> issue_signer(const CtlContext& ctx, const SignerIssue& what,
                                          EVP_PKEY* public_key) {
  const auto code = policy::validate_personal_code(what.personal_code);
  if (!code) return tl::unexpected(code.error());
  auto ca = pki::CertificateAuthority::load(ctx.config.client_ca_path(), ctx.config.ca_key_path());
  if (!ca) return tl::unexpected(ca.error());
  // Backdated a little so that clocks slightly behind still accept it.
  const auto from = system_clock::now() - std::chrono::minutes(5);
  auto cert = pki::issue_signer_certificate(*ca, what.name, *code, public_key, from,
                                            from + std::chrono::days(what.days));
  if (!cert) return tl::unexpected(cert.error());
  if (auto s = pki::write_certificate(what.out, cert->get()); !s) return tl::unexpected(s.error());

  auto info = pki::describe_certificate(cert->get());
  // Listed, a signature by it counts (until it is revoked); the file alone is not enough.
  auto store = open_store(ctx.config);
  if (!store) return tl::unexpected(store.error());
  store::SqlSignerStore signers(*store->pool);
  if (auto s = signers.register_certificate(
          ctx.actor,
          store::SignerCertificateRecord{info.serial, info.fingerprint_sha256, *code, what.name,
                                         info.not_after, format_utc_timestamp(system_clock::now()),
                                         std::nullopt, ""});
      !s) {
    return tl::unexpected(s.error());
  }
  return info;
}

}  // namespace gw::cli
