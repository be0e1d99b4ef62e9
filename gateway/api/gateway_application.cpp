#include "api/gateway_application.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "api/authenticate.h"
#include "api/page_response.h"
#include "api/user_certificate.h"
#include "api/whoami.h"
#include "calendar/riga_time.h"
#include "core/json_text.h"
#include "pki/csr.h"

namespace gw::api {
namespace {

constexpr std::string_view kWhoami = "/v1/whoami";
constexpr std::string_view kRenew = "/v1/certificates/renew";
constexpr std::uintmax_t kMaxRenewBody = 64 * 1024;
// The body of a route that sets no limit of its own (http::Admission::max_body).
constexpr std::uint64_t kMaxSmallBody = 64 * 1024;

}  // namespace

http::Admission GatewayApplication::admit(const http::RequestHead& head) {
  // The portal's people are signers with personal certificates, not users:
  // it proves them itself (signer_portal.h).
  if (auto page = portal_.admit(head)) {
    if (head.client_certificate) {
      page->user = fmt::format("certificate-{}", head.client_certificate->serial);
      count_page_in(head, *page);
    }
    return std::move(*page);
  }
  // No route is reachable without a registered, unrevoked certificate; the
  // check comes before routing so that unknown clients learn nothing of routes.
  auto principal = authenticator_.authenticate(head, std::chrono::system_clock::now());
  const std::string serial = head.client_certificate ? head.client_certificate->serial : "";
  if (!principal) {
    audit_refusal(head, serial, std::nullopt, std::string(describe(principal.error()).code));
    return refuse("unauthenticated", principal.error(), head);
  }

  auto admitted = route(*principal, head);
  admitted.user = fmt::format("user-{}", principal->user_number);
  // A route that does not say reads small JSON bodies at most: no request
  // spools the listener's 256 MiB to be refused by its handler afterwards.
  if (!admitted.max_body) admitted.max_body = kMaxSmallBody;
  // A handler's refusal (mode, account, another user's item) is audited too.
  const std::int64_t user = principal->user_number;
  if (admitted.answer && !admitted.answer->refusal.empty()) {
    audit_refusal(head, serial, user, admitted.answer->refusal);
  } else if (admitted.complete) {
    // A body may take minutes to arrive: what the request then does is decided
    // on the credentials as they stand, not as they stood at its header. A
    // route whose body streams into work as it arrives (an upload) reads
    // them again itself.
    const bool reads_again = static_cast<bool>(admitted.on_body_start);
    const std::int64_t version = principal->credential_version;
    // The head outlives the continuation (http::Application), so it is not copied.
    admitted.complete = [this, &head, serial, user, reads_again, version,
                         complete = std::move(admitted.complete)](const http::ReceivedBody* body) {
      auto response = body == nullptr || reads_again ? complete(body)
                                                     : after_body(head, version, body, complete);
      if (!response.refusal.empty()) audit_refusal(head, serial, user, response.refusal);
      return response;
    };
  }
  // Outermost: the place goes however the request ends (answered, refused
  // after its body, routed again, or thrown).
  count_in(user, head, admitted);
  return admitted;
}

namespace {

// Whether a route's handler run takes one of its asker's places: not an
// answer given at once, nor one on the I/O thread, nor a route that keeps
// its own count (uploads).
bool counted(const http::Admission& admitted) {
  return !admitted.answer && admitted.complete && !admitted.quick && !admitted.bounded_apart;
}

// Answers at once with `refused`: the handler never runs.
void refuse_with(http::Admission& admitted, http::Response refused) {
  admitted.answer = std::move(refused);
  admitted.complete = nullptr;
  admitted.on_body_start = nullptr;
}

}  // namespace

void GatewayApplication::count_in(std::int64_t user, const http::RequestHead& head,
                                  http::Admission& admitted) {
  if (!counted(admitted)) return;
  auto pass = requests_.enter(user);
  if (!pass) {
    log_.warn("request_refused", {{"request_id", head.request_id},
                                  {"user_number", user},
                                  {"route", admitted.route},
                                  {"reason", "requests_in_progress"}});
    auto refused = error_response(ApiError::kRequestsInProgress, head.request_id);
    refused.headers.emplace_back("Retry-After", "1");
    return refuse_with(admitted, std::move(refused));
  }
  hold_until_answered(std::move(*pass), admitted);
}

void GatewayApplication::count_page_in(const http::RequestHead& head, http::Admission& admitted) {
  if (!counted(admitted)) return;
  auto pass = pages_.enter_certificate(head.client_certificate->fingerprint_sha256);
  if (!pass) {
    log_.warn("request_refused", {{"request_id", head.request_id},
                                  {"certificate_serial", head.client_certificate->serial},
                                  {"route", admitted.route},
                                  {"reason", "pages_in_progress"}});
    return refuse_with(admitted, too_many_pages_page());
  }
  hold_until_answered(std::move(*pass), admitted);
}

http::Response GatewayApplication::after_body(const http::RequestHead& head, std::int64_t version,
                                              const http::ReceivedBody* body,
                                              const http::BodyHandler& complete) {
  auto current = authenticator_.authenticate(head, std::chrono::system_clock::now());
  if (!current) return refused_again(current.error(), head);
  if (current->credential_version == version) return complete(body);
  // Something changed meanwhile (anyone's credentials: the version is the
  // store's): routed again with the credentials as they are now.
  auto rerouted = route(*current, head);
  if (rerouted.answer) return std::move(*rerouted.answer);
  return rerouted.complete(body);
}

http::CertificateStanding GatewayApplication::certificate_standing(
    const pki::CertificateInfo& certificate) {
  auto revoked =
      authenticator_.revoked(certificate.fingerprint_sha256, std::chrono::system_clock::now());
  if (!revoked) {
    log_.error("revocation_check_failed",
               {{"certificate_serial", certificate.serial},
                {"detail", std::string(describe(revoked.error()).message)}});
    return http::CertificateStanding::kUnknown;
  }
  if (*revoked) return http::CertificateStanding::kRevoked;
  // A signer's personal certificate (the portal) is not a user's: its own list says.
  return portal_.certificate_standing(certificate);
}

void GatewayApplication::audit_refusal(const http::RequestHead& head, const std::string& serial,
                                       std::optional<std::int64_t> user,
                                       const std::string& reason) {
  log_.info("access_refused", {{"request_id", head.request_id},
                               {"peer", head.peer_address},
                               {"reason", reason},
                               {"user_number", user ? *user : 0},
                               {"certificate_serial", serial}});
  nlohmann::json context = {{"request_id", head.request_id},
                            {"peer", head.peer_address},
                            {"method", head.method},
                            {"path", head.path}};
  if (user) context["user_number"] = *user;
  if (head.client_certificate) context["certificate_issuer"] = head.client_certificate->issuer;
  // Queued: this may be an I/O thread, which must not wait for the database.
  identities_.queue_refusal(serial, reason, context);
}

http::Admission GatewayApplication::route(const Principal& principal,
                                          const http::RequestHead& head) {
  if (head.path == kWhoami) {
    if (head.method != "GET") {
      return method_not_allowed(std::string(kWhoami), head, "GET");
    }
    return http::Admission{
        std::string(kWhoami),
        std::nullopt,
        [this, p = principal, id = head.request_id](const http::ReceivedBody*) {
          const auto today = format_iso_date(riga_date(std::chrono::system_clock::now()));
          auto body = whoami_.answer(p, today);
          if (!body) {
            log_.error("whoami_failed", {{"request_id", id}, {"detail", body.error().message}});
            return error_response(ApiError::kStoreUnavailable, id);
          }
          return http::Response{200, "application/json", std::move(*body), {}};
        },
        {},
        {},
        true};  // quick: one small read, or a few
  }
  if (head.path == kRenew) {
    if (head.method != "POST") {
      return method_not_allowed(std::string(kRenew), head, "POST");
    }
    return http::Admission{std::string(kRenew), std::nullopt,
                           [this, p = principal, head](const http::ReceivedBody* body) {
                             return renew(p, head, body);
                           }};
  }
  // The head outlives the continuation (http::Application).
  auto again = [this, &head] {
    return authenticator_.authenticate(head, std::chrono::system_clock::now());
  };
  if (auto admitted = messages_.admit(principal, head, again)) return std::move(*admitted);
  if (auto admitted = mailbox_.admit(principal, head)) return std::move(*admitted);
  if (auto admitted = reports_.admit(principal, head)) return std::move(*admitted);
  if (auto admitted = authorisations_.admit(principal, head, again)) return std::move(*admitted);
  if (auto admitted = cancellations_.admit(principal, head, again)) return std::move(*admitted);
  return refuse("unmatched", ApiError::kRouteNotFound, head);
}

// A user with a working certificate gets a new one for a CSR; the old one
// keeps working for the configured overlap, then stops.
http::Response GatewayApplication::renew(const Principal& principal, const http::RequestHead& head,
                                         const http::ReceivedBody* body) {
  std::string csr;
  if (body != nullptr) {
    std::error_code ec;
    if (std::filesystem::file_size(body->path, ec) <= kMaxRenewBody && !ec) {
      std::ifstream in(body->path, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      const auto json = nlohmann::json::parse(text.str(), nullptr, false);
      if (json.is_object() && json.contains("csr") && json["csr"].is_string()) {
        csr = json["csr"].get<std::string>();
      }
    }
  }
  if (csr.empty()) {
    return error_response(ApiError::kInvalidBody, head.request_id,
                          {{"detail", "send {\"csr\": \"<PEM of a PKCS#10 request>\"}"}});
  }
  // The presented certificate is ours (authenticated), so its notBefore is when we issued it.
  const auto now = std::chrono::system_clock::now();
  const auto issued_at = head.client_certificate
                             ? parse_utc_timestamp(head.client_certificate->not_before)
                             : std::nullopt;
  const auto renewable_from =
      issued_at.value_or(now) + std::chrono::hours(certificates_.renewal_min_age_hours);
  if (!issued_at || renewable_from > now) {
    auto refused = error_response(ApiError::kRenewalTooSoon, head.request_id,
                                  {{"renewable_from", format_utc_timestamp(renewable_from)}});
    refused.refusal = "renewal too soon";
    return refused;
  }
  auto key = pki::public_key_from_csr(csr);
  if (!key) {
    return error_response(ApiError::kInvalidCsr, head.request_id,
                          {{"message", key.error().message}});
  }
  auto user = identities_.user(principal.user_number);
  if (!user) return error_response(ApiError::kStoreUnavailable, head.request_id);
  auto issued = issue_user_certificate(ca_, *user, principal.application.valid_until,
                                       certificates_.certificate_days, key->get());
  if (!issued) return error_response(ApiError::kStoreUnavailable, head.request_id);
  const auto old_ends =
      format_utc_timestamp(now + std::chrono::hours(certificates_.renewal_overlap_hours));
  if (auto s = identities_.renew_certificate(
          fmt::format("user-{}", principal.user_number), principal.certificate_serial,
          to_new_certificate(principal.user_number, issued->info), old_ends);
      !s) {
    return error_response(s.error().code == ErrorCode::kAlreadyExists
                              ? ApiError::kCertificateRevoked
                              : ApiError::kStoreUnavailable,
                          head.request_id);
  }
  log_.info("certificate_renewed", {{"request_id", head.request_id},
                                    {"user_number", principal.user_number},
                                    {"serial", issued->info.serial},
                                    {"replaces", principal.certificate_serial},
                                    {"old_ends_at", old_ends}});
  auto answer = certificate_answer(ca_, principal.user_number, *issued);
  answer["previous_certificate_ends_at"] = old_ends;
  return http::Response{200, "application/json", json_text(answer), {}};
}

}  // namespace gw::api
