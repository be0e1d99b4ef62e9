// A response for a browser: the pages' security headers (pages/page_headers.h) added.
// Shared by the activation page and the signing portal.
#pragma once

#include "http/exchange.h"
#include "pages/page_headers.h"

namespace gw::api {

inline http::Response with_page_headers(http::Response response) {
  for (auto& header : pages::page_headers()) response.headers.push_back(std::move(header));
  return response;
}

}  // namespace gw::api
