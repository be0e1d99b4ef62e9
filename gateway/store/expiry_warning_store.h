// What expires soon, for the warnings mailed to technical contacts
// (lifecycle/expiry_warnings.h), and which of it was warned about already
// (schemas/0017_expiry_warnings.sql). Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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
  bool warned = false;  // a warning about it was sent (or claimed) before
};

class ExpiryWarningStore {
 public:
  virtual ~ExpiryWarningStore() = default;

  // Of users with a current application: each such application, and each
  // user's latest-expiring unrevoked certificate, that expire in (now, until].
  // A certificate is left out when a later one of the same user exists (a
  // renewal: only the last one a user holds matters), and when it ends with
  // the application (the application's warning covers it): a certificate
  // ends at 00:00 UTC of the date its application ends.
  virtual Result<std::vector<ExpiringItem>> expiring(const std::string& now,
                                                     const std::string& until) = 0;
  // Claims the warning about `item` (recorded as sent at `at`) before it is
  // mailed; false when it was claimed already, by this or another process.
  virtual Result<bool> claim(const ExpiringItem& item, const std::string& at) = 0;
  // Gives a claim back: its mail could not be written.
  virtual Status release(const ExpiringItem& item) = 0;

 protected:
  ExpiryWarningStore() = default;
  ExpiryWarningStore(const ExpiryWarningStore&) = default;
  ExpiryWarningStore& operator=(const ExpiryWarningStore&) = default;
};

}  // namespace gw::store
