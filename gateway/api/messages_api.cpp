#include "api/messages_api.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>

#include "api/answer_language.h"
#include "api/api_error.h"
#include "core/amount.h"
#include "core/json_text.h"
#include "http/query_string.h"
#include "iso20022/finding_json.h"
#include "policy/debtor_mandate.h"

namespace gw::api {
namespace {

struct UploadStatusRow {
  PaymentStatus group_status;
  unsigned http_status;
};
// The one place an upload outcome becomes an HTTP status.
constexpr UploadStatusRow kUploadStatus[] = {
    {PaymentStatus::kAcceptedTechnical, 201},  // accepted whole
    {PaymentStatus::kPartlyAccepted, 201},     // accepted in part; the pain.002 names the rest
    {PaymentStatus::kRejected, 422},           // nothing accepted
    {PaymentStatus::kPending, 202},            // accepted, waits for its signers
};

acceptance::Uploader uploader_of(const Principal& principal) {
  return acceptance::Uploader{principal.user_number,
                              principal.application.accounts,
                              principal.application.payment_signers,
                              principal.application.all_or_nothing,
                              principal.application.language,
                              principal.credential_version};
}

nlohmann::json message_json(const store::MessageRow& m, Language language) {
  return {{"id", m.id},
          {"message_type", m.message_type},
          {"msg_id", m.msg_id},
          {"received_at", m.received_at},
          {"group_status", m.group_status},
          {"transactions", m.transactions},
          {"accepted", m.accepted},
          {"accepted_eur", format_decimal(m.accepted_eur_minor, 2)},
          {"findings", iso20022::localized_findings(
                           nlohmann::json::parse(m.findings_json, nullptr, false), language)},
          {"status_report", fmt::format("/v1/messages/{}/pain002", m.id)},
          {"payments", fmt::format("/v1/messages/{}/payments", m.id)}};
}

// Absent, or 1..255 printable ASCII characters (it is stored and compared as given).
bool idempotency_key_usable(std::optional<std::string_view> key) {
  if (!key) return true;
  if (key->empty() || key->size() > 255) return false;
  return std::all_of(key->begin(), key->end(), [](char c) { return c >= 0x21 && c <= 0x7E; });
}

// Early validation has few places (one by default): a body taking longer
// than this for each MiB (slower than about 51 KiB/s) gives its place up and
// is validated once it is in, as without. The spool writes a MiB at a time,
// so the body's progress shows in MiB steps.
constexpr std::chrono::milliseconds kEarlyWindow{20'000};
constexpr std::uint64_t kEarlyMinBytes = 1024 * 1024;
// What a user who manages no account may send: a camt.060 (at most ten
// report requests) is a few KiB.
constexpr std::uint64_t kMaxRequestBody = 64 * 1024;

// X-Test-Mode: absent is false; a value other than these is refused (a
// client that meant a test must not have its payments recorded).
std::optional<bool> test_mode(std::optional<std::string_view> value) {
  if (!value) return false;
  const auto is = [&](std::string_view word) {
    return value->size() == word.size() &&
           std::equal(word.begin(), word.end(), value->begin(), [](char a, char b) {
             return a == std::tolower(static_cast<unsigned char>(b));
           });
  };
  if (is("true") || is("1") || is("yes") || is("on")) return true;
  if (is("false") || is("0") || is("no") || is("off")) return false;
  return std::nullopt;
}

}  // namespace

unsigned upload_http_status(PaymentStatus group_status, bool replayed_or_test) {
  if (replayed_or_test) return 200;
  for (const auto& row : kUploadStatus) {
    if (row.group_status == group_status) return row.http_status;
  }
  return 500;
}

std::optional<http::Admission> MessagesApi::admit(const Principal& principal,
                                                  const http::RequestHead& head,
                                                  Reauthenticate again) {
  const auto segments = http::path_segments(head.path);
  if (segments.size() < 2 || segments[0] != "v1" || segments[1] != "messages") return std::nullopt;
  if (segments.size() == 2) {
    const std::string route = "/v1/messages";
    if (head.method == "POST") {
      // Refused on the header, before a byte of the body is read.
      if (!idempotency_key_usable(head.header("Idempotency-Key"))) {
        return refuse(route, ApiError::kIdempotencyKeyInvalid, head);
      }
      if (!test_mode(head.header("X-Test-Mode"))) {
        return refuse(route, ApiError::kTestModeInvalid, head);
      }
      // A user who manages no account may send camt.060 requests (a few KiB)
      // and nothing larger: a payment file would be spooled and validated
      // only to be refused for the mode.
      const bool pays = policy::may_upload_payments(principal.application.accounts);
      if (const auto length = head.content_length(); !pays && length && *length > kMaxRequestBody) {
        return refuse(route, ApiError::kModeForbidden, head);
      }
      // Held from the header to the answer (the connection's end lets it go too).
      auto pass = uploads_.enter(principal.user_number);
      if (!pass) {
        log_.warn("upload_refused",
                  {{"request_id", head.request_id}, {"user_number", principal.user_number}});
        auto refused = refuse(route, ApiError::kUploadsInProgress, head);
        refused.answer->headers.emplace_back("Retry-After", "5");
        return refused;
      }
      // A large body starts its validation while it arrives (early_validation.h).
      auto early = std::make_shared<std::unique_ptr<acceptance::EarlyValidation>>();
      http::Admission admitted{
          route, std::nullopt,
          [this, principal, head, early, again = std::move(again)](const http::ReceivedBody* body) {
            // Taken, or not wanted after all (a refused header): it
            // stops when this returns, not with the continuation.
            const std::unique_ptr<acceptance::EarlyValidation> validation = std::move(*early);
            return upload(principal, head, body, validation.get(), again);
          }};
      // Answered: the user's next upload may come, on this connection too.
      hold_until_answered(std::move(*pass), admitted);
      admitted.bounded_apart = true;  // by uploads_
      if (!pays) {                    // a camt.060 at most: nothing large to validate early
        admitted.max_body = kMaxRequestBody;
        return admitted;
      }
      admitted.on_body_start = [this, early](std::shared_ptr<http::GrowingBody> body) {
        *early = acceptance_.start_early(
            body->path(), body->expected_size(),
            [body](std::uint64_t bytes) {
              return body->wait_for(bytes, kEarlyWindow, kEarlyMinBytes);
            },
            [body] { body->abandon(); }, std::chrono::system_clock::now());
      };
      // A payment file may be as large as the listener takes (100k payments and more).
      admitted.max_body = std::numeric_limits<std::uint64_t>::max();
      return admitted;
    }
    if (head.method == "GET") {
      return http::Admission{route, std::nullopt,
                             [this, principal, head](const http::ReceivedBody*) {
                               return outcome(principal, head, std::nullopt);
                             }};
    }
    return method_not_allowed(route, head, "GET, POST");
  }
  const auto id = http::parse_id(segments[2]);
  if (segments.size() == 3) {
    const std::string route = "/v1/messages/{id}";
    if (!id) return refuse(route, ApiError::kNotFound, head);
    if (head.method != "GET") return method_not_allowed(route, head, "GET");
    return http::Admission{route, std::nullopt,
                           [this, principal, head, id](const http::ReceivedBody*) {
                             return outcome(principal, head, id);
                           }};
  }
  if (segments.size() == 4 && (segments[3] == "pain002" || segments[3] == "payments")) {
    const bool report = segments[3] == "pain002";
    const std::string route = report ? "/v1/messages/{id}/pain002" : "/v1/messages/{id}/payments";
    if (!id) return refuse(route, ApiError::kNotFound, head);
    if (head.method != "GET") return method_not_allowed(route, head, "GET");
    return http::Admission{
        route, std::nullopt, [this, principal, head, id, report](const http::ReceivedBody*) {
          return report ? pain002(principal, head, *id) : payments(principal, head, *id);
        }};
  }
  return std::nullopt;
}

http::Response MessagesApi::upload(const Principal& principal, const http::RequestHead& head,
                                   const http::ReceivedBody* body,
                                   acceptance::EarlyValidation* early,
                                   const Reauthenticate& again) const {
  if (body == nullptr) return error_response(ApiError::kBodyRequired, head.request_id);
  // By message type: a camt.060 is the reports' business; anything else goes
  // to acceptance, which takes pain.001 and refuses the rest with findings.
  if (const auto type = recogniser_.message_type_of_file(body->path);
      type.rfind("camt.060.", 0) == 0) {
    // Answered on the credentials as they stand now the body is in, not at its header.
    const auto current = again();
    if (!current) return refused_again(current.error(), head);
    auto answer = reports_.answer_request_message(*current, head, body->path);
    log_.info("upload", {{"request_id", head.request_id},
                         {"user_number", current->user_number},
                         {"message_type", type},
                         {"http_status", answer.status}});
    return answer;
  }
  acceptance::Upload request;
  request.body = body->path;
  request.body_sha256 = body->sha256;
  request.early = early;
  request.idempotency_key = std::string(head.header("Idempotency-Key").value_or(""));
  request.test_only = test_mode(head.header("X-Test-Mode")).value_or(false);  // read at admit
  std::optional<ApiError> refused;  // by the second authentication
  request.current_uploader = [&again, &refused]() -> std::optional<acceptance::Uploader> {
    auto now = again();
    if (!now) {
      refused = now.error();
      return std::nullopt;
    }
    return uploader_of(*now);
  };
  const auto out =
      acceptance_.upload(uploader_of(principal), request, std::chrono::system_clock::now());
  const bool decided = out.result == acceptance::UploadResult::kDecided ||
                       out.result == acceptance::UploadResult::kReplayed;
  log_.info("upload", {{"request_id", head.request_id},
                       {"user_number", principal.user_number},
                       {"result", static_cast<int>(out.result)},
                       {"message_id", out.message_id},
                       {"message_type", out.message_type},
                       {"group_status", decided ? iso_code(out.group_status) : ""},
                       {"test_only", request.test_only},
                       {"digest_ms", out.digest_ms},
                       {"validate_ms", out.validate_ms},
                       {"validation_chunks", out.validation_chunks},
                       {"native_chunks", out.native_chunks},
                       {"validated_early", out.validated_early},
                       {"decide_ms", out.decide_ms}});
  switch (out.result) {
    case acceptance::UploadResult::kDecided:
    case acceptance::UploadResult::kReplayed: {
      const bool replayed = out.result == acceptance::UploadResult::kReplayed;
      http::Response r{upload_http_status(out.group_status, replayed || request.test_only),
                       "application/xml; charset=utf-8",
                       out.pain002,
                       {{"X-Group-Status", std::string(iso_code(out.group_status))}}};
      if (request.test_only) {
        r.headers.emplace_back("X-Test-Mode", "true");
      } else {
        r.headers.emplace_back("X-Message-Id", std::to_string(out.message_id));
        r.headers.emplace_back("Location", fmt::format("/v1/messages/{}", out.message_id));
      }
      if (replayed) r.headers.emplace_back("Idempotent-Replayed", "true");
      return r;
    }
    case acceptance::UploadResult::kNotPaymentMessage:
      return error_response(
          ApiError::kUnsupportedMessage, head.request_id,
          {{"message_type", out.message_type},
           {"findings", iso20022::findings_json(out.not_payment.findings, language_of(head))}});
    case acceptance::UploadResult::kKeyReused:
      return error_response(ApiError::kIdempotencyKeyReused, head.request_id,
                            {{"original_message_id", out.message_id}});
    case acceptance::UploadResult::kModeForbidden:
      return error_response(ApiError::kModeForbidden, head.request_id);
    case acceptance::UploadResult::kUploaderRefused: {
      // Refused as at the header (revoked, terminated, expired...), and
      // audited as such; nothing of the file was recorded.
      return refused_again(refused.value_or(ApiError::kStoreUnavailable), head);
    }
    case acceptance::UploadResult::kFailed:
      break;
  }
  log_.error("upload_failed", {{"request_id", head.request_id}, {"detail", out.detail}});
  return error_response(ApiError::kStoreUnavailable, head.request_id);
}

http::Response MessagesApi::outcome(const Principal& principal, const http::RequestHead& head,
                                    std::optional<std::int64_t> id) const {
  Result<std::optional<store::MessageRow>> found = std::optional<store::MessageRow>{};
  if (id) {
    found = messages_.message(principal.user_number, *id);
  } else {
    const auto msg_id = http::QueryString(head.query).get("msg_id");
    if (!msg_id || msg_id->empty()) {
      return error_response(ApiError::kInvalidQuery, head.request_id,
                            {{"detail", "GET /v1/messages needs ?msg_id=<MsgId>"}});
    }
    found = messages_.message_by_msg_id(principal.user_number, *msg_id);
  }
  if (!found) return error_response(ApiError::kStoreUnavailable, head.request_id);
  if (!*found) return error_response(ApiError::kNotFound, head.request_id);
  return http::Response{
      200, "application/json", json_text(message_json(**found, language_of(head))), {}};
}

http::Response MessagesApi::pain002(const Principal& principal, const http::RequestHead& head,
                                    std::int64_t id) const {
  auto entry = mailbox_.latest_entry_about(principal.user_number, id, "pain.002");
  if (!entry) return error_response(ApiError::kStoreUnavailable, head.request_id);
  if (!*entry) return error_response(ApiError::kNotFound, head.request_id);
  return download_.answer(principal.user_number, **entry, head.request_id,
                          {{"X-Mailbox-Id", std::to_string((*entry)->id)}});
}

http::Response MessagesApi::payments(const Principal& principal, const http::RequestHead& head,
                                     std::int64_t id) const {
  const http::QueryString query(head.query);
  const auto offset = query.integer("offset", 0, std::int64_t{1} << 40);
  const auto limit = query.integer("limit", 1, 1000);
  if ((offset && !*offset) || (limit && !*limit)) {
    return error_response(ApiError::kInvalidQuery, head.request_id,
                          {{"detail", "offset >= 0, 1 <= limit <= 1000"}});
  }
  auto message = messages_.message(principal.user_number, id);
  if (!message) return error_response(ApiError::kStoreUnavailable, head.request_id);
  if (!*message) return error_response(ApiError::kNotFound, head.request_id);
  auto rows = messages_.payments(principal.user_number, id, offset ? **offset : 0,
                                 static_cast<int>(limit ? **limit : 100), nullptr);
  if (!rows) return error_response(ApiError::kStoreUnavailable, head.request_id);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& p : *rows) {
    nlohmann::json history = nlohmann::json::array();
    for (const auto& e : p.history) {
      nlohmann::json step = {{"status", e.status}, {"at", e.at}};
      if (!e.reason.empty()) step["reason"] = e.reason;
      history.push_back(std::move(step));
    }
    nlohmann::json item = {{"id", p.id},
                           {"pmt_inf_id", p.pmt_inf_id},
                           {"position", p.position},
                           {"instr_id", p.instr_id},
                           {"end_to_end_id", p.end_to_end_id},
                           {"amount", format_decimal(p.amount_minor, 2)},
                           {"currency", p.currency},
                           {"eur_equivalent", format_decimal(p.eur_minor, 2)},
                           {"creditor_name", p.creditor_name},
                           {"creditor_iban", p.creditor_iban},
                           {"requested_execution_date", p.requested_execution_date},
                           {"status", p.status},
                           {"history", std::move(history)}};
    if (!p.reason.empty()) item["reason"] = p.reason;
    list.push_back(std::move(item));
  }
  return http::Response{200,
                        "application/json",
                        json_text(nlohmann::json{{"message_id", id},
                                                 {"transactions", (*message)->transactions},
                                                 {"offset", offset ? **offset : 0},
                                                 {"payments", std::move(list)}}),
                        {}};
}

}  // namespace gw::api
