// GET /v1/whoami: who the certificate belongs to, their application and what
// they may access (accounts with modes and limits, today's one-day change).
#pragma once

#include "api/authenticate.h"
#include "core/result.h"
#include "store/application_store.h"
#include "store/identity_store.h"

namespace gw::api {

// `today` is the Riga date (YYYY-MM-DD) for one-day limit changes.
Result<std::string> whoami_json(const Principal& principal, store::IdentityStore& identities,
                                store::ApplicationStore& applications, const std::string& today);

}  // namespace gw::api
