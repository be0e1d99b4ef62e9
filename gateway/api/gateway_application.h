// The API's routes and the request pipeline in front of them: authenticate the
// client certificate on the header, then dispatch. Thread-safe: holds only
// references to thread-safe collaborators.
#pragma once

#include "http/exchange.h"
#include "log/logger.h"
#include "store/application_store.h"
#include "store/identity_store.h"

namespace gw::api {

class GatewayApplication : public http::Application {
 public:
  // All must outlive this object.
  GatewayApplication(store::IdentityStore& identities, store::ApplicationStore& applications,
                     const Logger& log)
      : identities_(identities), applications_(applications), log_(log) {}

  http::Admission admit(const http::RequestHead& head) override;

 private:
  store::IdentityStore& identities_;
  store::ApplicationStore& applications_;
  const Logger& log_;
};

}  // namespace gw::api
