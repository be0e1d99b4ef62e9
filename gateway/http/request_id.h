// Request ids: taken from a well-formed X-Request-Id header, so that a client
// can correlate, or made up as 16 random hex digits.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gw::http {

std::string make_request_id(std::optional<std::string_view> offered);

}  // namespace gw::http
