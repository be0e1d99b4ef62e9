// GET /v1/whoami: who the certificate belongs to and what they may access.
#pragma once

#include "api/authenticate.h"
#include "core/result.h"
#include "store/identity_store.h"

namespace gw::api {

// The JSON body: user, institution, accounts with access modes, certificate.
Result<std::string> whoami_json(const Principal& principal, store::IdentityStore& identities);

}  // namespace gw::api
