#include "lifecycle/expiry_warnings.h"

#include "calendar/riga_time.h"
#include "outbox/expiry_mail.h"
#include "outbox/mail_outbox.h"

namespace gw::lifecycle {

Result<ExpiryWarningRun> send_expiry_warnings(store::ExpiryWarningStore& store,
                                              const ExpiryWarningConfig& config,
                                              std::chrono::system_clock::time_point now) {
  ExpiryWarningRun run;
  if (config.days <= 0) return run;
  const std::string now_text = format_utc_timestamp(now);
  auto items = store.expiring(now_text, format_utc_timestamp(now + std::chrono::days(config.days)));
  if (!items) return tl::unexpected(items.error());
  run.expiring = std::move(*items);
  for (const auto& item : run.expiring) {
    const bool certificate = item.kind == store::ExpiringKind::kCertificate;
    ++(certificate ? run.certificates_expiring : run.applications_expiring);
    if (item.warned || !config.mail) continue;
    auto claimed = store.claim(item, now_text);
    if (!claimed) return tl::unexpected(claimed.error());
    if (!*claimed) continue;  // another run has it
    const outbox::ExpiryMailFacts facts{item.contact_email,     item.contact_first_name,
                                        item.contact_last_name, item.user_number,
                                        item.expires_at,        certificate ? item.subject : ""};
    auto written = outbox::write_mail(config.outbox_dir, config.mail_from,
                                      certificate ? outbox::certificate_expiry_mail(facts)
                                                  : outbox::application_expiry_mail(facts));
    if (!written) {
      (void)store.release(item);
      return tl::unexpected(written.error());
    }
    ++run.mails_sent;
  }
  return run;
}

}  // namespace gw::lifecycle
