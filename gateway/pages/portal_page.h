// The institution portal's pages (api/signer_portal.h), in Latvian or
// English: signing in, the files waiting for the signer, one file with its
// payments, the statement and the approve and reject forms. Every value is
// escaped (html_template.h, safe_html.h); every form carries the session's
// CSRF token.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "pages/portal_layout.h"
#include "store/authorisation_store.h"
#include "store/message_store.h"

namespace gw::pages {

// Why the sign-in page is shown.
enum class SignInNotice {
  kNone,
  kSessionEnded,  // idle too long, or the gateway restarted
  kSignedOut,
  kNoCertificate,     // the browser presented none
  kNotASigner,        // a certificate, but no personal certificate of a signer
  kCertificateEnded,  // revoked or outside its validity
};

struct PortalFileRow {
  std::string institution;
  std::int64_t user_number = 0;
  store::HeldFile file;
};

struct PortalFileDetail {
  PortalFileRow row;
  std::vector<store::PaymentRow> payments;  // one page of them, in file order
  std::int64_t listed = 0;                  // how many the person may see of the file's payments
  std::int64_t offset = 0;
  int page_size = 100;
  std::string statement;       // the approval statement the signer decides on
  std::string approve_sha256;  // of that statement, sent back with the form
  std::string reject_sha256;   // of the reject statement
  std::string outcome;         // after a decision: approved, rejected, released or a refusal
  bool can_decide = false;     // waiting, and not yet signed by this person
  // Not held for signatures (or not for this person to sign): only `row.file`'s
  // message facts and the payments are shown, with the upload's `group_status`.
  bool held = true;
  std::string group_status;
};

// The uploads of the signer's institutions from their accounts, newest first.
struct UploadsView {
  struct Row {
    std::string institution;
    store::ListedFile file;
  };
  std::vector<Row> rows;
  std::string older_href;  // set: a full page, the next one is here
};

// The payment search: what was asked (to fill the form again) and what was found.
struct PaymentSearchView {
  std::string from, to, min, max, party, status, ref;  // as typed
  // Set, nothing searched: "criteria" (a date or an amount unusable), "busy"
  // (as many searches and reports as may be are running, this person's or the gateway's).
  std::string problem;
  bool searched = false;
  struct Row {
    std::string institution;
    store::FoundPayment found;
  };
  std::vector<Row> rows;
  std::string older_href;  // set: older payments are searched there
  // The search stopped at what a page may read (store::PaymentSearchPage),
  // not at a full page: older_href goes on searching.
  bool cut_short = false;
};

Result<std::string> portal_sign_in_page(const PortalFrame& frame, SignInNotice notice);
// `files`: one page of the waiting files, the most urgent first;
// `next_href` set: more follow there.
Result<std::string> portal_files_page(const PortalFrame& frame,
                                      const std::vector<PortalFileRow>& files,
                                      const std::string& next_href = {});
Result<std::string> portal_file_page(const PortalFrame& frame, const PortalFileDetail& detail);
Result<std::string> portal_payments_page(const PortalFrame& frame, const PaymentSearchView& view);
Result<std::string> portal_uploads_page(const PortalFrame& frame, const UploadsView& view);
// A page that only says the file is not one this signer can see.
Result<std::string> portal_not_found_page(const PortalFrame& frame);

}  // namespace gw::pages
