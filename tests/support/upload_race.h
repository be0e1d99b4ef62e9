// Twenty uploads at once racing for one daily limit: the demo user's managed
// account with a daily limit of 1 000 EUR and files of 100 EUR each, so
// exactly ten can be accepted, whoever decides them.
#pragma once

#include <string>

#include "support/gateway_fixture.h"

namespace gw::test {

struct RaceOutcome {
  int accepted = 0;   // 201
  int rejected = 0;   // 422 (AM14)
  std::string codes;  // every status, one per line, for a failure's message
};

// Registers the limit, then sends the 20 files with curl, all at once, to
// https://127.0.0.1:<port>/v1/messages (the gateway or a balancer before it).
RaceOutcome race_for_daily_limit(const GatewayFixture& gw, int port);

}  // namespace gw::test
