// The operator console's pages (api/operator_console.h), in Latvian or
// English: the overview (health, ledger queue), the applications, one
// user's application with its certificates and the forms that change them,
// the application form, and the audit log search. Every value is escaped
// (safe_html.h); every form carries the session's CSRF token.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "pages/portal_layout.h"
#include "policy/application_form.h"
#include "store/application_proposal_store.h"
#include "store/application_store.h"
#include "store/audit_store.h"
#include "store/identity_store.h"
#include "store/operator_store.h"
#include "store/signer_store.h"

namespace gw::pages {

struct ConsoleOverview {
  bool store_ok = false;
  std::string business_date;  // empty: unknown
  bool day_closed = false;
  std::int64_t queued_blocks = 0;
  std::optional<std::string> oldest_queued;
  std::size_t current_applications = 0;
  std::size_t expiring_applications = 0;  // within `warning_days`
  int warning_days = 30;
  std::size_t waiting_proposals = 0;  // applications waiting for a second operator
};

struct ConsoleApplicationRow {
  store::ApplicationRow application;
  store::UserIdentity user;
};

struct ConsoleApplicationsView {
  std::string filter;  // as typed: part of a name, a registration or user number
  std::vector<ConsoleApplicationRow> rows;
};

struct ConsoleApplicationView {
  // After a change: what was done (registered, registered_kept, code_sent,
  // terminated, revoked, limit_set), or why it was refused.
  std::string done;
  std::string problem;
  store::UserIdentity user;
  std::vector<store::ApplicationRow> history;  // oldest first; the newest is last
  std::vector<store::CertificateRecord> certificates;
  std::string today;  // Riga date: the limit change's default
};

struct ConsoleInstitutionsView {
  std::string filter;  // as typed: part of a name or a registration number
  std::string done;    // after a change: institution_added, account_added, account_state
  std::string problem;
  std::vector<store::InstitutionRecord> rows;  // those that match
  bool more = false;                           // more matched than are shown: narrow the filter
};

// The certificates of people the client CA issued: payment signers' and operators'.
struct ConsoleCertificatesView {
  std::string done;  // signer_revoked, operator_revoked
  std::string problem;
  std::vector<store::SignerCertificateRecord> signers;
  std::vector<store::OperatorCertificateRecord> operators;
};

struct ConsoleFormView {
  policy::ApplicationForm form;
  std::string problem;  // set: the form was refused for this
};

// Applications proposed by one operator that wait for another.
struct ConsoleProposalsView {
  std::string done;                              // after a decision: refused, withdrawn
  std::vector<store::ApplicationProposal> rows;  // oldest first
};

struct ConsoleProposalView {
  std::string done;  // proposed
  std::string problem;
  store::ApplicationProposal proposal;
  store::ApplicationRow proposed;                // what its registration would record
  std::optional<store::ApplicationRow> current;  // a replacement: the user's application now
  bool own = false;  // the viewer proposed it: they may withdraw it, not approve it
  // A replacement whose user's application changed since (or ended): its
  // approval would be refused.
  bool stale = false;
  // The certificate it was proposed with was revoked since: its approval
  // would be refused.
  bool proposer_revoked = false;
  // Its document no longer reads as an application (the rules changed since):
  // `proposed` is empty; it can be refused, not approved.
  bool unreadable = false;
};

struct ConsoleAuditView {
  std::string actor, action, subject, from, to;  // as typed
  std::string problem;                           // set: the criteria are unusable
  std::vector<store::AuditEntry> rows;
  std::string older_href;  // set: a full page, the next one is here
};

Result<std::string> console_overview_page(const PortalFrame& frame, const ConsoleOverview& view);
Result<std::string> console_applications_page(const PortalFrame& frame,
                                              const ConsoleApplicationsView& view);
Result<std::string> console_application_page(const PortalFrame& frame,
                                             const ConsoleApplicationView& view);
Result<std::string> console_institutions_page(const PortalFrame& frame,
                                              const ConsoleInstitutionsView& view);
Result<std::string> console_certificates_page(const PortalFrame& frame,
                                              const ConsoleCertificatesView& view);
Result<std::string> console_form_page(const PortalFrame& frame, const ConsoleFormView& view);
Result<std::string> console_proposals_page(const PortalFrame& frame,
                                           const ConsoleProposalsView& view);
Result<std::string> console_proposal_page(const PortalFrame& frame,
                                          const ConsoleProposalView& view);
Result<std::string> console_audit_page(const PortalFrame& frame, const ConsoleAuditView& view);
// A page that says what was not found (a user number, an unknown page).
Result<std::string> console_not_found_page(const PortalFrame& frame, const std::string& what);

}  // namespace gw::pages
