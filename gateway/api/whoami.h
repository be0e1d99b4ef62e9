// GET /v1/whoami: who the certificate belongs to, their application and what
// they may access (accounts with modes and limits, today's one-day change).
#pragma once

#include <mutex>
#include <string>
#include <unordered_map>

#include "api/authenticate.h"
#include "core/result.h"
#include "store/application_store.h"
#include "store/identity_store.h"

namespace gw::api {

// `today` is the Riga date (YYYY-MM-DD) for one-day limit changes.
Result<std::string> whoami_json(const Principal& principal, store::ApplicationStore& applications,
                                const std::string& today);

// The answers, kept per certificate while the store's credential version and
// the Riga date stay what they were (nothing else changes them), so that a
// system polling whoami costs one small read a request. Thread-safe.
class WhoamiAnswers {
 public:
  explicit WhoamiAnswers(store::ApplicationStore& applications) : applications_(applications) {}
  Result<std::string> answer(const Principal& principal, const std::string& today);

 private:
  struct Kept {
    std::int64_t credential_version = 0;
    std::string today;
    std::string body;
  };
  store::ApplicationStore& applications_;
  std::mutex mutex_;
  std::unordered_map<std::string, Kept> kept_;  // by certificate serial
};

}  // namespace gw::api
