#include "api/authorisations_api.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "api/api_error.h"
#include "core/amount.h"
#include "core/credential_reads.h"
#include "core/json_text.h"
#include "http/query_string.h"

namespace gw::api {
namespace {

using authorisation::Decision;

constexpr std::uintmax_t kMaxSignatureBytes =
    64 * 1024;  // a CMS with a chain of a few certificates

nlohmann::json file_json(const store::HeldFile& f) {
  nlohmann::json blocks = nlohmann::json::array();
  for (const auto& b : f.blocks) {
    blocks.push_back({{"pmt_inf_id", b.pmt_inf_id},
                      {"debtor_iban", b.debtor_iban},
                      {"requested_execution_date", b.requested_execution_date},
                      {"payments", b.payments}});
  }
  nlohmann::json totals = nlohmann::json::array();
  for (const auto& t : f.totals) {
    totals.push_back(
        {{"currency", t.currency},
         {"payments", t.payments},
         {"amount",
          format_decimal(t.amount_minor, treasury_currency_exponent(t.currency).value_or(2))}});
  }
  nlohmann::json signatures = nlohmann::json::array();
  for (const auto& s : f.signatures) {
    signatures.push_back({{"signer", s.signer_name},
                          {"level", s.level},
                          {"decision", s.decision},
                          {"method", s.method},
                          {"certificate_serial", s.certificate_serial},
                          {"certificate_issuer", s.certificate_issuer},
                          {"certificate_revoked", s.certificate_revoked},
                          {"signed_at", s.signed_at}});
  }
  nlohmann::json j = {
      {"id", f.message_id},
      {"message_type", f.message_type},
      {"msg_id", f.msg_id},
      {"sha256", f.content_sha256},
      {"received_at", f.received_at},
      {"state", f.state},
      {"signatures_required", f.signatures_required},
      {"signatures", signatures},
      {"expires_at", f.expires_at},
      {"transactions", f.transactions},
      {"accepted", f.accepted},
      {"totals", totals},
      {"blocks", blocks},
      {"payments_href", fmt::format("/v1/messages/{}/payments", f.message_id)},
      {"statement_href", fmt::format("/v1/authorisations/{}/statement", f.message_id)}};
  if (!f.closed_at.empty()) j["closed_at"] = f.closed_at;
  if (!f.reason.empty()) j["reason"] = f.reason;
  return j;
}

std::optional<Decision> decision_of(std::string_view text) {
  if (text == "approve") return Decision::kApprove;
  if (text == "reject") return Decision::kReject;
  return std::nullopt;
}

}  // namespace

std::optional<http::Admission> AuthorisationsApi::admit(const Principal& principal,
                                                        const http::RequestHead& head,
                                                        Reauthenticate again) {
  const auto segments = http::path_segments(head.path);
  if (segments.size() < 2 || segments[0] != "v1" || segments[1] != "authorisations") {
    return std::nullopt;
  }
  if (segments.size() == 2) {
    if (head.method != "GET") return method_not_allowed("/v1/authorisations", head, "GET");
    return http::Admission{
        "/v1/authorisations", std::nullopt,
        [this, principal, head](const http::ReceivedBody*) { return list(principal, head); }};
  }
  const auto id = http::parse_id(segments[2]);
  if (segments.size() == 3) {
    if (!id) return refuse("/v1/authorisations/{id}", ApiError::kNotFound, head);
    if (head.method != "GET") return method_not_allowed("/v1/authorisations/{id}", head, "GET");
    return http::Admission{"/v1/authorisations/{id}", std::nullopt,
                           [this, principal, head, id](const http::ReceivedBody*) {
                             return summary(principal, head, *id);
                           }};
  }
  if (segments.size() != 4) return std::nullopt;
  if (segments[3] == "statement") {
    if (!id) return refuse("/v1/authorisations/{id}/statement", ApiError::kNotFound, head);
    if (head.method != "GET") {
      return method_not_allowed("/v1/authorisations/{id}/statement", head, "GET");
    }
    return http::Admission{"/v1/authorisations/{id}/statement", std::nullopt,
                           [this, principal, head, id](const http::ReceivedBody*) {
                             return statement(principal, head, *id);
                           }};
  }
  const auto decision = decision_of(segments[3]);
  if (!decision) return std::nullopt;
  const std::string route = *decision == Decision::kApprove ? "/v1/authorisations/{id}/approve"
                                                            : "/v1/authorisations/{id}/reject";
  if (!id) return refuse(route, ApiError::kNotFound, head);
  if (head.method != "POST") return method_not_allowed(route, head, "POST");
  return http::Admission{
      route, std::nullopt,
      [this, head, id, decision, again = std::move(again)](const http::ReceivedBody* body) {
        return sign(head, *id, *decision, body, again);
      }};
}

http::Response AuthorisationsApi::list(const Principal& principal,
                                       const http::RequestHead& head) const {
  const http::QueryString query(head.query);
  const auto state = query.get("state");
  const auto before = query.integer("before", 1, std::numeric_limits<std::int64_t>::max());
  const auto limit = query.integer("limit", 1, 100);
  if ((state && *state != "waiting" && *state != "all") || (before && !*before) ||
      (limit && !*limit)) {
    return error_response(ApiError::kInvalidQuery, head.request_id,
                          {{"detail", "state=waiting|all, before >= 1, 1 <= limit <= 100"}});
  }
  const int page = static_cast<int>(limit ? **limit : 20);
  auto files = store_.files(principal.user_number, !state || *state == "waiting",
                            before ? **before : 0, page);
  if (!files) return error_response(ApiError::kStoreUnavailable, head.request_id);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& f : files->files) items.push_back(file_json(f));
  nlohmann::json body = {{"items", items}};
  // Older ones follow (the page is full, or as long as the work a page may
  // take): listed with before=<the last id>.
  if (files->more) body["next_before"] = files->files.back().message_id;
  return http::Response{200, "application/json", json_text(body), {}};
}

http::Response AuthorisationsApi::summary(const Principal& principal, const http::RequestHead& head,
                                          std::int64_t id) const {
  auto file = store_.file(principal.user_number, id);
  if (!file) return error_response(ApiError::kStoreUnavailable, head.request_id);
  if (!*file) return error_response(ApiError::kNotFound, head.request_id);
  return http::Response{200, "application/json", json_text(file_json(**file)), {}};
}

http::Response AuthorisationsApi::statement(const Principal& principal,
                                            const http::RequestHead& head, std::int64_t id) const {
  const http::QueryString query(head.query);
  const auto text = query.get("decision");
  const auto decision = text ? decision_of(*text) : std::optional<Decision>(Decision::kApprove);
  if (!decision) {
    return error_response(ApiError::kInvalidQuery, head.request_id,
                          {{"detail", "decision=approve or decision=reject"}});
  }
  auto file = store_.file(principal.user_number, id);
  if (!file) return error_response(ApiError::kStoreUnavailable, head.request_id);
  if (!*file) return error_response(ApiError::kNotFound, head.request_id);
  return http::Response{
      200, "text/plain; charset=utf-8", authorisation::approval_statement(**file, *decision), {}};
}

http::Response AuthorisationsApi::sign(const http::RequestHead& head, std::int64_t id,
                                       Decision decision, const http::ReceivedBody* body,
                                       const Reauthenticate& again) const {
  std::string cms;
  if (body != nullptr) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(body->path, ec);
    if (!ec && size > 0 && size <= kMaxSignatureBytes) {
      std::ifstream in(body->path, std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      cms = bytes.str();
    }
  }
  if (cms.empty()) return error_response(ApiError::kSignatureRequired, head.request_id);
  // The credential version is the whole store's: any institution's change
  // between reading the application and the decision moves it. Read again.
  Result<authorisation::SignatureOutcome> outcome = fail(ErrorCode::kInternal, "not signed");
  for (int attempt = 0; attempt < kCredentialReads; ++attempt) {
    pause_before_credential_read(attempt);
    const auto principal = again();
    if (!principal) return refused_again(principal.error(), head);
    const authorisation::FileOwner owner{principal->user_number, principal->application.accounts,
                                         principal->application.payment_signers,
                                         principal->credential_version};
    outcome = authorisation_.sign(owner, id, decision, cms, std::chrono::system_clock::now());
    if (!outcome || outcome->refusal != "credentials_changed") break;
  }
  if (!outcome) {
    if (outcome.error().code == ErrorCode::kNotFound) {
      return error_response(ApiError::kNotFound, head.request_id);
    }
    log_.error(
        "signing_failed",
        {{"request_id", head.request_id}, {"message_id", id}, {"detail", outcome.error().message}});
    return error_response(ApiError::kStoreUnavailable, head.request_id);
  }
  if (!outcome->refusal.empty()) {
    const bool conflict =
        outcome->refusal == "file_not_waiting" || outcome->refusal == "already_signed" ||
        outcome->refusal == "file_expired" || outcome->refusal == "file_changed" ||
        outcome->refusal == "credentials_changed";
    nlohmann::json extra = {{"refusal", outcome->refusal}, {"detail", outcome->text}};
    if (!outcome->reason.empty()) extra["reason"] = outcome->reason;
    auto response =
        error_response(conflict ? ApiError::kSignatureConflict : ApiError::kSignatureRefused,
                       head.request_id, extra);
    response.refusal = fmt::format("signature {}", outcome->refusal);
    return response;
  }
  return http::Response{200, "application/json", json_text(file_json(outcome->file)), {}};
}

}  // namespace gw::api
