// The activation page (GET /activate on the activation listener): a technical
// contact enters the code from the activation mail and either pastes a CSR
// made on their own machine or chooses a password and downloads a PKCS#12;
// the page shows the CA's fingerprint to check and what to configure next.
// Its script (assets/activate.js) calls the activation routes; every text is
// rendered here, in Latvian or English.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/language.h"
#include "core/result.h"

namespace gw::pages {

struct ActivationPageFacts {
  Language language = Language::kLatvian;
  std::optional<std::int64_t> user_number;  // from the mail's link, when given
  std::string ca_fingerprint;               // as pki::colon_fingerprint() writes it
  std::string api_url;                      // where accounting systems connect
  int failure_window_minutes = 15;          // how long a blocked contact waits
};

Result<std::string> activation_page(const ActivationPageFacts& facts);

}  // namespace gw::pages
