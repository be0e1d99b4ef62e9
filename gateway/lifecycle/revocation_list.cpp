#include "lifecycle/revocation_list.h"

#include <fmt/format.h>

#include <vector>

#include "calendar/riga_time.h"

namespace gw::lifecycle {

Result<RevocationList> client_revocation_list(IssuedCertificates issued,
                                              const pki::CertificateAuthority& ca,
                                              std::chrono::system_clock::time_point now,
                                              std::chrono::days next_update) {
  std::vector<pki::CertificateAuthority::RevokedEntry> revoked;
  std::string unreadable;  // a revocation time that is not one: no CRL that leaves it out
  const auto add = [&](const std::string& serial, const std::optional<std::string>& revoked_at) {
    if (!revoked_at) return;
    const auto at = parse_utc_timestamp(*revoked_at);
    if (!at) {
      unreadable = serial;
      return;
    }
    if (*at > now) return;  // a renewal's revocation that lies ahead
    revoked.push_back({serial, *at});
  };
  auto users = issued.users.certificates();
  if (!users) return tl::unexpected(users.error());
  for (const auto& c : *users) add(c.serial, c.revoked_at);
  auto signers = issued.signers.list();
  if (!signers) return tl::unexpected(signers.error());
  for (const auto& c : *signers) add(c.serial, c.revoked_at);
  auto operators = issued.operators.list();
  if (!operators) return tl::unexpected(operators.error());
  for (const auto& c : *operators) add(c.serial, c.revoked_at);
  if (!unreadable.empty()) {
    return fail(
        ErrorCode::kStore,
        fmt::format("certificate {} has a revocation time that cannot be read", unreadable));
  }
  auto pem = ca.revocation_list(revoked, now, now + next_update);
  if (!pem) return tl::unexpected(pem.error());
  return RevocationList{std::move(*pem), revoked.size()};
}

}  // namespace gw::lifecycle
