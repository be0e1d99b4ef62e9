// What the validator hands on of a pain.001 while it streams past, so that
// acceptance never parses the file a second time: each payment-information
// block's header (before its transactions) and each transaction as it closes.
// Values are the document's text; amounts stay decimal strings.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace gw::rules {

struct CapturedBlock {
  std::string pmt_inf_id;
  std::string requested_execution_date;  // YYYY-MM-DD (a .09 DtTm is cut to its date)
  std::string debtor_name;
  std::string debtor_iban;
  std::string debtor_account_currency;  // DbtrAcct/Ccy; empty when not given
  std::string service_level;            // PmtTpInf/SvcLvl/Cd of the block, e.g. URGP; may be empty
  std::string batch_booking;            // BtchBookg as written (true, false, 1, 0); may be empty
  std::string details;                  // everything else of the block (core/element_tree.h)
};

struct CapturedTransaction {
  std::string instr_id;
  std::string end_to_end_id;
  std::string amount;  // as written, e.g. 1250.50
  std::string currency;
  std::string creditor_name;
  std::string creditor_iban;
  std::string creditor_bic;
  std::string remittance;  // RmtInf and Purp, encoded (core/remittance.h)
  std::string details;     // everything else but SplmtryData (core/element_tree.h)
};

// The fields in the order encoders store them; `B`/`T` may be const.
template <typename B>
auto fields_of_block(B& b) {
  return std::array{&b.pmt_inf_id,
                    &b.requested_execution_date,
                    &b.debtor_name,
                    &b.debtor_iban,
                    &b.debtor_account_currency,
                    &b.service_level,
                    &b.batch_booking,
                    &b.details};
}
template <typename T>
auto fields_of_transaction(T& t) {
  return std::array{&t.instr_id,     &t.end_to_end_id, &t.amount,
                    &t.currency,     &t.creditor_name, &t.creditor_iban,
                    &t.creditor_bic, &t.remittance,    &t.details};
}

class PaymentRecorder;

class PaymentSink {
 public:
  virtual ~PaymentSink() = default;
  virtual void block(const CapturedBlock& block) = 0;
  virtual void transaction(const CapturedTransaction& transaction) = 0;
  // What a chunk of the file recorded (payment_recorder.h), after what came
  // before it; without its first block when `skip_first_block`. Replayed
  // record by record unless the sink can keep the recording as it is.
  virtual void recorded(PaymentRecorder&& chunk, bool skip_first_block);
};

}  // namespace gw::rules
