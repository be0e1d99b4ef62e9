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
