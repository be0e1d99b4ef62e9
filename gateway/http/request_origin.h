// Where a browser's request comes from. A browser names the page that sent
// it (Origin); only our own pages may change anything: served from this Host,
// or from the listener's public address (a proxy in front may rewrite Host).
#pragma once

#include <string_view>

#include "http/exchange.h"

namespace gw::http {

// True when the request's Origin is neither `public_origin` nor
// https://<Host>. A request without Origin (clients that are not browsers)
// counts as another site's only when `origin_required`.
bool from_other_site(const RequestHead& head, std::string_view public_origin, bool origin_required);

}  // namespace gw::http
