// schemas/openapi.json describes exactly the routes the server has: every
// documented path and method is routed by a live gatewayd (not
// route_not_found, not 405), and every route the API code names is documented.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "support/gateway_fixture.h"

using namespace gw::test;

TEST_CASE("the OpenAPI description matches the server's routes") {
  const auto root = std::filesystem::path(GW_SOURCE_DIR);
  const auto spec = nlohmann::json::parse(read_file(root / "schemas" / "openapi.json"));
  REQUIRE(spec["openapi"].get<std::string>().rfind("3.", 0) == 0);
  GatewayFixture gw;

  std::set<std::string> documented;
  for (const auto& [path, item] : spec["paths"].items()) {
    documented.insert(path);
    for (const auto& [method, operation] : item.items()) {
      if (method == "servers" || method == "parameters") continue;
      std::string concrete = std::regex_replace(path, std::regex("\\{id\\}"), "999999");
      const bool activation = item.contains("servers");
      std::string upper = method;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      std::vector<std::string> argv = {
          "curl",           "-sS", "--max-time", "20", "--cacert", gw.ca_pem().string(), "-w",
          "\n%{http_code}", "-X",  upper};
      if (upper == "POST")
        argv.insert(argv.end(), {"-H", "Content-Type: application/json", "-d", "{}"});
      if (activation) {
        argv.push_back(gw.activation_url(concrete));
      } else {
        argv.insert(argv.end(), {"--cert", gw.client_pem().string(), "--key",
                                 gw.client_key().string(), gw.api_url(concrete)});
      }
      const auto r = run_command(argv);
      const auto status = http_status(r);
      INFO(upper << " " << concrete << " -> " << status << " " << http_body(r));
      CHECK(status != "405");
      CHECK(status != "000");
      CHECK(http_body(r).find("route_not_found") == std::string::npos);
    }
  }
  CHECK(documented.size() >= 12);

  // Every route label in the API code is documented.
  const std::regex literal("\"(/v1/[^\"{}]*(\\{id\\}[^\"{}]*)*)\"");
  for (const auto& entry : std::filesystem::directory_iterator(root / "gateway" / "api")) {
    if (entry.path().extension() != ".cpp") continue;
    const std::string text = read_file(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it) {
      CHECK_MESSAGE(documented.contains((*it)[1].str()), (*it)[1].str()
                                                             << " (" << entry.path().filename()
                                                             << ") is not in openapi.json");
    }
  }
  // And what is not documented is not routed.
  CHECK(http_body(gw.curl_api("/v1/undocumented")).find("route_not_found") != std::string::npos);
}
