#include "policy/debtor_mandate.h"

#include <fmt/format.h>

#include <algorithm>

namespace gw::policy {

DebtorMandate debtor_mandate(const std::vector<GrantedAccount>& accounts, const std::string& iban,
                             const std::optional<LimitChange>& change) {
  const auto grant = std::find_if(accounts.begin(), accounts.end(),
                                  [&](const GrantedAccount& a) { return a.iban == iban; });
  DebtorMandate m;
  if (grant != accounts.end()) m.account_currency = grant->currency;
  if (grant == accounts.end()) {
    m.reason = "AG01";
    m.text = {fmt::format("account {} is not in the user's application", iban),
              fmt::format("konts {} nav lietotāja pieteikumā", iban)};
  } else if (grant->state == AccountState::kClosed) {
    m.reason = "AC04";
    m.text = {fmt::format("account {} is closed", iban), fmt::format("konts {} ir slēgts", iban)};
  } else if (grant->state == AccountState::kBlocked) {
    m.reason = "AC06";
    m.text = {fmt::format("account {} is blocked", iban), fmt::format("konts {} ir bloķēts", iban)};
  } else if (grant->mode != AccountMode::kManage || !grant->single_limit_eur ||
             !grant->daily_limit_eur) {
    m.reason = "AG01";
    m.text = {fmt::format("the user may only view account {} (no payment rights)", iban),
              fmt::format("lietotājs kontu {} drīkst tikai skatīt (bez maksājumu tiesībām)", iban)};
  } else if (change) {
    m.single_limit_eur_minor = change->single_limit_eur * 100;
    m.daily_limit_eur_minor = change->daily_limit_eur * 100;
  } else {
    m.single_limit_eur_minor = *grant->single_limit_eur * 100;
    m.daily_limit_eur_minor = *grant->daily_limit_eur * 100;
  }
  return m;
}

bool may_upload_payments(const std::vector<GrantedAccount>& accounts) {
  return std::any_of(accounts.begin(), accounts.end(),
                     [](const GrantedAccount& a) { return a.mode == AccountMode::kManage; });
}

std::optional<Sentence> account_currency_problem(const DebtorMandate& mandate,
                                                 const std::string& stated_currency) {
  if (stated_currency.empty() || mandate.account_currency.empty() ||
      stated_currency == mandate.account_currency) {
    return std::nullopt;
  }
  return Sentence{fmt::format("the debtor account is kept in {}, the file names {} (DbtrAcct/Ccy)",
                              mandate.account_currency, stated_currency),
                  fmt::format("maksātāja konta valūta ir {}, failā norādīts {} (DbtrAcct/Ccy)",
                              mandate.account_currency, stated_currency)};
}

}  // namespace gw::policy
