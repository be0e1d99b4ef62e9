#include "api/activation_pages.h"

#include "api/answer_language.h"
#include "api/api_error.h"
#include "api/page_response.h"
#include "http/query_string.h"
#include "pages/activation_page.h"
#include "pages/page_assets.h"
#include "pages/page_headers.h"

namespace gw::api {
namespace {

constexpr std::string_view kAssetPrefix = "/assets/";

http::Admission answer(std::string route, http::Response response) {
  return {std::move(route), std::move(response), {}};
}

}  // namespace

std::optional<http::Admission> ActivationPages::admit(const http::RequestHead& head) const {
  const std::string_view path = head.path;
  std::string route;
  if (path == "/" || path == "/activate" || path == "/ca.pem") {
    route = head.path;
  } else if (path.starts_with(kAssetPrefix)) {
    route = "/assets/{name}";
  } else {
    return std::nullopt;
  }
  if (head.method != "GET") return method_not_allowed(route, head, "GET");

  if (path == "/") {
    return answer(
        route, http::Response{303, "text/plain; charset=utf-8", "", {{"Location", "/activate"}}});
  }
  if (path == "/activate") return answer(route, page(head));
  if (path == "/ca.pem") {
    return answer(route,
                  with_page_headers(http::Response{
                      200,
                      "application/x-pem-file",
                      config_.ca_pem,
                      {{"Content-Disposition", "attachment; filename=\"treasury-ca.pem\""}}}));
  }
  const auto* asset = pages::find_page_asset(path.substr(kAssetPrefix.size()));
  if (asset == nullptr || !pages::is_static_asset(*asset)) {
    return answer(route, error_response(ApiError::kRouteNotFound, head.request_id));
  }
  return answer(route, with_page_headers(http::Response{200, std::string(asset->content_type),
                                                        std::string(asset->text)}));
}

http::Response ActivationPages::page(const http::RequestHead& head) const {
  const http::QueryString query(head.query);
  Language language = language_of(head);
  if (const auto asked = query.get("lang")) {
    if (const auto parsed = parse_language(*asked)) language = *parsed;
  }
  pages::ActivationPageFacts facts{language, std::nullopt, config_.ca_fingerprint, config_.api_url,
                                   config_.failure_window_minutes};
  // A user number from the mail's link is only shown; anything else is ignored.
  if (const auto user = query.integer("user", 1, 999'999'999); user && *user) {
    facts.user_number = **user;
  }
  auto html = pages::activation_page(facts);
  if (!html) return error_response(ApiError::kStoreUnavailable, head.request_id);
  return with_page_headers(http::Response{
      200, "text/html; charset=utf-8", std::move(*html), {{"Vary", "Accept-Language"}}});
}

}  // namespace gw::api
