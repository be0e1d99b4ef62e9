// Account reports over mutual TLS:
//   GET
//   /v1/reports?iban=LV..&from=YYYY-MM-DD&to=YYYY-MM-DD[&type=camt.053|camt.052][&version=001.08]
// and camt.060 requests uploaded to POST /v1/messages (MessagesApi hands
// them here). Every report goes to the user's mailbox; a single small one
// (up to 1 MiB) also comes straight back as XML, otherwise the answer lists
// the mailbox items. The RequestGate decides which requests run now.
#pragma once

#include <filesystem>
#include <optional>

#include "api/authenticate.h"
#include "api/request_gate.h"
#include "http/exchange.h"
#include "log/logger.h"
#include "reports/account_reports.h"

namespace gw::api {

class ReportsApi {
 public:
  // All must outlive this object; `gate` admits each request that produces reports.
  ReportsApi(const reports::AccountReports& reports, RequestGate& gate,
             store::MailboxStore& mailbox, const Logger& log)
      : reports_(reports), gate_(gate), mailbox_(mailbox), log_(log) {}

  std::optional<http::Admission> admit(const Principal& principal, const http::RequestHead& head);
  // Answers reporting requests (from a query or a camt.060).
  http::Response answer(const Principal& principal, const http::RequestHead& head,
                        const std::vector<reports::ReportRequest>& requests) const;
  // Answers an uploaded camt.060 (MessagesApi dispatches it here by type):
  // its requests, or 422 with the findings when it fails validation.
  http::Response answer_request_message(const Principal& principal, const http::RequestHead& head,
                                        const std::filesystem::path& camt060) const;

 private:
  const reports::AccountReports& reports_;
  RequestGate& gate_;
  store::MailboxStore& mailbox_;
  const Logger& log_;
};

}  // namespace gw::api
