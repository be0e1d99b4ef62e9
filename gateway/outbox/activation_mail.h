// The mail that brings a technical contact their activation code: Latvian
// first, then English; a link to the activation page with the user number,
// and the CA's fingerprint to compare before trusting it.
#pragma once

#include <cstdint>
#include <string>

#include "outbox/mail_outbox.h"

namespace gw::outbox {

struct ActivationMailFacts {
  std::string to;
  std::string first_name;
  std::string last_name;
  std::int64_t user_number = 0;
  std::string code;
  std::string expires_at;      // UTC timestamp
  std::string page_url;        // the activation listener's public address
  std::string ca_fingerprint;  // SHA-256, colon-separated upper-case hex
};

Mail activation_mail(const ActivationMailFacts& facts);

}  // namespace gw::outbox
