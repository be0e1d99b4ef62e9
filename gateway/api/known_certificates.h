// What the store says of presented personal certificates (signers' in the
// portal, operators' in the console), kept per fingerprint with the store's
// credential version and read again only when that version moved (such a
// certificate registered or revoked moves it: migration 0030). The TLS
// handshake asks for every certificate presented and the pages for every
// request: while nothing changed, neither reads the store, whose
// connections an I/O thread must not wait for. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "core/result.h"
#include "store/identity_store.h"

namespace gw::api {

template <typename Record>
class KnownCertificates {
 public:
  // The store's lookup by fingerprint.
  using Find = std::function<Result<std::optional<Record>>(const std::string&)>;

  // `identities` must outlive this object, and whatever `find` reads.
  KnownCertificates(Find find, store::IdentityStore& identities)
      : find_(std::move(find)), identities_(identities) {}

  // As `find`, from what was read at the current credential version.
  Result<std::optional<Record>> find(const std::string& fingerprint) {
    const auto version = identities_.credential_version();
    if (!version) return tl::unexpected(version.error());
    {
      std::lock_guard lock(mutex_);
      const auto it = known_.find(fingerprint);
      if (it != known_.end() && it->second.version == *version) return it->second.record;
    }
    // Read at or after `version`: a change meanwhile moves the version past
    // it, and the next question reads again.
    auto record = find_(fingerprint);
    if (!record) return record;
    std::lock_guard lock(mutex_);
    if (known_.size() >= kMaxKnown) known_.clear();
    known_[fingerprint] = Known{*version, *record};
    return record;
  }

 private:
  // More certificates than any deployment has people; past it the map starts over.
  static constexpr std::size_t kMaxKnown = 50'000;
  struct Known {
    std::int64_t version = 0;
    std::optional<Record> record;
  };

  const Find find_;
  store::IdentityStore& identities_;
  std::mutex mutex_;
  std::unordered_map<std::string, Known> known_;  // by fingerprint
};

}  // namespace gw::api
