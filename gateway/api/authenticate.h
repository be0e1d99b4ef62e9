// Request stage 1, on the header: the verified client certificate -> the user
// -> their current application -> the source address. The TLS layer checked
// the chain, validity and clientAuth usage when the certificate was presented;
// a resumed session presents nothing, so this stage, on every request, checks
// that the certificate is registered, not revoked and within its validity
// dates, that the user's newest application is neither terminated nor
// expired, and that the peer address is in its allow-list (an empty list
// allows any address).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <tl/expected.hpp>

#include "api/api_error.h"
#include "http/exchange.h"
#include "store/application_store.h"
#include "store/identity_store.h"

namespace gw::api {

struct Principal {
  std::int64_t user_number = 0;
  std::string certificate_serial;
  std::string certificate_not_after;
  store::ApplicationRow application;
};

tl::expected<Principal, ApiError> authenticate(const http::RequestHead& head,
                                               store::IdentityStore& identities,
                                               store::ApplicationStore& applications,
                                               std::chrono::system_clock::time_point now);

}  // namespace gw::api
