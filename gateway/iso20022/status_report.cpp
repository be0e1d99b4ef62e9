#include "iso20022/status_report.h"

#include <fmt/format.h>

#include <string_view>
#include <vector>

#include "core/utf8.h"
#include "xml/xml_escape.h"

namespace gw::iso20022 {
namespace {

void element(std::string& out, int indent, std::string_view name, std::string_view text,
             std::size_t max_chars = std::string::npos) {
  out.append(static_cast<std::size_t>(indent) * 2, ' ');
  fmt::format_to(std::back_inserter(out), "<{}>", name);
  out += xml::xml_text(text, max_chars);
  fmt::format_to(std::back_inserter(out), "</{}>\n", name);
}

// AddtlInf is ISO's Max105Text and may repeat: a longer sentence goes on
// in the next ones, cut after a word where there is one (a cut sentence lost
// what to change: "... exceeds the daily limi").
constexpr std::size_t kAddtlInfChars = 105;

std::vector<std::string_view> pieces_of(std::string_view sentence) {
  std::vector<std::string_view> pieces;
  while (!sentence.empty()) {
    std::size_t end = utf8_offset_after(sentence, kAddtlInfChars);
    if (end < sentence.size()) {
      const std::size_t space = sentence.rfind(' ', end);
      if (space != std::string_view::npos && space > 0) end = space;
    }
    pieces.push_back(sentence.substr(0, end));
    sentence.remove_prefix(end);
    while (!sentence.empty() && sentence.front() == ' ') sentence.remove_prefix(1);
  }
  return pieces;
}

void reasons(std::string& out, int indent, const std::vector<StatusReason>& list) {
  const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
  for (const auto& reason : list) {
    out += pad + "<StsRsnInf>\n";
    out += pad + "  <Rsn>\n";
    element(out, indent + 2, "Cd", reason.code);
    out += pad + "  </Rsn>\n";
    for (const auto& sentence : reason.additional) {
      for (const std::string_view piece : pieces_of(sentence)) {
        element(out, indent + 1, "AddtlInf", piece, kAddtlInfChars);
      }
    }
    out += pad + "</StsRsnInf>\n";
  }
}

}  // namespace

std::string status_report_version_for(const std::string& pain001_version) {
  return pain001_version == "pain.001.001.09" ? "pain.002.001.10" : "pain.002.001.03";
}

std::string write_pain002(const StatusReport& report) {
  std::string out;
  out.reserve(2048 + report.blocks.size() * 256);
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  fmt::format_to(std::back_inserter(out),
                 "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:{}\">\n", report.version);
  out += "  <CstmrPmtStsRpt>\n    <GrpHdr>\n";
  element(out, 3, "MsgId", report.msg_id);
  element(out, 3, "CreDtTm", report.created_at);
  out += "    </GrpHdr>\n    <OrgnlGrpInfAndSts>\n";
  element(out, 3, "OrgnlMsgId", report.original_msg_id, 35);
  element(out, 3, "OrgnlMsgNmId", report.original_message_type);
  if (!report.original_transactions.empty()) {
    element(out, 3, "OrgnlNbOfTxs", report.original_transactions);
  }
  if (report.group_status) element(out, 3, "GrpSts", iso_code(*report.group_status));
  reasons(out, 3, report.group_reasons);
  out += "    </OrgnlGrpInfAndSts>\n";
  for (const auto& block : report.blocks) {
    out += "    <OrgnlPmtInfAndSts>\n";
    element(out, 3, "OrgnlPmtInfId", block.pmt_inf_id, 35);
    element(out, 3, "PmtInfSts", iso_code(block.status));
    reasons(out, 3, block.reasons);
    for (const auto& tx : block.transactions) {
      out += "      <TxInfAndSts>\n";
      if (!tx.instr_id.empty()) element(out, 4, "OrgnlInstrId", tx.instr_id, 35);
      if (!tx.end_to_end_id.empty()) element(out, 4, "OrgnlEndToEndId", tx.end_to_end_id, 35);
      // ISO 2009's pain.002.001.03 has no UETR.
      if (!tx.uetr.empty() && report.version == "pain.002.001.10") {
        element(out, 4, "OrgnlUETR", tx.uetr, 36);
      }
      element(out, 4, "TxSts", iso_code(tx.status));
      reasons(out, 4, tx.reasons);
      out += "      </TxInfAndSts>\n";
    }
    out += "    </OrgnlPmtInfAndSts>\n";
  }
  out += "  </CstmrPmtStsRpt>\n</Document>\n";
  return out;
}

}  // namespace gw::iso20022
