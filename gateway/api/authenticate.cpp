#include "api/authenticate.h"

#include <optional>

#include "calendar/riga_time.h"
#include "policy/ip_allow_list.h"

namespace gw::api {

struct Authenticator::Known {
  std::int64_t version = 0;
  std::optional<store::CertificateRecord> record;  // none: not registered
  std::optional<store::ApplicationRow> application;
  std::optional<policy::IpAllowList> sources;  // none: the stored list does not parse
  store::UserIdentity user;
};

namespace {
// More certificates than any deployment has users; past it the map starts over.
constexpr std::size_t kMaxKnown = 50'000;
}  // namespace

tl::expected<std::shared_ptr<const Authenticator::Known>, ApiError> Authenticator::known(
    const std::string& fingerprint) {
  const auto version = identities_.credential_version();
  if (!version) return tl::unexpected(ApiError::kStoreUnavailable);
  {
    std::lock_guard lock(mutex_);
    const auto it = known_.find(fingerprint);
    if (it != known_.end() && it->second->version == *version) return it->second;
  }
  // Read at or after `version`: if something changes meanwhile, the version
  // moves past it and the next request reads again.
  auto fresh = std::make_shared<Known>();
  fresh->version = *version;
  auto record = identities_.find_certificate(fingerprint);
  if (!record) return tl::unexpected(ApiError::kStoreUnavailable);
  fresh->record = std::move(*record);
  if (fresh->record) {
    auto latest = applications_.latest(fresh->record->user_number);
    if (!latest) return tl::unexpected(ApiError::kStoreUnavailable);
    fresh->application = std::move(*latest);
    if (fresh->application) {
      if (auto parsed = policy::IpAllowList::parse(fresh->application->sources)) {
        fresh->sources = std::move(*parsed);
      }
      auto user = identities_.user(fresh->record->user_number);
      if (!user) return tl::unexpected(ApiError::kStoreUnavailable);
      fresh->user = std::move(*user);
    }
  }
  std::lock_guard lock(mutex_);
  if (known_.size() >= kMaxKnown) known_.clear();
  known_[fingerprint] = fresh;
  return fresh;
}

tl::expected<bool, ApiError> Authenticator::revoked(const std::string& fingerprint,
                                                    std::chrono::system_clock::time_point now) {
  auto found = known(fingerprint);
  if (!found) return tl::unexpected(found.error());
  const Known& k = **found;
  return k.record && k.record->revoked_at && *k.record->revoked_at <= format_utc_timestamp(now);
}

tl::expected<Principal, ApiError> Authenticator::authenticate(
    const http::RequestHead& head, std::chrono::system_clock::time_point now) {
  if (!head.client_certificate) return tl::unexpected(ApiError::kNoClientCertificate);
  auto found = known(head.client_certificate->fingerprint_sha256);
  if (!found) return tl::unexpected(found.error());
  const Known& k = **found;
  if (!k.record) return tl::unexpected(ApiError::kUnknownCertificate);

  // The application first: a termination also revokes the certificates, and
  // "terminated" tells the institution more than "revoked".
  if (!k.application) return tl::unexpected(ApiError::kNoApplication);
  const store::ApplicationRow& application = *k.application;
  if (application.terminated_at) return tl::unexpected(ApiError::kApplicationTerminated);
  // UTC ISO 8601 texts compare in time order. A renewal dates the old
  // certificate's revocation at the end of the overlap, so it works until then.
  const std::string now_text = format_utc_timestamp(now);
  if (k.record->revoked_at && *k.record->revoked_at <= now_text) {
    return tl::unexpected(ApiError::kCertificateRevoked);
  }
  if (application.valid_until <= now_text) return tl::unexpected(ApiError::kApplicationExpired);
  // The handshake checked the dates only when the certificate was presented;
  // a resumed TLS session carries it on, so they are checked on every request.
  const auto& presented = *head.client_certificate;
  if (now_text < presented.not_before || presented.not_after <= now_text) {
    return tl::unexpected(ApiError::kCertificateExpired);
  }

  if (!k.sources || !k.sources->allows(head.peer_address)) {
    return tl::unexpected(ApiError::kIpNotAllowed);
  }
  return Principal{k.record->user_number, k.record->serial, k.record->not_after,
                   application,           k.user,           k.version};
}

}  // namespace gw::api
