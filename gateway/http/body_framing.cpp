#include "http/body_framing.h"

#include <boost/beast/core/string.hpp>

namespace gw::http {

bool body_framed(const boost::beast::http::fields& fields) {
  namespace bhttp = boost::beast::http;
  const auto coding = fields.find(bhttp::field::transfer_encoding);
  return coding == fields.end() || (boost::beast::iequals(coding->value(), "chunked") &&
                                    fields.count(bhttp::field::transfer_encoding) == 1);
}

}  // namespace gw::http
