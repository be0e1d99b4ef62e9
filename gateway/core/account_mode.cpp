#include "core/account_mode.h"

namespace gw {

std::string_view mode_name(AccountMode mode) {
  return mode == AccountMode::kManage ? "manage" : "view";
}

std::optional<AccountMode> parse_account_mode(std::string_view name) {
  if (name == "view") return AccountMode::kView;
  if (name == "manage") return AccountMode::kManage;
  return std::nullopt;
}

}  // namespace gw
