#include "http/request_id.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <random>

namespace gw::http {

std::string make_request_id(std::optional<std::string_view> offered) {
  if (offered && !offered->empty() && offered->size() <= 64 &&
      std::all_of(offered->begin(), offered->end(), [](unsigned char c) {
        return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.';
      })) {
    return std::string(*offered);
  }
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return fmt::format("{:016x}", engine());
}

}  // namespace gw::http
