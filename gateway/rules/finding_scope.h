// Which findings reject only their own payment and which the whole file
// (docs/acceptance.md, "Payment or file"). A payment is rejected alone when
// the finding concerns nothing but its own content: its creditor's IBAN or an
// agent's BIC. Everything that concerns the file as written rejects the whole
// file: schema findings, totals (which still count every amount as written),
// amounts (a zero or unreadable amount, or too many decimals, means the
// export itself went wrong), duplicate ids, dates, the debtor and its account.
#pragma once

#include "rules/finding.h"

namespace gw::rules {

// True when `finding` rejects only the transaction it names by EndToEndId.
bool rejects_transaction_only(const Finding& finding);

}  // namespace gw::rules
