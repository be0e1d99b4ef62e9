// Cancelling payments before the ledger executes them (docs/authorisation.md,
// "Cancellation"): a whole file or single payments by EndToEndId. What is
// cancelled is rejected DS02 and never booked; what was executed or rejected
// before is reported as it is. The uploader gets a pain.002 naming both, and
// the daily-limit usage of the cancelled payments is given back. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/language.h"
#include "iso20022/message_validator.h"
#include "policy/account_grant.h"
#include "store/cancellation_store.h"

namespace gw::acceptance {

class PaymentCancellation {
 public:
  // Both must outlive this object.
  PaymentCancellation(store::CancellationStore& store, const iso20022::MessageValidator& validator)
      : store_(store), validator_(validator) {}

  // Nothing when the user has no such message. `end_to_end_ids` empty: the
  // whole file. `language`: of the uploader's application, for the pain.002's
  // texts. `accounts`: of the user's application in force, read with their
  // credentials at `credential_version`; cancelling is paying's undoing, and
  // takes manage mode on every debtor account of the payments asked for
  // (else nothing is done: store::Cancellation::unmanaged_account). If the
  // credentials changed since they were read, nothing is done
  // (store::Cancellation::credentials_moved), and the caller reads them again.
  // `signature`: a payment signer cancels (authorisation/signed_cancellation
  // checked it), kept with the cancellation.
  Result<std::optional<store::Cancellation>> cancel(
      std::int64_t user_number, std::int64_t message_id,
      const std::vector<std::string>& end_to_end_ids, std::chrono::system_clock::time_point now,
      Language language, const std::vector<policy::GrantedAccount>& accounts,
      std::optional<std::int64_t> credential_version,
      const store::CancellationSignature* signature = nullptr) const;

 private:
  store::CancellationStore& store_;
  const iso20022::MessageValidator& validator_;
};

}  // namespace gw::acceptance
