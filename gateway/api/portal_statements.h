// The portal's account statements and reports (docs/portal.md): a signer
// reads the entries of one of the accounts they sign for on one business
// day, a page at a time, straight from the ledger, and downloads the day's
// camt.053 once the day has closed; and lists and downloads the account
// reports already delivered for those accounts. The download is the
// document the accounting system's own request would get
// (reports/account_reports.h): numbered in that user's series and put in its
// mailbox, so the two never disagree and the series has no gap; once there,
// it is the one downloaded again. SignerPortal proves the person and checks
// the form; this says what they see.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/request_gate.h"
#include "core/result.h"
#include "http/query_string.h"
#include "ledger/ledger_core.h"
#include "pages/report_list_page.h"
#include "pages/statement_page.h"
#include "policy/account_grant.h"
#include "policy/report_version.h"
#include "reports/account_reports.h"
#include "store/ledger_store.h"
#include "store/mailbox_store.h"

namespace gw::api {

// An account the person signs for, with the user (accounting system) whose
// application names them for it: that user's statements are theirs to read.
struct StatementGrant {
  std::int64_t user_number = 0;
  std::string institution;
  policy::GrantedAccount account;
  std::vector<policy::GrantedAccount> user_accounts;          // all of the user's application
  std::string report_version{policy::kDefaultReportVersion};  // the application's
};

struct PortalStatementsDeps {
  store::LedgerStore& ledger_store;
  const ledger::LedgerCore& ledger;
  const reports::AccountReports& reports;
  store::MailboxStore& mailbox;
  // The reports API's: a statement made for the portal holds a handler
  // thread as one asked for over the API does, and counts alike.
  RequestGate& gate;
  // Every file exported for a download holds a place here until it is sent
  // (api/mailbox_download.h says why).
  RequestGate& downloads;
};

// A camt.053 ready to send: a file in the spool (removed once sent).
struct StatementFile {
  std::filesystem::path path;
  std::string file_name;  // for Content-Disposition
  std::string message_type;
  std::int64_t mailbox_id = 0;
  // Set: a gate was full (the user's downloads or reports, or the
  // gateway's), nothing exported; ask again in a moment.
  bool busy = false;
  std::shared_ptr<void> hold;  // its place in the gate and its spool copy: kept until sent
};

class PortalStatements {
 public:
  static constexpr int kEntriesPerPage = 100;
  static constexpr int kReportsPerPage = 50;

  // The stores and the reports must outlive this object. Thread-safe.
  PortalStatements(PortalStatementsDeps deps, std::filesystem::path spool_dir)
      : deps_(deps), spool_dir_(std::move(spool_dir)) {}

  // The statement page for `query` (iban, day, offset): the first account
  // and the last closed business day when not asked. Unusable criteria are
  // the view's problem; a failure is the store's. The day's figures and
  // lines are read only with `may_read` (the caller's place in the report
  // gate: they read up to the account's history); without it, a day that
  // could be shown has the problem "busy".
  Result<pages::StatementView> view(const std::vector<StatementGrant>& grants,
                                    const http::QueryString& query, bool may_read,
                                    std::chrono::system_clock::time_point now) const;

  // The camt.053 of `iban` for the closed business day `day`, in `version`
  // ("001.02" or "001.08"; empty: the account's user's report_version), exported for sending: the
  // one delivered to the user's mailbox already, else a new one delivered now. Busy when a gate is
  // full (the account's user, or the gateway, is making as many reports or downloads as it may at
  // once). kInvalidArgument: the day is not a closed business day, or the version none of those;
  // kPermissionDenied: not one of `grants`' accounts.
  Result<std::optional<StatementFile>> download(const std::vector<StatementGrant>& grants,
                                                const std::string& iban, const std::string& day,
                                                const std::string& version,
                                                std::chrono::system_clock::time_point now) const;

  // The reports delivered for the accounts of `grants` (`query`: type,
  // before), newest first, a page at a time.
  Result<pages::ReportListView> reports(const std::vector<StatementGrant>& grants,
                                        const http::QueryString& query) const;
  // The newest pain.002 about the user's message `message_id`, exported for
  // download; nothing when there is none. The caller decides who may see it.
  Result<std::optional<StatementFile>> status_report_file(std::int64_t user_number,
                                                          std::int64_t message_id) const;
  // Report `id`, if it is about an account of `grants`, exported for sending.
  Result<std::optional<StatementFile>> report_file(const std::vector<StatementGrant>& grants,
                                                   std::int64_t id) const;

 private:
  // `file` exported for a download of the user's, holding a place in the
  // download gate; busy when there is none.
  Result<std::optional<StatementFile>> exported(std::int64_t user_number, std::string_view prefix,
                                                StatementFile file) const;
  PortalStatementsDeps deps_;
  std::filesystem::path spool_dir_;
};

}  // namespace gw::api
