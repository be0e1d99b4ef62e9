// What the pain.001 rules count and collect while a file streams past: the
// transaction counts and control sums (declared and counted) of the group and
// of each block, and the ids that must be unique in the file.
//
// A large file is validated as consecutive chunks on several threads; each
// chunk ends with a tally, and join_tallies() checks across the chunks what no
// single chunk could see. Money is integer minor units.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rules/id_set.h"

namespace gw::rules {

// NbOfTxs and CtrlSum of a group or block: as declared, and as counted.
struct Pain001Totals {
  std::int64_t sum = 0;   // minor units at scale 2
  bool sum_known = true;  // false once an amount could not be read or the sum overflowed
  std::uint64_t count = 0;
  std::string declared_count;
  std::string declared_sum;

  // An undeclared total agrees; so does an unknown sum (another finding covers it).
  bool count_agrees() const;
  bool sum_agrees() const;
  // Adds the transactions counted after these (the rest of a block or group).
  void add(const Pain001Totals& rest);
  void add_amount(std::int64_t units);
};

struct BlockTally {
  std::string pmt_inf_id;
  Pain001Totals totals;
};

struct Pain001Tally {
  std::string msg_id;
  std::string initiating_party;  // ValidationReport::initiating_party
  Pain001Totals group;
  std::vector<BlockTally> blocks;  // in file order; kept only when a chunk is checked
  IdSet pmt_inf_ids;
  IdSet instr_ids;
  IdSet end_to_end_ids;
};

struct Pain001Counts {
  std::string msg_id;
  std::string initiating_party;
  std::uint64_t blocks = 0;
  std::uint64_t transactions = 0;
};

// Joins the tallies of consecutive chunks of one file; every chunk after the
// first begins inside the block the one before it ends in. The file's counts
// when every group and block total agrees and no id repeats across chunks;
// nothing otherwise (the whole file is then checked in one pass, which says
// exactly where).
std::optional<Pain001Counts> join_tallies(std::vector<Pain001Tally> tallies);

}  // namespace gw::rules
