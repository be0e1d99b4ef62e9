// Test input: a camt.060.001.03 asking for one report (`message_name`, e.g.
// "camt.053.001.02") of `iban` over the days `from` to `to`.
#pragma once

#include <string>

namespace gw::test {

std::string camt060_request(const std::string& msg_id, const std::string& iban,
                            const std::string& message_name, const std::string& from,
                            const std::string& to);

}  // namespace gw::test
