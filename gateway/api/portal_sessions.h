// Sessions of people signed in to the institution portal (signer_portal.h).
// The person is proven by their client certificate on every request; the
// session adds what the treasury's portal requires on top: it ends after an
// idle time (5 minutes by default), after which the person signs in again,
// and it holds the token every form must return (CSRF). A session belongs to
// one certificate (and a certificate has one session): its cookie presented
// with another certificate is no session. Kept in memory (a restart signs everybody out); at most
// `capacity` at once, the longest idle dropped first. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/language.h"
#include "core/result.h"

namespace gw::api {

struct PortalSession {
  std::string id;          // the cookie's value: 32 random bytes, hex
  std::string csrf_token;  // what every form of the session sends back
  std::string certificate_fingerprint;
  Language language = Language::kLatvian;
  std::chrono::steady_clock::time_point last_seen;
};

class PortalSessions {
 public:
  PortalSessions(std::chrono::seconds idle, std::size_t capacity)
      : idle_(idle), capacity_(capacity) {}

  // A new session for the holder of this certificate; their earlier one ends.
  Result<PortalSession> open(const std::string& certificate_fingerprint, Language language,
                             std::chrono::steady_clock::time_point now);
  // The live session `id` of this certificate, seen again at `now`; nothing
  // when it is unknown, idle too long (then it is forgotten) or another
  // certificate's.
  std::optional<PortalSession> touch(std::string_view id,
                                     const std::string& certificate_fingerprint,
                                     std::chrono::steady_clock::time_point now);
  void set_language(std::string_view id, Language language);
  void close(std::string_view id);

  std::chrono::seconds idle() const { return idle_; }

 private:
  void drop_idle(std::chrono::steady_clock::time_point now);  // REQUIRES: mutex_ held

  const std::chrono::seconds idle_;
  const std::size_t capacity_;
  std::mutex mutex_;
  std::unordered_map<std::string, PortalSession> sessions_;
};

// Whether two tokens are equal, in time that does not depend on where they differ.
bool same_token(std::string_view a, std::string_view b);

}  // namespace gw::api
