#include "api/cancellation_api.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "api/api_error.h"
#include "core/amount.h"
#include "core/credential_reads.h"
#include "core/json_text.h"
#include "http/query_string.h"

namespace gw::api {
namespace {

constexpr std::string_view kRoute = "/v1/messages/{id}/cancel";
constexpr std::string_view kStatementRoute = "/v1/messages/{id}/cancellation-statement";
constexpr std::uintmax_t kMaxBody = 1 << 20;  // EndToEndIds of a large salary file, with room
constexpr std::size_t kMaxSignature = 64 * 1024;

// Non-empty, at most 35 characters' worth of bytes (Max35Text: 140), no C0/C1
// control character, no U+2028/U+2029.
bool printable_line(const std::string& text) {
  if (text.empty() || text.size() > 140) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) return false;
    const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (c == 0xc2 && next >= 0x80 && next <= 0x9f) return false;  // C1 controls, U+0085
    if (c == 0xe2 && next == 0x80 && i + 2 < text.size() &&
        (static_cast<unsigned char>(text[i + 2]) == 0xa8 ||
         static_cast<unsigned char>(text[i + 2]) == 0xa9)) {
      return false;
    }
  }
  return true;
}

struct CancelRequest {
  std::vector<std::string> end_to_end_ids;  // none: the whole file
  std::optional<std::string> signature;     // a signer's PEM CMS
};

// No body, or {"end_to_end_ids": [...]} and, where allowed, "signature".
std::optional<CancelRequest> read_request(const http::ReceivedBody* body, bool signature_allowed) {
  CancelRequest request;
  if (body == nullptr) return request;
  std::error_code ec;
  const auto size = std::filesystem::file_size(body->path, ec);
  if (ec || size > kMaxBody) return std::nullopt;
  if (size == 0) return request;
  std::ifstream in(body->path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const auto json = nlohmann::json::parse(text.str(), nullptr, false);
  if (!json.is_object()) return std::nullopt;  // {} is the whole file, as no body
  for (const auto& [key, value] : json.items()) {
    if (key == "end_to_end_ids") {
      if (!value.is_array() || value.empty()) return std::nullopt;
      for (const auto& id : value) {
        // One line of the signed statement each: no control character or
        // line separator may make two requests read the same.
        if (!id.is_string() || !printable_line(id.get<std::string>())) return std::nullopt;
        request.end_to_end_ids.push_back(id.get<std::string>());
      }
    } else if (key == "signature" && signature_allowed) {
      if (!value.is_string() || value.get<std::string>().empty() ||
          value.get<std::string>().size() > kMaxSignature) {
        return std::nullopt;
      }
      request.signature = value.get<std::string>();
    } else {
      return std::nullopt;
    }
  }
  return request;
}

nlohmann::json cancellation_json(const store::Cancellation& c) {
  nlohmann::json cancelled = nlohmann::json::array();
  nlohmann::json executed = nlohmann::json::array();
  nlohmann::json rejected = nlohmann::json::array();
  for (const auto& p : c.payments) {
    nlohmann::json item = {
        {"end_to_end_id", p.end_to_end_id},
        {"instr_id", p.instr_id},
        {"amount",
         format_decimal(p.amount_minor, treasury_currency_exponent(p.currency).value_or(2))},
        {"currency", p.currency}};
    if (p.status == "ACTC") {
      item["reason"] = "DS02";
      cancelled.push_back(std::move(item));
    } else if (p.status == "ACSC") {
      executed.push_back(std::move(item));
    } else {
      item["reason"] = p.reason;
      rejected.push_back(std::move(item));
    }
  }
  nlohmann::json j = {
      {"message_id", c.message_id},          {"cancelled", cancelled},
      {"already_executed", executed},        {"already_rejected", rejected},
      {"unknown_end_to_end_ids", c.unknown}, {"remaining_accepted", c.remaining_accepted}};
  if (!c.authorisation_state.empty()) j["authorisation_state"] = c.authorisation_state;
  return j;
}

}  // namespace

std::optional<http::Admission> CancellationApi::admit(const Principal& principal,
                                                      const http::RequestHead& head,
                                                      Reauthenticate again) {
  const auto segments = http::path_segments(head.path);
  if (segments.size() != 4 || segments[0] != "v1" || segments[1] != "messages" ||
      (segments[3] != "cancel" && segments[3] != "cancellation-statement")) {
    return std::nullopt;
  }
  const bool cancelling = segments[3] == "cancel";
  const std::string route(cancelling ? kRoute : kStatementRoute);
  const auto id = http::parse_id(segments[2]);
  if (!id) return refuse(route, ApiError::kNotFound, head);
  if (head.method != "POST") return method_not_allowed(route, head, "POST");
  http::Admission admitted{route, std::nullopt,
                           [this, principal, head, id, cancelling,
                            again = std::move(again)](const http::ReceivedBody* body) {
                             return cancelling ? cancel(head, *id, body, again)
                                               : statement(principal, head, *id, body);
                           }};
  admitted.max_body = kMaxBody;
  return admitted;
}

http::Response CancellationApi::store_failed(const http::RequestHead& head, std::int64_t id,
                                             const Error& error) const {
  log_.error("cancellation_failed",
             {{"request_id", head.request_id}, {"message_id", id}, {"detail", error.message}});
  return error_response(ApiError::kStoreUnavailable, head.request_id);
}

http::Response CancellationApi::statement(const Principal& principal, const http::RequestHead& head,
                                          std::int64_t id, const http::ReceivedBody* body) const {
  const auto request = read_request(body, false);
  if (!request) {
    return error_response(ApiError::kInvalidBody, head.request_id,
                          {{"detail",
                            "no body for the whole file, or {\"end_to_end_ids\": [\"...\"]} "
                            "(each printable, no control characters; at most 1 MiB)"}});
  }
  auto text = signed_.statement(principal.user_number, id, request->end_to_end_ids);
  if (!text) return store_failed(head, id, text.error());
  if (!*text) return error_response(ApiError::kNotFound, head.request_id);
  return http::Response{200, "text/plain; charset=utf-8", std::move(**text), {}};
}

http::Response CancellationApi::cancel(const http::RequestHead& head, std::int64_t id,
                                       const http::ReceivedBody* body,
                                       const Reauthenticate& again) const {
  const auto request = read_request(body, true);
  if (!request) {
    return error_response(
        ApiError::kInvalidBody, head.request_id,
        {{"detail",
          "no body cancels the whole file; to cancel single payments send "
          "{\"end_to_end_ids\": [\"...\"]} (each printable, no control characters); a payment "
          "signer adds \"signature\": the PEM of a detached CMS over the cancellation statement "
          "(at most 64 KiB; the body at most 1 MiB)"}});
  }
  // Cancelled on the user's credentials as they stand in the cancellation's
  // transaction: read again when they changed in between.
  std::optional<store::Cancellation> done;
  std::string signer;
  std::int64_t user_number = 0;
  for (int attempt = 0; !done || done->credentials_moved; ++attempt) {
    if (attempt == kCredentialReads) {
      log_.warn("cancellation_credentials_changed",
                {{"request_id", head.request_id}, {"message_id", id}, {"reads", kCredentialReads}});
      return error_response(ApiError::kCredentialsChanged, head.request_id);
    }
    pause_before_credential_read(attempt);
    const auto current = again();
    if (!current) return refused_again(current.error(), head);
    const Principal& principal = *current;
    user_number = principal.user_number;
    const auto now = std::chrono::system_clock::now();
    if (request->signature) {
      auto outcome = signed_.cancel(principal.user_number, principal.application.accounts,
                                    principal.application.payment_signers, id,
                                    request->end_to_end_ids, *request->signature, now,
                                    principal.application.language, principal.credential_version);
      if (!outcome) return store_failed(head, id, outcome.error());
      if (!*outcome) return error_response(ApiError::kNotFound, head.request_id);
      if (const auto& refusal = (*outcome)->refusal) {
        nlohmann::json extra = {{"refusal", refusal->code}, {"detail", refusal->text}};
        if (!refusal->reason.empty()) extra["reason"] = refusal->reason;
        auto response = error_response(ApiError::kSignatureRefused, head.request_id, extra);
        response.refusal = fmt::format("cancellation signature {}", refusal->code);
        return response;
      }
      done = std::move((*outcome)->cancellation);
      signer = "signer";
    } else {
      auto cancelled = cancellation_.cancel(
          principal.user_number, id, request->end_to_end_ids, now, principal.application.language,
          principal.application.accounts, principal.credential_version);
      if (!cancelled) return store_failed(head, id, cancelled.error());
      if (!*cancelled) return error_response(ApiError::kNotFound, head.request_id);
      done = std::move(**cancelled);
      signer = "uploader";
    }
  }
  const store::Cancellation& c = *done;
  if (!c.unmanaged_account.empty()) {
    auto response = error_response(ApiError::kAccountNotManaged, head.request_id,
                                   {{"account", c.unmanaged_account}});
    response.refusal = fmt::format("cancellation: account {} not managed", c.unmanaged_account);
    return response;
  }
  log_.info("payments_cancelled", {{"request_id", head.request_id},
                                   {"user_number", user_number},
                                   {"message_id", id},
                                   {"by", signer},
                                   {"cancelled", c.cancelled}});
  auto j = cancellation_json(c);
  if (c.cancelled == 0) {
    auto response = error_response(ApiError::kNothingToCancel, head.request_id, j);
    response.refusal = "nothing to cancel";
    return response;
  }
  return http::Response{200, "application/json", json_text(j), {}};
}

}  // namespace gw::api
