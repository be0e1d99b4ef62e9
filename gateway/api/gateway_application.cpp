#include "api/gateway_application.h"

#include "api/authenticate.h"
#include "api/whoami.h"
#include "calendar/riga_time.h"

namespace gw::api {
namespace {

constexpr std::string_view kWhoami = "/v1/whoami";

http::Admission refuse(std::string route, ApiError error, const http::RequestHead& head) {
  return http::Admission{std::move(route), error_response(error, head.request_id), {}};
}

}  // namespace

http::Admission GatewayApplication::admit(const http::RequestHead& head) {
  // No route is reachable without a registered, unrevoked certificate; the
  // check comes before routing so that unknown clients learn nothing of routes.
  auto principal = authenticate(head, identities_, applications_, std::chrono::system_clock::now());
  if (!principal) {
    log_.info("access_refused", {{"request_id", head.request_id},
                                 {"peer", head.peer_address},
                                 {"reason", describe(principal.error()).code},
                                 {"certificate_serial",
                                  head.client_certificate ? head.client_certificate->serial : ""}});
    return refuse("unauthenticated", principal.error(), head);
  }

  if (head.path == kWhoami) {
    if (head.method != "GET") {
      auto refused = refuse(std::string(kWhoami), ApiError::kMethodNotAllowed, head);
      refused.answer->headers.emplace_back("Allow", "GET");
      return refused;
    }
    return http::Admission{
        std::string(kWhoami), std::nullopt,
        [this, p = *principal, id = head.request_id](const std::filesystem::path*) {
          const auto today = format_iso_date(riga_date(std::chrono::system_clock::now()));
          auto body = whoami_json(p, identities_, applications_, today);
          if (!body) {
            log_.error("whoami_failed", {{"request_id", id}, {"detail", body.error().message}});
            return error_response(ApiError::kStoreUnavailable, id);
          }
          return http::Response{200, "application/json", std::move(*body), {}};
        }};
  }
  return refuse("unmatched", ApiError::kRouteNotFound, head);
}

}  // namespace gw::api
