// What the account registry says of an account today: open, closed or
// blocked (e.g. by a court order). A closed or blocked account may be viewed
// but not debited or credited. Text only in SQL rows, the CLI and JSON.
#pragma once

#include <optional>
#include <string_view>

namespace gw {

enum class AccountState { kOpen, kClosed, kBlocked };

// "open", "closed", "blocked".
std::string_view state_name(AccountState state);
std::optional<AccountState> parse_account_state(std::string_view name);

}  // namespace gw
