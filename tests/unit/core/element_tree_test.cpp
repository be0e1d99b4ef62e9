#include "core/element_tree.h"

#include <doctest/doctest.h>

namespace gw {
namespace {

Element leaf(std::string name, std::string value, std::string currency = "") {
  return Element{std::move(name), std::move(value), std::move(currency), {}};
}

Element group(std::string name, std::vector<Element> children) {
  return Element{std::move(name), "", "", std::move(children)};
}

}  // namespace

TEST_CASE("an element tree survives its encoding: names, texts, currencies, repeats, order") {
  Element root;
  root.children = {
      group("Cdtr", {leaf("Nm", "SIA \"Ūdens\" & Co <x>"),
                     group("PstlAdr", {leaf("Ctry", "LV"), leaf("AdrLine", "Brīvības iela 1"),
                                       leaf("AdrLine", "Rīga")})}),
      group("Amt", {leaf("EqvtAmt", "12.50", "USD")}),
      leaf("ChrgBr", "SHAR"),
  };
  const std::string stored = encode_elements(root);
  CHECK(stored.find('<') != std::string::npos);  // texts are kept as they are, not escaped
  const Element back = decode_elements(stored);
  CHECK(encode_elements(back) == stored);
  REQUIRE(back.children.size() == 3);
  CHECK(back.text("Cdtr/Nm") == "SIA \"Ūdens\" & Co <x>");
  CHECK(back.text("Cdtr/PstlAdr/Ctry") == "LV");
  const auto* address = back.find("Cdtr/PstlAdr");
  REQUIRE(address != nullptr);
  const auto lines = address->all("AdrLine");
  REQUIRE(lines.size() == 2);
  CHECK(lines[1]->value == "Rīga");
  CHECK(back.find("Amt/EqvtAmt")->currency == "USD");
  CHECK(back.text("ChrgBr") == "SHAR");
  CHECK(back.find("Cdtr/Id") == nullptr);
  CHECK(back.text("Nothing/Here").empty());
}

TEST_CASE("an empty or broken element encoding reads as what came before the break") {
  CHECK(decode_elements("").children.empty());
  // Two leaves, then a group that never ends and a leaf cut short.
  const Element cut = decode_elements(
      "A\x1f"
      "1\x1e"
      "B\x1f"
      "2\x1e"
      "C\x1d"
      "D\x1f"
      "3");
  REQUIRE(cut.children.size() >= 2);
  CHECK(cut.text("A") == "1");
  CHECK(cut.text("B") == "2");
  CHECK(cut.text("C/D").empty());
  // More group ends than starts stop the reading.
  const Element extra = decode_elements(
      "A\x1f"
      "1\x1e\x1c"
      "B\x1f"
      "2\x1e");
  CHECK(extra.children.size() == 1);
}

TEST_CASE("a payment's UETR is read from its details only in ISO's UUIDv4 shape") {
  const auto details = [](std::string uetr) {
    Element root;
    root.children = {group("PmtId", {leaf("InstrId", "I-1"), leaf("UETR", std::move(uetr))})};
    return encode_elements(root);
  };
  CHECK(payment_uetr(details("8a562c67-ca16-48ba-b074-65581be6f011")) ==
        "8a562c67-ca16-48ba-b074-65581be6f011");
  CHECK(payment_uetr(details("8A562C67-CA16-48BA-B074-65581BE6F011")).empty());  // upper case
  CHECK(payment_uetr(details("8a562c67-ca16-38ba-b074-65581be6f011")).empty());  // version 3
  CHECK(payment_uetr(details("8a562c67-ca16-48ba-c074-65581be6f011")).empty());  // variant c
  CHECK(payment_uetr(details("8a562c67ca1648bab07465581be6f011")).empty());      // no hyphens
  CHECK(payment_uetr("").empty());
  Element without;
  without.children = {group("PmtId", {leaf("InstrId", "I-1")})};
  CHECK(payment_uetr(encode_elements(without)).empty());
}

}  // namespace gw
