// POST /v1/messages/{id}/cancel over mutual TLS: the uploader cancels a whole
// file (no body) or single payments (JSON {"end_to_end_ids": [...]}) that the
// ledger has not executed yet; with "signature" (a PEM detached CMS over the
// statement from POST /v1/messages/{id}/cancellation-statement) a payment
// signer of the accounts cancels (docs/authorisation.md, "Cancellation").
#pragma once

#include <optional>

#include "acceptance/payment_cancellation.h"
#include "api/authenticate.h"
#include "authorisation/signed_cancellation.h"
#include "http/exchange.h"
#include "log/logger.h"

namespace gw::api {

class CancellationApi {
 public:
  // All must outlive this object.
  CancellationApi(const acceptance::PaymentCancellation& cancellation,
                  const authorisation::SignedCancellation& signed_cancellation, const Logger& log)
      : cancellation_(cancellation), signed_(signed_cancellation), log_(log) {}

  // Nothing when the path is not this route. `again` authenticates the
  // request anew once its body has arrived: a cancellation is made on the
  // credentials as they are then.
  std::optional<http::Admission> admit(const Principal& principal, const http::RequestHead& head,
                                       Reauthenticate again);

 private:
  http::Response cancel(const http::RequestHead& head, std::int64_t id,
                        const http::ReceivedBody* body, const Reauthenticate& again) const;
  http::Response statement(const Principal& principal, const http::RequestHead& head,
                           std::int64_t id, const http::ReceivedBody* body) const;
  // Logged, and answered 503 store_unavailable.
  http::Response store_failed(const http::RequestHead& head, std::int64_t id,
                              const Error& error) const;

  const acceptance::PaymentCancellation& cancellation_;
  const authorisation::SignedCancellation& signed_;
  const Logger& log_;
};

}  // namespace gw::api
