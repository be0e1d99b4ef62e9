#include "iso20022/schema_finding_text.h"

#include <doctest/doctest.h>

using gw::iso20022::readable_schema_text;

namespace {

std::string english(std::string_view message, std::string_view path) {
  return readable_schema_text(message, path).en;
}

}  // namespace

namespace {

bool has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("schema findings in words: a missing, misplaced or unknown element") {
  const auto missing = english(
      "element 'InitgPty' is not allowed for content model '(MsgId,CreDtTm,NbOfTxs,CtrlSum,"
      "InitgPty)'",
      "/Document/CstmrCdtTrfInitn/GrpHdr");
  CHECK(missing ==
        "GrpHdr/CtrlSum is missing before InitgPty (or out of order, or InitgPty comes twice): "
        "GrpHdr must have MsgId, CreDtTm, NbOfTxs, CtrlSum, InitgPty in this order. CtrlSum: the "
        "treasury guideline requires the sum of all InstdAmt of the file here.");
  CHECK(english("element 'Prtry' is not allowed for content model '(Cd|Prtry)'",
                "/Document/CstmrCdtTrfInitn/PmtInf/PmtTpInf/SvcLvl") ==
        "PmtInf/PmtTpInf/SvcLvl/Prtry is not allowed here: SvcLvl takes exactly one of Cd, Prtry.");
  const auto creditor = english(
      "element 'CdtrAcct' is not allowed for content model '(PmtId,PmtTpInf?,Amt,CdtrAgt?,Cdtr,"
      "CdtrAcct,RmtInf?)'",
      "/Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf");
  CHECK(has(creditor, "PmtInf/CdtTrfTxInf/Cdtr is missing before CdtrAcct"));
  CHECK(has(creditor, "must have PmtId, Amt, Cdtr, CdtrAcct in this order, optional elements"));
  CHECK(has(creditor, "Cdtr: the creditor (payee), at least its Nm."));
  const auto unknown = english("element 'Othr' is not allowed for content model '(IBAN)'",
                               "/Document/CstmrCdtTrfInitn/PmtInf/DbtrAcct/Id");
  CHECK(has(unknown,
            "PmtInf/DbtrAcct/Id/Othr is not allowed here: the treasury guideline's Id "
            "has IBAN. Remove Othr"));
  CHECK(english("not enough elements to match content model '(Id,Ccy?)'",
                "/Document/CstmrCdtTrfInitn/PmtInf/DbtrAcct") ==
        "PmtInf/DbtrAcct ends too early: it must have Id; one of them is missing.");
  CHECK(english("no declaration found for element 'Flr'",
                "/Document/CstmrCdtTrfInitn/PmtInf/Dbtr/PstlAdr") ==
        "Flr is not an element the treasury guideline allows in PmtInf/Dbtr/PstlAdr; remove it.");
}

TEST_CASE("schema findings in words: values, currencies, control characters, lengths") {
  CHECK(has(english("value 'JPY' not in enumeration",
                    "/Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Amt"),
            "currency JPY is not one the treasury pays in (EUR USD"));
  CHECK(english("value 'CHK' not in enumeration", "/Document/CstmrCdtTrfInitn/PmtInf/PmtMtd") ==
        "PmtInf/PmtMtd: 'CHK' is not one of the values the treasury guideline allows here.");
  CHECK(has(english("value 'A\tB' does not match regular expression facet '[^\\t\\n\\r-]+'",
                    "/Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Cdtr/Nm"),
            "holds a control character"));
  CHECK(has(english("value 'lv56' does not match regular expression facet "
                    "'[A-Z]{2,2}[0-9]{2,2}[a-zA-Z0-9]{1,30}'",
                    "/Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/CdtrAcct/Id/IBAN"),
            "CdtrAcct/Id/IBAN: 'lv56' is not in the form the guideline requires"));
  CHECK(english("value 'X' with length '36' exceeds maximum length facet of '35'",
                "/Document/CstmrCdtTrfInitn/GrpHdr/MsgId") ==
        "GrpHdr/MsgId: 'X' is 36 characters long; at most 35 are allowed.");
  // Anything else keeps Xerces' words.
  CHECK(english("something new", "/Document/X") == "something new");
}

TEST_CASE("schema findings in Latvian too: the same facts, the element names unchanged") {
  const auto missing = readable_schema_text(
      "element 'InitgPty' is not allowed for content model "
      "'(MsgId,CreDtTm,NbOfTxs,CtrlSum,InitgPty)'",
      "/Document/CstmrCdtTrfInitn/GrpHdr");
  CHECK(missing.lv.find("GrpHdr/CtrlSum trūkst pirms InitgPty") != std::string::npos);
  CHECK(missing.lv.find("visu faila InstdAmt summu") != std::string::npos);
  const auto too_long =
      readable_schema_text("value 'X' with length '36' exceeds maximum length facet of '35'",
                           "/Document/CstmrCdtTrfInitn/GrpHdr/MsgId");
  CHECK(too_long.lv == "GrpHdr/MsgId: 'X' garums ir 36 rakstzīmes; atļautas ne vairāk kā 35.");
  // Xerces' own words stay English only.
  CHECK(readable_schema_text("something new", "/Document/X").lv.empty());
}
