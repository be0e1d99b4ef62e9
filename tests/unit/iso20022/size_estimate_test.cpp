// The size of a pain.001 sent without a length, estimated from its beginning
// (iso20022/size_estimate.h): close to the real size for a file like a salary
// run, nothing when the beginning cannot say, never an overflow.
#include "iso20022/size_estimate.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

#include "support/pain001_builder.h"

using namespace gw;

namespace {

std::string replaced_all(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// How far the estimate is from the real size, as a fraction of it.
double error_of(std::uint64_t estimate, std::size_t real) {
  return (static_cast<double>(estimate) - static_cast<double>(real)) / static_cast<double>(real);
}

}  // namespace

TEST_CASE("a salary run's size is estimated from its first transactions") {
  const std::string xml = test::build_pain001("M-SIZE", test::numbered_blocks(3, 500));
  REQUIRE(xml.size() > 200'000);
  // From its first 10 % (about 150 transactions), from half, and from all of it.
  for (const std::size_t part : {xml.size() / 10, xml.size() / 2, xml.size()}) {
    CAPTURE(part);
    const auto estimate = iso20022::estimate_pain001_size(std::string_view(xml).substr(0, part));
    REQUIRE(estimate.has_value());
    CHECK(std::abs(error_of(*estimate, xml.size())) < 0.02);
  }
  // Names with a namespace prefix count alike.
  std::string prefixed = replaced_all(xml, "<CdtTrfTxInf>", "<p:CdtTrfTxInf>");
  prefixed = replaced_all(prefixed, "</CdtTrfTxInf>", "</p:CdtTrfTxInf>");
  prefixed = replaced_all(prefixed, "<NbOfTxs>", "<p:NbOfTxs>");
  const auto of_prefixed =
      iso20022::estimate_pain001_size(std::string_view(prefixed).substr(0, prefixed.size() / 10));
  REQUIRE(of_prefixed.has_value());
  CHECK(std::abs(error_of(*of_prefixed, prefixed.size())) < 0.02);
}

TEST_CASE("only start tags of CdtTrfTxInf and the group header's NbOfTxs are counted") {
  const std::string head = "<Document><CstmrCdtTrfInitn><GrpHdr><NbOfTxs>4</NbOfTxs></GrpHdr>";
  const std::string tx = "<CdtTrfTxInf><Amt>1</Amt></CdtTrfTxInf>";  // 39 bytes
  // Four announced, two begun 39 bytes apart: the first's offset and four of 39.
  CHECK(iso20022::estimate_pain001_size(head + tx + tx) == head.size() + 4 * tx.size());
  // End tags, longer names and text that merely looks like a name are not transactions.
  const std::string noise = "<Ustrd>a CdtTrfTxInf> b:CdtTrfTxInf></Ustrd><XCdtTrfTxInf/>";
  CHECK(iso20022::estimate_pain001_size(head + tx + noise + tx) ==
        head.size() + 4 * (tx.size() + noise.size()));
  // A block's NbOfTxs after the first transaction is not the group's.
  const std::string no_group_count = "<Document><CstmrCdtTrfInitn><GrpHdr></GrpHdr>";
  CHECK_FALSE(iso20022::estimate_pain001_size(no_group_count + tx + "<NbOfTxs>9</NbOfTxs>" + tx));
  // Fewer than two transactions begun, or no digits: nothing to go by.
  CHECK_FALSE(iso20022::estimate_pain001_size(head + tx));
  CHECK_FALSE(iso20022::estimate_pain001_size(head));
  CHECK_FALSE(iso20022::estimate_pain001_size(""));
  CHECK_FALSE(
      iso20022::estimate_pain001_size("<GrpHdr><NbOfTxs>four</NbOfTxs></GrpHdr>" + tx + tx));
}

TEST_CASE("an announced count too large for the file saturates instead of overflowing") {
  const std::string head = "<GrpHdr><NbOfTxs>999999999999999</NbOfTxs></GrpHdr>";
  const std::string small = "<CdtTrfTxInf/>";
  const auto big =
      iso20022::estimate_pain001_size(head + "<CdtTrfTxInf>" + std::string(30, 'x') + small);
  REQUIRE(big.has_value());
  CHECK(*big > std::uint64_t{1} << 40);  // far past any body limit: no early validation
  // 20,000 bytes apart: 10^15 of them would not fit in 64 bits.
  const auto saturated =
      iso20022::estimate_pain001_size(head + "<CdtTrfTxInf>" + std::string(20'000, 'x') + small);
  CHECK(saturated == std::numeric_limits<std::uint64_t>::max());
}
