// The user's mailbox over mutual TLS:
//   GET  /v1/mailbox[?after=ID&limit=N&include=all&type=T&from=D&to=D]
//                                                    new (or all) items, oldest first (JSON);
//                                                    a full page names the next `after`
//   GET  /v1/mailbox/{id}                            one item's message (XML)
//   POST /v1/mailbox/{id}/ack                        acknowledge it (idempotent)
#pragma once

#include <optional>

#include "api/authenticate.h"
#include "api/mailbox_download.h"
#include "http/exchange.h"
#include "store/mailbox_store.h"

namespace gw::api {

class MailboxApi {
 public:
  MailboxApi(store::MailboxStore& mailbox, const MailboxDownload& download)
      : mailbox_(mailbox), download_(download) {}

  // Nothing when the path is not one of these routes.
  std::optional<http::Admission> admit(const Principal& principal, const http::RequestHead& head);

 private:
  http::Response list(const Principal& principal, const http::RequestHead& head) const;
  http::Response fetch(const Principal& principal, const http::RequestHead& head,
                       std::int64_t id) const;
  http::Response acknowledge(const Principal& principal, const http::RequestHead& head,
                             std::int64_t id) const;

  store::MailboxStore& mailbox_;
  const MailboxDownload& download_;
};

}  // namespace gw::api
