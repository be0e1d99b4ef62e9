// The signing routes over mutual TLS (docs/authorisation.md):
//   GET  /v1/authorisations                    the user's held files (JSON, paged;
//                                              ?state=waiting|all, before, limit)
//   GET  /v1/authorisations/{id}               one file's summary and signatures (JSON)
//   GET  /v1/authorisations/{id}/statement     the approval statement to sign (text/plain;
//                                              ?decision=approve|reject)
//   POST /v1/authorisations/{id}/approve       body: a detached CMS signature of the
//   POST /v1/authorisations/{id}/reject        statement for that decision (DER or PEM)
// The file's payments are at /v1/messages/{id}/payments.
#pragma once

#include <optional>

#include "api/authenticate.h"
#include "authorisation/file_authorisation.h"
#include "http/exchange.h"
#include "log/logger.h"
#include "store/authorisation_store.h"

namespace gw::api {

class AuthorisationsApi {
 public:
  // All must outlive this object.
  AuthorisationsApi(store::AuthorisationStore& store,
                    const authorisation::FileAuthorisation& authorisation, const Logger& log)
      : store_(store), authorisation_(authorisation), log_(log) {}

  // Nothing when the path is not one of these routes. `again` authenticates
  // the request anew: a decision is made on the credentials as they are once
  // its body has arrived, not as they were at its header.
  std::optional<http::Admission> admit(const Principal& principal, const http::RequestHead& head,
                                       Reauthenticate again);

 private:
  http::Response list(const Principal& principal, const http::RequestHead& head) const;
  http::Response summary(const Principal& principal, const http::RequestHead& head,
                         std::int64_t id) const;
  http::Response statement(const Principal& principal, const http::RequestHead& head,
                           std::int64_t id) const;
  http::Response sign(const http::RequestHead& head, std::int64_t id,
                      authorisation::Decision decision, const http::ReceivedBody* body,
                      const Reauthenticate& again) const;

  store::AuthorisationStore& store_;
  const authorisation::FileAuthorisation& authorisation_;
  const Logger& log_;
};

}  // namespace gw::api
