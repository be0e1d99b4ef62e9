// The one way the gateway turns JSON into text. nlohmann's plain dump()
// throws on a string that is not valid UTF-8 (type_error.316); text from the
// network is escaped at the edge (core/utf8.h), and this is the second line:
// a stray invalid byte becomes U+FFFD instead of an exception on an I/O thread.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace gw {

template <class Json>
std::string json_text(const Json& json, int indent = -1) {
  return json.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace gw
