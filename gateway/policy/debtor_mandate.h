// May this user debit this account, and within which limits today? Decided
// from the user's application (access mode and limits per account, account
// state from the registry) and a one-day limit change, if any. Pure logic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/language.h"
#include "policy/account_grant.h"

namespace gw::policy {

struct DebtorMandate {
  std::string reason;            // empty: allowed; else AC04, AC06 or AG01 (ISO status reasons)
  Sentence text;                 // why, for people
  std::string account_currency;  // the registry's, when the account is in the application
  std::int64_t single_limit_eur_minor = 0;
  std::int64_t daily_limit_eur_minor = 0;

  bool allowed() const { return reason.empty(); }
};

DebtorMandate debtor_mandate(const std::vector<GrantedAccount>& accounts, const std::string& iban,
                             const std::optional<LimitChange>& change);

// AC09 when a payment block names its debtor account's currency
// (DbtrAcct/Ccy) and it is not the account's; empty when it agrees or is not
// named. The text says both.
std::optional<Sentence> account_currency_problem(const DebtorMandate& mandate,
                                                 const std::string& stated_currency);

// True when any account is in manage mode (the user may upload payments at all).
bool may_upload_payments(const std::vector<GrantedAccount>& accounts);

}  // namespace gw::policy
