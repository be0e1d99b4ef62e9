// A customer payment status report (pain.002) as data: what the gateway says
// about one pain.001, at group, payment-information and transaction level.
// Written by write_pain002(); every status and reason is an ISO 20022 code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/payment_status.h"

namespace gw::iso20022 {

struct StatusReason {
  std::string code;                     // ExternalStatusReason1Code, e.g. AM02
  std::vector<std::string> additional;  // sentences; each becomes one AddtlInf (<= 105 chars)
};

struct TransactionStatus {
  std::string instr_id;
  std::string end_to_end_id;
  PaymentStatus status = PaymentStatus::kRejected;
  std::vector<StatusReason> reasons;
  std::string uetr;  // the payment's own UETR (OrgnlUETR, pain.002.001.10 only); may be empty
};

struct BlockStatus {
  std::string pmt_inf_id;
  PaymentStatus status = PaymentStatus::kRejected;
  std::vector<StatusReason> reasons;
  std::vector<TransactionStatus> transactions;  // only those worth naming (rejections)
};

struct StatusReport {
  std::string version;     // pain.002.001.03 or pain.002.001.10
  std::string msg_id;      // ours: [A-Za-z0-9-]{1,35}
  std::string created_at;  // ISO 8601 date-time with offset
  std::string original_msg_id;
  std::string original_message_type;  // pain.001.001.03 / pain.001.001.09
  std::string original_transactions;  // NbOfTxs counted, as text; empty to omit
  // Nothing: left out, for a report on part of the group whose other
  // payments have no final status yet (the ledger's, block by block).
  std::optional<PaymentStatus> group_status = PaymentStatus::kRejected;
  std::vector<StatusReason> group_reasons;
  std::vector<BlockStatus> blocks;
};

// The pain.002 version that answers a pain.001 version.
std::string status_report_version_for(const std::string& pain001_version);

// The XML document (UTF-8). Texts are escaped and cut to their schema lengths;
// control characters become spaces.
std::string write_pain002(const StatusReport& report);

}  // namespace gw::iso20022
