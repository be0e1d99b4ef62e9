// What an application grants on one account, and the same grant as a request
// sees it: together with what the account registry says of the account now.
// Pure data; the rules over it are in application.h (registration) and
// debtor_mandate.h (each payment block).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/account_mode.h"
#include "core/account_state.h"

namespace gw::policy {

// One account line of the application form: exactly one access mode and,
// for manage, the single-payment and daily limits in whole euros.
struct AccountGrant {
  std::string iban;
  AccountMode mode = AccountMode::kView;
  std::optional<std::int64_t> single_limit_eur;
  std::optional<std::int64_t> daily_limit_eur;
  // Another institution's account rests on one of these: its written
  // permission (a reference), or a law that grants the access (cited).
  std::optional<std::string> permission_reference;
  std::optional<std::string> legal_basis = {};
  // Signatures of payment signers a payment file debiting the account needs
  // before the ledger gets it (manage only); 0: the upload releases it.
  int signatures_required = 0;
  // The user receives a camt.054 debit/credit notification when the ledger
  // books on the account (both modes may; the form's default is yes).
  bool notifications = true;
};

// A grant of the user's current application with the registry's word on the
// account (its currency and state), as every request is decided against.
struct GrantedAccount : AccountGrant {
  std::string currency;
  AccountState state = AccountState::kOpen;
};

// What the registry says of an account an application names.
struct RegisteredAccount {
  std::string iban;
  std::string owner_registration_number;
  AccountState state = AccountState::kOpen;
};

// An operator's limits for one account on one day (instead of the
// application's), in whole euros.
struct LimitChange {
  std::int64_t single_limit_eur = 0;
  std::int64_t daily_limit_eur = 0;
};

}  // namespace gw::policy
