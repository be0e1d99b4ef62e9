// The payment routes over mutual TLS:
//   POST /v1/messages                  upload a pain.001 (the answer is a pain.002) or a
//                                      camt.060 (the answer: reports, see ReportsApi);
//                                      dispatched by the root element's namespace
//   GET  /v1/messages?msg_id=...       an upload's outcome by its MsgId (JSON)
//   GET  /v1/messages/{id}             an upload's outcome by our id (JSON)
//   GET  /v1/messages/{id}/pain002     the latest pain.002 about it (XML)
//   GET  /v1/messages/{id}/payments    its payments with status history (JSON, paged)
// The HTTP status of an upload answer comes from one table here (and in docs/api.md).
#pragma once

#include <optional>

#include "acceptance/payment_acceptance.h"
#include "api/authenticate.h"
#include "api/mailbox_download.h"
#include "api/reports_api.h"
#include "api/request_gate.h"
#include "core/payment_status.h"
#include "http/exchange.h"
#include "iso20022/message_validator.h"
#include "log/logger.h"
#include "store/mailbox_store.h"
#include "store/message_store.h"

namespace gw::api {

class MessagesApi {
 public:
  // All must outlive this object.
  // `uploads` admits each upload from its header to its answer, per user.
  MessagesApi(const iso20022::MessageValidator& recogniser,
              const acceptance::PaymentAcceptance& acceptance, store::MessageStore& messages,
              store::MailboxStore& mailbox, const MailboxDownload& download,
              const ReportsApi& reports, RequestGate& uploads, const Logger& log)
      : recogniser_(recogniser),
        acceptance_(acceptance),
        messages_(messages),
        mailbox_(mailbox),
        download_(download),
        reports_(reports),
        uploads_(uploads),
        log_(log) {}

  // Nothing when the path is not one of these routes.
  // `again`: authenticates the request anew (an upload is decided on its
  // user as they stand once the file is validated).
  std::optional<http::Admission> admit(const Principal& principal, const http::RequestHead& head,
                                       Reauthenticate again);

 private:
  http::Response upload(const Principal& principal, const http::RequestHead& head,
                        const http::ReceivedBody* body, acceptance::EarlyValidation* early,
                        const Reauthenticate& again) const;
  http::Response outcome(const Principal& principal, const http::RequestHead& head,
                         std::optional<std::int64_t> id) const;
  http::Response pain002(const Principal& principal, const http::RequestHead& head,
                         std::int64_t id) const;
  http::Response payments(const Principal& principal, const http::RequestHead& head,
                          std::int64_t id) const;

  const iso20022::MessageValidator& recogniser_;  // which message an upload is
  const acceptance::PaymentAcceptance& acceptance_;
  store::MessageStore& messages_;
  store::MailboxStore& mailbox_;
  const MailboxDownload& download_;
  const ReportsApi& reports_;
  RequestGate& uploads_;
  const Logger& log_;
};

// The HTTP status that carries an upload's pain.002: ACTC and PART 201, RJCT
// 422; a replay of an earlier answer and a test-mode answer 200.
unsigned upload_http_status(PaymentStatus group_status, bool replayed_or_test);

}  // namespace gw::api
