#include "api/whoami.h"

#include <nlohmann/json.hpp>

namespace gw::api {

Result<std::string> whoami_json(const Principal& principal, store::IdentityStore& identities) {
  auto user = identities.user(principal.user_number);
  if (!user) return tl::unexpected(user.error());
  auto accounts = identities.accounts_of(principal.user_number);
  if (!accounts) return tl::unexpected(accounts.error());

  nlohmann::ordered_json body;
  body["user"] = {{"number", user->user_number}, {"name", user->display_name}};
  body["institution"] = {{"registration_number", user->institution_registration_number},
                         {"name", user->institution_name}};
  body["accounts"] = nlohmann::ordered_json::array();
  for (const auto& a : *accounts) {
    body["accounts"].push_back({{"iban", a.iban},
                                {"currency", a.currency},
                                {"state", a.state},
                                {"access_mode", a.access_mode}});
  }
  body["certificate"] = {{"serial", principal.certificate_serial},
                         {"not_after", principal.certificate_not_after}};
  return body.dump();
}

}  // namespace gw::api
