#include "api/cancellation_api.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "api/api_error.h"
#include "core/amount.h"
#include "core/json_text.h"
#include "http/query_string.h"

namespace gw::api {
namespace {

constexpr std::string_view kRoute = "/v1/messages/{id}/cancel";
constexpr std::uintmax_t kMaxBody = 1 << 20;  // EndToEndIds of a large salary file, with room

// The EndToEndIds asked for: none (the whole file) when the body is empty.
std::optional<std::vector<std::string>> requested_ids(const http::ReceivedBody* body) {
  std::vector<std::string> ids;
  if (body == nullptr) return ids;
  std::error_code ec;
  const auto size = std::filesystem::file_size(body->path, ec);
  if (ec || size > kMaxBody) return std::nullopt;
  if (size == 0) return ids;
  std::ifstream in(body->path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const auto json = nlohmann::json::parse(text.str(), nullptr, false);
  if (!json.is_object() || json.size() != 1 || !json.contains("end_to_end_ids") ||
      !json["end_to_end_ids"].is_array() || json["end_to_end_ids"].empty()) {
    return std::nullopt;
  }
  for (const auto& id : json["end_to_end_ids"]) {
    if (!id.is_string() || id.get<std::string>().empty()) return std::nullopt;
    ids.push_back(id.get<std::string>());
  }
  return ids;
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
                                                      const http::RequestHead& head) {
  const auto segments = http::path_segments(head.path);
  if (segments.size() != 4 || segments[0] != "v1" || segments[1] != "messages" ||
      segments[3] != "cancel") {
    return std::nullopt;
  }
  const auto id = http::parse_id(segments[2]);
  if (!id) return refuse(std::string(kRoute), ApiError::kNotFound, head);
  if (head.method != "POST") return method_not_allowed(std::string(kRoute), head, "POST");
  return http::Admission{std::string(kRoute), std::nullopt,
                         [this, principal, head, id](const http::ReceivedBody* body) {
                           return cancel(principal, head, *id, body);
                         }};
}

http::Response CancellationApi::cancel(const Principal& principal, const http::RequestHead& head,
                                       std::int64_t id, const http::ReceivedBody* body) const {
  const auto ids = requested_ids(body);
  if (!ids) {
    return error_response(ApiError::kInvalidRequest, head.request_id,
                          {{"detail",
                            "no body cancels the whole file; to cancel single payments send "
                            "{\"end_to_end_ids\": [\"...\"]} (at most 1 MiB)"}});
  }
  auto done =
      cancellation_.cancel(principal.user_number, id, *ids, std::chrono::system_clock::now());
  if (!done) {
    log_.error(
        "cancellation_failed",
        {{"request_id", head.request_id}, {"message_id", id}, {"detail", done.error().message}});
    return error_response(ApiError::kStoreUnavailable, head.request_id);
  }
  if (!*done) return error_response(ApiError::kNotFound, head.request_id);
  const store::Cancellation& c = **done;
  log_.info("payments_cancelled", {{"request_id", head.request_id},
                                   {"user_number", principal.user_number},
                                   {"message_id", id},
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
