// The institution portal for payment signers, on the API listener
// (docs/portal.md): a person signs in with the personal certificate the
// treasury issued them (`gatewayctl signer issue`), presented by the browser
// in the TLS handshake, sees the files waiting for their signature with
// their payments, and approves or rejects them (recorded with method
// "portal"). Routes:
//   GET  /portal                      sign-in, or the files waiting for the signer
//   POST /portal/session              sign in (a session cookie)
//   POST /portal/signout              sign out
//   GET  /portal/uploads              the files uploaded from the signer's accounts, newest
//                                     first (50 at a time; ?before=<id> for older)
//   GET  /portal/files/{id}           one file: summary, signatures, blocks, payments
//                                     (?offset=N, 100 at a time), the decision forms
//   GET  /portal/files/{id}/pain002   the file's newest status report, downloaded
//   POST /portal/files/{id}/approve   the decision; answered with 303 to the file's page
//   POST /portal/files/{id}/reject
//   GET  /portal/payments             the payments of the signer's institutions, searched by
//                                     execution date, amount, beneficiary, status and reference
//                                     (50 at a time, newest first; ?before=<id> for older)
//   GET  /portal/statements           an account's entries on a business day
//                                     (?iban=&day=&offset=N, 100 at a time; portal_statements.h)
//   POST /portal/statements/camt053   that day's camt.053, downloaded (and put in the mailbox)
//   GET  /portal/reports              the account reports delivered for the signer's accounts
//                                     (?type=camt.053, 50 at a time, ?before=<id> for older)
//   GET  /portal/reports/{id}         one of them, downloaded
//   GET  /portal/assets/{name}        the style sheet and icon
// The certificate is checked on every request (registered as a signer's,
// not revoked, within its dates); sessions end after an idle time
// (portal_sessions.h); every POST must come from our own page (Origin) and
// carry the session's CSRF token.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <tl/expected.hpp>
#include <vector>

#include "api/known_certificates.h"
#include "api/portal_statements.h"
#include "api/request_gate.h"
#include "api/session_gate.h"
#include "authorisation/file_authorisation.h"
#include "core/result.h"
#include "http/exchange.h"
#include "http/revocation_check.h"
#include "log/logger.h"
#include "pages/portal_page.h"
#include "pki/signature_verifier.h"
#include "store/application_store.h"
#include "store/authorisation_store.h"
#include "store/identity_store.h"
#include "store/message_store.h"
#include "store/signer_store.h"

namespace gw::api {

struct SignerPortalDeps {
  store::SignerStore& signers;
  store::ApplicationStore& applications;
  store::IdentityStore& identities;
  store::AuthorisationStore& authorisations;
  store::MessageStore& messages;
  const authorisation::FileAuthorisation& authorisation;
  const PortalStatements& statements;
  // Payment searches take a place here, one per person at a time: the
  // report gate, so that searches and reports together leave handler
  // threads to uploads.
  RequestGate& searches;
  const Logger& log;
};

struct SignerPortalConfig {
  std::string public_origin;  // api.public_url: POSTs may come from it as well as from Host
  std::chrono::seconds idle{300};
  std::size_t max_sessions = 10'000;
};

class SignerPortal {
 public:
  // The stores and the authorisation must outlive this object. Thread-safe.
  SignerPortal(SignerPortalDeps deps, SignerPortalConfig config)
      : deps_(deps),
        config_(std::move(config)),
        gate_({pages::Site::kPortal, "/portal", "portal_session", config_.public_origin,
               config_.idle, config_.max_sessions, 4096, "portal"},
              deps_.identities, deps_.log) {}

  // The answer for a path under /portal; nothing for any other path.
  std::optional<http::Admission> admit(const http::RequestHead& head);
  // For the TLS handshake: is this a signer's certificate that was revoked?
  // Fails closed (a store that cannot answer: kUnknown, refused).
  http::CertificateStanding certificate_standing(const pki::CertificateInfo& certificate) const;

 private:
  // The person asking, as their certificate proves them.
  struct Signer {
    pki::SignerCertificate certificate;
    std::string name;
    SessionHolder holder() const {
      return {certificate.fingerprint_sha256, certificate.serial, name};
    }
  };
  // An institution's user whose current application names the signer.
  struct SignedFor {
    store::ApplicationRow application;
    std::string institution;
    std::vector<std::string> signer_ibans;  // the accounts the person has a level on
    std::string personal_code;
  };
  // What of a held file the person may see: their own accounts' payments and
  // those the approval releases (an account needing no signature is held
  // with the file), not another account's payments rejected at upload.
  static std::vector<std::string> visible_accounts(const SignedFor& user,
                                                   const store::HeldFile& file);
  using Proven = tl::expected<Signer, pages::SignInNotice>;

  // Before any body is read: a refusal unless the certificate is a signer's
  // and the body, if any, a form of at most 4 KiB (refused certificates are audited).
  std::optional<http::Response> refuse_early(const http::RequestHead& head);
  // Whether the person may sign `file`: a level on every account of it that
  // needs signatures (what they may see, too).
  bool may_sign(const SignedFor& user, const store::HeldFile& file) const;
  // The same, from the debtor accounts of the file's blocks.
  static bool may_sign(const SignedFor& user, const std::vector<std::string>& debtor_ibans);
  Result<Proven> signer_of(const http::RequestHead& head,
                           std::chrono::system_clock::time_point now) const;
  Result<std::vector<SignedFor>> signed_for(const std::string& personal_code,
                                            std::chrono::system_clock::time_point now) const;
  // The (user, IBAN) pairs the person has a level on: what they may see.
  static std::vector<std::pair<std::int64_t, std::string>> signer_accounts(
      const std::vector<SignedFor>& users);
  // The accounts the person signs for, each with its user.
  static std::vector<StatementGrant> statement_grants(const std::vector<SignedFor>& users);
  // The file `id` of one of those users, with that user.
  Result<std::optional<std::pair<SignedFor, store::HeldFile>>> find_file(
      const std::vector<SignedFor>& users, std::int64_t id) const;

  // The signed-in visitor's signer and session, or the page to show instead.
  struct Visit {
    Signer signer;
    PortalSession session;
  };
  http::Response home(const http::RequestHead& head);
  http::Response sign_in(const http::RequestHead& head, const http::ReceivedBody* body);
  http::Response sign_out(const http::RequestHead& head, const http::ReceivedBody* body);
  http::Response file(const http::RequestHead& head, std::int64_t id);
  http::Response payments(const http::RequestHead& head);
  http::Response uploads(const http::RequestHead& head);
  // A file not held for this person's signature, uploaded from their accounts only.
  http::Response uploaded_file(const http::RequestHead& head, const Visit& visit,
                               const std::vector<SignedFor>& users, std::int64_t id);
  http::Response statements(const http::RequestHead& head);
  http::Response download_statement(const http::RequestHead& head, const http::ReceivedBody* body);
  http::Response reports(const http::RequestHead& head);
  http::Response download_report(const http::RequestHead& head, std::int64_t id);
  // The newest pain.002 of a file the person may see (held for them, or uploaded from their
  // accounts).
  http::Response download_status_report(const http::RequestHead& head, std::int64_t id);
  // The user whose file `id` the person may see whole, if any.
  Result<std::optional<std::int64_t>> file_owner(const std::vector<SignedFor>& users,
                                                 std::int64_t id) const;
  http::Response decide(const http::RequestHead& head, std::int64_t id,
                        authorisation::Decision decision, const http::ReceivedBody* body);

  tl::expected<Visit, http::Response> visit(const http::RequestHead& head);
  pages::PortalFrame frame(const http::RequestHead& head, const Visit* visit) const;
  // The page for a store that cannot answer, with the failure logged.
  http::Response failed(const http::RequestHead& head, const Error& error) const;
  // A page that says no place in the report gate was free (`html`): 429 for
  // the person's own request under way, 503 for the gateway's; logged as `event`.
  http::Response busy(const http::RequestHead& head, RequestGate::Refusal refusal,
                      std::string_view event, Result<std::string> html) const;
  http::Response sign_in_page(const http::RequestHead& head, pages::SignInNotice notice,
                              unsigned status) const;

  SignerPortalDeps deps_;
  const SignerPortalConfig config_;
  SessionGate gate_;
  mutable KnownCertificates<store::SignerCertificateRecord> known_signers_{
      [&signers = deps_.signers](const std::string& fingerprint) {
        return signers.find(fingerprint);
      },
      deps_.identities};
};

}  // namespace gw::api
