#include "pages/page_headers.h"

namespace gw::pages {

std::vector<std::pair<std::string, std::string>> page_headers() {
  return {{"Content-Security-Policy",
           "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
           "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"},
          {"X-Content-Type-Options", "nosniff"},
          // same-origin, not no-referrer: with no-referrer a browser sends "Origin: null"
          // on our own forms, and the Origin check would refuse them.
          {"Referrer-Policy", "same-origin"},
          {"X-Frame-Options", "DENY"},
          {"Cross-Origin-Opener-Policy", "same-origin"},
          {"Strict-Transport-Security", "max-age=31536000"},
          {"Cache-Control", "no-store"}};
}

}  // namespace gw::pages
