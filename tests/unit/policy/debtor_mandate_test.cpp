// The debtor mandate: which accounts a user may debit and within which
// limits, from the application's grants and the registry's account states.
#include "policy/debtor_mandate.h"

#include <doctest/doctest.h>

using namespace gw;

namespace {

policy::GrantedAccount grant(std::string iban, std::string mode,
                             AccountState state = AccountState::kOpen) {
  policy::GrantedAccount g;
  g.iban = std::move(iban);
  g.currency = "EUR";
  g.state = state;
  g.mode = parse_account_mode(mode).value();
  if (g.mode == AccountMode::kManage) {
    g.single_limit_eur = 1000;
    g.daily_limit_eur = 5000;
  }
  return g;
}

}  // namespace

TEST_CASE("debtor mandate: manage with limits, one-day change, and each refusal's code") {
  const std::vector<policy::GrantedAccount> accounts = {
      grant("LV1", "manage"), grant("LV2", "view"), grant("LV3", "manage", AccountState::kClosed),
      grant("LV4", "manage", AccountState::kBlocked)};
  auto m = policy::debtor_mandate(accounts, "LV1", std::nullopt);
  CHECK(m.allowed());
  CHECK(m.single_limit_eur_minor == 100'000);
  CHECK(m.daily_limit_eur_minor == 500'000);
  auto changed = policy::debtor_mandate(accounts, "LV1", policy::LimitChange{2000, 9000});
  CHECK(changed.single_limit_eur_minor == 200'000);
  CHECK(changed.daily_limit_eur_minor == 900'000);
  CHECK(policy::debtor_mandate(accounts, "LV2", std::nullopt).reason == "AG01");
  CHECK(policy::debtor_mandate(accounts, "LV3", std::nullopt).reason == "AC04");
  CHECK(policy::debtor_mandate(accounts, "LV4", std::nullopt).reason == "AC06");
  CHECK(policy::debtor_mandate(accounts, "LV9", std::nullopt).reason == "AG01");
  CHECK(policy::may_upload_payments(accounts));
  CHECK_FALSE(policy::may_upload_payments({grant("LV2", "view")}));
}

TEST_CASE("the debtor account's currency, when a block names it, must be the account's (AC09)") {
  const std::vector<policy::GrantedAccount> accounts = {grant("LV1", "manage")};  // EUR
  const auto m = policy::debtor_mandate(accounts, "LV1", std::nullopt);
  CHECK(m.account_currency == "EUR");
  CHECK_FALSE(policy::account_currency_problem(m, "").has_value());     // not named
  CHECK_FALSE(policy::account_currency_problem(m, "EUR").has_value());  // agrees
  const auto usd = policy::account_currency_problem(m, "USD");
  REQUIRE(usd.has_value());
  CHECK(usd->en.find("kept in EUR") != std::string::npos);
  CHECK(usd->lv.find("konta valūta ir EUR") != std::string::npos);
  CHECK(usd->en.find("USD") != std::string::npos);
  // An account outside the application has no currency to compare: AG01 says enough.
  const auto unknown = policy::debtor_mandate(accounts, "LV9", std::nullopt);
  CHECK_FALSE(policy::account_currency_problem(unknown, "USD").has_value());
}
