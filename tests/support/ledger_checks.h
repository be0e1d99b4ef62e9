// What must hold once the ledger has taken every due payment, however often
// the process that booked them was killed on the way.
#pragma once

#include <chrono>
#include <string>

#include "support/gateway_fixture.h"

namespace gw::test {

// Whether the ledger queue is empty within `limit` (polled).
bool ledger_queue_drained(const GatewayFixture& gw, std::chrono::seconds limit);

// Each of `payments` (from `messages` files, all debiting `debtor_iban`)
// booked and settled exactly once, one pain.002 per message, the journal
// balanced, and what left the debtor arrived on the other side.
void check_booked_once(const GatewayFixture& gw, int messages, int payments,
                       const std::string& debtor_iban);

}  // namespace gw::test
