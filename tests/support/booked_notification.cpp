#include "support/booked_notification.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "support/pain001_builder.h"

namespace gw::test {

MailboxItemRef booked_notification(const GatewayFixture& gw, const std::string& prefix,
                                   int payments) {
  const std::string iban = "LV06TREL1060000300001";
  std::string day;
  for (int i = 1; i <= 10 && day.empty(); ++i) {
    const std::string candidate = riga_date_in(i);
    auto clock = gw.ctl({"ledger", "clock", "--set", candidate});
    REQUIRE_MESSAGE(clock.exit_code == 0, clock.err);
    if (clock.out.find("(business day)") != std::string::npos) day = candidate;
  }
  REQUIRE(!day.empty());
  std::vector<TestTransaction> txs;
  for (int i = 0; i < payments; ++i) {
    txs.push_back({fmt::format("{}-{:05}", prefix, i), 100 + i % 50});
  }
  TestBlock block{prefix + "-B1", iban, day, txs};
  block.batch_booking = "false";
  auto funded = gw.ctl({"ledger", "fund", "--iban", iban, "--amount", "100000.00"});
  REQUIRE_MESSAGE(funded.exit_code == 0, funded.err);
  const auto file = gw.dir() / (prefix + ".xml");
  std::ofstream(file) << build_pain001(prefix, {block});
  const auto upload = gw.curl_api("/v1/messages", {"--data-binary", "@" + file.string()});
  REQUIRE_MESSAGE(http_status(upload) == "201", upload.out);
  auto run = gw.ctl({"ledger", "run-day"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const auto listed = gw.curl_api("/v1/mailbox?type=camt.054");
  REQUIRE(http_status(listed) == "200");
  const auto items = nlohmann::json::parse(http_body(listed))["items"];
  REQUIRE(items.size() == 1);
  return {"/v1/mailbox/" + std::to_string(items[0]["id"].get<int>()),
          items[0]["size_bytes"].get<std::int64_t>()};
}

}  // namespace gw::test
