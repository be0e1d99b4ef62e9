#include "api/mailbox_download.h"

#include <fmt/format.h>

#include <memory>

#include "api/api_error.h"

namespace gw::api {

http::Response MailboxDownload::answer(std::int64_t user_number, const store::MailboxEntry& entry,
                                       const std::string& request_id,
                                       http::HeaderList headers) const {
  if (entry.size_bytes <= kStreamAbove) {
    auto item = mailbox_.fetch(user_number, entry.id);
    if (!item) return error_response(ApiError::kStoreUnavailable, request_id);
    if (!*item) return error_response(ApiError::kNotFound, request_id);
    return http::Response{200, "application/xml; charset=utf-8", std::move((*item)->content),
                          std::move(headers)};
  }
  auto pass = gate_.enter(user_number);
  if (!pass) {
    auto refused = error_response(pass.error() == RequestGate::Refusal::kUserBusy
                                      ? ApiError::kDownloadsInProgress
                                      : ApiError::kDownloadsBusy,
                                  request_id);
    refused.headers.emplace_back("Retry-After", "5");
    return refused;
  }
  const auto path = spool_dir_ / fmt::format("mailbox-{}-{}.xml", entry.id, request_id);
  if (auto s = mailbox_.export_to(user_number, entry.id, path); !s) {
    return error_response(ApiError::kStoreUnavailable, request_id);
  }
  http::Response r{200, "application/xml; charset=utf-8", {}, std::move(headers), path};
  r.held_until_sent = std::make_shared<RequestGate::Pass>(std::move(*pass));
  return r;
}

}  // namespace gw::api
