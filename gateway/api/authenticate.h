// Request stage 1, on the header: the verified client certificate -> the user
// -> their current application -> the source address. The TLS layer checked
// the chain, validity and clientAuth usage when the certificate was presented;
// a resumed session presents nothing, so this stage, on every request, checks
// that the certificate is registered, not revoked and within its validity
// dates, that the user's newest application is neither terminated nor
// expired, and that the peer address is in its allow-list (an empty list
// allows any address).
//
// What it reads from the store is kept per certificate together with the
// store's credential version (store/identity_store.h), and read again only
// when that version moved: one small read per request, and a revocation,
// termination or replacement by gatewayctl is seen by the next request.
// Times (revocation dates, validity) are compared with `now` every time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <tl/expected.hpp>
#include <unordered_map>

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
  store::UserIdentity user;
  std::int64_t credential_version = 0;  // of the store when this was read
};

// The same request authenticated again, now: for a handler that acts long
// after its header was read (an upload's decision, after a body that may
// take minutes to arrive).
using Reauthenticate = std::function<tl::expected<Principal, ApiError>()>;

class Authenticator {
 public:
  // Both stores must outlive this object. Thread-safe.
  Authenticator(store::IdentityStore& identities, store::ApplicationStore& applications)
      : identities_(identities), applications_(applications) {}

  tl::expected<Principal, ApiError> authenticate(const http::RequestHead& head,
                                                 std::chrono::system_clock::time_point now);

  // For the TLS handshake, from the same kept reads: is the certificate with
  // this fingerprint revoked by `now`? One that is not registered is not (the
  // request stage refuses it). An error when the store cannot answer.
  tl::expected<bool, ApiError> revoked(const std::string& fingerprint,
                                       std::chrono::system_clock::time_point now);

 private:
  // What the store said about one certificate at one credential version.
  struct Known;
  tl::expected<std::shared_ptr<const Known>, ApiError> known(const std::string& fingerprint);

  store::IdentityStore& identities_;
  store::ApplicationStore& applications_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Known>> known_;  // by fingerprint
};

}  // namespace gw::api
