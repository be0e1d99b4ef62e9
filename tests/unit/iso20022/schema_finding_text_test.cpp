#include "iso20022/schema_finding_text.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "xml/schema_set.h"
#include "xml/xerces_runtime.h"

using gw::iso20022::length_overcounted;
using gw::iso20022::not_utf8_text;
using gw::iso20022::readable_schema_text;
using gw::iso20022::says_not_utf8;

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

TEST_CASE("schema findings in words: more of an element than the guideline takes") {
  // Xerces prints our XSDs' "at most 8" as "*": the sentence says the count,
  // which the validator reads from our own pain.001 XSD.
  gw::xml::XercesRuntime xerces;
  const auto schemas = gw::xml::SchemaSet::load(gw::xml::builtin_schemas()).value();
  const auto bound_at = [&](std::string_view path) {
    return [&schemas, path](std::string_view element) -> std::optional<std::size_t> {
      std::vector<std::string> segments;
      for (std::size_t at = 1; at < path.size();) {
        const std::size_t end = std::min(path.find('/', at), path.size());
        segments.emplace_back(path.substr(at, end - at));
        at = end + 1;
      }
      const std::size_t most = schemas->native_schema().most_of(
          "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03", segments, element);
      return most > 0 ? std::optional(most) : std::nullopt;
    };
  };
  const std::string_view org_id = "/Document/CstmrCdtTrfInitn/PmtInf/Dbtr/Id/OrgId";
  const std::string_view othr =
      "element 'Othr' is not allowed for content model '(BICOrBEI?,Othr*)'";
  CHECK(readable_schema_text(othr, org_id, bound_at(org_id)).en ==
        "PmtInf/Dbtr/Id/OrgId/Othr comes more than 8 times: the treasury guideline takes at most "
        "8 Othr in OrgId.");
  CHECK(readable_schema_text(othr, org_id, bound_at(org_id)).lv ==
        "PmtInf/Dbtr/Id/OrgId/Othr ir vairāk nekā 8 reizes: Valsts kases vadlīnijas "
        "pieļauj ne vairāk kā 8 Othr elementā OrgId.");
  // Followed by others in the model: it may also have come too early.
  const std::string_view address = "/Document/CstmrCdtTrfInitn/PmtInf/Dbtr/PstlAdr";
  CHECK(readable_schema_text("element 'AdrLine' is not allowed for content model "
                             "'(AdrTp?,StrtNm?,TwnNm?,Ctry?,AdrLine*,Extra?)'",
                             address, bound_at(address))
            .en ==
        "PmtInf/Dbtr/PstlAdr/AdrLine comes more than 7 times: the treasury guideline takes at "
        "most 7 AdrLine in PstlAdr. If there are fewer, it is out of order: PstlAdr has AdrTp "
        "(optional), StrtNm (optional), TwnNm (optional), Ctry (optional), AdrLine (optional), "
        "Extra (optional) in this order.");
  // ISO's counts the XSD lowers elsewhere, read from it as well.
  const std::string_view remittance = "/Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/RmtInf";
  CHECK(has(readable_schema_text("element 'Ustrd' is not allowed for content model "
                                 "'(Ustrd*,Strd*)'",
                                 remittance, bound_at(remittance))
                .en,
            "RmtInf/Ustrd comes more than 99 times"));
  // An element unbounded in the XSD keeps the usual sentence; so does any
  // element when nobody can tell the count.
  CHECK(has(readable_schema_text("element 'Nm' is not allowed for content model '(Nm?,Othr*)'",
                                 org_id, bound_at(org_id))
                .en,
            "out of order"));
  CHECK(has(english(othr, org_id), "out of order"));
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

TEST_CASE("schema findings in words: dates, numbers, booleans of the wrong form") {
  const std::string_view created = "/Document/CstmrCdtTrfInitn/GrpHdr/CreDtTm";
  CHECK(english("missing 'T' separator in dateTime value '2026-11-23X09:15:00'", created) ==
        "GrpHdr/CreDtTm: '2026-11-23X09:15:00' is not a valid date and time; write it as "
        "YYYY-MM-DDThh:mm:ss, e.g. 2026-11-23T09:15:00.");
  CHECK(has(english("hours value '2026-11-23T25:00:00' must be between 0 and 23", created),
            "is not a valid date and time"));
  const std::string_view execution = "/Document/CstmrCdtTrfInitn/PmtInf/ReqdExctnDt";
  CHECK(english("month value '2026-13-01' must be between 1 and 12", execution) ==
        "PmtInf/ReqdExctnDt: '2026-13-01' is not a valid date; write it as YYYY-MM-DD, e.g. "
        "2026-11-23.");
  CHECK(
      has(english("incomplete date value '2026-12'", execution), "'2026-12' is not a valid date;"));
  CHECK(
      has(english("value 'nav' is invalid boolean", "/Document/CstmrCdtTrfInitn/PmtInf/BtchBookg"),
          "PmtInf/BtchBookg: 'nav' is not true or false"));
  // The element decides: a date where a date and time belongs, and the reverse.
  CHECK(has(english("missing 'T' separator in dateTime value '2026-11-23'", created),
            "GrpHdr/CreDtTm: '2026-11-23' is not a valid date and time; write it as "
            "YYYY-MM-DDThh:mm:ss"));
  CHECK(has(english("time zone expected in '2026-12-01T10:00:00'", execution),
            "PmtInf/ReqdExctnDt: '2026-12-01T10:00:00' is not a valid date; write it as "
            "YYYY-MM-DD"));
  CHECK(has(english("illegal year value '0000-12-01'", execution),
            "'0000-12-01' is not a valid date;"));
  CHECK(has(english("year value '26-12-01' must follow 'CCYY' format", execution),
            "'26-12-01' is not a valid date;"));
  // Numbers: Xerces names no value.
  const std::string_view amount = "/Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Amt/InstdAmt";
  CHECK(english("more than one decimal point encountered", amount) ==
        "PmtInf/CdtTrfTxInf/Amt/InstdAmt: the value is not a number as XML writes it: digits with "
        "one point before the decimals (e.g. 1500.00), no spaces, commas or thousands "
        "separators.");
  CHECK(english("empty string encountered", amount) ==
        "PmtInf/CdtTrfTxInf/Amt/InstdAmt is empty; it needs a number, e.g. 1500.00.");
}

TEST_CASE("schema findings in words: ranges, digits, short values") {
  const std::string_view amount = "/Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Amt/InstdAmt";
  CHECK(english("value '-1500.00' must be greater than or equal to minInclusive facet value '0'",
                amount) ==
        "PmtInf/CdtTrfTxInf/Amt/InstdAmt: '-1500.00' is out of range; it must be at least 0.");
  CHECK(has(english("value '7' must be less than maxExclusive facet value '7'", amount),
            "it must be less than 7."));
  CHECK(english("value '150000000000000000000.00' has '21' total digits which exceeds "
                "totalDigits facet value '18'",
                amount) ==
        "PmtInf/CdtTrfTxInf/Amt/InstdAmt: '150000000000000000000.00' has 21 digits; at most 18 "
        "are allowed.");
  CHECK(has(english("value '1.234' has '3' fraction digits which exceeds fractionDigits facet "
                    "value '2'",
                    amount),
            "'1.234' has 3 digits after the point; at most 2 are allowed."));
  CHECK(english("value '' has length '0' which is less than minLength facet value '1'",
                "/Document/CstmrCdtTrfInitn/GrpHdr/InitgPty/Nm") ==
        "GrpHdr/InitgPty/Nm is empty; it needs at least 1 character(s).");
  CHECK(has(english("value 'ABC' has length '3' which exceeds maxLength facet value '2'",
                    "/Document/CstmrCdtTrfInitn/PmtInf/Dbtr/PstlAdr/Ctry"),
            "'ABC' is 3 characters long; at most 2 are allowed."));
}

TEST_CASE("schema findings in words: attributes, stray text, broken XML") {
  const std::string_view amount = "/Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Amt";
  CHECK(has(english("missing required attribute 'Ccy'", amount),
            "an amount lacks its currency; write it as <InstdAmt Ccy=\"EUR\">"));
  CHECK(english("attribute 'X' is not declared for element 'InstdAmt'", amount) ==
        "PmtInf/CdtTrfTxInf/Amt: InstdAmt may not have the attribute X; remove it.");
  CHECK(english("no character data is allowed by content model",
                "/Document/CstmrCdtTrfInitn/PmtInf/DbtrAgt") ==
        "PmtInf/DbtrAgt holds text between its elements, where only elements may stand; remove "
        "the text.");
  CHECK(english("expected end of tag 'PmtMtd'", "/Document/CstmrCdtTrfInitn/PmtInf/PmtMtd") ==
        "The file is not well-formed XML here: the end tag </PmtMtd> is missing or misspelt.");
  CHECK(has(english("entity 'bad' not found", "/Document/CstmrCdtTrfInitn/GrpHdr/InitgPty/Nm"),
            "&bad; is not an XML entity"));
  CHECK(has(english("unterminated end tag 'Nm'", "/Document/CstmrCdtTrfInitn/GrpHdr/InitgPty/Nm"),
            "a tag of Nm is not closed with '>'"));
  CHECK(has(english("prefix 'a' can not be resolved to namespace URI", "/Document/X"),
            "the prefix a: is not declared (xmlns:a=\"...\")"));
  CHECK(has(english("invalid character encountered",
                    "/Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Amt/InstdAmt"),
            "PmtInf/CdtTrfTxInf/Amt/InstdAmt: the value is not a number as XML writes it"));
}

TEST_CASE("the rarer XML faults in words too, none left in Xerces' English") {
  // Each message as Xerces writes it (seen in the fuzzers' corpus), and what
  // our sentence must say.
  const std::vector<std::pair<std::string, std::string>> faults = {
      {"expected entity name for reference", "a '&' is not followed by an entity name"},
      {"invalid character 0x1F", "the character 0x1F, which XML does not allow"},
      {"element name expected", "a '<' is not followed by an element name"},
      {"invalid element name 'a:b:c'", "'a:b:c' is not a valid element name"},
      {"attribute name expected", "attributes are not written as name=\"value\""},
      {"attribute value expected", "attributes are not written as name=\"value\""},
      {"equal sign expected", "a space or '=' is missing between attributes"},
      {"whitespace expected", "a space or '=' is missing between attributes"},
      {"quoted string expected", "must begin with <?xml"},
      {"expected version, encoding, or standalone declaration", "must begin with <?xml"},
      {"unterminated XML declaration", "must begin with <?xml"},
      {"processing instruction cannot start with 'xml'", "and nothing before it"},
      {"processing instruction cannot start with 'XmL'", "and nothing before it"},
      {"input ended before all started tags were ended; last tag started is 'PmtInf'",
       "the file ends before </PmtInf>: it was cut short"},
      {"unexpected end of input", "the file ends early"},
      {"invalid document structure", "besides the one root element <Document>"},
      {"comment or processing instruction expected", "markup other than elements"},
      {"processing instruction name expected", "markup other than elements"},
  };
  for (const auto& fault : faults) {
    const std::string& message = fault.first;
    const std::string& expected = fault.second;
    CAPTURE(message);
    const auto text = readable_schema_text(message, "/Document/CstmrCdtTrfInitn");
    CHECK(text.en.rfind("The file is not well-formed XML here: ", 0) == 0);
    CHECK_MESSAGE(has(text.en, expected), text.en);
    CHECK(text.lv.rfind("Fails šeit nav pareizi veidots XML: ", 0) == 0);
    CHECK_FALSE(has(text.lv, "angliski"));
  }
  const auto namespace_text = readable_schema_text("grammar not found for namespace 'urn:x'",
                                                   "/Document/CstmrCdtTrfInitn/GrpHdr");
  CHECK(namespace_text.en ==
        "GrpHdr: the namespace 'urn:x' is not one of the messages the treasury "
        "takes; check the xmlns here and on the root element.");
  CHECK(has(namespace_text.lv, "vārdtelpa 'urn:x'"));
  CHECK(has(english("empty content is not valid for content model '(Cd|Prtry)'",
                    "/Document/CstmrCdtTrfInitn/PmtInf/PmtTpInf/SvcLvl"),
            "SvcLvl"));
  // Another kind still says it is Xerces' English.
  CHECK(readable_schema_text("something new", "/Document").lv ==
        "XML kļūda (angliski): something new");
}

TEST_CASE("the first byte that is not UTF-8, in words") {
  // Characters, as a pain.002 AddtlInf counts them.
  const auto characters = [](const std::string& text) {
    return std::count_if(text.begin(), text.end(),
                         [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
  };
  gw::Utf8Locator::Fault fault;
  fault.line = 12;
  fault.column = 17;
  fault.byte = 0xE2;
  fault.before = "\t  <Nm>J\x01\xEF\xBF\xBF";  // U+FFFF: not in XML either
  const auto text = not_utf8_text(fault);
  CHECK(text.en ==
        "Not UTF-8: the byte 0xE2 after '<Nm>J?"
        "?'. Save the file as UTF-8, not e.g. Windows-1257.");
  CHECK(text.lv ==
        "Nav UTF-8: baits 0xE2 pēc '<Nm>J?"
        "?'. Saglabājiet failu UTF-8, nevis piem. Windows-1257.");
  // The whole advice fits a pain.002 AddtlInf (105 characters), with 16 of context.
  fault.before = std::string(16, 'x');
  CHECK(characters(not_utf8_text(fault).en) <= 105);
  CHECK(characters(not_utf8_text(fault).lv) <= 105);
  fault.before.clear();
  CHECK(has(not_utf8_text(fault).en, "the byte 0xE2 at the start of a line"));
  CHECK(has(not_utf8_text(std::nullopt).en, "The XML declaration cannot be read"));
  // Every way Xerces says it.
  for (const char* message :
       {"invalid byte '\xC2\x84' at position 1 of a 1-byte sequence",
        "invalid bytes '\xC3\xB0' and 'v' of a 4-byte sequence",
        "irregular bytes '\xC3\xAD' and '\xC2\xA0' of a 3-byte sequence",
        "invalid multi-byte sequence", "exceeded byte limit at byte 'x' in a 5-byte sequence",
        "unable to decode first line in entity '/var/lib/gateway/spool/17'"}) {
    CAPTURE(message);
    CHECK(says_not_utf8(message));
  }
  CHECK_FALSE(says_not_utf8("invalid character 0x0"));
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
  // Each kind above has its Latvian sentence.
  const std::string_view amount = "/Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Amt/InstdAmt";
  CHECK(readable_schema_text("month value '2026-13-01' must be between 1 and 12",
                             "/Document/CstmrCdtTrfInitn/PmtInf/ReqdExctnDt")
            .lv ==
        "PmtInf/ReqdExctnDt: '2026-13-01' nav derīgs datums; rakstiet to kā GGGG-MM-DD, "
        "piemēram, 2026-11-23.");
  CHECK(readable_schema_text(
            "value '-1' must be greater than or equal to minInclusive facet value '0'", amount)
            .lv == "PmtInf/CdtTrfTxInf/Amt/InstdAmt: '-1' ir ārpus robežām; tam jābūt vismaz 0.");
  CHECK(readable_schema_text("value 'ja' is invalid boolean", "/Document/A/B/BtchBookg")
            .lv.find("nav true vai false") != std::string::npos);
  CHECK(
      readable_schema_text("missing required attribute 'Ccy'", amount).lv.find("trūkst valūtas") !=
      std::string::npos);
  CHECK(readable_schema_text("expected end of tag 'PmtMtd'", "/Document/A/PmtInf/PmtMtd")
            .lv.find("nav pareizi veidots XML") != std::string::npos);
  // Xerces' own words for a rare kind: quoted, after a Latvian sentence saying what they are.
  CHECK(readable_schema_text("something new", "/Document/X").lv ==
        "XML kļūda (angliski): something new");
  CHECK(readable_schema_text("value 'ABCDEFGHIJKL' has '12' total digits which exceeds "
                             "totalDigits facet value '11'",
                             "/Document/A/B/Amt")
            .lv == "B/Amt: 'ABCDEFGHIJKL' ciparu skaits ir 12; atļauts ne vairāk kā 11.");
}

TEST_CASE("a length Xerces counts in UTF-16 units is told apart from a value really too long") {
  // 136 A + "ns " + U+1F600: 140 characters, which Xerces counts as 141.
  const std::string name = std::string(136, 'A') + "ns \xF0\x9F\x98\x80";
  const auto message = [](const std::string& value, std::string_view length,
                          std::string_view bound) {
    return "value '" + value + "' with length '" + std::string(length) +
           "' exceeds maximum length facet of '" + std::string(bound) + "'";
  };
  CHECK(length_overcounted(message(name, "141", "140"), 140));
  CHECK(length_overcounted(
      "value '" + name + "' has length '141' which exceeds maxLength facet value '140'", 140));
  CHECK_FALSE(length_overcounted(message(name + "x", "142", "140"), 140));
  CHECK_FALSE(length_overcounted(message(std::string(141, 'a'), "141", "140"), 140));
  CHECK_FALSE(length_overcounted("value 'JPY' not in enumeration", 140));
  // A bound other than the element's, or a message Xerces may have cut (the
  // rest then being the value's own text), is not believed.
  CHECK_FALSE(length_overcounted(message(name, "141", "99999"), 140));
  CHECK_FALSE(length_overcounted(message("x", "1", "99999999999999999999999"), 140));
  CHECK_FALSE(
      length_overcounted(message(std::string(2100, 'A') + "' with length '1", "1", "140"), 140));
}

TEST_CASE("schema findings in words: an element missing at the end is named") {
  CHECK(english("missing elements in content model '(MsgId,CreDtTm,NbOfTxs,CtrlSum,InitgPty)'",
                "/Document/CstmrCdtTrfInitn/GrpHdr")
            .starts_with("GrpHdr ends too early"));
}
