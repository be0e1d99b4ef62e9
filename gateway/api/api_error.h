// Every refusal the API can give, mapped in one table to an HTTP status, a
// stable machine-readable code and a sentence. Handlers name an ApiError and
// never pick status codes themselves. docs/api.md lists the same table.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "http/exchange.h"

namespace gw::api {

enum class ApiError {
  kNoClientCertificate,  // the TLS layer saw no certificate (cannot normally happen)
  kUnknownCertificate,   // issued by our CA but registered to no user
  kCertificateRevoked,
  kCertificateExpired,     // outside its validity dates (a resumed TLS session outlives them)
  kNoApplication,          // the user has no registered application
  kApplicationExpired,     // the 3-year validity has passed
  kApplicationTerminated,  // an operator ended the application
  kIpNotAllowed,           // the source address is outside the application's allow-list
  kInvalidRequest,         // activation: the body is not the expected JSON
  kWeakPassword,           // activation: PKCS#12 password too short
  kCrossOrigin,            // activation: sent by another site's page (Origin)
  kInvalidCsr,             // activation, renewal: the CSR is unusable (the body says why)
  kActivationCodeUnknown,
  kActivationCodeExpired,
  kActivationCodeUsed,
  kActivationCodeSuperseded,  // a newer code was sent
  kTooManyAttempts,           // activation: rate limit per source or user
  kRouteNotFound,
  kMethodNotAllowed,
  kStoreUnavailable,
  kModeForbidden,          // upload: the user has no account in manage mode
  kBodyRequired,           // upload: no XML body
  kUnsupportedMessage,     // upload: not a pain.001 the gateway accepts
  kIdempotencyKeyReused,   // upload: the key came before with other content
  kIdempotencyKeyInvalid,  // upload: the key is empty, too long or not printable ASCII
  kNotFound,               // a message or mailbox item the user does not have
  kInvalidQuery,           // a query parameter is malformed
  kInternal,               // a bug, or a message we produced failed our own schema
  kAccountNotPermitted,    // reports: the account is not in the user's application
  kInvalidReportRequest,   // reports: period, type or version unusable
  kSignatureRequired,      // authorisation: no CMS signature in the body
  kSignatureRefused,       // authorisation: signature, certificate or signer rights refused
  kSignatureConflict,      // authorisation: the file takes no (more) signature from this person
  kNothingToCancel,        // cancellation: every payment asked for was executed or rejected
  kAccountNotManaged,      // cancellation: a debtor account is no longer in manage mode
  kRequestRejected,        // camt.060: the request failed validation
  kReportInProgress,       // reports: the user's previous report request is still running
  kReportsBusy,            // reports: as many as the gateway answers at once are running
  kActivationBusy,         // activation: as many attempts as it takes at once are running
  kRenewalTooSoon,         // renewal: the certificate is younger than the minimum age
  kUploadsInProgress,      // upload: the user has as many under way as they may
  kRequestsInProgress,     // any other: the user has as many waiting for a handler as they may
  kDownloadsInProgress,    // a large item: the user has as many downloads under way as they may
  kDownloadsBusy,          // a large item: as many downloads as the gateway sends at once
  kTestModeInvalid,        // upload: X-Test-Mode is neither true nor false
  kInvalidBody,            // an API route's JSON body is not what it takes (the detail says)
  kCredentialsChanged,     // cancellation: credentials kept changing while it was decided (keep
                           // last: api_error.cpp)
};

struct ApiErrorInfo {
  unsigned http_status;
  std::string_view code;
  std::string_view message;
};

const ApiErrorInfo& describe(ApiError error);

// The JSON error body: {"error": code, "message": ..., "request_id": ...}.
http::Response error_response(ApiError error, const std::string& request_id);
// An admission answered at once with `error`; the body is never read.
http::Admission refuse(std::string route, ApiError error, const http::RequestHead& head);
// A request refused when authenticated again once its body had arrived
// (revoked, terminated, expired since its header): `error`, marked as a
// refusal to be audited unless it is the store's failure.
http::Response refused_again(ApiError error, const http::RequestHead& head);
// 405 naming the methods `route` takes in its Allow header.
http::Admission method_not_allowed(std::string route, const http::RequestHead& head,
                                   std::string_view allow);

// The same with more fields in the body (e.g. "findings").
http::Response error_response(ApiError error, const std::string& request_id,
                              const nlohmann::json& extra);

}  // namespace gw::api
