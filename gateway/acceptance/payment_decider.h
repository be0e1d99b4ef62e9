// The business decision over the payments of one valid pain.001, made inside
// the acceptance transaction (store::AcceptanceUnit) and written into the
// pain.002 being built:
//  - the whole file is refused for a MsgId used before (DU01), an account the
//    user may not debit (AC04/AC06/AG01, named on its block) or a PmtInfId
//    used before (DU02, named on its block);
//  - each payment is rejected alone for having no EUR reference rate (CURR)
//    or being above the account's single-payment limit in EUR (AM02), and
//    for what validation found in its own content (rules/finding_scope.h:
//    AC01, RC01), which the caller hands over;
//  - each block is rejected whole when its accepted payments would take the
//    account past its daily limit (AM14): a block is one decision of the
//    institution (a salary run) and is not cut to fit;
//  - each block is rejected whole (TM01) when it comes after the cut-off of
//    its requested date and late payments are not moved to the next business
//    day (CutOffConfig); moved, it executes on that day;
//  - when a debtor account of the file needs signatures, the accepted blocks
//    are held, not queued: the file waits for its signers (the daily limit is
//    taken now, and given back if the file is refused or expires).
// Amounts are integers in minor units; EUR equivalents are rounded up.
// Not thread-safe: one per upload, used by one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "acceptance/payment_spool.h"
#include "calendar/business_days.h"
#include "config/gateway_config.h"
#include "iso20022/status_report.h"
#include "policy/debtor_mandate.h"
#include "policy/signing_policy.h"
#include "rules/finding.h"
#include "rules/payment_sink.h"
#include "store/acceptance_store.h"
#include "store/application_store.h"

namespace gw::acceptance {

// Who uploads, with the accounts of their current application.
struct Uploader {
  std::int64_t user_number = 0;
  std::vector<policy::GrantedAccount> accounts;
  std::vector<policy::PaymentSigner> payment_signers;
  bool all_or_nothing = false;  // any finding rejects the whole file (the application's choice)
  Language language = Language::kEnglish;  // of the pain.002's texts (the application's choice)
  // The store's credential version when this was read; the decision is made
  // only while it still holds (nothing: not checked).
  std::optional<std::int64_t> credential_version;
};

// One-day limit changes of the uploader's accounts, by IBAN.
using LimitChanges = std::map<std::string, policy::LimitChange>;

class PaymentDecider {
 public:
  // Everything referenced must outlive the decider. `today` is the Riga
  // acceptance date (YYYY-MM-DD) and `at` the decision time, as stored.
  PaymentDecider(store::AcceptanceUnit& unit, const Uploader& uploader, const LimitChanges& changes,
                 const AcceptanceConfig& config, const CutOffConfig& cut_off,
                 std::chrono::system_clock::time_point now);

  // The file-level checks; any finding rejects the whole file. Account and
  // PmtInfId problems are also named on their block in `answer`.
  Result<std::vector<rules::Finding>> file_level(const std::string& msg_id,
                                                 const std::vector<rules::CapturedBlock>& blocks,
                                                 iso20022::StatusReport& answer);

  // Payments validation rejected alone (rules::rejects_transaction_only), by
  // EndToEndId (unique in a file that gets this far: DU04 rejects the file).
  void reject_at_validation(std::map<std::string, std::vector<rules::Finding>> findings) {
    invalid_ = std::move(findings);
  }

  // Records every block and payment of the spool under `message_id`, decides
  // per payment and per block, and adds each block's status to `answer`.
  Status record(const PaymentSpoolWriter& spool, std::int64_t message_id,
                iso20022::StatusReport& answer);

  std::int64_t transactions() const { return transactions_; }
  std::int64_t accepted() const { return accepted_; }
  std::int64_t accepted_eur_minor() const { return accepted_eur_; }
  // Signatures the file needs before the ledger gets it: over all its blocks
  // (known after file_level; when not 0 the accepted blocks are held), and
  // over the blocks accepted (after record: 0 means the held blocks go to
  // the ledger after all). Until when its signers may sign: the earliest
  // cut-off of its accepted blocks' execution days (none when none was accepted).
  int signatures_required() const { return signatures_; }
  int accepted_signatures_required() const;
  // The language of the uploader's status texts.
  Language language() const { return uploader_.language; }
  std::optional<std::chrono::system_clock::time_point> signing_deadline() const {
    return deadline_;
  }
  // ACTC when every payment was accepted, RJCT when none, else PART.
  PaymentStatus group_status() const;
  // One finding per block record() rejected whole (after its cut-off, over
  // the daily limit): with validation's, what the message's findings list.
  const std::vector<rules::Finding>& rejected_blocks() const { return rejected_blocks_; }

 private:
  struct OpenBlock {
    std::int64_t id = 0;
    std::string pmt_inf_id;
    std::string debtor_iban;
    std::string requested_execution_date;
    std::optional<std::chrono::system_clock::time_point> cut_off;  // none: too late (TM01)
    std::int64_t positions = 0;
    std::int64_t accepted = 0;
    std::int64_t accepted_eur = 0;
    std::vector<iso20022::TransactionStatus> rejected;
  };

  const policy::DebtorMandate& mandate(const std::string& iban);
  Result<std::optional<std::int64_t>> rate(const std::string& currency);
  Status payment(rules::CapturedTransaction&& tx);
  Status close_block(iso20022::StatusReport& answer);

  store::AcceptanceUnit& unit_;
  const Uploader& uploader_;
  const LimitChanges& changes_;
  const AcceptanceConfig& config_;
  const CutOffConfig& cut_off_;
  const std::chrono::system_clock::time_point now_;
  const std::string today_;
  const std::string at_;
  std::map<std::string, policy::DebtorMandate> mandates_;
  std::map<std::string, std::optional<std::int64_t>> rates_;
  std::optional<OpenBlock> block_;
  std::int64_t transactions_ = 0;
  std::int64_t accepted_ = 0;
  std::int64_t accepted_eur_ = 0;
  int signatures_ = 0;
  std::vector<std::string> accepted_debtors_;  // debtor accounts of the accepted blocks
  std::optional<std::chrono::system_clock::time_point> deadline_;
  std::optional<BusinessCalendar> calendar_;
  std::map<std::string, std::vector<rules::Finding>> invalid_;
  std::vector<rules::Finding> rejected_blocks_;
};

}  // namespace gw::acceptance
