// Cookies a browser sends (RFC 6265, section 5.4: "a=b; c=d" in Cookie
// headers) and the Set-Cookie line of a session cookie.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/exchange.h"

namespace gw::http {

// The value of the first cookie called `name` in the request's Cookie
// headers, as sent (no decoding); nothing when there is none.
std::optional<std::string> cookie_value(const RequestHead& head, std::string_view name);

// A Set-Cookie value for a session cookie scoped to `path`: sent only over
// TLS, invisible to scripts, never on requests another site starts.
// An empty `value` ends the cookie.
std::string session_cookie(std::string_view name, std::string_view value, std::string_view path);

}  // namespace gw::http
