#include "api/activation_application.h"

#include <fmt/format.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "api/api_error.h"
#include "api/user_certificate.h"
#include "calendar/riga_time.h"
#include "core/json_text.h"
#include "core/utf8.h"
#include "http/address_network.h"
#include "http/request_origin.h"
#include "pki/certificate_info.h"
#include "pki/csr.h"
#include "pki/development_pki.h"
#include "pki/pem.h"
#include "pki/pkcs12.h"
#include "policy/activation_code.h"

namespace gw::api {
namespace {

using std::chrono::system_clock;

constexpr std::string_view kCertificateRoute = "/v1/activation/certificate";
constexpr std::string_view kPkcs12Route = "/v1/activation/pkcs12";
constexpr std::size_t kMinPassword = 12;

// At least kMinPassword characters (not bytes: "āāāāāā" is twelve bytes, six
// letters), none of them NUL: OpenSSL takes the password as a C string, and
// would end it at the first NUL.
bool strong_enough(std::string_view password) {
  if (password.find('\0') != std::string_view::npos) return false;
  return utf8_characters(password) >= kMinPassword;
}

// The activation listener keeps bodies in memory (its session limits).
std::optional<nlohmann::json> read_json(const http::ReceivedBody* body) {
  if (body == nullptr) return std::nullopt;
  auto json = nlohmann::json::parse(body->text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return std::nullopt;
  return json;
}

std::optional<std::string> string_field(const nlohmann::json& json, const char* key) {
  const auto it = json.find(key);
  if (it == json.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

ActivationApplication::ActivationApplication(ActivationDeps deps)
    : deps_(std::move(deps)),
      pages_({pki::certificate_pem(deps_.ca.certificate()),
              pki::colon_fingerprint(
                  pki::describe_certificate(deps_.ca.certificate()).fingerprint_sha256),
              deps_.api_url, deps_.config.failure_window_minutes}) {}

http::Admission ActivationApplication::admit(const http::RequestHead& head) {
  if (auto page = pages_.admit(head)) return std::move(*page);
  const bool certificate = head.path == kCertificateRoute;
  const bool pkcs12 = head.path == kPkcs12Route;
  if (!certificate && !pkcs12) {
    return refuse("unmatched", ApiError::kRouteNotFound, head);
  }
  const std::string route(head.path);
  if (head.method != "POST") return method_not_allowed(route, head, "POST");
  if (http::from_other_site(head, deps_.activation_origin, false)) {
    return refuse(route, ApiError::kCrossOrigin, head);
  }
  return {route, std::nullopt, [this, head, pkcs12](const http::ReceivedBody* body) {
            // A blocked address takes no slot; one key for all others: an
            // attempt carries no identity worth trusting yet.
            if (blocks_.blocked("address " + http::address_network(head.peer_address),
                                system_clock::now())) {
              return limited(head, std::nullopt);
            }
            auto pass = deps_.gate.enter(0);
            if (!pass) {
              deps_.metrics.activation_busy();
              deps_.log.info("activation_busy",
                             {{"request_id", head.request_id}, {"peer", head.peer_address}});
              auto busy = error_response(ApiError::kActivationBusy, head.request_id);
              busy.headers.emplace_back("Retry-After", "2");
              return busy;
            }
            return activate(head, body, pkcs12);
          }};
}

// A blocked key's attempt: counted, never stored.
http::Response ActivationApplication::limited(const http::RequestHead& head,
                                              std::optional<std::int64_t> user) const {
  deps_.metrics.activation_rate_limited();
  deps_.log.debug("activation_refused", {{"request_id", head.request_id},
                                         {"peer", head.peer_address},
                                         {"user_number", user ? *user : 0},
                                         {"reason", "rate_limited"}});
  return error_response(ApiError::kTooManyAttempts, head.request_id);
}

std::optional<http::Response> ActivationApplication::refuse_if_blocked(
    const http::RequestHead& head, const std::string& key, std::optional<std::int64_t> user,
    Result<std::int64_t> failures) {
  if (!failures) return error_response(ApiError::kStoreUnavailable, head.request_id);
  if (*failures < deps_.config.max_failures) return std::nullopt;
  const auto now = system_clock::now();
  blocks_.block(key, now + std::chrono::minutes(deps_.config.failure_window_minutes));
  // The one row that says the key is blocked from now on.
  (void)deps_.activations.record_attempt(
      format_utc_timestamp(now), http::address_network(head.peer_address), user, "rate_limited");
  deps_.log.info("activation_blocked", {{"request_id", head.request_id},
                                        {"peer", head.peer_address},
                                        {"key", key},
                                        {"failures", *failures}});
  deps_.metrics.activation_rate_limited();
  return error_response(ApiError::kTooManyAttempts, head.request_id);
}

http::Response ActivationApplication::activate(const http::RequestHead& head,
                                               const http::ReceivedBody* body, bool pkcs12) {
  const auto now = system_clock::now();
  const std::string now_text = format_utc_timestamp(now);
  const std::string since =
      format_utc_timestamp(now - std::chrono::minutes(deps_.config.failure_window_minutes));
  // Where the attempt counts: the peer's network (an IPv6 client's /64).
  const std::string source = http::address_network(head.peer_address);
  std::optional<std::int64_t> user;
  // The attempt recorded against `counted` (its address always) and answered.
  const auto record_and_refuse = [&](ApiError error, std::string_view outcome,
                                     std::optional<std::int64_t> counted,
                                     const nlohmann::json& extra) {
    (void)deps_.activations.record_attempt(now_text, source, counted, std::string(outcome));
    deps_.log.info("activation_refused", {{"request_id", head.request_id},
                                          {"peer", head.peer_address},
                                          {"user_number", user ? *user : 0},
                                          {"reason", describe(error).code}});
    return error_response(error, head.request_id, extra);
  };
  const auto refuse = [&](ApiError error, std::string_view outcome,
                          const nlohmann::json& extra = nlohmann::json::object()) {
    return record_and_refuse(error, outcome, user, extra);
  };
  // A code already used, superseded or expired proves nothing of the user's
  // current one: counted against the address only, so that whoever holds an
  // old code cannot block the current one.
  const auto refuse_stale = [&](ApiError error, std::string_view outcome) {
    return record_and_refuse(error, outcome, std::nullopt, nlohmann::json::object());
  };

  // A blocked address never gets here (admit); it may become blocked now.
  const std::string source_key = "address " + source;
  if (auto blocked = refuse_if_blocked(head, source_key, std::nullopt,
                                       deps_.activations.failures_from(source, since))) {
    return std::move(*blocked);
  }

  const auto json = read_json(body);
  const auto code_text = json ? string_field(*json, "code") : std::nullopt;
  const auto secret = json ? string_field(*json, pkcs12 ? "password" : "csr") : std::nullopt;
  if (!code_text || !secret) return refuse(ApiError::kInvalidRequest, "bad_request");

  auto code = deps_.activations.find_code(policy::activation_code_hash(*code_text));
  if (!code) return error_response(ApiError::kStoreUnavailable, head.request_id);
  if (!*code) return refuse(ApiError::kActivationCodeUnknown, "unknown_code");
  user = (*code)->user_number;
  const std::string user_key = fmt::format("user {}", *user);
  if (blocks_.blocked(user_key, now)) return limited(head, user);
  if (auto blocked =
          refuse_if_blocked(head, user_key, user, deps_.activations.failures_for(*user, since))) {
    return std::move(*blocked);
  }
  if ((*code)->used_at) return refuse_stale(ApiError::kActivationCodeUsed, "used_code");
  if ((*code)->superseded_at) {
    return refuse_stale(ApiError::kActivationCodeSuperseded, "superseded_code");
  }
  if ((*code)->expires_at <= now_text) {
    return refuse_stale(ApiError::kActivationCodeExpired, "expired_code");
  }

  auto application = deps_.applications.latest(*user);
  if (!application) return error_response(ApiError::kStoreUnavailable, head.request_id);
  if (!*application || (*application)->terminated_at) {
    return refuse(ApiError::kApplicationTerminated, "application_terminated");
  }
  if ((*application)->valid_until <= now_text) {
    return refuse(ApiError::kApplicationExpired, "application_expired");
  }
  if (pkcs12 && !strong_enough(*secret)) return refuse(ApiError::kWeakPassword, "bad_request");

  auto identity = deps_.identities.user(*user);
  if (!identity) return error_response(ApiError::kStoreUnavailable, head.request_id);

  // The key: the contact's (from the CSR) or, for PKCS#12, made here and never stored.
  pki::EvpPkeyPtr key;
  if (pkcs12) {
    auto made = pki::generate_key();
    if (!made) return error_response(ApiError::kStoreUnavailable, head.request_id);
    key = std::move(*made);
  } else {
    auto from_csr = pki::public_key_from_csr(*secret);
    if (!from_csr) {
      return refuse(ApiError::kInvalidCsr, "bad_request", {{"message", from_csr.error().message}});
    }
    key = std::move(*from_csr);
  }

  auto issued = issue_user_certificate(deps_.ca, *identity, (*application)->valid_until,
                                       deps_.config.certificate_days, key.get());
  if (!issued) {
    deps_.log.error("activation_issue_failed",
                    {{"request_id", head.request_id}, {"detail", issued.error().message}});
    return error_response(ApiError::kStoreUnavailable, head.request_id);
  }
  const auto& info = issued->info;
  // Made before the code is spent: a bundle that cannot be made leaves the
  // code for another try.
  std::optional<std::string> bundle;
  if (pkcs12) {
    auto made = pki::make_pkcs12(key.get(), issued->certificate.get(), deps_.ca.certificate(),
                                 *secret, fmt::format("user-{}", *user));
    if (!made) return error_response(ApiError::kStoreUnavailable, head.request_id);
    bundle = std::move(*made);
  }
  if (auto s = deps_.activations.complete((*code)->id, to_new_certificate(*user, info),
                                          head.peer_address);
      !s) {
    return s.error().code == ErrorCode::kAlreadyExists
               ? refuse(ApiError::kActivationCodeUsed, "used_code")
               : error_response(ApiError::kStoreUnavailable, head.request_id);
  }
  (void)deps_.activations.record_attempt(now_text, source, user, "issued");
  deps_.log.info("certificate_activated", {{"request_id", head.request_id},
                                           {"user_number", *user},
                                           {"serial", info.serial},
                                           {"kind", pkcs12 ? "pkcs12" : "csr"}});
  if (bundle) {
    return http::Response{
        200,
        "application/x-pkcs12",
        std::move(*bundle),
        {{"Content-Disposition", fmt::format("attachment; filename=\"user-{}.p12\"", *user)},
         {"X-Certificate-Serial", info.serial},
         {"X-Certificate-Not-After", info.not_after}}};
  }
  const nlohmann::json answer = certificate_answer(deps_.ca, *user, *issued);
  return http::Response{200, "application/json", json_text(answer), {}};
}

}  // namespace gw::api
