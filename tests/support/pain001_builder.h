// Builds pain.001.001.03 documents for tests: blocks and transactions with
// control sums computed from integer minor units, so that a test states only
// what it is about (accounts, amounts, currencies, ids).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gw::test {

struct TestTransaction {
  std::string end_to_end_id;
  std::int64_t amount_minor = 0;
  std::string currency = "EUR";
  std::string creditor_iban = "LV56HABA8093972980635";
  std::string creditor_name = "SIA \"Rīgas Ūdens\"";
};

struct TestBlock {
  std::string pmt_inf_id;
  std::string debtor_iban = "LV06TREL1060000300001";  // the demo user's managed account
  std::string execution_date;                         // YYYY-MM-DD
  std::vector<TestTransaction> transactions;
  std::string batch_booking{};  // BtchBookg as written; empty: none
};

std::string build_pain001(const std::string& msg_id, const std::vector<TestBlock>& blocks);

// `count` blocks of `per_block` payments (B-b, E-b-t; amounts 100 + 7t + b minor units),
// debiting the demo account, for 2026-11-24.
std::vector<TestBlock> numbered_blocks(int count, int per_block);

// A one-block, one-payment file.
std::string simple_pain001(const std::string& msg_id, const std::string& execution_date,
                           std::int64_t amount_minor, const std::string& currency = "EUR",
                           const std::string& debtor_iban = "LV06TREL1060000300001");

// Today's date in Europe/Riga plus `days`, YYYY-MM-DD (from the system's tz database).
std::string riga_date_in(int days);

}  // namespace gw::test
