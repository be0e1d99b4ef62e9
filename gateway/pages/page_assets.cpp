#include "pages/page_assets.h"

namespace gw::pages {

const PageAsset* find_page_asset(std::string_view name) {
  for (const auto& asset : page_assets()) {
    if (asset.name == name) return &asset;
  }
  return nullptr;
}

bool is_static_asset(const PageAsset& asset) { return !asset.name.ends_with(".html"); }

}  // namespace gw::pages
