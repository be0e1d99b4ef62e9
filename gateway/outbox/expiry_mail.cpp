#include "outbox/expiry_mail.h"

#include <fmt/format.h>

#include "calendar/riga_time.h"

namespace gw::outbox {

Mail certificate_expiry_mail(const ExpiryMailFacts& f) {
  std::string body = fmt::format(
      "Labdien, {0} {1}!\n\n"
      "Lietotāja {2} klienta sertifikāts Valsts kases tiešsaistes datu apmaiņai (sērijas numurs\n"
      "{3}) beigsies {4} (UTC). Pēc tam grāmatvedības sistēma ar to vairs nevarēs pieslēgties.\n\n"
      "Atjaunojiet to laikus: ar pašreizējo sertifikātu nosūtiet jaunu sertifikāta pieprasījumu\n"
      "(CSR) uz POST /v1/certificates/renew, vai lūdziet Valsts kasei jaunu aktivizācijas kodu.\n\n"
      "----\n\n"
      "Hello {0} {1},\n\n"
      "The client certificate of user {2} for the State Treasury's online data exchange (serial\n"
      "{3}) expires on {4} (UTC). After that, your accounting system cannot connect with it.\n\n"
      "Renew it in time: with the current certificate, send a new certificate signing request\n"
      "(CSR) to POST /v1/certificates/renew, or ask the treasury for a new activation code.\n",
      f.first_name, f.last_name, f.user_number, f.serial, readable_utc_timestamp(f.expires_at));
  return {f.to,
          fmt::format("Sertifikāts drīz beigsies / Certificate expires soon: lietotājs / user {}",
                      f.user_number),
          std::move(body)};
}

Mail application_expiry_mail(const ExpiryMailFacts& f) {
  std::string body = fmt::format(
      "Labdien, {0} {1}!\n\n"
      "Jūsu iestādes pieteikums Valsts kases tiešsaistes datu apmaiņai (lietotājs {2}) ir spēkā\n"
      "līdz {3} (UTC). Lietotāja sertifikāti beidzas jau {4} plkst. 00:00 (UTC).\n\n"
      "Lai datu apmaiņa turpinātos, iesniedziet Valsts kasē jaunu parakstītu pieteikumu pirms šī\n"
      "datuma. Kad tas reģistrēts, atjaunojiet arī sertifikātu (POST /v1/certificates/renew):\n"
      "sertifikāts nekad nav derīgs ilgāk par pieteikumu, kura laikā tas izdots.\n\n"
      "----\n\n"
      "Hello {0} {1},\n\n"
      "Your institution's application for the State Treasury's online data exchange (user {2})\n"
      "is valid until {3} (UTC). The user's certificates end earlier, at 00:00 UTC on {4}.\n\n"
      "To keep the data exchange going, submit a new signed application form to the treasury\n"
      "before that date. Once it is registered, renew the certificate too (POST\n"
      "/v1/certificates/renew): a certificate never outlasts the application it was issued "
      "under.\n",
      f.first_name, f.last_name, f.user_number, readable_utc_timestamp(f.expires_at),
      f.expires_at.substr(0, 10));
  return {f.to,
          fmt::format("Pieteikums drīz beigsies / Application expires soon: lietotājs / user {}",
                      f.user_number),
          std::move(body)};
}

}  // namespace gw::outbox
