#include "http/transport_error.h"

#include <iterator>
#include <nlohmann/json.hpp>

#include "core/json_text.h"

namespace gw::http {
namespace {

struct Row {
  TransportError error;
  TransportErrorInfo info;
};

constexpr Row kTable[] = {
    {TransportError::kHeaderTooLarge,
     {431, "header_too_large", "request header exceeds the limit"}},
    {TransportError::kBodyTooLarge, {413, "body_too_large", "request body exceeds the limit"}},
    {TransportError::kBadRequest, {400, "bad_request", "malformed request"}},
    {TransportError::kBadEncoding,
     {400, "bad_encoding", "the gzip body does not inflate: corrupt or cut short"}},
    {TransportError::kUnsupportedEncoding,
     {415, "unsupported_encoding",
      "Content-Encoding may be gzip (uploads only) or identity; send the body as it is"}},
    {TransportError::kSpoolUnavailable,
     {503, "spool_unavailable", "cannot store the request body"}},
    {TransportError::kInternal, {500, "internal", "internal error"}},
};

constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < std::size(kTable); ++i) {
    if (static_cast<std::size_t>(kTable[i].error) != i) return false;
  }
  return std::size(kTable) == static_cast<std::size_t>(TransportError::kInternal) + 1;
}
static_assert(in_enum_order(), "kTable must list every TransportError once, in declaration order");

}  // namespace

const TransportErrorInfo& describe(TransportError error) {
  return kTable[static_cast<std::size_t>(error)].info;
}

Response transport_error_response(TransportError error, const std::string& request_id,
                                  std::string_view detail) {
  const TransportErrorInfo& info = describe(error);
  const nlohmann::json body = {{"error", info.code},
                               {"message", detail.empty() ? info.message : detail},
                               {"request_id", request_id}};
  return Response{info.http_status, "application/json", json_text(body), {}};
}

}  // namespace gw::http
