// The warnings mailed to a technical contact before the user's certificate or
// application expires: Latvian first, then English; what ends, when, and
// what to do about it.
#pragma once

#include <cstdint>
#include <string>

#include "outbox/mail_outbox.h"

namespace gw::outbox {

struct ExpiryMailFacts {
  std::string to;
  std::string first_name;
  std::string last_name;
  std::int64_t user_number = 0;
  std::string expires_at;  // UTC timestamp
  std::string serial;      // the certificate's; empty for an application
};

Mail certificate_expiry_mail(const ExpiryMailFacts& facts);
Mail application_expiry_mail(const ExpiryMailFacts& facts);

}  // namespace gw::outbox
