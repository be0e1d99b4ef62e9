#include "api/known_signers.h"

namespace gw::api {
namespace {
// More certificates than any deployment has signers; past it the map starts over.
constexpr std::size_t kMaxKnown = 50'000;
}  // namespace

Result<std::optional<store::SignerCertificateRecord>> KnownSigners::find(
    const std::string& fingerprint) {
  const auto version = identities_.credential_version();
  if (!version) return tl::unexpected(version.error());
  {
    std::lock_guard lock(mutex_);
    const auto it = known_.find(fingerprint);
    if (it != known_.end() && it->second.version == *version) return it->second.record;
  }
  // Read at or after `version`: a change meanwhile moves the version past
  // it, and the next question reads again.
  auto record = signers_.find(fingerprint);
  if (!record) return record;
  std::lock_guard lock(mutex_);
  if (known_.size() >= kMaxKnown) known_.clear();
  known_[fingerprint] = Known{*version, *record};
  return record;
}

}  // namespace gw::api
