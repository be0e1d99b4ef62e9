// Responses for a browser, and the forms it posts: shared by the activation
// page, the institution portal and the operator console. Every page goes out
// with the pages' security headers (pages/page_headers.h).
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "http/exchange.h"
#include "http/query_string.h"
#include "pages/page_headers.h"

namespace gw::api {

inline http::Response with_page_headers(http::Response response) {
  for (auto& header : pages::page_headers()) response.headers.push_back(std::move(header));
  return response;
}

// An HTML page, or a plain 500 when it could not be rendered.
http::Response page_response(unsigned status, Result<std::string> html);
// 303 to `location` (after a form: the browser GETs the result).
http::Response see_other(std::string location, http::HeaderList extra = {});
// 503 in both languages: a store that cannot answer just now.
http::Response unavailable_page();
// 429, Retry-After: the person's downloads (or the gateway's) are as many
// as may be under way at once.
http::Response busy_page();
// 429, Retry-After 1: the person has as many pages under way as may be.
http::Response too_many_pages_page();

// Whether the head announces a body a page form may have: a POST with a
// Content-Length of at most `max_bytes` and no Content-Encoding.
bool small_form_body(const http::RequestHead& head, std::uintmax_t max_bytes);
// The fields of a form body (application/x-www-form-urlencoded); none when
// there is no body or it is larger than `max_bytes`.
http::QueryString form_of(const http::ReceivedBody* body, std::uintmax_t max_bytes);
// This page's path and query without lang=: where the language link goes.
std::string path_without_language(const http::RequestHead& head);

}  // namespace gw::api
