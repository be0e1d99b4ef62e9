// A payment signer cancels a file or some of its payments before the ledger
// executes them (docs/authorisation.md, "Cancellation"): a detached CMS over
// the cancellation statement, by a person who is a payment signer (any
// level) of every debtor account concerned in the uploader's application in
// force. The signature, the statement and the certificate are kept with the
// cancellation in its transaction. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "acceptance/payment_cancellation.h"
#include "authorisation/signer_identity.h"
#include "policy/signing_policy.h"
#include "store/cancellation_store.h"

namespace gw::authorisation {

struct SignedCancellationOutcome {
  // Set: nothing was cancelled or recorded (codes as for approvals).
  std::optional<store::DecisionRefusal> refusal;
  store::Cancellation cancellation;  // what the cancellation did, when not refused
};

class SignedCancellation {
 public:
  // All must outlive this object.
  SignedCancellation(store::CancellationStore& store, const SignerIdentity& signers,
                     const acceptance::PaymentCancellation& cancellation)
      : store_(store), signers_(signers), cancellation_(cancellation) {}

  // The statement a signer signs to cancel these payments (none: the whole
  // file) of the user's message; nothing when the user has no such message.
  Result<std::optional<std::string>> statement(
      std::int64_t user_number, std::int64_t message_id,
      const std::vector<std::string>& end_to_end_ids) const;

  // Nothing when the user has no such message. `accounts` and
  // `payment_signers`: of the uploader's application in force, read at
  // `credential_version` (PaymentCancellation::cancel).
  Result<std::optional<SignedCancellationOutcome>> cancel(
      std::int64_t user_number, const std::vector<policy::GrantedAccount>& accounts,
      const std::vector<policy::PaymentSigner>& payment_signers, std::int64_t message_id,
      const std::vector<std::string>& end_to_end_ids, const std::string& cms,
      std::chrono::system_clock::time_point now, Language language,
      std::optional<std::int64_t> credential_version) const;

 private:
  store::CancellationStore& store_;
  const SignerIdentity& signers_;
  const acceptance::PaymentCancellation& cancellation_;
};

}  // namespace gw::authorisation
