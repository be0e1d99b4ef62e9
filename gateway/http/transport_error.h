// The transport's own refusals, answered by the session before (or instead
// of) the application: one table of status, code and message, as api/'s
// error table is for the application's. A code in both tables (internal)
// means the same in both; docs/api.md lists them. JSON body:
// {"error": code, "message": ..., "request_id": ...}.
#pragma once

#include <string>
#include <string_view>

#include "http/exchange.h"

namespace gw::http {

enum class TransportError {
  kHeaderTooLarge,       // 431: the request header is over limits.max_header_bytes
  kBodyTooLarge,         // 413: Content-Length or the chunks are over limits.max_body_bytes
  kBadRequest,           // 400: malformed HTTP (the parser's reason is the message)
  kBadEncoding,          // 400: a gzip body that does not inflate (corrupt or cut short)
  kUnsupportedEncoding,  // 415: a Content-Encoding other than gzip, or gzip where not taken
  kSpoolUnavailable,     // 503: the body cannot be stored
  kInternal,             // 500: no handler answered, or the answer could not be read
};

struct TransportErrorInfo {
  unsigned http_status;
  std::string_view code;
  std::string_view message;
};

const TransportErrorInfo& describe(TransportError error);

// `detail`, when given, replaces the table's message (e.g. the parser's reason).
Response transport_error_response(TransportError error, const std::string& request_id,
                                  std::string_view detail = {});

}  // namespace gw::http
