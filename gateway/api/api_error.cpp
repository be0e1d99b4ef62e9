#include "api/api_error.h"

#include <iterator>
#include <nlohmann/json.hpp>

#include "core/json_text.h"

namespace gw::api {

namespace {

struct Row {
  ApiError error;
  ApiErrorInfo info;
};

// One row per ApiError, in the enum's order (checked below at compile time).
constexpr Row kTable[] = {
    {ApiError::kNoClientCertificate,
     {403, "no_client_certificate", "a client certificate is required"}},
    {ApiError::kUnknownCertificate,
     {403, "unknown_certificate", "the client certificate is not registered to any user"}},
    {ApiError::kCertificateRevoked,
     {403, "certificate_revoked", "the client certificate has been revoked"}},
    {ApiError::kCertificateExpired,
     {403, "certificate_expired",
      "the client certificate is outside its validity period; renew it before it expires"}},
    {ApiError::kNoApplication,
     {403, "not_activated", "the user has no registered application for online data exchange"}},
    {ApiError::kApplicationExpired,
     {403, "application_expired", "the user's application has expired; a new one is needed"}},
    {ApiError::kApplicationTerminated,
     {403, "application_terminated", "the user's application has been terminated"}},
    {ApiError::kIpNotAllowed,
     {403, "ip_not_allowed", "the source address is not allowed by the user's application"}},
    {ApiError::kInvalidRequest,
     {400, "invalid_request",
      "send JSON with \"code\" and \"csr\" (certificate) or \"code\" and \"password\" (pkcs12)"}},
    {ApiError::kWeakPassword,
     {400, "weak_password", "the PKCS#12 password must have at least 12 characters"}},
    {ApiError::kCrossOrigin,
     {403, "cross_origin", "the request came from another site's page; use the activation page"}},
    {ApiError::kInvalidCsr,
     {400, "invalid_csr",
      "the certificate signing request is malformed, its signature does not verify, or its key "
      "is weak"}},
    {ApiError::kActivationCodeUnknown, {403, "activation_code_unknown", "no such activation code"}},
    {ApiError::kActivationCodeExpired,
     {403, "activation_code_expired", "the activation code has expired; ask for a new one"}},
    {ApiError::kActivationCodeUsed,
     {403, "activation_code_used", "the activation code has been used already"}},
    {ApiError::kActivationCodeSuperseded,
     {403, "activation_code_superseded", "a newer activation code was sent; use that one"}},
    {ApiError::kTooManyAttempts,
     {429, "too_many_attempts", "too many failed activation attempts; try again later"}},
    {ApiError::kRouteNotFound, {404, "route_not_found", "no such API route"}},
    {ApiError::kMethodNotAllowed,
     {405, "method_not_allowed", "the route does not accept this method"}},
    {ApiError::kStoreUnavailable,
     {503, "store_unavailable", "the gateway cannot reach its store; retry later"}},
    {ApiError::kModeForbidden,
     {403, "mode_forbidden",
      "the user's application gives no account in manage mode; payments cannot be uploaded"}},
    {ApiError::kBodyRequired, {400, "body_required", "send the XML message as the request body"}},
    {ApiError::kUnsupportedMessage,
     {422, "unsupported_message",
      "the body is not a message this route accepts (pain.001.001.03 or pain.001.001.09; "
      "camt.060.001.03 for reports): message_type says what it is, and the findings, when "
      "there are any, why it cannot be read as one"}},
    {ApiError::kIdempotencyKeyReused,
     {422, "idempotency_key_reused",
      "this Idempotency-Key was used before with different content; use a new key"}},
    {ApiError::kIdempotencyKeyInvalid,
     {400, "idempotency_key_invalid",
      "the Idempotency-Key header must be 1 to 255 printable ASCII characters without spaces"}},
    {ApiError::kNotFound, {404, "not_found", "no such item for this user"}},
    {ApiError::kInvalidQuery, {400, "invalid_query", "a query parameter is malformed"}},
    {ApiError::kInternal,
     {500, "internal", "internal error; the request id is in the gateway's log"}},
    {ApiError::kAccountNotPermitted,
     {403, "account_not_permitted", "the account is not in the user's application"}},
    {ApiError::kInvalidReportRequest,
     {400, "invalid_report_request", "the report request cannot be answered"}},
    {ApiError::kSignatureRequired,
     {400, "signature_required",
      "send the detached CMS signature (DER or PEM) of the approval statement as the body"}},
    {ApiError::kSignatureRefused,
     {422, "signature_refused", "the signature was not accepted; refusal and detail say why"}},
    {ApiError::kSignatureConflict,
     {409, "signature_conflict", "the file takes no signature from this signer now; see detail"}},
    {ApiError::kNothingToCancel,
     {409, "nothing_to_cancel",
      "no payment asked for can be cancelled: each was executed or rejected before"}},
    {ApiError::kAccountNotManaged,
     {403, "account_not_managed",
      "the user's application in force gives no manage mode on an account the payments to cancel "
      "debit; account says which"}},
    {ApiError::kRequestRejected,
     {422, "request_rejected", "the camt.060 request failed validation; see findings"}},
    {ApiError::kReportInProgress,
     {429, "report_in_progress",
      "your previous report request is still being answered; send this one when it is done"}},
    {ApiError::kReportsBusy,
     {503, "reports_busy",
      "the gateway is answering as many report requests as it takes at once; "
      "retry after the time Retry-After gives"}},
    {ApiError::kActivationBusy,
     {503, "activation_busy",
      "the gateway is answering as many activations as it takes at once; retry after the time "
      "Retry-After gives"}},
    {ApiError::kRenewalTooSoon,
     {429, "renewal_too_soon",
      "this certificate was issued too recently to be renewed; renewable_from says when it can "
      "be"}},
    {ApiError::kUploadsInProgress,
     {429, "uploads_in_progress",
      "as many uploads of this user are under way as it may have at once; send this one again "
      "when one of them is answered (Retry-After)"}},
    {ApiError::kRequestsInProgress,
     {429, "requests_in_progress",
      "as many requests of this user are being answered as it may have at once; send this one "
      "again when one of them is answered (Retry-After)"}},
    {ApiError::kDownloadsInProgress,
     {429, "downloads_in_progress",
      "as many large downloads of this user are under way as it may have at once; ask again "
      "when one of them has arrived (Retry-After)"}},
    {ApiError::kDownloadsBusy,
     {503, "downloads_busy",
      "the gateway is sending as many large downloads as it sends at once; retry after the time "
      "Retry-After gives"}},
    {ApiError::kTestModeInvalid,
     {400, "test_mode_invalid",
      "X-Test-Mode takes true or false (also 1 or 0, yes or no, on or off, in any case); "
      "nothing was read or recorded"}},
    {ApiError::kInvalidBody,
     {400, "invalid_request", "the body is not the JSON this route takes: see detail"}},
    {ApiError::kCredentialsChanged,
     {409, "credentials_changed",
      "an application or certificate changed each time the request was about to be decided; "
      "nothing was done: send it again"}},
};

constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < std::size(kTable); ++i) {
    if (static_cast<std::size_t>(kTable[i].error) != i) return false;
  }
  return std::size(kTable) == static_cast<std::size_t>(ApiError::kCredentialsChanged) + 1;
}
static_assert(in_enum_order(), "kTable must list every ApiError once, in declaration order");

}  // namespace

const ApiErrorInfo& describe(ApiError error) {
  return kTable[static_cast<std::size_t>(error)].info;
}

http::Admission refuse(std::string route, ApiError error, const http::RequestHead& head) {
  return http::Admission{std::move(route), error_response(error, head.request_id), {}};
}

http::Response refused_again(ApiError error, const http::RequestHead& head) {
  auto response = error_response(error, head.request_id);
  if (response.status < 500) response.refusal = std::string(describe(error).code);
  return response;
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
  http::Response response{info.http_status, "application/json", json_text(body), {}};
  if (info.http_status == 403 || error == ApiError::kNotFound) {
    response.refusal = std::string(info.code);
  }
  return response;
}

}  // namespace gw::api
