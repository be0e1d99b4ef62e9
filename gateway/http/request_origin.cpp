#include "http/request_origin.h"

#include <string>

namespace gw::http {

bool from_other_site(const RequestHead& head, std::string_view public_origin,
                     bool origin_required) {
  const auto origin = head.header("Origin");
  if (!origin) return origin_required;
  if (!public_origin.empty() && *origin == public_origin) return false;
  const auto host = head.header("Host");
  return !host || *origin != "https://" + std::string(*host);
}

}  // namespace gw::http
