// Each user's mailbox of outgoing messages (pain.002 now, camt.05x later), in
// the asynchronous style of bank gateways: list what is new, fetch one,
// acknowledge it. A user only ever sees their own mailbox. Thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace gw::store {

struct MailboxEntry {
  std::int64_t id = 0;
  std::string message_type;
  std::optional<std::int64_t> about_message_id;
  std::string created_at;
  std::optional<std::string> acknowledged_at;
  std::int64_t size_bytes = 0;
  std::string account_iban;  // the account an account report is about; empty otherwise
  std::string report_day;    // the business day it reports; empty for pushed camt.054s
};

// An account report's electronic sequence number (ElctrncSeqNb): counted per
// receiving user, account and kind ("camt.052", "camt.053").
struct ReportNumber {
  std::int64_t user_number = 0;
  std::string iban;
  std::string kind;
  std::int64_t number = 0;
  // A pushed camt.054 (LedgerStore::notifications_due): the last line it
  // covers, recorded as the user's mark with the number, and the mark it was
  // written after, which must still be the recorded one (else kAlreadyExists).
  std::optional<std::int64_t> notified_line = std::nullopt;
  std::int64_t notified_after = 0;
  // The business day a camt.052/053 (or a day's camt.054) reports; empty for a pushed camt.054.
  std::string day = {};
  // The day was closed before the report read the journal: the report can
  // no longer change, and is handed out again when asked for again.
  bool final = false;
  // What the report says of its day, from the snapshot it was written from
  // (reports/account_reports.h): a report of a day still open is handed out
  // again while the day's figures stay the same. Empty: never again.
  std::string content_mark = {};
};

// Which of a user's mailbox items to list: oldest first, ids above
// `after_id`, at most `limit`.
struct MailboxQuery {
  bool include_acknowledged = false;
  std::int64_t after_id = 0;
  int limit = 100;
  // Empty: any. A family ("camt.053") or a full name ("camt.053.001.08").
  std::string message_type;
  // Empty: unbounded. UTC timestamps as stored: created_at >= from, < before.
  std::string created_from;
  std::string created_before;
  // Set: account reports of these accounts only (the user's application as
  // it is now); other items are listed whatever it says.
  std::optional<std::vector<std::string>> report_accounts;
};

struct MailboxItem {
  MailboxEntry entry;
  std::string content;
};

// Which account reports to list across users (the institution portal):
// those about the given (user, IBAN) accounts, newest first.
struct AccountReportQuery {
  std::vector<std::pair<std::int64_t, std::string>> accounts;  // empty: nothing is found
  std::string message_type;  // empty: any; a family ("camt.053") or a full name
  // The business days reported, both inclusive (YYYY-MM-DD); empty: unbounded.
  std::string first_day;
  std::string last_day;
  bool final_only = false;     // only reports delivered as final (ReportNumber::final)
  std::int64_t id = 0;         // set: only that item
  std::int64_t before_id = 0;  // items with smaller ids (the next page); 0: from the newest
  int limit = 50;
};

struct AccountReportEntry {
  std::int64_t user_number = 0;
  MailboxEntry entry;
  std::string content_mark;  // ReportNumber::content_mark; empty: none
};

class MailboxStore {
 public:
  virtual ~MailboxStore() = default;

  virtual Result<std::vector<MailboxEntry>> list(std::int64_t user_number,
                                                 const MailboxQuery& query) = 0;
  // One item's description (without its content), if it is the user's.
  virtual Result<std::optional<MailboxEntry>> entry(std::int64_t user_number, std::int64_t id) = 0;
  virtual Result<std::optional<MailboxItem>> fetch(std::int64_t user_number, std::int64_t id) = 0;
  // Idempotent: acknowledging twice keeps the first time. NotFound when the
  // item is not the user's.
  virtual Status acknowledge(std::int64_t user_number, std::int64_t id, const std::string& at) = 0;
  // Puts the file's content in the user's mailbox, copied in chunks (a large
  // statement never passes through memory whole). Returns the item's id.
  virtual Result<std::int64_t> deliver_file(std::int64_t user_number,
                                            const std::string& message_type,
                                            const std::filesystem::path& file,
                                            const std::string& at) = 0;
  // The number the next report of this user, account and kind carries: one
  // above the last delivered (1 for the first).
  virtual Result<std::int64_t> next_report_number(std::int64_t user_number, const std::string& iban,
                                                  const std::string& kind) = 0;
  // deliver_file for a report written with `number`: delivered only while
  // `number.number` is still the next one, and recorded as the last in the
  // same transaction; kAlreadyExists when another report took it first (write
  // the report again with the next number). So a user receives each number
  // once and none is skipped.
  virtual Result<std::int64_t> deliver_report(const ReportNumber& number,
                                              const std::string& message_type,
                                              const std::filesystem::path& file,
                                              const std::string& at) = 0;
  // The account reports matching `query`, newest first, at most `limit`.
  virtual Result<std::vector<AccountReportEntry>> account_reports(
      const AccountReportQuery& query) = 0;
  // Copies an item's content to `out` in chunks; NotFound when not the user's.
  virtual Status export_to(std::int64_t user_number, std::int64_t id,
                           const std::filesystem::path& out) = 0;
  // The newest item of the family `message_type` ("pain.002": any of its
  // versions) about one of the user's messages, without its content.
  virtual Result<std::optional<MailboxEntry>> latest_entry_about(
      std::int64_t user_number, std::int64_t message_id, const std::string& message_type) = 0;

 protected:
  MailboxStore() = default;
  MailboxStore(const MailboxStore&) = default;
  MailboxStore& operator=(const MailboxStore&) = default;
};

}  // namespace gw::store
