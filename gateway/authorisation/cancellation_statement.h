// The canonical cancellation statement: the text a payment signer signs (a
// detached CMS, as for approvals) to cancel a whole file or some of its
// payments before the ledger executes them. It names the file by our id, its
// MsgId and the SHA-256 of the bytes uploaded, the debtor accounts concerned,
// and the payments: all, or each EndToEndId asked for, in the order given.
// The gateway rebuilds it from the request to verify a signature, so a
// signature over other payments does not verify. Format: docs/authorisation.md.
#pragma once

#include <string>
#include <vector>

#include "store/cancellation_store.h"

namespace gw::authorisation {

// UTF-8 lines, each ending with LF; no trailing spaces.
std::string cancellation_statement(const store::CancellationSubject& subject,
                                   const std::vector<std::string>& end_to_end_ids);

}  // namespace gw::authorisation
