#include "support/ledger_checks.h"

#include <doctest/doctest.h>

#include "support/eventually.h"

namespace gw::test {

bool ledger_queue_drained(const GatewayFixture& gw, std::chrono::seconds limit) {
  return eventually(limit, [&gw] {
    return gw.query_value("SELECT count(*) FROM ledger_queue WHERE consumed_at IS NULL") == "0";
  });
}

void check_booked_once(const GatewayFixture& gw, int messages, int payments,
                       const std::string& debtor_iban) {
  const std::string total = std::to_string(payments);
  CHECK(gw.query_value("SELECT count(*) FROM journal_entries WHERE kind = 'payment'") == total);
  CHECK(gw.query_value("SELECT count(DISTINCT payment_id) FROM journal_entries") == total);
  CHECK(gw.query_value("SELECT count(*) FROM payments WHERE status = 'ACSC'") == total);
  CHECK(gw.query_value("SELECT count(*) FROM payment_events WHERE status = 'ACSC'") == total);
  // One pain.002 per message run, each payment reported once.
  CHECK(gw.query_value("SELECT count(*) FROM mailbox WHERE " + gw.content_as_text() +
                       " LIKE '%GW%-L%'") == std::to_string(messages));
  CHECK(gw.ctl({"ledger", "check"}).out.find("balances and day totals agree with their lines") !=
        std::string::npos);
  CHECK(gw.query_value("SELECT sum(balance_minor) FROM ledger_balances") == "0");
  CHECK(gw.query_value("SELECT -sum(amount_minor) FROM journal_lines WHERE account = '" +
                       debtor_iban + "' AND amount_minor < 0") ==
        gw.query_value("SELECT sum(p.amount_minor) FROM payments p"));
}

}  // namespace gw::test
