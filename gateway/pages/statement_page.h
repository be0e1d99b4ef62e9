// The portal's account statement (api/portal_statements.h) in Latvian or
// English: the account and day asked for, the opening and closing balances,
// the day's turnover and its entries a page at a time, each with its
// counterparty and what it carried for reconciliation (remittance, purpose),
// and the form that downloads the day's camt.053.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "pages/portal_layout.h"
#include "policy/report_version.h"
#include "store/ledger_store.h"

namespace gw::pages {

// An account the signed-in person may see, for the account choice.
struct StatementAccount {
  std::string iban;
  std::string currency;
  std::string institution;
};

struct StatementView {
  std::vector<StatementAccount> accounts;
  std::string iban;  // as asked (or the first account)
  std::string day;   // as asked (or the last closed business day)
  // The download's version chosen at first: the one the account's user's
  // system reads (its statement numbers are the user's).
  std::string report_version{policy::kDefaultReportVersion};
  // Set: nothing is shown, and why: "criteria" (a day that is no date, an
  // account not among `accounts`), "not_business_day", "future", "too_old",
  // "busy" (as many statements and searches are under way as may be).
  std::string problem;
  // After a download that failed: "unavailable", "not_closed".
  std::string download_problem;
  bool shown = false;
  std::string currency;
  std::string institution;
  bool closed = false;  // the day has ended: the statement is final, its camt.053 can be had
  std::int64_t opening_minor = 0;
  std::int64_t closing_minor = 0;
  store::LedgerStore::DayTotals totals;
  std::vector<store::StatementLine> lines;  // one page of the day's, in booking order
  std::int64_t after_line = 0;              // the page starts after this line (0: the day's first)
  std::int64_t position = 0;                // how many entries come before the page (its numbering)
  int page_size = 100;
  bool more = false;  // lines after this page (the next starts after the last of `lines`)
};

Result<std::string> portal_statement_page(const PortalFrame& frame, const StatementView& view);

}  // namespace gw::pages
