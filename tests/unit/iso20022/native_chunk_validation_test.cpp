// Chunks validated without Xerces (native_chunk_validation.h) must vouch for
// valid payment files, and must never pass what Xerces refuses: every kind
// of problem below is checked against the one pass as well.
#include "iso20022/native_chunk_validation.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "iso20022/message_validator.h"
#include "rules/payment_recorder.h"
#include "support/pain001_builder.h"
#include "support/temp_dir.h"
#include "xml/namespace_alias.h"
#include "xml/xerces_runtime.h"

using namespace gw;
using Verdict = iso20022::NativeChunkOutcome::Verdict;

namespace {

const CivilDate kToday = std::chrono::year{2026} / 11 / 23;

struct Fixture {
  xml::XercesRuntime xerces;
  std::unique_ptr<xml::SchemaSet> schemas = xml::SchemaSet::load(xml::builtin_schemas()).value();
  TempDir dir;
  iso20022::ValidationLimits limits;

  // `xml` as a chunk sees it: its root's namespace declarations under our aliases.
  iso20022::NativeChunkOutcome native(const std::string& xml, std::size_t read_size = 1 << 20) {
    const xml::AliasOf alias_of = [&](std::string_view ns) { return schemas->chunk_alias(ns); };
    const auto root = xml::alias_root_namespaces(xml, alias_of);
    if (!root) {  // as the chunk plan: no chunks at all
      iso20022::NativeChunkOutcome none;
      none.gave_up_on = "no root start tag to alias";
      return none;
    }
    const std::string doc = root->text + xml.substr(root->end);
    std::size_t at = 0;
    const auto read = [&](char* into, std::size_t max) {
      const std::size_t n = std::min({max, read_size, doc.size() - at});
      std::memcpy(into, doc.data() + at, n);
      at += n;
      return n;
    };
    rules::ValidationReport report;
    rules::PaymentRecorder payments;
    const std::atomic<bool> abandoned{false};
    return iso20022::validate_chunk_natively(*schemas, limits, read, root->renamed, kToday, report,
                                             &payments, abandoned);
  }
  // What Xerces says in one pass.
  bool one_pass_accepts(const std::string& xml) {
    const auto path = dir.path() / "one.xml";
    std::ofstream(path, std::ios::binary) << xml;
    iso20022::ValidationLimits one = limits;
    one.chunks = 1;
    one.native_chunks = false;  // else a file of one piece is validated natively first
    return iso20022::MessageValidator(*schemas, one).validate_file(path, kToday).accepted();
  }
};

std::string replaced(std::string s, std::string_view from, std::string_view to) {
  const auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("a valid file passes natively, read in any pieces, with Xerces' counts") {
  Fixture fx;
  const std::string xml = test::build_pain001("M-NATIVE", test::numbered_blocks(3, 40));
  REQUIRE(fx.one_pass_accepts(xml));
  for (const std::size_t pieces :
       {std::size_t{1} << 20, std::size_t{4096}, std::size_t{7}, std::size_t{1}}) {
    CAPTURE(pieces);
    const auto outcome = fx.native(xml, pieces);
    CHECK(outcome.gave_up_on == "");
    CHECK(outcome.gave_up_at == "");
    CHECK(outcome.verdict == Verdict::kPassed);
    CHECK(outcome.tally.group.count == 120);
    CHECK(outcome.tally.end_to_end_ids.size() == 120);
  }
}

TEST_CASE("what Xerces would refuse is never passed natively") {
  Fixture fx;
  const std::string xml = test::build_pain001("M-BAD", test::numbered_blocks(1, 3));
  REQUIRE(fx.one_pass_accepts(xml));
  const std::vector<std::pair<std::string, std::string>> cases{
      {"a required element missing", replaced(xml, "<NbOfTxs>3</NbOfTxs>", "")},
      {"elements out of order", replaced(replaced(xml, "<NbOfTxs>3</NbOfTxs>", ""), "<CreDtTm>",
                                         "<NbOfTxs>3</NbOfTxs><CreDtTm>")},
      {"an element missing from a block", replaced(xml, "<PmtMtd>TRF</PmtMtd>", "")},
      {"an undeclared element",
       replaced(xml, "<PmtMtd>TRF</PmtMtd>", "<PmtMtd>TRF</PmtMtd><Extra/>")},
      {"a value too long",
       replaced(xml, "<MsgId>M-BAD</MsgId>", "<MsgId>" + std::string(36, 'A') + "</MsgId>")},
      {"an empty value", replaced(xml, "<MsgId>M-BAD</MsgId>", "<MsgId></MsgId>")},
      {"a code not in the list", replaced(xml, "<PmtMtd>TRF</PmtMtd>", "<PmtMtd>XXX</PmtMtd>")},
      {"too many decimals", replaced(xml, "Ccy=\"EUR\">1.00<", "Ccy=\"EUR\">1.000001<")},
      {"a value too long in characters",
       replaced(xml, "<MsgId>M-BAD</MsgId>", "<MsgId>" + std::string(36, 'A') + "</MsgId>")},
      {"a negative amount", replaced(xml, "Ccy=\"EUR\">", "Ccy=\"EUR\">-")},
      {"a day that does not exist", replaced(xml, "2026-11-24", "2026-02-30")},
      {"a time that does not exist", replaced(xml, "T10:00:00", "T24:00:01")},
      {"a time zone that does not exist", replaced(xml, "T10:00:00", "T10:00:00+15:00")},
      {"a currency in lower case", replaced(xml, "Ccy=\"EUR\"", "Ccy=\"eur\"")},
      {"the currency missing", replaced(xml, " Ccy=\"EUR\"", "")},
      {"an undeclared attribute", replaced(xml, "<PmtMtd>", "<PmtMtd x=\"1\">")},
      {"an undeclared prefix", replaced(xml, "<PmtMtd>TRF</PmtMtd>", "<p:PmtMtd>TRF</p:PmtMtd>")},
      {"an end tag that does not match", replaced(xml, "</PmtMtd>", "</PmtMt>")},
      {"an unknown entity", replaced(xml, "<MsgId>M-BAD", "<MsgId>M-&bad;")},
      {"a control character", replaced(xml, "<MsgId>M-BAD", "<MsgId>M-\x01")},
      {"bytes that are not UTF-8", replaced(xml, "<MsgId>M-BAD", "<MsgId>M-\xC3\x28")},
      {"text between child elements", replaced(xml, "<PmtMtd>", "x<PmtMtd>")},
      {"the document cut short", xml.substr(0, xml.size() - 20)},
      {"something after the root", xml + "<More/>"},
      {"a repeated attribute", replaced(xml, "Ccy=\"EUR\"", "Ccy=\"EUR\" Ccy=\"EUR\"")},
      {"]]> in text", replaced(xml, "<MsgId>M-BAD", "<MsgId>M-]]>")},
      {"xsi:type", replaced(xml, "<GrpHdr>",
                            "<GrpHdr xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                            "xsi:type=\"GroupHeader32\">")},
  };
  for (const auto& c : cases) {
    const std::string& what = c.first;
    CAPTURE(what);
    const auto outcome = fx.native(c.second);
    CHECK(outcome.verdict != Verdict::kPassed);
    CHECK_FALSE(fx.one_pass_accepts(c.second));
  }
  // 35 characters, one beyond U+FFFF (36 UTF-16 units, which Xerces counts):
  // XSD's length, taken by both.
  const auto emoji = replaced(xml, "<MsgId>M-BAD</MsgId>",
                              "<MsgId>" + std::string(34, 'A') + "\U0001F600</MsgId>");
  CHECK(fx.one_pass_accepts(emoji));
  CHECK(fx.native(emoji).verdict == Verdict::kPassed);
}

TEST_CASE("markup it does not model is given up, not judged") {
  Fixture fx;
  const std::string xml = test::build_pain001("M-GIVE-UP", test::numbered_blocks(1, 3));
  const std::vector<std::pair<std::string, std::string>> cases{
      {"a comment", replaced(xml, "<PmtMtd>", "<!-- c --><PmtMtd>")},
      {"CDATA", replaced(xml, "<MsgId>M-GIVE-UP", "<MsgId><![CDATA[M-GIVE-UP]]>")},
      {"a processing instruction", replaced(xml, "<PmtMtd>", "<?pi x?><PmtMtd>")},
      {"a DOCTYPE", replaced(xml, "<Document", "<!DOCTYPE Document><Document")},
      {"a carriage return in a value", replaced(xml, "Kreditors 0", "Kreditors\r0")},
      {"a tab in an attribute value", replaced(xml, "Ccy=\"EUR\"", "Ccy=\"\tEUR\"")},
  };
  for (const auto& c : cases) {
    const std::string& what = c.first;
    CAPTURE(what);
    const auto outcome = fx.native(c.second);
    CHECK(outcome.verdict == Verdict::kGaveUp);
    CHECK(outcome.gave_up_on != "");
  }
  // Line ends and references Xerces reads as the same text are taken.
  const std::string windows = [&] {
    std::string s;
    for (const char c : xml) {
      if (c == '\n') s += '\r';
      s += c;
    }
    return s;
  }();
  CHECK(fx.native(windows).verdict == Verdict::kPassed);
  CHECK(fx.native(replaced(xml, "Kreditors 0", "Kreditors&#32;&#x30;")).verdict ==
        Verdict::kPassed);
}

TEST_CASE("the real-world samples: whatever passes natively, Xerces accepts") {
  Fixture fx;
  std::size_t passed = 0;
  std::size_t files = 0;
  for (const auto& dir : {"../shared/iso20022/samples/pain.001", "samples/pain.001"}) {
    const auto path = std::filesystem::path(GW_SOURCE_DIR) / dir;
    if (!std::filesystem::exists(path)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      const auto outcome = fx.native(text.str());
      CAPTURE(entry.path().string());
      CAPTURE(outcome.gave_up_on);
      CAPTURE(outcome.gave_up_at);
      ++files;
      // Totals are checked when the chunks are joined.
      if (outcome.verdict == Verdict::kPassed && rules::join_tallies({outcome.tally})) {
        ++passed;
        CHECK(fx.one_pass_accepts(text.str()));
      }
    }
  }
  MESSAGE(fmt::format("{} of {} sample files passed natively", passed, files));
  CHECK(files > 0);
  CHECK(passed > 0);  // else the comparison above never ran
}

// Values at the edges of what simple_value.h takes: whatever passes
// natively, Xerces must accept in the same place.
TEST_CASE("values at the edges: what passes natively, Xerces accepts") {
  Fixture fx;
  const std::string xml = test::build_pain001("M-EDGE", test::numbered_blocks(1, 1));
  struct Place {
    std::string element;
    std::string written;  // in the built file
    std::vector<std::string> values;
  };
  const std::vector<Place> places{
      {"CreDtTm",
       "2026-11-20T10:00:00",
       {"2026-11-20T10:00:00.123456789", "2026-11-20T10:00:00.1234567", "2026-11-20T10:00:00Z",
        "2026-11-20T10:00:00+13:59", "2026-11-20T10:00:00-13:59", "2026-11-20T00:00:00",
        "2026-11-20T23:59:59", "2028-02-29T10:00:00", "2026-11-20T10:00:00.0+00:00"}},
      {"ReqdExctnDt", "2026-11-24", {"2026-11-24", "2026-12-31", "2027-01-01"}},
      {"InstdAmt Ccy=\"EUR\"",
       "1.00",
       {"1", "1.5", "0001.00", "1.00000", "9999999999999.12345", "123456789012345678"}},
      {"MsgId", "M-EDGE", {"M", std::string(35, 'x'), "ā", "a b", "\"'<>&"}},
  };
  int passed = 0;
  for (const Place& place : places) {
    for (const std::string& value : place.values) {
      CAPTURE(place.element);
      CAPTURE(value);
      std::string escaped;
      for (const char c : value) {
        if (c == '<')
          escaped += "&lt;";
        else if (c == '&')
          escaped += "&amp;";
        else
          escaped += c;
      }
      std::string variant = replaced(xml, "<" + place.element + ">" + place.written,
                                     "<" + place.element + ">" + escaped);
      if (place.element.rfind("InstdAmt", 0) == 0) {  // the totals follow the amount
        variant = replaced(
            replaced(variant, "<CtrlSum>1.00</CtrlSum>", "<CtrlSum>" + value + "</CtrlSum>"),
            "<CtrlSum>1.00</CtrlSum>", "<CtrlSum>" + value + "</CtrlSum>");
      }
      const auto outcome = fx.native(variant);
      CAPTURE(outcome.gave_up_on);
      if (outcome.verdict == Verdict::kPassed) {
        ++passed;
        CHECK(fx.one_pass_accepts(variant));
      }
    }
  }
  CHECK(passed >= 15);  // most forms are taken: the fast path is not given up on them
}

TEST_CASE("a root's schema location is neither loaded nor judged, by either") {
  Fixture fx;
  const std::string xml = test::build_pain001("M-LOCATION", test::numbered_blocks(1, 2));
  int passed = 0;
  for (const std::string location :
       {"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03 pain.001.001.03.xsd", "x", "", "a b c",
        "urn:x file:///etc/passwd", "%%% ::"}) {
    CAPTURE(location);
    for (const std::string attribute : {"schemaLocation", "noNamespaceSchemaLocation"}) {
      const std::string variant =
          replaced(xml, "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\"",
                   "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\" "
                   "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:" +
                       attribute + "=\"" + location + "\"");
      CAPTURE(attribute);
      if (fx.native(variant).verdict == Verdict::kPassed) {
        ++passed;
        CHECK(fx.one_pass_accepts(variant));
      }
    }
  }
  CHECK(passed >= 2);  // the usual forms
  // Below the root, it is not taken.
  const std::string below = replaced(
      xml, "<GrpHdr>",
      "<GrpHdr xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"x\">");
  CHECK(fx.native(below).verdict == Verdict::kGaveUp);
}
