// The enums that stand for ISO status codes and application modes, and their
// text at the edges.
#include <doctest/doctest.h>

#include "core/account_mode.h"
#include "core/account_state.h"
#include "core/payment_status.h"

using namespace gw;

TEST_CASE("payment statuses: each enumerator has its ISO code and reads back from it") {
  for (const auto status : {PaymentStatus::kAcceptedTechnical, PaymentStatus::kSettled,
                            PaymentStatus::kPartlyAccepted, PaymentStatus::kRejected}) {
    CHECK(parse_payment_status(iso_code(status)) == status);
  }
  CHECK(iso_code(PaymentStatus::kAcceptedTechnical) == "ACTC");
  CHECK(iso_code(PaymentStatus::kSettled) == "ACSC");
  CHECK_FALSE(parse_payment_status("actc").has_value());
  CHECK_FALSE(parse_payment_status("").has_value());
}

TEST_CASE("a group's status follows how many of its payments went through") {
  CHECK(status_of_group(3, 3, PaymentStatus::kSettled) == PaymentStatus::kSettled);
  CHECK(status_of_group(3, 3, PaymentStatus::kAcceptedTechnical) ==
        PaymentStatus::kAcceptedTechnical);
  CHECK(status_of_group(1, 3, PaymentStatus::kSettled) == PaymentStatus::kPartlyAccepted);
  CHECK(status_of_group(0, 3, PaymentStatus::kSettled) == PaymentStatus::kRejected);
}

TEST_CASE("account modes: view and manage, nothing else") {
  CHECK(parse_account_mode("view") == AccountMode::kView);
  CHECK(parse_account_mode("manage") == AccountMode::kManage);
  CHECK(mode_name(AccountMode::kManage) == "manage");
  CHECK_FALSE(parse_account_mode("Manage").has_value());
  CHECK_FALSE(parse_account_mode("admin").has_value());
}

TEST_CASE("account states: open, closed and blocked round-trip, nothing else") {
  for (const auto state : {AccountState::kOpen, AccountState::kClosed, AccountState::kBlocked}) {
    CHECK(parse_account_state(state_name(state)) == state);
  }
  CHECK(state_name(AccountState::kBlocked) == "blocked");
  CHECK_FALSE(parse_account_state("frozen").has_value());
  CHECK_FALSE(parse_account_state("Open").has_value());
}
