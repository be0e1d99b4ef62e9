// Account reports from the ledger: camt.052 (intraday, today), camt.053
// (one statement per business day of a past period) and camt.054 (the
// debit/credit notifications of a day, or pushed after each booking run), in version .001.02
// (default) or .001.08 (as asked, else as the user's application says). Each report is written to a
// scratch file as the journal streams past, validated against our XSD, then put in the user's
// mailbox in chunks: a day with 100k entries never sits whole in memory.
// Only accounts in the user's application (view or manage) are reported.
// A closed day's camt.053 or camt.054 that the user already has is handed
// out again, not written anew: it cannot change. A report of a day still
// open (camt.052, today's camt.054) is handed out again while nothing was
// booked on the account that day since it was written. Each report's
// balances, totals and entries come from one snapshot of the journal.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "calendar/business_days.h"
#include "calendar/riga_time.h"
#include "core/result.h"
#include "iso20022/account_report_writer.h"
#include "iso20022/message_validator.h"
#include "ledger/ledger_core.h"
#include "policy/account_grant.h"
#include "rules/validation_report.h"
#include "store/ledger_store.h"
#include "store/mailbox_store.h"

namespace gw::reports {

struct ReportRequest {
  std::string iban;
  std::string kind;     // "camt.052", "camt.053", or empty: by the dates
  std::string from;     // YYYY-MM-DD; empty: the business date
  std::string to;       // YYYY-MM-DD; empty: same as from
  std::string version;  // "001.02" (default) or "001.08"
};

// A camt.060 RptgReq as a request: ReqdMsgNmId camt.053.001.08 gives kind
// camt.053 and version 001.08. A name of another shape is the kind as it
// stands (and is refused as such by produce()).
ReportRequest report_request_of(const rules::ReportingRequest& request);

// An uploaded camt.060 as the reports see it: valid, with its requests, or
// not, with what validation found.
struct RequestMessage {
  rules::ValidationReport validation;
  std::vector<ReportRequest> requests;  // when validation.accepted()
};

// A report's MsgId: unique across the gateway, from what makes its
// electronic sequence number unique (user, account, kind). At most 35
// characters for a Latvian IBAN and numbers up to six digits each.
std::string report_msg_id(std::int64_t user_number, const std::string& iban,
                          const std::string& kind, std::int64_t number);

// The earliest day a report may be asked for: five years before the
// ledger's business date `business`. Every day asked for becomes a stored
// report, so what can be asked for is bounded.
CivilDate earliest_report_day(CivilDate business);

struct ProducedReport {
  std::int64_t mailbox_id = 0;
  std::string message_type;
  std::string date;
  std::uint64_t size_bytes = 0;
};

struct NotifyOutcome {
  int delivered = 0;
  int failed = 0;
  std::string first_error;  // of the first that failed
};

// Refusals carry ErrorCode::kPermissionDenied (account not the user's) or
// kInvalidArgument (dates, kind, version); anything else is an internal failure.
class AccountReports {
 public:
  // All must outlive this object.
  AccountReports(store::LedgerStore& ledger_store, const ledger::LedgerCore& ledger,
                 store::MailboxStore& mailbox, const iso20022::MessageValidator& validator,
                 std::filesystem::path scratch_dir)
      : ledger_store_(ledger_store),
        ledger_(ledger),
        mailbox_(mailbox),
        validator_(validator),
        scratch_dir_(std::move(scratch_dir)) {}

  // The reports `requests` ask for, in order; every request is checked
  // before any report is written (one refused: none written).
  Result<std::vector<ProducedReport>> produce(std::int64_t user_number,
                                              const std::vector<policy::GrantedAccount>& accounts,
                                              const std::vector<ReportRequest>& requests,
                                              std::chrono::system_clock::time_point now) const;

  // Validates an uploaded camt.060 (`now` gives the Riga date its rules use).
  RequestMessage read_request_message(const std::filesystem::path& file,
                                      std::chrono::system_clock::time_point now) const;

  // How one report is identified: its MsgId and sequence numbers.
  struct Numbering {
    std::string msg_id;
    std::int64_t electronic = 1;        // ElctrncSeqNb
    std::optional<std::int64_t> legal;  // LglSeqNb (statements)
  };
  // Writes one report for `day` to `out`, from one snapshot of the journal;
  // returns the day's figures it was written from.
  Result<store::LedgerStore::DayFigures> write_report(
      const std::string& iban, const std::string& currency, iso20022::ReportKind kind,
      const std::string& version, const std::string& day, const std::string& created_at,
      const Numbering& numbering, const std::filesystem::path& out) const;

  // Pushes a camt.054 (in the application's report_version) to every user whose application asks
  // for notifications on an account the ledger booked on since the user's mark: the lines booked
  // since, each notified once (the mark moves with the delivery). Run after each ledger run. One
  // that fails is counted and due again next time; the others go on.
  Result<NotifyOutcome> notify(std::chrono::system_clock::time_point now) const;

 private:
  using LineVisitor = std::function<bool(const store::StatementLine&)>;
  struct Delivered {
    std::int64_t mailbox_id = 0;
    std::string message_type;
    std::uint64_t size_bytes = 0;
  };
  // A request checked against the user's accounts, the calendar and the
  // ledger's business date: the reports to hand out or write.
  struct Plan {
    std::string iban;
    std::string currency;
    std::string kind;               // camt.052, camt.053 or camt.054
    std::string version;            // 001.02 or 001.08
    std::vector<std::string> days;  // YYYY-MM-DD, in order
    BusinessCalendar calendar;
  };
  Result<Plan> plan(const std::vector<policy::GrantedAccount>& accounts,
                    const ReportRequest& request, std::chrono::system_clock::time_point now) const;
  Result<std::vector<ProducedReport>> deliver(std::int64_t user_number, const Plan& plan,
                                              std::chrono::system_clock::time_point now) const;
  using BeginAccount = std::function<void(iso20022::AccountSection)>;
  // The document of one account: `read` calls `begin` with the account's
  // section (completed there) once, then visits its lines (batches grouped).
  Status write_document(
      const std::string& iban, const std::string& currency, iso20022::ReportKind kind,
      const std::string& version, const std::string& created_at, const Numbering& numbering,
      const std::filesystem::path& out,
      const std::function<Status(const BeginAccount&, const LineVisitor&)>& read) const;
  // The user's newest report of type `message_type` of `day`, a day still
  // open, when the day's figures (and a statement's number, `legal`) are
  // still those it was written with (ReportNumber::content_mark): handed out
  // again rather than written, numbered and stored anew, so that polling
  // does not grow the mailbox.
  Result<std::optional<ProducedReport>> unchanged_report(std::int64_t user_number,
                                                         const std::string& iban,
                                                         const std::string& message_type,
                                                         const std::string& day,
                                                         std::optional<std::int64_t> legal) const;
  // The reports of `days` this user already has in the mailbox and that can
  // no longer change (camt.053, camt.054 of a day closed before they read
  // the journal: ReportNumber::final), by day: handed out again rather than
  // written, numbered and stored anew (one query for the period).
  Result<std::map<std::string, ProducedReport>> final_reports_delivered(
      std::int64_t user_number, const std::string& iban, const std::string& message_type,
      const std::vector<std::string>& days) const;
  // Numbers a report (the next of its user, account and kind), has `write`
  // write it (returning its content mark, ReportNumber::content_mark),
  // validates and delivers it; again with the next number when
  // another took this one first.
  Result<Delivered> number_and_deliver(
      store::ReportNumber number, iso20022::ReportKind kind, const std::string& version,
      const std::string& created_at, std::optional<std::int64_t> legal, const std::string& what,
      const std::function<Result<std::string>(const Numbering&, const std::filesystem::path&)>&
          write) const;

  store::LedgerStore& ledger_store_;
  const ledger::LedgerCore& ledger_;
  store::MailboxStore& mailbox_;
  const iso20022::MessageValidator& validator_;
  std::filesystem::path scratch_dir_;
  // Reports of one user, account and kind are numbered one at a time in
  // this process (a stripe per key hash), so a long statement is not written
  // again because a quick report took its number meanwhile; the store's
  // check still guards against other processes.
  mutable std::array<std::mutex, 64> numbering_;
};

}  // namespace gw::reports
