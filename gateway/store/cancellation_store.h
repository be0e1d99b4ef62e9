// The store side of cancelling payments the ledger has not executed yet
// (docs/authorisation.md, "Cancellation"). Thread-safe.
//
// What every implementation must keep: cancel() runs in one write
// transaction serialised with the ledger's units of work, so a payment is
// either cancelled (status RJCT, reason DS02, never booked afterwards: the
// ledger takes only ACTC payments) or executed first and reported as such,
// never both; the daily-limit usage of what it cancels is given back to the
// upload's day in the same transaction. A file with nothing left to execute
// or executed becomes RJCT (its MsgId and PmtInfIds free again), and the
// cancellation report becomes the message's latest answer.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace gw::store {

// One payment a cancellation asked for, and what became of it.
struct CancelledPayment {
  std::int64_t payment_id = 0;
  std::string pmt_inf_id;
  std::string instr_id;
  std::string end_to_end_id;
  std::string debtor_iban;
  std::string status;  // before: ACTC (now cancelled), ACSC (executed), RJCT (rejected before)
  std::string reason;  // the earlier rejection's reason
  std::int64_t amount_minor = 0;
  std::string currency;
  std::int64_t eur_minor = 0;
  std::string uetr;  // PmtId/UETR (pain.001.001.09); may be empty
};

struct Cancellation {
  std::int64_t message_id = 0;
  std::string message_type;
  std::string msg_id;
  std::int64_t transactions = 0;
  std::vector<CancelledPayment> payments;  // asked for and found, in file order
  std::vector<std::string> unknown;        // EndToEndIds asked for and not in the file
  std::int64_t cancelled = 0;              // of `payments`, those now cancelled
  std::int64_t remaining_accepted = 0;     // payments of the file still ACTC afterwards
  std::int64_t executed = 0;               // payments of the file the ledger booked (ACSC)
  std::string authorisation_state;         // of a held file afterwards; empty: none
  // The credentials changed since the caller read them: nothing was done
  // (cancel()'s credential_version).
  bool credentials_moved = false;
  // A signer's cancellation whose signing certificate was revoked before its
  // transaction: nothing was done.
  bool signer_revoked = false;
  // Set: a debtor account of the payments asked for that the user's
  // application no longer lets them pay from; nothing was done
  // (acceptance::PaymentCancellation).
  std::string unmanaged_account;
};

// What a signer's cancellation statement names: the file, and the debtor
// accounts of the payments asked for (all of the file's when none are named).
struct CancellationSubject {
  std::int64_t message_id = 0;
  std::string msg_id;
  std::string content_sha256;
  std::vector<std::string> debtor_ibans;  // sorted, unique
};

// A payment signer who cancels, proven by a detached CMS over the statement.
struct CancellationSignature {
  std::string personal_code;
  std::string signer_name;
  std::string statement;
  std::string cms;
  std::string certificate_pem;
  std::string certificate_serial;
  std::string certificate_issuer;
};

class CancellationStore {
 public:
  virtual ~CancellationStore() = default;

  // The report delivered to the uploader (type and XML), built from what
  // cancel() found, inside its transaction.
  using Report = std::function<Result<std::pair<std::string, std::string>>(const Cancellation&)>;

  // The user's message `message_id` as a signer's statement names it; nothing
  // when the user has no such message.
  virtual Result<std::optional<CancellationSubject>> subject(
      std::int64_t user_number, std::int64_t message_id,
      const std::vector<std::string>& end_to_end_ids) = 0;

  // Cancels the user's message `message_id`: every payment not yet executed,
  // or only those with these EndToEndIds (empty: the whole file). Nothing
  // when the user has no such message. The report is delivered only when
  // something was cancelled. `actor` goes to the audit log; `signature`, when
  // a signer cancels, is kept as proof in the same transaction.
  // `credential_version`: the store's (IdentityStore::credential_version) when
  // the caller read the user's credentials; when it has moved since, nothing
  // is done (Cancellation::credentials_moved). Nothing: not compared.
  virtual Result<std::optional<Cancellation>> cancel(
      std::int64_t user_number, std::int64_t message_id,
      const std::vector<std::string>& end_to_end_ids, const std::string& actor,
      const std::string& at, const CancellationSignature* signature,
      std::optional<std::int64_t> credential_version, const Report& report) = 0;

 protected:
  CancellationStore() = default;
  CancellationStore(const CancellationStore&) = default;
  CancellationStore& operator=(const CancellationStore&) = default;
};

}  // namespace gw::store
