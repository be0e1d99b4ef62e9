// The headers the gateway's pages and their assets are served with: a strict
// Content-Security-Policy (our own scripts, styles and fetches only; no inline
// code, no plug-ins, no framing, forms only to ourselves), no MIME sniffing,
// no referrer, and HSTS (the listeners speak only TLS).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace gw::pages {

std::vector<std::pair<std::string, std::string>> page_headers();

}  // namespace gw::pages
