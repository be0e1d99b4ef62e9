// The canonical approval statement: the text a signer signs (a detached CMS,
// what `openssl cms -sign -binary` makes) to approve or reject one payment
// file. It names the file by our id, its MsgId and the SHA-256 of the bytes
// uploaded, and repeats what the signer decides on: the debtor accounts,
// execution dates and totals per currency. The gateway rebuilds it from the
// store to verify a signature, so a signature over another file, another
// decision or other totals does not verify. Format: docs/authorisation.md.
#pragma once

#include <string>
#include <string_view>

#include "store/authorisation_store.h"

namespace gw::authorisation {

enum class Decision { kApprove, kReject };

std::string_view decision_name(Decision decision);  // approve | reject

// UTF-8 lines, each ending with LF; no trailing spaces.
std::string approval_statement(const store::HeldFile& file, Decision decision);

}  // namespace gw::authorisation
