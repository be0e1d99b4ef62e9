// The activation listener's routes (server TLS, no client certificate):
//   POST /v1/activation/certificate  {"code", "csr"}      -> certificate PEM and chain (JSON)
//   POST /v1/activation/pkcs12       {"code", "password"} -> PKCS#12 (key made here, never stored)
// and the activation page that calls them (activation_pages.h). A POST sent
// by another site's page (an Origin header naming neither this listener's
// Host nor activation.public_url) is refused.
// A code works once, before it expires, and only while the user's application
// is current. Failed attempts are rate-limited per source address and per
// user: every attempt is recorded in the store until a key reaches the limit;
// then it is blocked in memory for the window, and its further attempts cost
// no store access (one row marks the block). Thread-safe.
#pragma once

#include <optional>
#include <string>

#include "api/activation_pages.h"
#include "api/attempt_blocks.h"
#include "api/request_gate.h"
#include "config/gateway_config.h"
#include "http/exchange.h"
#include "log/logger.h"
#include "ops/metrics.h"
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
  ops::Metrics& metrics;
  const Logger& log;
  // Attempts answered at once (all under one key): whoever can reach the
  // listener never holds every request handler thread.
  RequestGate& gate;
  std::string api_url;            // shown on the page: where accounting systems connect
  std::string activation_origin;  // the page's public origin (activation.public_url)
};

class ActivationApplication : public http::Application {
 public:
  // Everything in `deps` must outlive this object.
  explicit ActivationApplication(ActivationDeps deps);
  http::Admission admit(const http::RequestHead& head) override;

 private:
  http::Response activate(const http::RequestHead& head, const http::ReceivedBody* body,
                          bool pkcs12);
  http::Response limited(const http::RequestHead& head, std::optional<std::int64_t> user) const;
  // 429 for a key at its limit; the first refusal of a block is recorded in the
  // store, the others only counted (metric).
  std::optional<http::Response> refuse_if_blocked(const http::RequestHead& head,
                                                  const std::string& key,
                                                  std::optional<std::int64_t> user,
                                                  Result<std::int64_t> failures);
  ActivationDeps deps_;
  ActivationPages pages_;
  AttemptBlocks blocks_;
};

}  // namespace gw::api
