// The API's routes and the request pipeline in front of them: authenticate the
// client certificate on the header, then dispatch. Thread-safe: holds only
// references to thread-safe collaborators.
#pragma once

#include "api/authenticate.h"
#include "api/authorisations_api.h"
#include "api/cancellation_api.h"
#include "api/mailbox_api.h"
#include "api/messages_api.h"
#include "api/reports_api.h"
#include "api/request_gate.h"
#include "api/signer_portal.h"
#include "api/whoami.h"
#include "config/gateway_config.h"
#include "http/exchange.h"
#include "http/revocation_check.h"
#include "log/logger.h"
#include "pki/certificate_authority.h"
#include "store/application_store.h"
#include "store/identity_store.h"

namespace gw::api {

class GatewayApplication : public http::Application {
 public:
  // All must outlive this object.
  GatewayApplication(store::IdentityStore& identities, store::ApplicationStore& applications,
                     const pki::CertificateAuthority& ca, const ActivationConfig& certificates,
                     MessagesApi& messages, MailboxApi& mailbox, ReportsApi& reports,
                     AuthorisationsApi& authorisations, CancellationApi& cancellations,
                     SignerPortal& portal, RequestGate& requests, RequestGate& pages,
                     const Logger& log)
      : identities_(identities),
        applications_(applications),
        ca_(ca),
        certificates_(certificates),
        messages_(messages),
        mailbox_(mailbox),
        reports_(reports),
        authorisations_(authorisations),
        cancellations_(cancellations),
        portal_(portal),
        requests_(requests),
        pages_(pages),
        log_(log) {}

  http::Admission admit(const http::RequestHead& head) override;
  // The TLS handshake's revocation check (http::RevocationCheck), answered
  // from what authentication keeps. Fails closed: a store that cannot answer
  // refuses the handshake as kUnknown (logged as revocation_check_failed).
  http::CertificateStanding certificate_standing(const pki::CertificateInfo& certificate);

 private:
  store::IdentityStore& identities_;
  http::Response renew(const struct Principal& principal, const http::RequestHead& head,
                       const http::ReceivedBody* body);
  http::Admission route(const struct Principal& principal, const http::RequestHead& head);
  // Runs a route's continuation once its body has arrived, authenticated
  // again: refused as at the header, or routed again when any credential
  // changed since `version` (the one the route was chosen with).
  http::Response after_body(const http::RequestHead& head, std::int64_t version,
                            const http::ReceivedBody* body, const http::BodyHandler& complete);
  // Writes the audit row of a refused request (authentication, or a
  // handler's refusal: http::Response::refusal).
  void audit_refusal(const http::RequestHead& head, const std::string& serial,
                     std::optional<std::int64_t> user, const std::string& reason);
  // Counts a route's handler run in the user's requests, from now until it
  // has answered; refuses it (429) when the user has as many as they may.
  void count_in(std::int64_t user, const http::RequestHead& head, http::Admission& admitted);
  // The same for a portal page, by the certificate that asks.
  void count_page_in(const http::RequestHead& head, http::Admission& admitted);

  store::ApplicationStore& applications_;
  Authenticator authenticator_{identities_, applications_};
  WhoamiAnswers whoami_{applications_};
  const pki::CertificateAuthority& ca_;
  const ActivationConfig& certificates_;
  MessagesApi& messages_;
  MailboxApi& mailbox_;
  ReportsApi& reports_;
  AuthorisationsApi& authorisations_;
  CancellationApi& cancellations_;
  SignerPortal& portal_;
  // Each user's requests waiting for or on a handler thread (limits.max_requests_per_user).
  RequestGate& requests_;
  // Each certificate's portal pages under way (limits.max_page_requests_per_person).
  RequestGate& pages_;
  const Logger& log_;
};

}  // namespace gw::api
