// What the two sites for people (the institution portal, api/signer_portal.h,
// and the operator console, api/operator_console.h) do alike, whoever signs
// in: their static assets, the sign-in page and the refusals before a body
// is read (audited), sessions (portal_sessions.h) opened, found from the
// cookie and closed, the check that a form comes from the site's own page,
// and the frame every page is drawn in. Who a certificate proves is each
// site's own; the gate is told the holder. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <tl/expected.hpp>

#include "api/portal_sessions.h"
#include "http/exchange.h"
#include "http/query_string.h"
#include "log/logger.h"
#include "pages/portal_page.h"
#include "store/identity_store.h"

namespace gw::api {

struct SessionGateConfig {
  pages::Site site = pages::Site::kPortal;
  std::string root;           // "/portal": the home page, and the cookie's path
  std::string cookie;         // the session cookie's name
  std::string public_origin;  // the listener's public_url: POSTs may come from it or from Host
  std::chrono::seconds idle{300};
  std::size_t max_sessions = 10'000;
  std::uintmax_t max_form_bytes = 4096;
  std::string event_prefix;  // of log events and audit reasons: "portal", "console"
};

// The person a certificate proves, as far as the gate cares.
struct SessionHolder {
  std::string fingerprint;  // SHA-256 of the certificate: a session belongs to it
  std::string serial;
  std::string name;  // shown as "Signed in: <name>"
};

class SessionGate {
 public:
  // `identities` (for refusals' audit rows) and `log` must outlive the gate.
  SessionGate(SessionGateConfig config, store::IdentityStore& identities, const Logger& log)
      : config_(std::move(config)),
        identities_(identities),
        log_(log),
        sessions_(config_.idle, config_.max_sessions) {}

  // GET <root>/assets/{name}: the style sheet and icon; nothing for other paths.
  std::optional<http::Admission> asset(const http::RequestHead& head) const;
  // A body that is not a form of at most max_form_bytes, refused on the header.
  std::optional<http::Response> refuse_body(const http::RequestHead& head) const;
  // The sign-in page for a certificate that proves nobody here (403), the
  // refusal audited as portal_not_a_signer, console_not_an_operator or
  // <prefix>_certificate_ended.
  http::Response refuse_person(const http::RequestHead& head, pages::SignInNotice notice) const;

  // The live session of `holder` named by the request's cookie (its language
  // changed by ?lang=), or the sign-in page to show instead.
  tl::expected<PortalSession, http::Response> session(const http::RequestHead& head,
                                                      const SessionHolder& holder);
  // Whether a POST comes from the site's own page (Origin) with the session's
  // CSRF token; a refusal is logged as <prefix>_form_refused.
  bool form_from_page(const http::RequestHead& head, const http::QueryString& form,
                      const PortalSession& session) const;
  // A new session for `holder` (their earlier one ends), 303 to the home page.
  http::Response open(const http::RequestHead& head, const http::ReceivedBody* body,
                      const SessionHolder& holder);
  // Ends `session` when the form is the site's own; 303 to the home page.
  http::Response close(const http::RequestHead& head, const http::ReceivedBody* body,
                       const PortalSession& session);
  // A home page visit just after signing out (the sign-in page says so).
  bool signed_out(const http::RequestHead& head) const;
  // Whether a POST comes from another site (sign-in checks it before all else).
  bool from_other_site(const http::RequestHead& head) const;

  pages::PortalFrame frame(const http::RequestHead& head, const PortalSession* session,
                           const std::string& name) const;
  http::Response sign_in_page(const http::RequestHead& head, pages::SignInNotice notice,
                              unsigned status) const;
  // The page for a store that cannot answer, with the failure logged.
  http::Response failed(const http::RequestHead& head, const Error& error) const;
  http::QueryString form(const http::ReceivedBody* body) const;

  const SessionGateConfig& config() const { return config_; }

 private:
  const SessionGateConfig config_;
  store::IdentityStore& identities_;
  const Logger& log_;
  PortalSessions sessions_;
};

}  // namespace gw::api
