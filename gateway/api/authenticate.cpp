#include "api/authenticate.h"

namespace gw::api {

tl::expected<Principal, ApiError> authenticate(const http::RequestHead& head,
                                               store::IdentityStore& identities) {
  if (!head.client_certificate) return tl::unexpected(ApiError::kNoClientCertificate);
  auto record = identities.find_certificate(head.client_certificate->fingerprint_sha256);
  if (!record) return tl::unexpected(ApiError::kStoreUnavailable);
  if (!*record) return tl::unexpected(ApiError::kUnknownCertificate);
  if ((*record)->revoked_at) return tl::unexpected(ApiError::kCertificateRevoked);
  return Principal{(*record)->user_number, (*record)->serial, (*record)->not_after};
}

}  // namespace gw::api
