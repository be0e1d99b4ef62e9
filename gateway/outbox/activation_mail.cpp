#include "outbox/activation_mail.h"

#include <fmt/format.h>

#include "calendar/riga_time.h"

namespace gw::outbox {

Mail activation_mail(const ActivationMailFacts& f) {
  const std::string until = readable_utc_timestamp(f.expires_at);
  // The code stays the first indented line: clients of the outbox find it there.
  std::string body = fmt::format(
      "Labdien, {0} {1}!\n\n"
      "Jūsu aktivizācijas kods Valsts kases tiešsaistes datu apmaiņai (lietotājs {2}):\n\n"
      "    {3}\n\n"
      "Kods derīgs vienu reizi līdz {4} (UTC). Sertifikātu aktivizējiet šeit:\n"
      "{5}/activate?user={2}&lang=lv\n\n"
      "Pirms uzticaties Valsts kases sertifikācijas iestādei (ca.pem), salīdziniet tās SHA-256\n"
      "nospiedumu ar šo:\n"
      "{6}\n\n"
      "Ja šo kodu negaidījāt, lūdzu, informējiet Valsts kasi.\n\n"
      "----\n\n"
      "Hello {0} {1},\n\n"
      "This is your activation code for the State Treasury's online data exchange (user {2}),\n"
      "the code above. It can be used once, until {4} (UTC). Activate your certificate here:\n"
      "{5}/activate?user={2}&lang=en\n\n"
      "Before you trust the treasury's certification authority (ca.pem), compare its SHA-256\n"
      "fingerprint with this one:\n"
      "{6}\n\n"
      "If you did not expect this code, please tell the treasury.\n\n"
      "Systems without a browser send the code to the same address: POST\n"
      "/v1/activation/certificate with a CSR, or /v1/activation/pkcs12 with a password.\n",
      f.first_name, f.last_name, f.user_number, f.code, until, f.page_url, f.ca_fingerprint);
  return {f.to,
          fmt::format("Aktivizācijas kods / Activation code: lietotājs / user {}", f.user_number),
          std::move(body)};
}

}  // namespace gw::outbox
