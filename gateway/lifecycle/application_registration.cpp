#include "lifecycle/application_registration.h"

#include <fmt/format.h>

#include <algorithm>

#include "calendar/riga_time.h"
#include "core/json_text.h"
#include "outbox/activation_mail.h"
#include "outbox/mail_outbox.h"
#include "policy/activation_code.h"

namespace gw::lifecycle {
namespace {

using std::chrono::system_clock;

store::NewApplication to_store(const policy::ApplicationDocument& doc, const std::string& json,
                               system_clock::time_point registered) {
  store::NewApplication app;
  app.institution_registration_number = doc.institution_registration_number;
  app.institution_name = doc.institution_name;
  app.user_number = doc.user_number;
  std::tie(app.registered_at, app.valid_until) = application_validity(registered);
  app.contact_first_name = doc.contact.first_name;
  app.contact_last_name = doc.contact.last_name;
  app.contact_personal_code = doc.contact.personal_code;
  app.contact_phone = doc.contact.phone;
  app.contact_email = doc.contact.email;
  app.signer = doc.signer;
  app.preparer = doc.preparer;
  app.preparer_phone = doc.preparer_phone;
  app.preparer_email = doc.preparer_email;
  app.sources = doc.allowed_sources;
  app.accounts = doc.accounts;
  app.payment_signers = doc.payment_signers;
  app.all_or_nothing = doc.all_or_nothing;
  app.language = doc.language;
  app.report_version = doc.report_version;
  app.document = json;
  return app;
}

// A replacement needs no new activation code when the user still holds a
// certificate that works and the application names the same technical
// contact: the contact already has what the code would give them.
Result<bool> keeps_certificate(RegistrationStores stores, std::int64_t user_number,
                               const std::string& contact_email) {
  auto history = stores.applications.history(user_number);
  if (!history) return tl::unexpected(history.error());
  if (history->size() < 2 || (*history)[history->size() - 2].contact_email != contact_email) {
    return false;
  }
  auto certificates = stores.identities.certificates();
  if (!certificates) return tl::unexpected(certificates.error());
  const std::string now = format_utc_timestamp(system_clock::now());
  return std::any_of(certificates->begin(), certificates->end(), [&](const auto& c) {
    return c.user_number == user_number && !c.revoked_at && c.not_before <= now &&
           now < c.not_after;
  });
}

}  // namespace

std::pair<std::string, std::string> application_validity(system_clock::time_point registered) {
  using namespace std::chrono;
  // Three years on the Riga calendar, at the same time into the day: an
  // application registered on a Riga date ends on that date's anniversary
  // (29 February on 1 March), whatever the UTC date or summer time.
  const CivilDate day = riga_date(registered);
  const auto into_day = registered - riga_day_start(day);
  CivilDate end = day + years{3};
  if (!end.ok()) end = CivilDate{sys_days{end.year() / end.month() / last} + days{1}};
  return {format_utc_timestamp(registered),
          format_utc_timestamp(riga_day_start(end) + floor<seconds>(into_day))};
}

system_clock::time_point registration_instant(CivilDate day, system_clock::time_point now) {
  if (day >= riga_date(now)) return now;
  return riga_day_start(day);
}

Status check_not_lapsed(system_clock::time_point registered, system_clock::time_point now) {
  const auto until = application_validity(registered).second;
  if (until <= format_utc_timestamp(now)) {
    // Said in Riga dates, as the form and the treasury date them.
    const auto end = parse_utc_timestamp(until).value_or(now);
    return fail(
        ErrorCode::kInvalidArgument,
        fmt::format("an application registered on {} lapsed on {}; register the "
                    "institution's new application form instead",
                    format_iso_date(riga_date(registered)), format_iso_date(riga_date(end))),
        fmt::format("pieteikumam, kas reģistrēts {}, derīguma termiņš beidzās {}; reģistrējiet "
                    "iestādes jauno pieteikumu",
                    format_iso_date(riga_date(registered)), format_iso_date(riga_date(end))));
  }
  return ok();
}

Result<RegistrationOutcome> register_application(
    RegistrationStores stores, const ActivationMailConfig& mail, const std::string& actor,
    const policy::ApplicationDocument& document, const nlohmann::json& submitted,
    system_clock::time_point registered, bool institution_renamed,
    std::optional<store::NewApplication::Approval> approval,
    std::optional<std::int64_t> replaces_application, const std::string& operator_serial) {
  auto application = to_store(document, json_text(submitted), registered);
  application.institution_renamed = institution_renamed;
  application.approval = std::move(approval);
  application.replaces_application_id = replaces_application;
  application.operator_serial = operator_serial;
  auto registration = stores.applications.register_application(
      actor, application, [&document](const std::vector<policy::RegisteredAccount>& registry) {
        return policy::check_account_grants(document, registry);
      });
  if (!registration) return tl::unexpected(registration.error());
  RegistrationOutcome outcome{*registration, std::nullopt, std::nullopt};
  if (registration->replaced) {
    // The registration stands from here on: what fails now is said beside it.
    auto keeps = keeps_certificate(stores, registration->user_number, application.contact_email);
    if (!keeps) {
      outcome.code_error = keeps.error();
      return outcome;
    }
    if (*keeps) return outcome;
  }
  auto sent = send_activation_code(stores, mail, actor, registration->user_number);
  if (sent) {
    outcome.code = std::move(*sent);
  } else {
    outcome.code_error = sent.error();
  }
  return outcome;
}

Status check_registration(store::ApplicationStore& applications,
                          const policy::ApplicationDocument& document,
                          const nlohmann::json& submitted, system_clock::time_point registered,
                          bool institution_renamed) {
  auto application = to_store(document, json_text(submitted), registered);
  application.institution_renamed = institution_renamed;
  return applications.check_registration(
      application, [&document](const std::vector<policy::RegisteredAccount>& registry) {
        return policy::check_account_grants(document, registry);
      });
}

Result<SentCode> send_activation_code(RegistrationStores stores, const ActivationMailConfig& mail,
                                      const std::string& actor, std::int64_t user_number) {
  auto latest = stores.applications.latest(user_number);
  if (!latest) return tl::unexpected(latest.error());
  if (!*latest || (*latest)->terminated_at) {
    return fail(ErrorCode::kNotFound,
                fmt::format("user {} has no current application", user_number),
                fmt::format("lietotājam {} nav spēkā esoša pieteikuma", user_number));
  }
  const auto& app = **latest;
  auto code = policy::make_activation_code();
  if (!code) return tl::unexpected(code.error());
  const auto now = system_clock::now();
  const auto expires = now + std::chrono::days(mail.code_days);
  if (auto s =
          stores.activations.create_code(actor, user_number, policy::activation_code_hash(*code),
                                         format_utc_timestamp(now), format_utc_timestamp(expires));
      !s) {
    return tl::unexpected(s.error());
  }
  auto written = outbox::write_mail(
      mail.outbox_dir, mail.mail_from,
      outbox::activation_mail({app.contact_email, app.contact_first_name, app.contact_last_name,
                               user_number, *code, format_utc_timestamp(expires), mail.page_url,
                               mail.ca_fingerprint}));
  if (!written) return tl::unexpected(written.error());
  return SentCode{app.contact_email, *written};
}

}  // namespace gw::lifecycle
