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
  switch (error) {
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

http::Response error_response(ApiError error, const std::string& request_id) {
  const ApiErrorInfo& info = describe(error);
  const nlohmann::json body = {
      {"error", info.code}, {"message", info.message}, {"request_id", request_id}};
  return http::Response{info.http_status, "application/json", body.dump(), {}};
}

}  // namespace gw::api
