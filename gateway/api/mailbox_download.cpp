#include "api/mailbox_download.h"

#include <fmt/format.h>

#include <memory>

#include "api/api_error.h"

namespace gw::api {

Result<std::shared_ptr<HeldDownload>> export_for_download(store::MailboxStore& mailbox,
                                                          const std::filesystem::path& spool_dir,
                                                          std::string_view prefix,
                                                          std::int64_t user_number, std::int64_t id,
                                                          RequestGate::Pass pass) {
  auto copy = ScratchFile::create(spool_dir, prefix);
  if (!copy) return tl::unexpected(copy.error());
  if (auto s = mailbox.export_to(user_number, id, copy->path()); !s) {
    return tl::unexpected(s.error());
  }
  return std::make_shared<HeldDownload>(std::move(pass), std::move(*copy));
}

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
    refused.headers.emplace_back("Retry-After", RequestGate::retry_after(pass.error(), "5"));
    return refused;
  }
  auto held = export_for_download(mailbox_, spool_dir_, fmt::format("mailbox-{}-", entry.id),
                                  user_number, entry.id, std::move(*pass));
  if (!held) return error_response(ApiError::kStoreUnavailable, request_id);
  http::Response r{
      200, "application/xml; charset=utf-8", {}, std::move(headers), (*held)->copy.path()};
  r.held_until_sent = std::move(*held);
  return r;
}

}  // namespace gw::api
