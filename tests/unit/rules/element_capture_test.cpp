#include "rules/element_capture.h"

#include <doctest/doctest.h>

#include "core/element_tree.h"

namespace gw::rules {

TEST_CASE("a captured subtree writes a group only once a leaf below it is kept") {
  // Below .../CdtTrfTxInf (depth 4): PmtId with only a left-out EndToEndId
  // leaves nothing; Cdtr keeps its address but not its left-out name.
  ElementCapture capture;
  capture.start(4);
  ElementPath path{"Document", "CstmrCdtTrfInitn", "PmtInf", "CdtTrfTxInf"};
  const auto open = [&](const char* name) { path.emplace_back(name); };
  const auto close = [&] {
    capture.close(path);
    path.pop_back();
  };
  const auto keep = [&](const char* name, const char* value, const char* currency = "") {
    open(name);
    capture.leaf(path, value, currency);
    close();
  };
  open("PmtId");
  open("EndToEndId");  // left out: no leaf() call
  close();
  close();
  open("Amt");
  keep("EqvtAmt", "10.00", "USD");
  close();
  open("Cdtr");
  open("Nm");
  close();
  open("PstlAdr");
  keep("TwnNm", "Rīga");
  keep("Ctry", "LV");
  close();
  close();
  keep("ChrgBr", "SLEV");
  capture.close(path);  // the transaction itself closes: not part of its details
  const std::string stored = capture.take();
  const Element tree = decode_elements(stored);
  CHECK(tree.find("PmtId") == nullptr);
  CHECK(tree.text("Amt/EqvtAmt") == "10.00");
  CHECK(tree.find("Amt/EqvtAmt")->currency == "USD");
  CHECK(tree.find("Cdtr/Nm") == nullptr);
  CHECK(tree.text("Cdtr/PstlAdr/TwnNm") == "Rīga");
  CHECK(tree.text("Cdtr/PstlAdr/Ctry") == "LV");
  CHECK(tree.text("ChrgBr") == "SLEV");
  CHECK(encode_elements(tree) == stored);
  // The next transaction starts empty.
  CHECK(capture.take().empty());
}

}  // namespace gw::rules

namespace gw::rules {

TEST_CASE("a capture cut short still ends the groups it opened") {
  // What the fuzzer found: elements nested where they should not be, and the
  // document ending before they close.
  ElementCapture capture;
  capture.start(4);
  const ElementPath path{"Document", "CstmrCdtTrfInitn", "PmtInf", "Dbtr", "Nm", "PmtInf", "X"};
  capture.leaf(path, "v", "");
  const std::string stored = capture.take();
  CHECK(encode_elements(decode_elements(stored)) == stored);
  CHECK(decode_elements(stored).text("Nm/PmtInf/X") == "v");
}

}  // namespace gw::rules
