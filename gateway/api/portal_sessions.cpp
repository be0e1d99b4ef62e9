#include "api/portal_sessions.h"

#include <algorithm>

#include "pki/random_token.h"

namespace gw::api {

Result<PortalSession> PortalSessions::open(const std::string& certificate_fingerprint,
                                           Language language,
                                           std::chrono::steady_clock::time_point now) {
  auto id = pki::random_token(32);
  if (!id) return tl::unexpected(id.error());
  auto csrf = pki::random_token(32);
  if (!csrf) return tl::unexpected(csrf.error());
  PortalSession session{std::move(*id), std::move(*csrf), certificate_fingerprint, language, now};
  const std::lock_guard lock(mutex_);
  drop_idle(now);
  // One session per certificate: signing in again ends the earlier one, so
  // that nobody can fill the table with sessions of their own.
  std::erase_if(sessions_, [&](const auto& entry) {
    return entry.second.certificate_fingerprint == certificate_fingerprint;
  });
  if (sessions_.size() >= capacity_ && !sessions_.empty()) {
    const auto oldest = std::min_element(
        sessions_.begin(), sessions_.end(),
        [](const auto& a, const auto& b) { return a.second.last_seen < b.second.last_seen; });
    sessions_.erase(oldest);
  }
  sessions_.emplace(session.id, session);
  return session;
}

std::optional<PortalSession> PortalSessions::touch(std::string_view id,
                                                   const std::string& certificate_fingerprint,
                                                   std::chrono::steady_clock::time_point now) {
  const std::lock_guard lock(mutex_);
  const auto it = sessions_.find(std::string(id));
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.last_seen > idle_) {
    sessions_.erase(it);
    return std::nullopt;
  }
  if (!same_token(it->second.certificate_fingerprint, certificate_fingerprint)) {
    return std::nullopt;
  }
  it->second.last_seen = now;
  return it->second;
}

void PortalSessions::set_language(std::string_view id, Language language) {
  const std::lock_guard lock(mutex_);
  if (const auto it = sessions_.find(std::string(id)); it != sessions_.end()) {
    it->second.language = language;
  }
}

void PortalSessions::close(std::string_view id) {
  const std::lock_guard lock(mutex_);
  sessions_.erase(std::string(id));
}

void PortalSessions::drop_idle(std::chrono::steady_clock::time_point now) {
  std::erase_if(sessions_, [&](const auto& entry) { return now - entry.second.last_seen > idle_; });
}

bool same_token(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char differ = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    differ |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return differ == 0;
}

}  // namespace gw::api
