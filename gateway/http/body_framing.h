// Whether a request's body is framed as this server reads bodies: by
// Content-Length, or by Transfer-Encoding "chunked" alone. Another coding
// (or one with chunked not alone) leaves the body unframed: its bytes would
// be read as the next request on the connection (RFC 9112 6.3).
#pragma once

#include <boost/beast/http/fields.hpp>

namespace gw::http {

bool body_framed(const boost::beast::http::fields& fields);

}  // namespace gw::http
