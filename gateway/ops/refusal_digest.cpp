#include "ops/refusal_digest.h"

#include <fmt/chrono.h>

#include "core/utf8.h"

namespace gw::ops {
namespace {

constexpr std::size_t kMaxText = 256;

}  // namespace

void RefusalDigest::add(std::string_view listener, std::string_view peer_address,
                        std::string_view reason, std::string_view certificate_serial,
                        std::string_view certificate_issuer,
                        std::chrono::system_clock::time_point at) {
  // An unverified certificate's serial and issuer are the client's choice.
  Key key{std::string(listener), std::string(peer_address), std::string(reason),
          utf8_prefix(certificate_serial, kMaxText), utf8_prefix(certificate_issuer, kMaxText)};
  std::lock_guard lock(mutex_);
  auto it = tallies_.find(key);
  // Past the key cap every new key goes to "other" anyway: nothing to name.
  if (it == tallies_.end() && !std::get<3>(key).empty() && tallies_.size() < max_keys_) {
    std::size_t& named =
        certificates_[Source{std::get<0>(key), std::get<1>(key), std::get<2>(key)}];
    if (named >= max_certificates_) {
      std::get<3>(key) = "others";
      std::get<4>(key) = "";
      it = tallies_.find(key);
    } else {
      ++named;
    }
  }
  if (it == tallies_.end()) {
    if (tallies_.size() >= max_keys_) {
      key = Key{std::string(listener), "other", std::string(reason), "", ""};
      it = tallies_.find(key);
    }
    if (it == tallies_.end()) {
      const auto minute = std::chrono::floor<std::chrono::minutes>(at);
      it = tallies_.emplace(std::move(key), Entry{fmt::format("{:%Y-%m-%dT%H:%M}Z", minute), 0})
               .first;
    }
  }
  ++it->second.count;
}

std::vector<RefusalTally> RefusalDigest::take() {
  std::map<Key, Entry> taken;
  {
    std::lock_guard lock(mutex_);
    taken.swap(tallies_);
    certificates_.clear();
  }
  std::vector<RefusalTally> out;
  out.reserve(taken.size());
  for (auto& [key, entry] : taken) {
    auto& [listener, peer, reason, serial, issuer] = key;
    out.push_back(
        RefusalTally{std::move(entry.minute), listener, peer, reason, serial, issuer, entry.count});
  }
  return out;
}

}  // namespace gw::ops
