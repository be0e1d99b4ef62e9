#include "support/upload_race.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "support/applications.h"
#include "support/pain001_builder.h"

namespace gw::test {

RaceOutcome race_for_daily_limit(const GatewayFixture& gw, int port) {
  auto registered = register_file(gw, "race-application.json",
                                  application(gw.user_number(), manage(kDemoManaged, 1000, 1000)));
  REQUIRE_MESSAGE(registered.exit_code == 0, registered.err);
  const auto date = riga_date_in(2);
  const auto codes = gw.dir() / "race-codes";
  std::string script = "set -u\n";
  for (int i = 0; i < 20; ++i) {
    const auto file = gw.dir() / ("race-" + std::to_string(i) + ".xml");
    std::ofstream(file) << simple_pain001("RACE-" + std::to_string(i), date, 10000);
    script += "curl -sS --max-time 60 --cacert '" + gw.ca_pem().string() + "' --cert '" +
              gw.client_pem().string() + "' --key '" + gw.client_key().string() +
              "' -o /dev/null -w '%{http_code}\\n' --data-binary @'" + file.string() +
              "' https://127.0.0.1:" + std::to_string(port) + "/v1/messages >> '" + codes.string() +
              "' &\n";
  }
  script += "wait\n";
  REQUIRE(run_command({"sh", "-c", script}).exit_code == 0);
  RaceOutcome outcome;
  outcome.codes = read_file(codes);
  std::istringstream lines(outcome.codes);
  for (std::string line; std::getline(lines, line);) {
    if (line == "201") ++outcome.accepted;
    if (line == "422") ++outcome.rejected;
  }
  return outcome;
}

}  // namespace gw::test
