// The ISO 20022 payment statuses the gateway gives (group, block and
// transaction level of a pain.002; the status history of a payment). Code
// works with the enum; the four-letter code appears only where text leaves
// or enters: SQL rows, XML, JSON.
#pragma once

#include <optional>
#include <string_view>

namespace gw {

enum class PaymentStatus {
  kAcceptedTechnical,  // ACTC: valid and accepted, waiting for the ledger
  kSettled,            // ACSC: booked by the ledger
  kPartlyAccepted,     // PART: some payments of a group or block accepted
  kRejected,           // RJCT
  kPending,            // PDNG: accepted, waiting for its signers (docs/authorisation.md)
};

// ACTC, ACSC, PART, RJCT, PDNG.
std::string_view iso_code(PaymentStatus status);
std::optional<PaymentStatus> parse_payment_status(std::string_view code);

// The status of a group or block from how many of its payments went through:
// `all` when every one did, RJCT when none, else PART.
PaymentStatus status_of_group(long long through, long long total, PaymentStatus all);

}  // namespace gw
