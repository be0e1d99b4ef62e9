#include "api/mailbox_api.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "api/api_error.h"
#include "calendar/riga_time.h"
#include "core/json_text.h"
#include "http/query_string.h"

namespace gw::api {
namespace {

// A new application replaces the old whole: an account report of an account
// it leaves out is no longer the user's (403, naming the account). Reports
// delivered before migration 0021 name no account, and pass.
std::optional<http::Response> account_refused(const Principal& principal,
                                              const store::MailboxEntry& entry,
                                              const std::string& request_id) {
  const auto& iban = entry.account_iban;
  if (iban.empty() ||
      std::any_of(principal.application.accounts.begin(), principal.application.accounts.end(),
                  [&](const auto& a) { return a.iban == iban; })) {
    return std::nullopt;
  }
  return error_response(ApiError::kAccountNotPermitted, request_id, {{"account", iban}});
}

nlohmann::json entry_json(const store::MailboxEntry& e) {
  nlohmann::json j = {{"id", e.id},
                      {"message_type", e.message_type},
                      {"created_at", e.created_at},
                      {"size_bytes", e.size_bytes},
                      {"href", fmt::format("/v1/mailbox/{}", e.id)}};
  if (e.about_message_id) j["about_message_id"] = *e.about_message_id;
  if (!e.account_iban.empty()) j["iban"] = e.account_iban;  // an account report's account
  j["acknowledged_at"] = e.acknowledged_at ? nlohmann::json(*e.acknowledged_at) : nullptr;
  return j;
}

// "camt.053" or "camt.053.001.08": four letters, a dot, three digits, and
// optionally the version's ".NNN.NN".
bool message_type_usable(std::string_view type) {
  const auto letters = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i) {
      if (type[i] < 'a' || type[i] > 'z') return false;
    }
    return true;
  };
  const auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i) {
      if (type[i] < '0' || type[i] > '9') return false;
    }
    return true;
  };
  if (type.size() != 8 && type.size() != 15) return false;
  if (!letters(0, 4) || type[4] != '.' || !digits(5, 3)) return false;
  return type.size() == 8 || (type[8] == '.' && digits(9, 3) && type[12] == '.' && digits(13, 2));
}

}  // namespace

std::optional<http::Admission> MailboxApi::admit(const Principal& principal,
                                                 const http::RequestHead& head) {
  const auto segments = http::path_segments(head.path);
  if (segments.size() < 2 || segments[0] != "v1" || segments[1] != "mailbox") return std::nullopt;
  if (segments.size() == 2) {
    if (head.method != "GET") {
      return method_not_allowed("/v1/mailbox", head, "GET");
    }
    return http::Admission{
        "/v1/mailbox", std::nullopt,
        [this, principal, head](const http::ReceivedBody*) { return list(principal, head); }};
  }
  const auto id = http::parse_id(segments[2]);
  if (segments.size() == 3) {
    if (!id) return refuse("/v1/mailbox/{id}", ApiError::kNotFound, head);
    if (head.method != "GET") {
      return method_not_allowed("/v1/mailbox/{id}", head, "GET");
    }
    return http::Admission{"/v1/mailbox/{id}", std::nullopt,
                           [this, principal, head, id](const http::ReceivedBody*) {
                             return fetch(principal, head, *id);
                           }};
  }
  if (segments.size() == 4 && segments[3] == "ack") {
    if (!id) return refuse("/v1/mailbox/{id}/ack", ApiError::kNotFound, head);
    if (head.method != "POST") {
      return method_not_allowed("/v1/mailbox/{id}/ack", head, "POST");
    }
    return http::Admission{"/v1/mailbox/{id}/ack", std::nullopt,
                           [this, principal, head, id](const http::ReceivedBody*) {
                             return acknowledge(principal, head, *id);
                           }};
  }
  return std::nullopt;
}

http::Response MailboxApi::list(const Principal& principal, const http::RequestHead& head) const {
  const http::QueryString query(head.query);
  const auto after = query.integer("after", 0, std::numeric_limits<std::int64_t>::max());
  const auto limit = query.integer("limit", 1, 1000);
  const auto include = query.get("include");
  const auto type = query.get("type");
  const auto from = query.get("from");
  const auto to = query.get("to");
  const auto from_date = from ? parse_iso_date(*from) : std::nullopt;
  const auto to_date = to ? parse_iso_date(*to) : std::nullopt;
  // The first parameter that is wrong, named, with what it takes.
  std::string wrong;
  if (after && !*after) {
    wrong = "after takes a mailbox id, a whole number >= 0";
  } else if (limit && !*limit) {
    wrong = "limit takes a whole number from 1 to 1000";
  } else if (include && *include != "all") {
    wrong = "include takes one value: all";
  } else if (type && !message_type_usable(*type)) {
    wrong = "type takes a message type, e.g. camt.053 or camt.053.001.08";
  } else if ((from && !from_date) || (to && !to_date)) {
    wrong = fmt::format("{} takes a date YYYY-MM-DD (Riga; from and to both included)",
                        from && !from_date ? "from" : "to");
  } else if (from_date && to_date && *to < *from) {  // both YYYY-MM-DD: ordered as text
    wrong = fmt::format("from {} is after to {}: no day is in that range", *from, *to);
  }
  if (!wrong.empty()) {
    return error_response(ApiError::kInvalidQuery, head.request_id, {{"detail", wrong}});
  }
  store::MailboxQuery q;
  // A new application replaces the old whole: reports of an account it
  // left out are no longer the user's to read.
  q.report_accounts.emplace();
  for (const auto& a : principal.application.accounts) q.report_accounts->push_back(a.iban);
  q.include_acknowledged = include.has_value();
  q.after_id = after ? **after : 0;
  q.limit = static_cast<int>(limit ? **limit : 100);
  if (type) q.message_type = std::string(*type);
  if (from_date) q.created_from = format_utc_timestamp(riga_day_start(*from_date));
  if (to_date) {
    q.created_before = format_utc_timestamp(
        riga_day_start(CivilDate{std::chrono::sys_days{*to_date} + std::chrono::days{1}}));
  }
  auto entries = mailbox_.list(principal.user_number, q);
  if (!entries) return error_response(ApiError::kStoreUnavailable, head.request_id);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& e : *entries) items.push_back(entry_json(e));
  nlohmann::json page = {{"items", items}};
  // A full page: there may be more, listed with after=<the last id>.
  if (static_cast<int>(entries->size()) == q.limit) page["next_after"] = entries->back().id;
  return http::Response{200, "application/json", json_text(page), {}};
}

http::Response MailboxApi::fetch(const Principal& principal, const http::RequestHead& head,
                                 std::int64_t id) const {
  auto entry = mailbox_.entry(principal.user_number, id);
  if (!entry) return error_response(ApiError::kStoreUnavailable, head.request_id);
  if (!*entry) return error_response(ApiError::kNotFound, head.request_id);
  if (auto refused = account_refused(principal, **entry, head.request_id)) return *refused;
  return download_.answer(principal.user_number, **entry, head.request_id,
                          {{"X-Message-Type", (*entry)->message_type}});
}

http::Response MailboxApi::acknowledge(const Principal& principal, const http::RequestHead& head,
                                       std::int64_t id) const {
  auto before = mailbox_.entry(principal.user_number, id);
  if (!before) return error_response(ApiError::kStoreUnavailable, head.request_id);
  if (!*before) return error_response(ApiError::kNotFound, head.request_id);
  if (auto refused = account_refused(principal, **before, head.request_id)) return *refused;
  const auto s = mailbox_.acknowledge(principal.user_number, id,
                                      format_utc_timestamp(std::chrono::system_clock::now()));
  if (!s) {
    return error_response(
        s.error().code == ErrorCode::kNotFound ? ApiError::kNotFound : ApiError::kStoreUnavailable,
        head.request_id);
  }
  auto entry = mailbox_.entry(principal.user_number, id);
  if (!entry || !*entry) return error_response(ApiError::kStoreUnavailable, head.request_id);
  return http::Response{200, "application/json", json_text(entry_json(**entry)), {}};
}

}  // namespace gw::api
