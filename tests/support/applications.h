// Applications for integration tests: the demo institution's JSON form with
// chosen accounts and source addresses, registered with gatewayctl.
#pragma once

#include <string>
#include <vector>

#include "support/gateway_fixture.h"

namespace gw::test {

// The demo user's accounts (seed-demo).
inline const std::string kDemoManaged = "LV06TREL1060000300001";
inline const std::string kDemoViewed = "LV76TREL1060000300002";

// The application JSON; `accounts` is a list of view()/manage() items joined by commas.
std::string application(const std::string& user_number, const std::string& accounts,
                        const std::string& sources = "[]");
std::string view(const std::string& iban, const std::string& extra = "");
std::string manage(const std::string& iban, int single, int daily);

// Writes `text` to <dir>/<name> and runs gatewayctl application register on it.
CommandResult register_file(const GatewayFixture& gw, const std::string& name,
                            const std::string& text, const std::vector<std::string>& extra = {});

}  // namespace gw::test
