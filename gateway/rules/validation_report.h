// What validating one inbound message found: its type and MsgId, the
// findings (capped), its counts and, for a camt.060, the requests it carries.
// Filled by the XSD handler and the guideline rules together.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "rules/finding.h"

namespace gw::rules {

// One RptgReq of a camt.060, as read.
struct ReportingRequest {
  std::string message_name;  // ReqdMsgNmId, e.g. camt.053.001.02
  std::string iban;
  std::string from_date;  // empty when the request has no period
  std::string to_date;
};

// ValidationReport::initiating_party's bound: a party's name, address and a
// few identifiers fit well within it; its identifiers are unbounded in ISO,
// and statements name it for each of the file's payments.
inline constexpr std::size_t kInitiatingPartyLimit = 2048;

struct ValidationReport {
  std::string message_type;  // e.g. pain.001.001.03; empty when not recognised
  std::string msg_id;        // GrpHdr/MsgId, when it was read
  // A pain.001's GrpHdr/InitgPty (core/element_tree.h; empty: none), at
  // most kInitiatingPartyLimit bytes: a larger one keeps its Nm alone.
  std::string initiating_party;
  std::vector<Finding> findings;
  bool findings_truncated = false;  // the cap was reached; more problems exist
  std::uint64_t payment_blocks = 0;
  std::uint64_t transactions = 0;
  std::uint64_t reporting_requests = 0;    // camt.060
  unsigned chunks = 1;                     // validated in this many chunks (1: the whole file)
  unsigned native_chunks = 0;              // of them, vouched for without Xerces
  std::vector<ReportingRequest> requests;  // camt.060, up to 100

  bool accepted() const { return findings.empty() && !message_type.empty(); }
};

}  // namespace gw::rules
