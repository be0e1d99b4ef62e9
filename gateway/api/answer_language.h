// The language the API answers people's sentences in (findings' "text"):
// the one the request's Accept-Language prefers, English by default.
// Codes, reason codes and field names never change.
#pragma once

#include "core/language.h"
#include "http/exchange.h"

namespace gw::api {

inline Language language_of(const http::RequestHead& head) {
  return preferred_language(head.header("Accept-Language").value_or(""));
}

}  // namespace gw::api
