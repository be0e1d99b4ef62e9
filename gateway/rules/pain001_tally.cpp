#include "rules/pain001_tally.h"

#include <string>
#include <string_view>

#include "core/amount.h"

namespace gw::rules {
namespace {

constexpr int kSumScale = 2;  // every treasury currency has two decimals

}  // namespace

bool Pain001Totals::count_agrees() const {
  // Max15NumericText allows leading zeros: "007" says seven.
  std::string_view declared = declared_count;
  while (declared.size() > 1 && declared.front() == '0') declared.remove_prefix(1);
  return declared.empty() || declared == std::to_string(count);
}

bool Pain001Totals::sum_agrees() const {
  if (declared_sum.empty() || !sum_known) return true;
  const auto declared = parse_decimal(declared_sum, kSumScale);
  return declared && *declared == sum;
}

void Pain001Totals::add(const Pain001Totals& rest) {
  count += rest.count;
  sum_known = sum_known && rest.sum_known;
  if (sum_known) add_amount(rest.sum);
}

void Pain001Totals::add_amount(std::int64_t units) {
  if (__builtin_add_overflow(sum, units, &sum)) sum_known = false;
}

std::optional<Pain001Counts> join_tallies(std::vector<Pain001Tally> tallies) {
  if (tallies.empty()) return std::nullopt;
  Pain001Tally& file = tallies.front();
  for (std::size_t i = 1; i < tallies.size(); ++i) {
    Pain001Tally& chunk = tallies[i];
    if (chunk.blocks.empty() || file.blocks.empty() ||
        chunk.blocks.front().pmt_inf_id != file.blocks.back().pmt_inf_id) {
      return std::nullopt;
    }
    const std::string continued = chunk.blocks.front().pmt_inf_id;
    file.blocks.back().totals.add(chunk.blocks.front().totals);
    file.blocks.insert(file.blocks.end(), std::make_move_iterator(chunk.blocks.begin() + 1),
                       std::make_move_iterator(chunk.blocks.end()));
    file.group.add(chunk.group);
    // The block a chunk begins inside is in both chunks' PmtInfIds. The last
    // chunk's ids are only looked up: nothing comes after them to compare.
    if (i + 1 == tallies.size()) {
      if (file.pmt_inf_ids.shares_any(chunk.pmt_inf_ids, continued) ||
          file.instr_ids.shares_any(chunk.instr_ids) ||
          file.end_to_end_ids.shares_any(chunk.end_to_end_ids)) {
        return std::nullopt;
      }
    } else if (!file.pmt_inf_ids.absorb(chunk.pmt_inf_ids, continued) ||
               !file.instr_ids.absorb(chunk.instr_ids) ||
               !file.end_to_end_ids.absorb(chunk.end_to_end_ids)) {
      return std::nullopt;
    }
  }
  if (!file.group.count_agrees() || !file.group.sum_agrees()) return std::nullopt;
  for (const BlockTally& block : file.blocks) {
    if (!block.totals.count_agrees() || !block.totals.sum_agrees()) return std::nullopt;
  }
  return Pain001Counts{file.msg_id, file.initiating_party, file.blocks.size(), file.group.count};
}

}  // namespace gw::rules
