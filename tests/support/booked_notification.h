// A large account report in the demo user's mailbox, for tests of how large
// answers leave the gateway (streamed, compressed, bounded downloads).
#pragma once

#include <cstdint>
#include <string>

#include "support/gateway_fixture.h"

namespace gw::test {

struct MailboxItemRef {
  std::string path;  // "/v1/mailbox/<id>"
  std::int64_t size_bytes = 0;
};

// The ledger's clock on the first business day from tomorrow, the managed
// account funded, a file of `payments` payments (ids `<prefix>-00000`…, an
// entry each: no batch) accepted and booked: the one camt.054 it pushes.
// The gateway's ledger timer must be off ([ledger] run_interval_ms = 0).
MailboxItemRef booked_notification(const GatewayFixture& gw, const std::string& prefix,
                                   int payments);

}  // namespace gw::test
