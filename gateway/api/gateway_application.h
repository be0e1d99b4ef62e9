// The API's routes and the request pipeline in front of them: authenticate the
// client certificate on the header, then dispatch. Thread-safe: holds only
// references to thread-safe collaborators.
#pragma once

#include "http/exchange.h"
#include "log/logger.h"
#include "store/identity_store.h"

namespace gw::api {

class GatewayApplication : public http::Application {
 public:
  // Both must outlive this object.
  GatewayApplication(store::IdentityStore& identities, const Logger& log)
      : identities_(identities), log_(log) {}

  http::Admission admit(const http::RequestHead& head) override;

 private:
  store::IdentityStore& identities_;
  const Logger& log_;
};

}  // namespace gw::api
