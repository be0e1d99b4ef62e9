// The store side of payment acceptance: a unit of work in which one upload is
// decided and recorded (message, blocks, payments, status history, ledger
// queue, daily-limit usage, the pain.002 in the mailbox) and committed at
// once; plus the lookups that make uploads idempotent. Thread-safe.
//
// What every implementation must keep (store/sqlite/ keeps it with one
// database write lock, BEGIN IMMEDIATE, held for the whole unit):
//  - Serialised per institution: two units of the same institution never
//    overlap, so the daily-limit check (daily_usage) and its update
//    (add_daily_usage) cannot interleave with another upload's, and the
//    MsgId/PmtInfId duplicate checks see every committed upload. (A server
//    database would lock the institution's row, not the whole store.)
//  - All or nothing: a unit that fails, or is not kept, leaves no trace.
//  - Ids: message, block and payment ids grow with commit order, and a
//    block's payments have consecutive ids in position order (the ledger
//    reads a block as an id range).
//  - A queued block is visible to the ledger (LedgerStore) only after the
//    commit that queued it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/payment_status.h"
#include "core/result.h"

namespace gw::store {

// A decided upload as stored: enough to answer a repeat of it.
struct StoredAnswer {
  std::int64_t message_id = 0;
  std::string content_sha256;
  PaymentStatus group_status = PaymentStatus::kRejected;
  std::int64_t mailbox_id = 0;
  std::string pain002;
};

struct NewMessage {
  std::int64_t user_number = 0;
  std::string message_type;
  std::string msg_id;  // empty: not read
  std::string content_sha256;
  std::int64_t size_bytes = 0;
  std::string idempotency_key;  // empty: none sent
  std::string received_at;
  std::string initiating_party;  // GrpHdr/InitgPty (core/element_tree.h); empty: none
};

struct NewBlock {
  std::int64_t message_id = 0;
  std::string pmt_inf_id;
  std::string debtor_iban;
  std::string debtor_name;
  std::string requested_execution_date;
  std::string service_level;   // PmtTpInf/SvcLvl/Cd; may be empty
  std::string execution_date;  // empty: the requested date
  bool batch_booking = true;   // BtchBookg: one statement entry for the block's debits
  std::string details;         // what else the block carries (core/element_tree.h)
};

struct NewPayment {
  std::int64_t block_id = 0;
  std::int64_t position = 0;
  std::string instr_id;
  std::string end_to_end_id;
  std::int64_t amount_minor = 0;
  std::string currency;
  std::int64_t eur_minor = 0;
  std::string creditor_name;
  std::string creditor_iban;
  std::string creditor_bic;
  std::string remittance;                                    // encoded (core/remittance.h)
  PaymentStatus status = PaymentStatus::kAcceptedTechnical;  // or kRejected, with a reason
  std::string reason;
  std::string details;  // what else the payment carries (core/element_tree.h)
  // The EUR reference rate `eur_minor` was taken at: units of `currency`
  // per EUR, in millionths; 0 for an EUR payment (or none taken).
  std::int64_t fx_rate_micro = 0;
};

struct MessageOutcome {
  PaymentStatus group_status = PaymentStatus::kRejected;
  std::int64_t transactions = 0;
  std::int64_t accepted = 0;
  std::int64_t accepted_eur_minor = 0;
  std::string findings_json;
  std::int64_t mailbox_id = 0;
  std::string decided_at;
  std::string limit_day;  // the Riga date whose daily-limit usage it took (YYYY-MM-DD)
};

// Operations inside one acceptance transaction. Only valid inside the
// callback given to AcceptanceStore::decide().
class AcceptanceUnit {
 public:
  virtual ~AcceptanceUnit() = default;
  // Whether the uploader's file with `idempotency_key` (when not empty), or
  // one accepted with these bytes, was decided since the upload looked for
  // a repeat before its validation: the same file sent twice at once. The
  // upload then answers as a repeat, not as a second file.
  virtual Result<bool> repeat_decided(const std::string& idempotency_key,
                                      const std::string& content_sha256) = 0;
  // MsgId already used by a (partly) accepted message of the same institution.
  virtual Result<bool> msg_id_taken(const std::string& msg_id) = 0;
  virtual Result<bool> pmt_inf_id_taken(const std::string& pmt_inf_id) = 0;
  // One-off closing days declared by the operator (YYYY-MM-DD), as the ledger keeps them.
  virtual Result<std::vector<std::string>> closed_days() = 0;
  // The store's credential version (IdentityStore::credential_version), as
  // this transaction sees it: the decision's check that the uploader's
  // credentials did not change since they were read.
  virtual Result<std::int64_t> credential_version() = 0;
  virtual Result<std::int64_t> daily_usage(const std::string& iban, const std::string& day) = 0;
  virtual Status add_daily_usage(const std::string& iban, const std::string& day,
                                 std::int64_t eur_minor) = 0;
  // Units per EUR (millionths) of the newest rate dated on or before `day`
  // and not older than `max_age_days`; nothing when there is none.
  virtual Result<std::optional<std::int64_t>> rate(const std::string& currency,
                                                   const std::string& day, int max_age_days) = 0;
  virtual Result<std::int64_t> insert_message(const NewMessage& message) = 0;
  virtual Result<std::int64_t> insert_block(const NewBlock& block) = 0;
  // A block's payments come after the block, one after another, positions
  // from 1 (anything else fails). A payment may be written only when its
  // block is settled (rows are inserted in batches).
  virtual Status insert_payment(NewPayment&& payment) = 0;
  // Ends the block inserted last: its status, and either rejects its
  // remaining ACTC payments (block RJCT) or queues the block for the ledger,
  // which takes its ACTC payments in block order; `held`: not queued yet,
  // the message waits for signatures (await_authorisation).
  virtual Status settle_block(std::int64_t block_id, PaymentStatus status,
                              const std::string& reason, const std::string& at, bool held) = 0;
  // Queues the message's held blocks after all (in block order).
  virtual Status queue_held_blocks(std::int64_t message_id, const std::string& at) = 0;
  // The message's held blocks wait for `signatures` signatures until
  // `expires_at`; its daily-limit usage was taken on `usage_date`.
  virtual Status await_authorisation(std::int64_t message_id, int signatures,
                                     const std::string& usage_date, const std::string& expires_at,
                                     const std::string& at) = 0;
  // Puts a message in the user's mailbox; returns its id.
  virtual Result<std::int64_t> deliver(const std::string& message_type,
                                       std::int64_t about_message_id, const std::string& content,
                                       const std::string& at) = 0;
  virtual Status finish_message(std::int64_t message_id, const MessageOutcome& outcome) = 0;
};

class AcceptanceStore {
 public:
  virtual ~AcceptanceStore() = default;

  // The earlier upload of this user with this Idempotency-Key, if any.
  virtual Result<std::optional<StoredAnswer>> find_by_idempotency_key(std::int64_t user_number,
                                                                      const std::string& key) = 0;
  // A (partly) accepted earlier upload of this user with these exact bytes.
  // Only the user's own: another user of the institution sending the same
  // file is not shown the first one's answer (its MsgId is refused, DU01).
  virtual Result<std::optional<StoredAnswer>> find_accepted_content(
      std::int64_t user_number, const std::string& content_sha256) = 0;

  // Runs `work` for `user_number` inside one write transaction and commits
  // when it succeeds; rolls everything back when it fails. `keep` false rolls
  // back even on success (test mode: decide, record nothing).
  virtual Status decide(std::int64_t user_number, bool keep,
                        const std::function<Status(AcceptanceUnit&)>& work) = 0;

 protected:
  AcceptanceStore() = default;
  AcceptanceStore(const AcceptanceStore&) = default;
  AcceptanceStore& operator=(const AcceptanceStore&) = default;
};

}  // namespace gw::store
