#include "api/api_error.h"

#include <nlohmann/json.hpp>

namespace gw::api {

const ApiErrorInfo& describe(ApiError error) {
  static const ApiErrorInfo kNoClientCertificate{403, "no_client_certificate",
                                                 "a client certificate is required"};
  static const ApiErrorInfo kUnknownCertificate{
      403, "unknown_certificate", "the client certificate is not registered to any user"};
  static const ApiErrorInfo kCertificateRevoked{403, "certificate_revoked",
                                                "the client certificate has been revoked"};
  static const ApiErrorInfo kNoApplication{
      403, "not_activated", "the user has no registered application for online data exchange"};
  static const ApiErrorInfo kApplicationExpired{
      403, "application_expired", "the user's application has expired; a new one is needed"};
  static const ApiErrorInfo kApplicationTerminated{403, "application_terminated",
                                                   "the user's application has been terminated"};
  static const ApiErrorInfo kIpNotAllowed{
      403, "ip_not_allowed", "the source address is not allowed by the user's application"};
  static const ApiErrorInfo kInvalidRequest{
      400, "invalid_request",
      "send JSON with \"code\" and \"csr\" (certificate) or \"code\" and \"password\" (pkcs12)"};
  static const ApiErrorInfo kWeakPassword{400, "weak_password",
                                          "the PKCS#12 password must have at least 12 characters"};
  static const ApiErrorInfo kActivationCodeUnknown{403, "activation_code_unknown",
                                                   "no such activation code"};
  static const ApiErrorInfo kActivationCodeExpired{
      403, "activation_code_expired", "the activation code has expired; ask for a new one"};
  static const ApiErrorInfo kActivationCodeUsed{403, "activation_code_used",
                                                "the activation code has been used already"};
  static const ApiErrorInfo kActivationCodeSuperseded{
      403, "activation_code_superseded", "a newer activation code was sent; use that one"};
  static const ApiErrorInfo kTooManyAttempts{
      429, "too_many_attempts", "too many failed activation attempts; try again later"};
  static const ApiErrorInfo kRouteNotFound{404, "route_not_found", "no such API route"};
  static const ApiErrorInfo kMethodNotAllowed{405, "method_not_allowed",
                                              "the route does not accept this method"};
  static const ApiErrorInfo kStoreUnavailable{503, "store_unavailable",
                                              "the gateway cannot reach its store; retry later"};
  static const ApiErrorInfo kModeForbidden{
      403, "mode_forbidden",
      "the user's application gives no account in manage mode; payments cannot be uploaded"};
  static const ApiErrorInfo kBodyRequired{400, "body_required",
                                          "send the XML message as the request body"};
  static const ApiErrorInfo kUnsupportedMessage{
      422, "unsupported_message",
      "the body is not a message this route accepts (pain.001.001.03 or pain.001.001.09)"};
  static const ApiErrorInfo kIdempotencyKeyReused{
      422, "idempotency_key_reused",
      "this Idempotency-Key was used before with different content; use a new key"};
  static const ApiErrorInfo kNotFound{404, "not_found", "no such item for this user"};
  static const ApiErrorInfo kInvalidQuery{400, "invalid_query", "a query parameter is malformed"};
  static const ApiErrorInfo kInternal{500, "internal",
                                      "internal error; the request id is in the gateway's log"};
  static const ApiErrorInfo kAccountNotPermitted{403, "account_not_permitted",
                                                 "the account is not in the user's application"};
  static const ApiErrorInfo kInvalidReportRequest{400, "invalid_report_request",
                                                  "the report request cannot be answered"};
  static const ApiErrorInfo kRequestRejected{
      422, "request_rejected", "the camt.060 request failed validation; see findings"};
  switch (error) {
    case ApiError::kAccountNotPermitted:
      return kAccountNotPermitted;
    case ApiError::kInvalidReportRequest:
      return kInvalidReportRequest;
    case ApiError::kRequestRejected:
      return kRequestRejected;
    case ApiError::kModeForbidden:
      return kModeForbidden;
    case ApiError::kBodyRequired:
      return kBodyRequired;
    case ApiError::kUnsupportedMessage:
      return kUnsupportedMessage;
    case ApiError::kIdempotencyKeyReused:
      return kIdempotencyKeyReused;
    case ApiError::kNotFound:
      return kNotFound;
    case ApiError::kInvalidQuery:
      return kInvalidQuery;
    case ApiError::kInternal:
      return kInternal;
    case ApiError::kNoClientCertificate:
      return kNoClientCertificate;
    case ApiError::kUnknownCertificate:
      return kUnknownCertificate;
    case ApiError::kCertificateRevoked:
      return kCertificateRevoked;
    case ApiError::kNoApplication:
      return kNoApplication;
    case ApiError::kApplicationExpired:
      return kApplicationExpired;
    case ApiError::kApplicationTerminated:
      return kApplicationTerminated;
    case ApiError::kIpNotAllowed:
      return kIpNotAllowed;
    case ApiError::kInvalidRequest:
      return kInvalidRequest;
    case ApiError::kWeakPassword:
      return kWeakPassword;
    case ApiError::kActivationCodeUnknown:
      return kActivationCodeUnknown;
    case ApiError::kActivationCodeExpired:
      return kActivationCodeExpired;
    case ApiError::kActivationCodeUsed:
      return kActivationCodeUsed;
    case ApiError::kActivationCodeSuperseded:
      return kActivationCodeSuperseded;
    case ApiError::kTooManyAttempts:
      return kTooManyAttempts;
    case ApiError::kRouteNotFound:
      return kRouteNotFound;
    case ApiError::kMethodNotAllowed:
      return kMethodNotAllowed;
    case ApiError::kStoreUnavailable:
      return kStoreUnavailable;
  }
  return kStoreUnavailable;
}

http::Admission refuse(std::string route, ApiError error, const http::RequestHead& head) {
  return http::Admission{std::move(route), error_response(error, head.request_id), {}};
}

http::Admission method_not_allowed(std::string route, const http::RequestHead& head,
                                   std::string_view allow) {
  auto refused = refuse(std::move(route), ApiError::kMethodNotAllowed, head);
  refused.answer->headers.emplace_back("Allow", std::string(allow));
  return refused;
}

http::Response error_response(ApiError error, const std::string& request_id) {
  return error_response(error, request_id, nlohmann::json::object());
}

http::Response error_response(ApiError error, const std::string& request_id,
                              const nlohmann::json& extra) {
  const ApiErrorInfo& info = describe(error);
  nlohmann::json body = {
      {"error", info.code}, {"message", info.message}, {"request_id", request_id}};
  for (const auto& [key, value] : extra.items()) body[key] = value;
  return http::Response{info.http_status, "application/json", body.dump(), {}};
}

}  // namespace gw::api
