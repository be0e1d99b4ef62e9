// The operator console for treasury staff, on a listener of its own
// (config: [console]; docs/operator-console.md). An operator signs in with
// the client certificate the treasury issued them (`gatewayctl operator
// issue`), checked on every request: listed, not revoked, within its dates.
// Routes:
//   GET  /console                           sign-in, or the overview: health, ledger queue,
//                                           applications ending soon
//   POST /console/session, /console/signout
//   GET  /console/institutions              institutions, their accounts and users (?q=)
//   POST /console/institutions              register an institution
//   POST /console/institutions/{reg}/accounts   add an account to it
//   POST /console/accounts/{iban}/state     open, close or block an account
//   GET  /console/applications              current applications (?q= filters)
//   GET  /console/applications/new          the application form (?user=N: its replacement)
//   POST /console/applications              propose it for a second operator's approval
//                                           (console.second_operator), or register it
//   GET  /console/proposals                 applications waiting for a second operator
//   GET  /console/proposals/{id}            one, beside the user's application now
//   POST /console/proposals/{id}/approve    another operator registers it
//   POST /console/proposals/{id}/refuse     refused by another, or withdrawn by its proposer
//   GET  /console/applications/{user}       the user's application, history and certificates
//   POST /console/applications/{user}/activation-code | terminate | limit-change
//   POST /console/certificates/{serial}/revoke
//   GET  /console/certificates              payment signers' and operators' certificates
//   POST /console/signers/{serial}/revoke, /console/operators/{serial}/revoke
//   GET  /console/crl                       the client CA's current CRL (PEM)
//   GET  /console/audit                     the audit log (?actor=&action=&subject=&from=&to=)
//   GET  /console/assets/{name}             the style sheet and icon
// Every change is made through the same stores and rules as gatewayctl's and
// audited under the operator's name and certificate serial. Sessions end
// after an idle time; every POST must come from the console's own page
// (Origin) and carry the session's CSRF token.
#pragma once

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "api/known_certificates.h"
#include "api/session_gate.h"
#include "http/exchange.h"
#include "http/query_string.h"
#include "http/revocation_check.h"
#include "ledger/ledger_core.h"
#include "lifecycle/application_registration.h"
#include "log/logger.h"
#include "pages/portal_page.h"
#include "pki/certificate_authority.h"
#include "store/activation_store.h"
#include "store/application_proposal_store.h"
#include "store/application_store.h"
#include "store/audit_store.h"
#include "store/identity_store.h"
#include "store/ledger_store.h"
#include "store/operator_store.h"
#include "store/signer_store.h"

namespace gw::api {

struct OperatorConsoleDeps {
  store::OperatorStore& operators;
  store::SignerStore& signers;
  store::ApplicationStore& applications;
  store::ApplicationProposalStore& proposals;
  store::IdentityStore& identities;
  store::ActivationStore& activations;
  store::AuditStore& audit;
  store::LedgerStore& ledger_store;
  const ledger::LedgerCore& ledger;
  const pki::CertificateAuthority& ca;
  std::function<bool()> store_healthy;  // the store answers and the gateway is not draining
  const Logger& log;
};

struct OperatorConsoleConfig {
  std::string public_origin;  // console.public_url: POSTs may come from it as well as from Host
  std::chrono::seconds idle{900};
  lifecycle::ActivationMailConfig mail;
  int expiry_warning_days = 30;  // the overview counts applications ending within this
  std::size_t max_sessions = 1'000;
  // An application from the form waits for another operator's approval.
  bool second_operator = true;
};

class OperatorConsole : public http::Application {
 public:
  // Everything in `deps` must outlive this object. Thread-safe.
  OperatorConsole(OperatorConsoleDeps deps, OperatorConsoleConfig config)
      : deps_(std::move(deps)),
        config_(std::move(config)),
        // The application form with a hundred accounts fits in 64 KiB.
        gate_({pages::Site::kConsole, "/console", "console_session", config_.public_origin,
               config_.idle, config_.max_sessions, 64 * 1024, "console"},
              deps_.identities, deps_.log) {}

  http::Admission admit(const http::RequestHead& head) override;
  // For the TLS handshake: a listed operator certificate that was revoked.
  // Fails closed. Certificates that are no operator's pass here and are
  // refused by the page (with the reason) instead.
  http::CertificateStanding certificate_standing(const pki::CertificateInfo& certificate) const;

 private:
  struct Operator {
    std::string name;
    std::string serial;
    std::string fingerprint;
    std::string actor() const;  // as the audit log names them
    SessionHolder holder() const;
  };
  struct Visit {
    Operator who;
    PortalSession session;
  };
  using Proven = tl::expected<Operator, pages::SignInNotice>;

  Result<Proven> operator_of(const http::RequestHead& head) const;
  std::optional<http::Response> refuse_early(const http::RequestHead& head);
  tl::expected<Visit, http::Response> visit(const http::RequestHead& head);
  // The visit, when the POST also comes from our page with the session's token.
  tl::expected<Visit, http::Response> form_visit(const http::RequestHead& head,
                                                 const http::QueryString& form);
  pages::PortalFrame frame(const http::RequestHead& head, const Visit* visit) const;
  http::Response failed(const http::RequestHead& head, const Error& error) const;
  http::Response sign_in_page(const http::RequestHead& head, pages::SignInNotice notice,
                              unsigned status) const;

  http::Response home(const http::RequestHead& head);
  http::Response sign_in(const http::RequestHead& head, const http::ReceivedBody* body);
  http::Response sign_out(const http::RequestHead& head, const http::ReceivedBody* body);
  http::Response institutions(const http::RequestHead& head, const std::string& problem = {},
                              unsigned status = 200);
  http::Response add_institution(const http::RequestHead& head, const http::ReceivedBody* body);
  http::Response add_account(const http::RequestHead& head, const std::string& registration_number,
                             const http::ReceivedBody* body);
  http::Response set_account_state(const http::RequestHead& head, const std::string& iban,
                                   const http::ReceivedBody* body);
  http::Response applications(const http::RequestHead& head);
  http::Response application(const http::RequestHead& head, std::int64_t user,
                             const std::string& problem = {}, unsigned status = 200);
  http::Response new_application(const http::RequestHead& head);
  http::Response register_application(const http::RequestHead& head,
                                      const http::ReceivedBody* body);
  http::Response proposals(const http::RequestHead& head);
  http::Response proposal(const http::RequestHead& head, std::int64_t id,
                          const std::string& problem = {}, unsigned status = 200);
  http::Response approve(const http::RequestHead& head, std::int64_t id,
                         const http::ReceivedBody* body);
  http::Response refuse_proposal(const http::RequestHead& head, std::int64_t id,
                                 const http::ReceivedBody* body);
  // The proposal's document, read back and checked as the form's was (and its JSON).
  Result<std::pair<policy::ApplicationDocument, nlohmann::json>> proposed_document(
      const store::ApplicationProposal& p) const;
  // Whoever proposed it, under any of their certificates.
  static bool is_proposer(const store::ApplicationProposal& p, const Operator& who);
  http::Response registered_page(const http::RequestHead& head, const Operator& who,
                                 const lifecycle::RegistrationOutcome& outcome,
                                 std::optional<std::int64_t> proposal);
  http::Response send_code(const http::RequestHead& head, std::int64_t user,
                           const http::ReceivedBody* body);
  http::Response terminate(const http::RequestHead& head, std::int64_t user,
                           const http::ReceivedBody* body);
  http::Response limit_change(const http::RequestHead& head, std::int64_t user,
                              const http::ReceivedBody* body);
  http::Response revoke(const http::RequestHead& head, const std::string& serial,
                        const http::ReceivedBody* body);
  http::Response crl(const http::RequestHead& head);
  http::Response people_certificates(const http::RequestHead& head, const std::string& problem = {},
                                     unsigned status = 200);
  // A payment signer's (`signer`) or an operator's certificate, revoked.
  http::Response revoke_person(const http::RequestHead& head, bool signer,
                               const std::string& serial, const http::ReceivedBody* body);
  http::Response audit(const http::RequestHead& head);

  OperatorConsoleDeps deps_;
  const OperatorConsoleConfig config_;
  SessionGate gate_;
  mutable KnownCertificates<store::OperatorCertificateRecord> known_operators_{
      [&operators = deps_.operators](const std::string& fingerprint) {
        return operators.find(fingerprint);
      },
      deps_.identities};
};

}  // namespace gw::api
