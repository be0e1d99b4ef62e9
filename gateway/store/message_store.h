// Reads of uploaded messages for their senders: a message's outcome by our id
// or by its MsgId, and its payments with each one's status history. A user
// only sees their own uploads. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace gw::store {

struct MessageRow {
  std::int64_t id = 0;
  std::string message_type;
  std::string msg_id;
  std::string received_at;
  std::string group_status;
  std::int64_t transactions = 0;
  std::int64_t accepted = 0;
  std::int64_t accepted_eur_minor = 0;
  std::string findings_json;
};

struct PaymentEvent {
  std::string status;
  std::string reason;
  std::string at;
};

struct PaymentRow {
  std::int64_t id = 0;
  std::string pmt_inf_id;
  std::int64_t position = 0;
  std::string instr_id;
  std::string end_to_end_id;
  std::int64_t amount_minor = 0;
  std::string currency;
  std::int64_t eur_minor = 0;
  std::string creditor_name;
  std::string creditor_iban;
  std::string requested_execution_date;
  std::string status;
  std::string reason;
  std::vector<PaymentEvent> history;  // oldest first
};

// A search over the payments of some users' uploads (the signing portal's
// payment search). Every criterion left empty matches everything.
struct PaymentQuery {
  // Whose uploads, from which debtor accounts: (user number, IBAN); empty: nothing is found.
  std::vector<std::pair<std::int64_t, std::string>> accounts;
  std::string from_date;  // requested execution date, YYYY-MM-DD, inclusive
  std::string to_date;
  std::optional<std::int64_t> min_minor;  // amount in the payment's currency, minor units
  std::optional<std::int64_t> max_minor;
  std::string counterparty;    // part of the beneficiary's name or IBAN (ASCII case ignored)
  std::string status;          // as PaymentRow::status shows it (PDNG while held)
  std::string reference;       // exactly an EndToEndId, InstrId, PmtInfId or the file's MsgId
  std::int64_t before_id = 0;  // payments with smaller ids (the next page); 0: from the newest
  int limit = 50;
  // What a page may read, so that its cost does not grow with the history:
  // the search goes back a window of about `window` payments of the asked
  // accounts at a time (about an equal share of each account's), and stops
  // once it has read `read_at_most`, found or not.
  std::int64_t window = 100'000;
  std::int64_t read_at_most = 400'000;
};

struct FoundPayment {
  PaymentRow payment;  // with its history
  std::int64_t user_number = 0;
  std::int64_t message_id = 0;
  std::string msg_id;
};

struct PaymentSearchPage {
  std::vector<FoundPayment> found;  // newest first (by payment id)
  // Set: older payments are left to search, those below this id (the next
  // page's before_id); 0: none are.
  std::int64_t next_before = 0;
  // The page ended at PaymentQuery::read_at_most, before `limit` were found:
  // next_before goes on searching.
  bool cut_short = false;
  std::int64_t read = 0;  // about how many asked payments its windows held
};

// Which uploaded payment files to list (the portal's list of uploads):
// those of the given users whose every block debits one of the given
// accounts, newest first, read from those accounts' own blocks (a page
// walks those accounts' files, not the institutions' whole history). Files
// refused before their blocks were read (schema, encoding) debit no known
// account and are not listed.
struct FileQuery {
  // (user number, IBAN); empty: nothing is found.
  std::vector<std::pair<std::int64_t, std::string>> accounts;
  std::int64_t message_id = 0;  // set: only that file
  std::int64_t before_id = 0;   // files with smaller ids (the next page); 0: from the newest
  int limit = 50;
};

struct ListedFile {
  std::int64_t user_number = 0;
  MessageRow message;               // group_status PDNG while it waits for signers
  std::string authorisation_state;  // waiting | released | rejected | expired; empty: none needed
  std::int64_t blocks = 0;
};

class MessageStore {
 public:
  virtual ~MessageStore() = default;

  virtual Result<std::optional<MessageRow>> message(std::int64_t user_number, std::int64_t id) = 0;
  // The newest upload of the user with that MsgId.
  virtual Result<std::optional<MessageRow>> message_by_msg_id(std::int64_t user_number,
                                                              const std::string& msg_id) = 0;
  // Payments of one of the user's messages in file order, a page at a time;
  // with `only_from`, only those of blocks debiting one of these accounts
  // (what a signer of some of the uploader's accounts may see of a file).
  virtual Result<std::vector<PaymentRow>> payments(std::int64_t user_number,
                                                   std::int64_t message_id, std::int64_t offset,
                                                   int limit,
                                                   const std::vector<std::string>* only_from) = 0;
  // How many payments of the message are in blocks debiting none of `accounts`.
  virtual Result<std::int64_t> payments_outside(std::int64_t user_number, std::int64_t message_id,
                                                const std::vector<std::string>& accounts) = 0;
  // Payments matching `query`, newest first (by payment id), at most `limit`,
  // read within the query's bounds.
  virtual Result<PaymentSearchPage> search_payments(const PaymentQuery& query) = 0;
  // Files matching `query`, newest first, at most `limit`.
  virtual Result<std::vector<ListedFile>> files(const FileQuery& query) = 0;

 protected:
  MessageStore() = default;
  MessageStore(const MessageStore&) = default;
  MessageStore& operator=(const MessageStore&) = default;
};

}  // namespace gw::store
