// The portal's list of the account reports delivered to the signer's
// institutions for the accounts they sign for (camt.052, camt.053, camt.054
// in the accounting systems' mailboxes), newest first, each to download.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "pages/portal_layout.h"
#include "store/mailbox_store.h"

namespace gw::pages {

struct ReportListView {
  std::string type;           // the kind asked for ("camt.053"); empty: any
  bool bad_criteria = false;  // a kind or page that is not one: nothing listed
  struct Row {
    std::string institution;
    store::AccountReportEntry report;
  };
  std::vector<Row> rows;
  std::string older_href;  // set: a full page, the next one is here
};

Result<std::string> portal_report_list_page(const PortalFrame& frame, const ReportListView& view);

}  // namespace gw::pages
