#include "core/account_state.h"

namespace gw {

std::string_view state_name(AccountState state) {
  switch (state) {
    case AccountState::kOpen:
      return "open";
    case AccountState::kClosed:
      return "closed";
    case AccountState::kBlocked:
      return "blocked";
  }
  return "open";
}

std::optional<AccountState> parse_account_state(std::string_view name) {
  if (name == "open") return AccountState::kOpen;
  if (name == "closed") return AccountState::kClosed;
  if (name == "blocked") return AccountState::kBlocked;
  return std::nullopt;
}

}  // namespace gw
