#include "api/whoami.h"

#include <nlohmann/json.hpp>

#include "core/json_text.h"

namespace gw::api {

Result<std::string> whoami_json(const Principal& principal, store::ApplicationStore& applications,
                                const std::string& today) {
  const store::UserIdentity* user = &principal.user;
  const store::ApplicationRow& app = principal.application;

  nlohmann::ordered_json body;
  body["user"] = {{"number", user->user_number}, {"name", user->display_name}};
  body["institution"] = {{"registration_number", user->institution_registration_number},
                         {"name", user->institution_name}};
  body["application"] = {
      {"registered_at", app.registered_at},      {"valid_until", app.valid_until},
      {"allowed_sources", app.sources},          {"all_or_nothing", app.all_or_nothing},
      {"language", language_code(app.language)}, {"report_version", app.report_version}};
  body["accounts"] = nlohmann::ordered_json::array();
  for (const auto& a : app.accounts) {
    nlohmann::ordered_json account = {{"iban", a.iban},
                                      {"currency", a.currency},
                                      {"state", state_name(a.state)},
                                      {"access_mode", mode_name(a.mode)}};
    if (a.mode == AccountMode::kManage) {
      account["single_limit_eur"] = *a.single_limit_eur;
      account["daily_limit_eur"] = *a.daily_limit_eur;
      account["signatures_required"] = a.signatures_required;
      // Names and levels only: a personal code is not every system's business.
      auto signers = nlohmann::ordered_json::array();
      for (const auto& signer : app.payment_signers) {
        for (const auto& right : signer.rights) {
          if (right.iban == a.iban)
            signers.push_back({{"name", signer.name}, {"level", right.level}});
        }
      }
      account["payment_signers"] = std::move(signers);
      auto change = applications.limit_change(principal.user_number, a.iban, today);
      if (!change) return tl::unexpected(change.error());
      if (*change) {
        account["limit_change_today"] = {{"date", today},
                                         {"single_limit_eur", (*change)->single_limit_eur},
                                         {"daily_limit_eur", (*change)->daily_limit_eur}};
      }
    }
    if (a.permission_reference) account["permission_reference"] = *a.permission_reference;
    body["accounts"].push_back(std::move(account));
  }
  body["certificate"] = {{"serial", principal.certificate_serial},
                         {"not_after", principal.certificate_not_after}};
  return json_text(body);
}

Result<std::string> WhoamiAnswers::answer(const Principal& principal, const std::string& today) {
  {
    std::lock_guard lock(mutex_);
    const auto it = kept_.find(principal.certificate_serial);
    if (it != kept_.end() && it->second.credential_version == principal.credential_version &&
        it->second.today == today) {
      return it->second.body;
    }
  }
  auto body = whoami_json(principal, applications_, today);
  if (!body) return body;
  std::lock_guard lock(mutex_);
  if (kept_.size() >= 50'000) kept_.clear();  // more than any deployment has certificates
  kept_[principal.certificate_serial] = Kept{principal.credential_version, today, *body};
  return body;
}

}  // namespace gw::api
