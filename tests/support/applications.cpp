#include "support/applications.h"

#include <fstream>

namespace gw::test {

std::string application(const std::string& user_number, const std::string& accounts,
                        const std::string& sources) {
  return R"({"institution": {"registration_number": "90000000001", "name": "Parauga pašvaldība"},)" +
         (user_number.empty() ? std::string() : "\"user_number\": " + user_number + ",") +
         R"("technical_contact": {"first_name": "Anna", "last_name": "Kalniņa",
              "personal_code": "010101-10006", "phone": "+371 20000000", "email": "it@example.lv"},
            "signer": "Pēteris Ozols", "preparer": "Anna Kalniņa",
            "allowed_sources": )" +
         sources + R"(, "accounts": [)" + accounts + "]}";
}

std::string view(const std::string& iban, const std::string& extra) {
  return R"({"iban": ")" + iban + R"(", "mode": "view")" + extra + "}";
}

std::string manage(const std::string& iban, int single, int daily) {
  return R"({"iban": ")" + iban + R"(", "mode": "manage", "single_limit_eur": )" +
         std::to_string(single) + R"(, "daily_limit_eur": )" + std::to_string(daily) + "}";
}

CommandResult register_file(const GatewayFixture& gw, const std::string& name,
                            const std::string& text, const std::vector<std::string>& extra) {
  const auto path = gw.dir() / name;
  std::ofstream(path) << text;
  std::vector<std::string> args = {"application", "register", path.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  return gw.ctl(args);
}

}  // namespace gw::test
