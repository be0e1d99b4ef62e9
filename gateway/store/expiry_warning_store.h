// What expires soon, for the warnings mailed to technical contacts
// (lifecycle/expiry_warnings.h), and which of it was warned about already
// (schemas/0017_expiry_warnings.sql). Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/language.h"
#include "core/result.h"

namespace gw::store {

enum class ExpiringKind { kCertificate, kApplication };

struct ExpiringItem {
  ExpiringKind kind = ExpiringKind::kCertificate;
  std::string subject;  // the certificate's serial, or the application's id
  std::int64_t user_number = 0;
  std::string expires_at;  // UTC timestamp
  // The technical contact of the user's current application.
  std::string contact_email;
  std::string contact_first_name;
  std::string contact_last_name;
  Language language = Language::kEnglish;
  bool warned = false;  // a warning about it was sent before
};

class ExpiryWarningStore {
 public:
  virtual ~ExpiryWarningStore() = default;

  // Of users with a current application: each such application, and each
  // user's latest-expiring unrevoked certificate, that expire in (now, until].
  // A certificate is left out when a later one of the same user exists (a
  // renewal: only the last one a user holds matters), and when it ends with
  // the application (the application's warning covers it).
  virtual Result<std::vector<ExpiringItem>> expiring(const std::string& now,
                                                     const std::string& until) = 0;
  // Records that `item` was warned about at `at`; false when it had been already.
  virtual Result<bool> mark_warned(const ExpiringItem& item, const std::string& at) = 0;

 protected:
  ExpiryWarningStore() = default;
  ExpiryWarningStore(const ExpiryWarningStore&) = default;
  ExpiryWarningStore& operator=(const ExpiryWarningStore&) = default;
};

}  // namespace gw::store
