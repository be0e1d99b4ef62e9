// The compact form in which a payment's remittance and purpose travel from
// the pain.001 to the statements.
#include "core/remittance.h"

#include <doctest/doctest.h>

using namespace gw;

TEST_CASE("remittance: everything a payment carries comes back as it went in") {
  Remittance r;
  r.unstructured = {"Nodokļu maksājums", "2026. gada novembris"};
  StructuredRemittance tax;
  tax.creditor_reference.type = {"SCOR", false};
  tax.creditor_reference.issuer = "VID";
  tax.creditor_reference.reference = "RF18539007547034";
  tax.additional = {"EKK 1.1.1.0", "periods 2026-11"};
  StructuredRemittance invoice;
  invoice.creditor_reference.type = {"Rēķins", true};
  invoice.creditor_reference.reference = "INV-7";
  r.structured = {tax, invoice, StructuredRemittance{}};
  r.purpose = {"TAXS", false};
  const auto back = decode_remittance(encode_remittance(r));
  CHECK(back.unstructured == r.unstructured);
  REQUIRE(back.structured.size() == 3);
  CHECK(back.structured[0].creditor_reference.type.value == "SCOR");
  CHECK_FALSE(back.structured[0].creditor_reference.type.proprietary);
  CHECK(back.structured[0].creditor_reference.issuer == "VID");
  CHECK(back.structured[0].creditor_reference.reference == "RF18539007547034");
  CHECK(back.structured[0].additional == tax.additional);
  CHECK(back.structured[1].creditor_reference.type.proprietary);
  CHECK(back.structured[1].creditor_reference.type.value == "Rēķins");
  CHECK(back.structured[2].creditor_reference.empty());
  CHECK(back.purpose.value == "TAXS");
  CHECK_FALSE(back.purpose.proprietary);
}

TEST_CASE("remittance: one line is stored as itself, and plain stored text reads as one line") {
  Remittance one;
  one.unstructured = {"Rēķins 42"};
  CHECK(encode_remittance(one) == "Rēķins 42");
  CHECK(encode_remittance(Remittance{}).empty());
  CHECK(decode_remittance("").empty());
  const auto legacy = decode_remittance("Alga par novembri");  // a row from before the encoding
  CHECK(legacy.unstructured == std::vector<std::string>{"Alga par novembri"});
  CHECK(legacy.structured.empty());
  // A purpose alone, or an empty line, is not mistaken for plain text.
  Remittance purpose_only;
  purpose_only.purpose = {"SALA", false};
  CHECK(decode_remittance(encode_remittance(purpose_only)).purpose.value == "SALA");
  Remittance empty_line;
  empty_line.unstructured = {""};
  CHECK(decode_remittance(encode_remittance(empty_line)).unstructured.size() == 1);
}

TEST_CASE("remittance: referred documents stay with their Strd, in order") {
  Remittance r;
  StructuredRemittance invoices;
  invoices.referred = {ReferredDocument{{"CINV", false}, "", "2026-77", "2026-11-15"},
                       ReferredDocument{{"Līgums", true}, "Iestāde", "L-3", ""}};
  StructuredRemittance reference;
  reference.creditor_reference.reference = "RF18539007547034";
  r.structured = {invoices, reference};
  const Remittance back = decode_remittance(encode_remittance(r));
  REQUIRE(back.structured.size() == 2);
  REQUIRE(back.structured[0].referred.size() == 2);
  CHECK(back.structured[0].referred[0].type.value == "CINV");
  CHECK_FALSE(back.structured[0].referred[0].type.proprietary);
  CHECK(back.structured[0].referred[0].number == "2026-77");
  CHECK(back.structured[0].referred[0].date == "2026-11-15");
  CHECK(back.structured[0].referred[1].type.proprietary);
  CHECK(back.structured[0].referred[1].issuer == "Iestāde");
  CHECK(back.structured[0].referred[1].date.empty());
  CHECK(back.structured[1].referred.empty());
  CHECK(back.structured[1].creditor_reference.reference == "RF18539007547034");
}
