// An application's access mode for one account (the treasury's application
// form: "skatīšanās" / "pārvaldīšanas"): view (statements and notifications)
// or manage (also payments, within limits). Text only in application files,
// SQL rows and JSON.
#pragma once

#include <optional>
#include <string_view>

namespace gw {

enum class AccountMode { kView, kManage };

// "view", "manage".
std::string_view mode_name(AccountMode mode);
std::optional<AccountMode> parse_account_mode(std::string_view name);

}  // namespace gw
