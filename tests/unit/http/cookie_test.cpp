#include "http/cookie.h"

#include <doctest/doctest.h>

using namespace gw::http;

namespace {
RequestHead with_cookies(std::vector<std::string> values) {
  RequestHead head;
  for (auto& v : values) head.headers.emplace_back("cookie", std::move(v));
  return head;
}
}  // namespace

TEST_CASE("cookies: the named one from any Cookie header, as sent") {
  CHECK(cookie_value(with_cookies({"a=1; portal_session=xyz; b=2"}), "portal_session") == "xyz");
  CHECK(cookie_value(with_cookies({"a=1", "portal_session=\"q\""}), "portal_session") == "q");
  CHECK(cookie_value(with_cookies({"  portal_session = v ;"}), "portal_session") == "v");
  CHECK(cookie_value(with_cookies({"portal_session="}), "portal_session") == "");
  CHECK(cookie_value(with_cookies({"xportal_session=1; portal_sessionx=2"}), "portal_session") ==
        std::nullopt);
  CHECK(cookie_value(with_cookies({";;=;portal_session"}), "portal_session") == std::nullopt);
  CHECK(cookie_value(with_cookies({}), "portal_session") == std::nullopt);
  // The first one wins when a name repeats (RFC 6265: the most specific path first).
  CHECK(cookie_value(with_cookies({"s=1; s=2"}), "s") == "1");
}

TEST_CASE("cookies: a session cookie is TLS-only, hidden from scripts, same-site only") {
  CHECK(session_cookie("s", "abc", "/portal") ==
        "s=abc; Path=/portal; Secure; HttpOnly; SameSite=Strict");
  CHECK(session_cookie("s", "", "/portal") ==
        "s=; Path=/portal; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
}
