#include "authorisation/approval_statement.h"

#include <fmt/format.h>

#include "authorisation/statement_text.h"
#include "core/amount.h"

namespace gw::authorisation {

std::string_view decision_name(Decision decision) {
  return decision == Decision::kApprove ? "approve" : "reject";
}

std::string approval_statement(const store::HeldFile& file, Decision decision) {
  std::string out;
  const auto line = [&out](std::string_view key, std::string_view value) {
    append_statement_line(out, key, value);
  };
  line("Statement", "treasury payment file authorisation, version 1");
  line("Decision", decision_name(decision));
  line("File", std::to_string(file.message_id));
  line("Message type", file.message_type);
  line("MsgId", file.msg_id);
  line("SHA-256", file.content_sha256);
  line("Received", file.received_at);
  line("Signatures required", std::to_string(file.signatures_required));
  line("Payments accepted", fmt::format("{} of {}", file.accepted, file.transactions));
  for (const auto& total : file.totals) {
    const int exponent = treasury_currency_exponent(total.currency).value_or(2);
    line("Total", fmt::format("{} {} in {} payments", format_decimal(total.amount_minor, exponent),
                              total.currency, total.payments));
  }
  for (const auto& block : file.blocks) {
    line("Block", fmt::format("{} from {} on {}, {} payments", block.pmt_inf_id, block.debtor_iban,
                              block.requested_execution_date, block.payments));
  }
  return out;
}

}  // namespace gw::authorisation
