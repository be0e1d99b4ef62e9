// Test input: `text` as one gzip member at the best compression (smaller
// bombs than the gateway's own fast gzip_text makes).
#pragma once

#include <string>

namespace gw::test {

std::string gzip(const std::string& text);

}  // namespace gw::test
