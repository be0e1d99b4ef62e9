// Request stage 1: the verified client certificate -> the gateway user.
// The TLS layer has already checked the chain, validity and clientAuth usage;
// this stage checks the certificate is registered and not revoked.
#pragma once

#include <cstdint>
#include <string>
#include <tl/expected.hpp>

#include "api/api_error.h"
#include "http/exchange.h"
#include "store/identity_store.h"

namespace gw::api {

struct Principal {
  std::int64_t user_number = 0;
  std::string certificate_serial;
  std::string certificate_not_after;
};

tl::expected<Principal, ApiError> authenticate(const http::RequestHead& head,
                                               store::IdentityStore& identities);

}  // namespace gw::api
