// Test input: `text` as one gzip member, by default at the best compression
// (smaller bombs than the gateway's own fast gzip_text makes); level 0 stores
// it uncompressed (a gzip body that takes as long to send as the plain one).
#pragma once

#include <string>

namespace gw::test {

std::string gzip(const std::string& text, int level = 9);

}  // namespace gw::test
