#include "api/authenticate.h"

#include "calendar/riga_time.h"
#include "policy/ip_allow_list.h"

namespace gw::api {

tl::expected<Principal, ApiError> authenticate(const http::RequestHead& head,
                                               store::IdentityStore& identities,
                                               store::ApplicationStore& applications,
                                               std::chrono::system_clock::time_point now) {
  if (!head.client_certificate) return tl::unexpected(ApiError::kNoClientCertificate);
  auto record = identities.find_certificate(head.client_certificate->fingerprint_sha256);
  if (!record) return tl::unexpected(ApiError::kStoreUnavailable);
  if (!*record) return tl::unexpected(ApiError::kUnknownCertificate);

  // The application first: a termination also revokes the certificates, and
  // "terminated" tells the institution more than "revoked".
  auto latest = applications.latest((*record)->user_number);
  if (!latest) return tl::unexpected(ApiError::kStoreUnavailable);
  if (!*latest) return tl::unexpected(ApiError::kNoApplication);
  store::ApplicationRow& application = **latest;
  if (application.terminated_at) return tl::unexpected(ApiError::kApplicationTerminated);
  // UTC ISO 8601 texts compare in time order. A renewal dates the old
  // certificate's revocation at the end of the overlap, so it works until then.
  const std::string now_text = format_utc_timestamp(now);
  if ((*record)->revoked_at && *(*record)->revoked_at <= now_text) {
    return tl::unexpected(ApiError::kCertificateRevoked);
  }
  if (application.valid_until <= now_text) return tl::unexpected(ApiError::kApplicationExpired);
  // The handshake checked the dates only when the certificate was presented;
  // a resumed TLS session carries it on, so they are checked on every request.
  const auto& presented = *head.client_certificate;
  if (now_text < presented.not_before || presented.not_after <= now_text) {
    return tl::unexpected(ApiError::kCertificateExpired);
  }

  auto allow = policy::IpAllowList::parse(application.sources);
  if (!allow || !allow->allows(head.peer_address)) return tl::unexpected(ApiError::kIpNotAllowed);

  return Principal{(*record)->user_number, (*record)->serial, (*record)->not_after,
                   std::move(application)};
}

}  // namespace gw::api
