#include "api/reports_api.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "api/answer_language.h"
#include "api/api_error.h"
#include "core/json_text.h"
#include "http/query_string.h"
#include "iso20022/finding_json.h"

namespace gw::api {
namespace {

constexpr std::uint64_t kInlineLimit = 1 << 20;
// Retry-After: a user's own request is usually done within a second; the
// gateway's slots may be held by years of statements, so others wait longer.
constexpr const char* kRetryOwnSeconds = "1";
constexpr const char* kRetryBusySeconds = "5";

}  // namespace

std::optional<http::Admission> ReportsApi::admit(const Principal& principal,
                                                 const http::RequestHead& head) {
  if (head.path != "/v1/reports") return std::nullopt;
  if (head.method != "GET") {
    return method_not_allowed("/v1/reports", head, "GET");
  }
  return http::Admission{
      "/v1/reports", std::nullopt, [this, principal, head](const http::ReceivedBody*) {
        const http::QueryString q(head.query);
        reports::ReportRequest r;
        r.iban = q.get("iban").value_or("");
        r.kind = q.get("type").value_or("");
        r.from = q.get("from").value_or("");
        r.to = q.get("to").value_or("");
        r.version = q.get("version").value_or("");  // none: the application's (answer())
        if (r.iban.empty()) {
          return error_response(ApiError::kInvalidQuery, head.request_id,
                                {{"detail", "iban is required"}});
        }
        return answer(principal, head, {r});
      }};
}

http::Response ReportsApi::answer(const Principal& principal, const http::RequestHead& head,
                                  const std::vector<reports::ReportRequest>& requests) const {
  const auto pass = gate_.enter(principal.user_number);
  if (!pass) {
    const bool own = pass.error() == RequestGate::Refusal::kUserBusy;
    log_.warn("reports_refused", {{"request_id", head.request_id},
                                  {"user_number", principal.user_number},
                                  {"reason", own ? "user_busy" : "gateway_busy"}});
    auto refused =
        error_response(own ? ApiError::kReportInProgress : ApiError::kReportsBusy, head.request_id);
    refused.headers.emplace_back(
        "Retry-After",
        own ? kRetryOwnSeconds : RequestGate::retry_after(pass.error(), kRetryBusySeconds));
    return refused;
  }
  // A request that names no version (`version=` left out or empty, a
  // camt.060's ReqdMsgNmId without one) gets the one the user's system reads.
  std::vector<reports::ReportRequest> asked = requests;
  for (auto& r : asked) {
    if (r.version.empty()) r.version = principal.application.report_version;
  }
  auto made = reports_.produce(principal.user_number, principal.application.accounts, asked,
                               std::chrono::system_clock::now());
  if (!made) {
    const auto& e = made.error();
    if (e.code == ErrorCode::kPermissionDenied) {
      return error_response(ApiError::kAccountNotPermitted, head.request_id,
                            {{"detail", e.message}});
    }
    if (e.code == ErrorCode::kInvalidArgument) {
      return error_response(ApiError::kInvalidReportRequest, head.request_id,
                            {{"detail", e.message}});
    }
    log_.error("report_failed", {{"request_id", head.request_id}, {"detail", e.message}});
    return error_response(ApiError::kInternal, head.request_id);
  }
  const std::vector<reports::ProducedReport>& produced = *made;
  log_.info("reports", {{"request_id", head.request_id},
                        {"user_number", principal.user_number},
                        {"count", produced.size()}});
  if (produced.size() == 1 && produced.front().size_bytes <= kInlineLimit) {
    auto item = mailbox_.fetch(principal.user_number, produced.front().mailbox_id);
    if (item && *item) {
      return http::Response{200,
                            "application/xml; charset=utf-8",
                            std::move((*item)->content),
                            {{"X-Mailbox-Id", std::to_string(produced.front().mailbox_id)},
                             {"X-Message-Type", produced.front().message_type}},
                            {}};
    }
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& p : produced) {
    list.push_back({{"mailbox_id", p.mailbox_id},
                    {"message_type", p.message_type},
                    {"date", p.date},
                    {"size_bytes", p.size_bytes},
                    {"href", fmt::format("/v1/mailbox/{}", p.mailbox_id)}});
  }
  return http::Response{
      200, "application/json", json_text(nlohmann::json{{"reports", list}}), {}, {}};
}

http::Response ReportsApi::answer_request_message(const Principal& principal,
                                                  const http::RequestHead& head,
                                                  const std::filesystem::path& camt060) const {
  const auto message = reports_.read_request_message(camt060, std::chrono::system_clock::now());
  if (!message.validation.accepted()) {
    return error_response(
        ApiError::kRequestRejected, head.request_id,
        {{"message_type", message.validation.message_type},
         {"findings", iso20022::findings_json(message.validation.findings, language_of(head))}});
  }
  return answer(principal, head, message.requests);
}

}  // namespace gw::api
