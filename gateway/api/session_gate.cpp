#include "api/session_gate.h"

#include <fmt/format.h>

#include "api/answer_language.h"
#include "api/api_error.h"
#include "api/page_response.h"
#include "http/cookie.h"
#include "http/request_origin.h"
#include "pages/page_assets.h"

namespace gw::api {

using pages::SignInNotice;

std::optional<http::Admission> SessionGate::asset(const http::RequestHead& head) const {
  const std::string prefix = config_.root + "/assets/";
  if (!head.path.starts_with(prefix)) return std::nullopt;
  const std::string route = config_.root + "/assets/{name}";
  const auto* asset = pages::find_page_asset(std::string_view(head.path).substr(prefix.size()));
  if (asset == nullptr || !pages::is_static_asset(*asset)) {
    return http::Admission{route, error_response(ApiError::kRouteNotFound, head.request_id), {}};
  }
  if (head.method != "GET") return method_not_allowed(route, head, "GET");
  return http::Admission{route,
                         with_page_headers(http::Response{
                             200, std::string(asset->content_type), std::string(asset->text), {}}),
                         {}};
}

std::optional<http::Response> SessionGate::refuse_body(const http::RequestHead& head) const {
  if (!head.has_body || small_form_body(head, config_.max_form_bytes)) return std::nullopt;
  const auto kib = config_.max_form_bytes / 1024;
  return page_response(413, fmt::format("<!DOCTYPE html><title>413</title><p>A form here is at "
                                        "most {} KiB. / Veidlapa šeit ir līdz {} KiB.</p>",
                                        kib, kib));
}

http::Response SessionGate::refuse_person(const http::RequestHead& head,
                                          SignInNotice notice) const {
  if (head.client_certificate) {
    const auto reason = fmt::format(
        "{}_{}", config_.event_prefix,
        notice == SignInNotice::kNotASigner
            ? (config_.site == pages::Site::kConsole ? "not_an_operator" : "not_a_signer")
            : "certificate_ended");
    // Queued: this is an I/O thread, which must not wait for the database.
    identities_.queue_refusal(
        head.client_certificate->serial, reason,
        {{"request_id", head.request_id}, {"path", head.path}, {"peer", head.peer_address}});
  }
  return sign_in_page(head, notice, 403);
}

tl::expected<PortalSession, http::Response> SessionGate::session(const http::RequestHead& head,
                                                                 const SessionHolder& holder) {
  const auto cookie = http::cookie_value(head, config_.cookie);
  auto found = cookie
                   ? sessions_.touch(*cookie, holder.fingerprint, std::chrono::steady_clock::now())
                   : std::nullopt;
  if (!found) {
    // A cookie that names no live session: it ended (idle, or a restart).
    return tl::unexpected(
        sign_in_page(head, cookie ? SignInNotice::kSessionEnded : SignInNotice::kNone, 200));
  }
  if (const auto asked = http::QueryString(head.query).get("lang")) {
    if (const auto language = parse_language(*asked)) {
      sessions_.set_language(found->id, *language);
      found->language = *language;
    }
  }
  return std::move(*found);
}

bool SessionGate::form_from_page(const http::RequestHead& head, const http::QueryString& form,
                                 const PortalSession& session) const {
  if (!from_other_site(head) && same_token(form.get("csrf").value_or(""), session.csrf_token)) {
    return true;
  }
  log_.warn(config_.event_prefix + "_form_refused",
            {{"request_id", head.request_id},
             {"path", head.path},
             {"certificate_fingerprint", session.certificate_fingerprint}});
  return false;
}

http::Response SessionGate::open(const http::RequestHead& head, const http::ReceivedBody* body,
                                 const SessionHolder& holder) {
  // The sign-in form says the language its page was in.
  Language language = language_of(head);
  if (const auto asked = form(body).get("lang")) {
    language = parse_language(*asked).value_or(language);
  }
  auto opened = sessions_.open(holder.fingerprint, language, std::chrono::steady_clock::now());
  if (!opened) return unavailable_page();
  log_.info(config_.event_prefix + "_signed_in",
            {{"request_id", head.request_id}, {"certificate_serial", holder.serial}});
  return see_other(
      config_.root,
      {{"Set-Cookie", http::session_cookie(config_.cookie, opened->id, config_.root)}});
}

http::Response SessionGate::close(const http::RequestHead& head, const http::ReceivedBody* body,
                                  const PortalSession& session) {
  if (!form_from_page(head, form(body), session)) return see_other(config_.root);
  sessions_.close(session.id);
  return see_other(config_.root + "?signed_out=1",
                   {{"Set-Cookie", http::session_cookie(config_.cookie, "", config_.root)}});
}

bool SessionGate::signed_out(const http::RequestHead& head) const {
  return http::QueryString(head.query).get("signed_out") &&
         !http::cookie_value(head, config_.cookie);
}

bool SessionGate::from_other_site(const http::RequestHead& head) const {
  return http::from_other_site(head, config_.public_origin, true);
}

pages::PortalFrame SessionGate::frame(const http::RequestHead& head, const PortalSession* session,
                                      const std::string& name) const {
  pages::PortalFrame frame;
  frame.site = config_.site;
  frame.idle_seconds = static_cast<int>(config_.idle.count());
  // The language link keeps the rest of the query (search criteria, the
  // offset); after a POST it goes home (a GET of the POST's path would be 405).
  frame.here = head.method == "POST" ? config_.root : path_without_language(head);
  if (session != nullptr) {
    frame.language = session->language;
    frame.signer_name = name;
    frame.csrf_token = session->csrf_token;
    return frame;
  }
  frame.language = language_of(head);
  if (const auto asked = http::QueryString(head.query).get("lang")) {
    frame.language = parse_language(*asked).value_or(frame.language);
  }
  return frame;
}

http::Response SessionGate::sign_in_page(const http::RequestHead& head, SignInNotice notice,
                                         unsigned status) const {
  auto response =
      page_response(status, pages::portal_sign_in_page(frame(head, nullptr, ""), notice));
  if (notice == SignInNotice::kSessionEnded) {
    response.headers.emplace_back("Set-Cookie",
                                  http::session_cookie(config_.cookie, "", config_.root));
  }
  return response;
}

http::Response SessionGate::failed(const http::RequestHead& head, const Error& error) const {
  log_.error(config_.event_prefix + "_store_failed",
             {{"request_id", head.request_id}, {"path", head.path}, {"detail", error.message}});
  return unavailable_page();
}

http::QueryString SessionGate::form(const http::ReceivedBody* body) const {
  return form_of(body, config_.max_form_bytes);
}

}  // namespace gw::api
