// One problem found in an inbound message: what rule, where, which payment.
// Reason codes are ISO 20022 external status reason codes (they go into
// pain.002 StsRsnInf/Rsn/Cd unchanged).
#pragma once

#include <cstdint>
#include <string>

#include "core/language.h"

namespace gw::rules {

struct Finding {
  std::string reason_code;  // e.g. FF01, AM10, AC01
  std::uint64_t line = 0;
  std::uint64_t column = 0;
  std::string path;  // /Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Amt/InstdAmt
  std::string msg_id;
  std::string pmt_inf_id;
  std::string instr_id;
  std::string end_to_end_id;
  std::string text;          // a sentence for people, in English
  std::string text_lv = {};  // the same in Latvian (empty: only English)

  const std::string& text_in(Language language) const {
    return language == Language::kLatvian && !text_lv.empty() ? text_lv : text;
  }
};

}  // namespace gw::rules
