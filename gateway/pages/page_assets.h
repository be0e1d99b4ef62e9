// The files of the gateway's pages (HTML templates, scripts, style sheets),
// compiled in from gateway/pages/assets so that gatewayd serves them with no
// files beside it and no CDN.
#pragma once

#include <span>
#include <string_view>

namespace gw::pages {

struct PageAsset {
  std::string_view name;          // file name, e.g. "activate.js"
  std::string_view content_type;  // with charset
  std::string_view text;
};

std::span<const PageAsset> page_assets();

// The asset called `name`; nullptr when there is none.
const PageAsset* find_page_asset(std::string_view name);

// The assets a browser may fetch as they are (scripts and style sheets, not
// the HTML templates, which are served filled in).
bool is_static_asset(const PageAsset& asset);

}  // namespace gw::pages
