// The comma-separated lists with weights that HTTP content negotiation uses
// (Accept-Encoding, Accept-Language; RFC 9110 12.4.2): each item's value and
// its q weight. One reader for every such header.
#pragma once

#include <string_view>
#include <vector>

namespace gw {

struct WeightedItem {
  std::string_view value;  // trimmed, without its parameters
  int weight = 1000;       // q in thousandths; 1000 without one, -1 when unreadable
};

// The items of `header` in order; empty items are left out.
std::vector<WeightedItem> weighted_items(std::string_view header);

bool equal_ignoring_case(std::string_view a, std::string_view b);

}  // namespace gw
