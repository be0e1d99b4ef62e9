// The activation listener's routes (server TLS, no client certificate):
//   POST /v1/activation/certificate  {"code", "csr"}      -> certificate PEM and chain (JSON)
//   POST /v1/activation/pkcs12       {"code", "password"} -> PKCS#12 (key made here, never stored)
// A code works once, before it expires, and only while the user's application
// is current. Failed attempts are rate-limited per source address and per
// user, and every attempt is recorded. Thread-safe.
#pragma once

#include "config/gateway_config.h"
#include "http/exchange.h"
#include "log/logger.h"
#include "pki/certificate_authority.h"
#include "store/activation_store.h"
#include "store/application_store.h"
#include "store/identity_store.h"

namespace gw::api {

struct ActivationDeps {
  const ActivationConfig& config;
  const pki::CertificateAuthority& ca;
  store::IdentityStore& identities;
  store::ApplicationStore& applications;
  store::ActivationStore& activations;
  const Logger& log;
};

class ActivationApplication : public http::Application {
 public:
  // Everything in `deps` must outlive this object.
  explicit ActivationApplication(ActivationDeps deps) : deps_(deps) {}
  http::Admission admit(const http::RequestHead& head) override;

 private:
  http::Response activate(const http::RequestHead& head, const http::ReceivedBody* body,
                          bool pkcs12);
  ActivationDeps deps_;
};

}  // namespace gw::api
