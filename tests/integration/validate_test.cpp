// gatewayctl validate on generated, hostile and real-world files.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "support/process.h"
#include "support/temp_dir.h"

using namespace gw::test;

namespace {

const std::filesystem::path kShared = std::filesystem::path(GW_SOURCE_DIR) / ".." / "shared";

struct Scratch {
  TempDir temp{"gw-val"};
  const std::filesystem::path dir = temp.path();
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name, std::ios::binary) << text;
    return dir / name;
  }
};

CommandResult validate(const std::vector<std::string>& files,
                       const std::string& today = "2026-11-23") {
  std::vector<std::string> argv = {GATEWAYCTL_PATH, "validate", "--json", "--today", today};
  argv.insert(argv.end(), files.begin(), files.end());
  return run_command(argv, {}, std::chrono::seconds(120));
}

// Several files in one gatewayctl (a process per file is slow under the
// sanitizers): its exit code and one JSON result per file, in their order.
struct Validated {
  int exit_code = 0;
  nlohmann::json results;
};

Validated validate_each(const std::vector<std::string>& files) {
  const auto r = validate(files);
  Validated out{r.exit_code, nlohmann::json::parse(r.out, nullptr, false)};
  REQUIRE_MESSAGE(out.results.is_array(), r.out.substr(0, 1500) << r.err);
  REQUIRE(out.results.size() == files.size());
  for (std::size_t i = 0; i < files.size(); ++i) REQUIRE(out.results[i].at("file") == files[i]);
  return out;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

const char* kHead =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn>)";

// A small valid file with one block; `tx` is inserted as the transactions.
std::string pain001(const std::string& nb, const std::string& sum, const std::string& tx,
                    const std::string& date = "2026-11-24") {
  return std::string(kHead) + "<GrpHdr><MsgId>M-1</MsgId><CreDtTm>2026-11-23T10:00:00</CreDtTm>" +
         "<NbOfTxs>" + nb + "</NbOfTxs><CtrlSum>" + sum +
         "</CtrlSum><InitgPty><Nm>Iestāde</Nm></InitgPty></GrpHdr>" +
         "<PmtInf><PmtInfId>B-1</PmtInfId><PmtMtd>TRF</PmtMtd><ReqdExctnDt>" + date +
         "</ReqdExctnDt><Dbtr><Nm>SIA \"Parauga iestāde\"</Nm></Dbtr>" +
         "<DbtrAcct><Id><IBAN>LV33TREL1060000300000</IBAN></Id></DbtrAcct>" +
         "<DbtrAgt><FinInstnId><BIC>TRELLV22</BIC></FinInstnId></DbtrAgt>" + tx +
         "</PmtInf></CstmrCdtTrfInitn></Document>\n";
}

std::string tx(const std::string& e2e, const std::string& amount, const std::string& iban,
               const std::string& ccy = "EUR", const std::string& name = "Jānis Bērziņš") {
  return "<CdtTrfTxInf><PmtId><EndToEndId>" + e2e + "</EndToEndId></PmtId><Amt><InstdAmt Ccy=\"" +
         ccy + "\">" + amount + "</InstdAmt></Amt><Cdtr><Nm>" + name +
         "</Nm></Cdtr><CdtrAcct><Id><IBAN>" + iban + "</IBAN></Id></CdtrAcct></CdtTrfTxInf>";
}

}  // namespace

TEST_CASE("a valid file is accepted - exit 0") {
  Scratch s;
  const auto file = s.write("ok.xml", pain001("2", "15.50",
                                              tx("E-1", "10", "LV56HABA8093972980635") +
                                                  tx("E-2", "5.50", "LV79PARX1706690743915")));
  auto r = validate({file.string()});
  CHECK_MESSAGE(r.exit_code == 0, r.out);
  CHECK(contains(r.out, "\"accepted\": true"));
  CHECK(contains(r.out, "\"transactions\": 2"));
}

TEST_CASE("every problem is reported with its code, place and ids - exit 1") {
  Scratch s;
  const auto file = s.write(
      "bad.xml", pain001("3", "99.00",
                         tx("E-1", "10.001", "LV56HABA8093972980635") +
                             tx("E-1", "5", "LV00HABA8093972980635", "JPY") +
                             tx("E-3", "1", "LV79PARX1706690743915", "EUR", "Bad\u0001Name"),
                         "2026-11-01"));
  auto r = validate({file.string()});
  CHECK(r.exit_code == 1);
  for (const char* code :
       {"\"AM12\"", "\"AM03\"", "\"AC01\"", "\"DU04\"", "\"CH04\"", "\"FF01\""}) {
    CHECK_MESSAGE(contains(r.out, code), code << " missing in " << r.out);
  }
  CHECK(contains(r.out, "\"end_to_end_id\": \"E-1\""));
  CHECK(contains(r.out, "\"pmt_inf_id\": \"B-1\""));
  CHECK(contains(r.out, "/Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/Amt/InstdAmt"));
}

TEST_CASE("--lang lv says the same findings in Latvian, codes unchanged") {
  Scratch s;
  const auto file =
      s.write("bad.xml", pain001("1", "11.00", tx("E-1", "10", "LV56HABA8093972980635")));
  auto lv = run_command(
      {GATEWAYCTL_PATH, "validate", "--lang", "lv", "--today", "2026-11-23", file.string()});
  CHECK(lv.exit_code == 1);
  CHECK_MESSAGE(contains(lv.out, "AM10"), lv.out);
  CHECK_MESSAGE(contains(lv.out, "CtrlSum norādīts 11.00, bet summu kopsumma ir 10.00"), lv.out);
  auto en = validate({file.string()});
  CHECK(contains(en.out, "CtrlSum says 11.00 but the amounts add up to 10.00"));
  CHECK(run_command({GATEWAYCTL_PATH, "validate", "--lang", "de", file.string()}).exit_code == 2);
}

TEST_CASE("one more than our XSDs' count of an element is told with the count they take") {
  // Xerces writes a bounded count as '*'; the sentence takes it from the compiled XSD.
  Scratch s;
  std::string identifiers;
  for (int i = 1; i <= 9; ++i) identifiers += "<Othr><Id>ID" + std::to_string(i) + "</Id></Othr>";
  std::string file_text = pain001("1", "10", tx("E-1", "10", "LV56HABA8093972980635"));
  const std::string debtor = "<Dbtr><Nm>SIA \"Parauga iestāde\"</Nm>";
  file_text.replace(file_text.find(debtor), debtor.size(),
                    debtor + "<Id><OrgId>" + identifiers + "</OrgId></Id>");
  const auto file = s.write("nine.xml", file_text);
  auto en = validate({file.string()});
  CHECK(en.exit_code == 1);
  CHECK_MESSAGE(contains(en.out,
                         "PmtInf/Dbtr/Id/OrgId/Othr comes more than 8 times: the treasury "
                         "guideline takes at most 8 Othr in OrgId."),
                en.out);
  auto lv = run_command(
      {GATEWAYCTL_PATH, "validate", "--lang", "lv", "--today", "2026-11-23", file.string()});
  CHECK_MESSAGE(contains(lv.out, "Othr ir vairāk nekā 8 reizes"), lv.out);
  // Eight are taken.
  file_text.replace(file_text.find("<Othr><Id>ID9</Id></Othr>"), 25, "");
  auto eight = validate({s.write("eight.xml", file_text).string()});
  CHECK_MESSAGE(eight.exit_code == 0, eight.out);
}

TEST_CASE("what our XSD passes is read as XSD reads it: characters past U+FFFF, decimal forms") {
  Scratch s;
  // A 140-character name ending in an emoji (Xerces counted it as 141 and
  // refused the file), eight 4-byte characters, amounts written "5." and
  // "+10.90", a CtrlSum "+15.9" (refused AM12 and AM10 before).
  const std::string emoji_name = std::string(136, 'A') + "ns \xF0\x9F\x98\x80";
  std::string clefs;
  for (int i = 0; i < 8; ++i) clefs += "\xF0\x9D\x84\x9E";
  const auto file =
      s.write("forms.xml", pain001("2", "+15.9",
                                   tx("E-1", "5.", "LV56HABA8093972980635", "EUR", emoji_name) +
                                       tx("E-2", "+10.90", "LV79PARX1706690743915", "EUR",
                                          std::string(132, 'B') + clefs)));
  auto r = validate({file.string()});
  CHECK_MESSAGE(r.exit_code == 0, r.out);
  // 141 characters are too many still.
  const auto longer =
      s.write("longer.xml",
              pain001("1", "1", tx("E-1", "1", "LV56HABA8093972980635", "EUR", emoji_name + "x")));
  auto refused = validate({longer.string()});
  CHECK(refused.exit_code == 1);
  CHECK(contains(refused.out, "\"FF01\""));
}

TEST_CASE("XML 1.1 is refused: its character references could forge stored separators") {
  Scratch s;
  std::string xml = pain001("1", "10.00", tx("E-1", "10", "LV56HABA8093972980635"));
  const auto decl = xml.find("version=\"1.0\"");
  REQUIRE(decl != std::string::npos);
  xml.replace(decl, 13, "version=\"1.1\"");
  auto r = validate({s.write("v11.xml", xml).string()});
  CHECK(r.exit_code == 1);
  CHECK_MESSAGE(contains(r.out, "only XML 1.0 is accepted"), r.out);
}

TEST_CASE("a byte that is not UTF-8 is named with its place, in the declaration too") {
  Scratch s;
  // Windows-1257 'ā' (0xE2) and 'š' (0xF0, which Xerces reports in other words).
  for (const char* written : {"J\xE2nis", "Pa\xF0valdiba"}) {
    CAPTURE(written);
    std::string xml = pain001("1", "10.00", tx("E-1", "10", "LV56HABA8093972980635"));
    const auto name = xml.find("Jānis");
    REQUIRE(name != std::string::npos);
    xml.replace(name, std::string("Jānis").size(), written);
    const auto file = s.write("cp1257.xml", xml);
    auto r = validate({file.string()});
    CHECK(r.exit_code == 1);
    CHECK_MESSAGE(contains(r.out, "\"reason_code\": \"FF01\""), r.out);
    CHECK(contains(r.out, "\"line\": 2"));
    CHECK_MESSAGE(contains(r.out, "\"text\": \"Not UTF-8: the byte 0x"), r.out);
    CHECK(contains(r.out, "<Cdtr><Nm>"));
    auto lv = run_command({GATEWAYCTL_PATH, "validate", "--lang", "lv", file.string()});
    CHECK_MESSAGE(contains(lv.out, "Nav UTF-8: baits 0x"), lv.out);
  }

  // In the XML declaration Xerces says only that it cannot decode the first
  // line "in entity" and the file's own path here.
  std::string declaration = pain001("1", "10.00", tx("E-1", "10", "LV56HABA8093972980635"));
  REQUIRE(declaration.rfind("<?xml version=\"1.0\"", 0) == 0);
  declaration.insert(19, "\x84");
  auto first = validate({s.write("first.xml", declaration).string()});
  CHECK(first.exit_code == 1);
  CHECK_MESSAGE(contains(first.out, "Not UTF-8: the byte 0x84 after 'ml version=\\\"1.0\\\"'"),
                first.out);
  CHECK(contains(first.out, "\"line\": 1"));
  CHECK_FALSE(contains(first.out, "entity"));
  // The path only where the report names its file.
  CHECK(first.out.find(s.dir.string()) == first.out.rfind(s.dir.string()));
}

TEST_CASE("usage errors exit 2") {
  CHECK(run_command({GATEWAYCTL_PATH, "validate"}).exit_code == 2);
  CHECK(run_command({GATEWAYCTL_PATH, "validate", "/no/such/file.xml"}).exit_code == 2);
  Scratch s;
  const auto file = s.write("x.xml", "<x/>");
  CHECK(
      run_command({GATEWAYCTL_PATH, "validate", "--today", "tomorrow", file.string()}).exit_code ==
      2);
}

TEST_CASE("hostile XML is refused quickly, with nothing fetched or expanded") {
  Scratch s;
  SUBCASE("billion laughs") {
    std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY a \"lol\">";
    for (char c = 'b'; c <= 'k'; ++c) {
      doc += std::string("<!ENTITY ") + c + " \"";
      for (int i = 0; i < 10; ++i) doc += std::string("&") + static_cast<char>(c - 1) + ";";
      doc += "\">";
    }
    doc += "]>\n<d>&k;</d>";
    auto r = validate({s.write("laughs.xml", doc).string()});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "DOCTYPE is not allowed"));
    CHECK_FALSE(contains(r.out, "lollol"));
  }
  SUBCASE("external entity: local file") {
    auto r = validate({s.write("xxe.xml",
                               "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM "
                               "\"file:///etc/passwd\">]><d>&x;</d>")
                           .string()});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "DOCTYPE is not allowed"));
    CHECK_FALSE(contains(r.out, "root:"));
  }
  SUBCASE("external entity and schema location: network URL") {
    auto r = validate({s.write("xxe-net.xml",
                               "<?xml version=\"1.0\"?><!DOCTYPE d SYSTEM "
                               "\"http://127.0.0.1:9/evil.dtd\"><d/>")
                           .string()});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "DOCTYPE is not allowed"));
    auto located =
        validate({s.write("schemaloc.xml",
                          "<?xml version=\"1.0\"?><Document xmlns=\"urn:evil\" "
                          "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                          "xsi:schemaLocation=\"urn:evil http://127.0.0.1:9/evil.xsd\"/>")
                      .string()});
    CHECK(located.exit_code == 1);
    CHECK(contains(located.out, "unsupported message"));
    CHECK(contains(located.out,
                   "camt.060.001.03, pain.001.001.03, pain.001.001.09, pain.002.001.03"));
    CHECK(contains(located.out, "pain.002.001.10"));
  }
  SUBCASE("quadratic blow-up") {
    std::string doc =
        "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"" + std::string(50000, 'a') + "\">]><d>";
    for (int i = 0; i < 50000; ++i) doc += "&a;";
    doc += "</d>";
    auto r = validate({s.write("quadratic.xml", doc).string()});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "DOCTYPE is not allowed"));
  }
  SUBCASE("10,000-deep nesting") {
    std::string doc = std::string(kHead);
    for (int i = 0; i < 10000; ++i) doc += "<GrpHdr>";
    auto r = validate({s.write("deep.xml", doc).string()});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "nest deeper than 32 levels"));
  }
  SUBCASE("encodings other than UTF-8") {
    auto latin = validate(
        {s.write("latin1.xml", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Document/>")
             .string()});
    CHECK(contains(latin.out, "only UTF-8 is accepted"));
    auto utf16 = validate({s.write("utf16.xml", std::string("\xFF\xFE<\0?\0", 6)).string()});
    CHECK(contains(utf16.out, "only UTF-8 is accepted"));
    // Without a byte order mark too (its markup is read as UTF-8 bytes).
    auto bare =
        validate({s.write("utf16-bare.xml", std::string("<\0D\0o\0c\0/\0>\0", 12)).string()});
    CHECK(contains(bare.out, "only UTF-8 is accepted"));
  }
  SUBCASE("not XML at all") {
    auto r = validate({s.write("junk.xml", "this is not xml").string()});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "\"FF01\""));
    CHECK(contains(r.out, "\"accepted\": false"));
  }
}

TEST_CASE("a generated 1,000-payment salary file is accepted") {
  const auto generator = kShared / "tools" / "gen_pain001.py";
  if (!std::filesystem::exists(generator)) {
    MESSAGE("skipped: ../shared is absent");
    return;
  }
  Scratch s;
  const auto file = s.dir / "1k.xml";
  auto gen = run_command({"python3", generator.string(), "--tx", "1000", "--groups", "3", "--seed",
                          "3", "--date", "2026-11-23", "--out", file.string()});
  REQUIRE_MESSAGE(gen.exit_code == 0, gen.err);
  auto r = validate({file.string()});
  CHECK_MESSAGE(r.exit_code == 0, r.out.substr(0, 2000));
  CHECK(contains(r.out, "\"transactions\": 1000"));
}

namespace {

// The message type a sample declares, from its root namespace.
std::string declared_type(const std::filesystem::path& file) {
  const std::string text = read_file(file);
  const std::string marker = "urn:iso:std:iso:20022:tech:xsd:";
  const auto at = text.find(marker);
  if (at == std::string::npos) return {};
  const auto end = text.find('"', at);
  return text.substr(at + marker.size(), end - at - marker.size());
}

}  // namespace

// Our XSDs are restrictions of the ISO ones: whatever our schema accepts, the
// official schema of the same version must accept too. And each real-world
// sample of a supported version has a recorded verdict under our schema (the
// guideline restriction that rejects it is named in xsd/README.md).
TEST_CASE("cross-check against the official ISO XSDs over the real-world corpus") {
  const auto corpus = kShared / "iso20022" / "samples";
  if (!std::filesystem::exists(corpus)) {
    MESSAGE("skipped: ../shared is absent");
    return;
  }
  const std::map<std::string, bool> schema_verdict = {
      {"jasperk-abn__pain.001.001.03_voorbeeldbestand.xml", true},
      {"jasperk-ing__pain.001.001.03_voorbeeldbestand.xml", true},
      {"jasperk__example.xml", true},
      {"moov__International_payment_USD_naujas_1.xml", true},
      {"moov__sepa_payment_naujas_1.xml", true},
      {"phpsepaxml__pain.001.001.03.xml", true},
      {"moov__International_payment_RUB_naujas_1.xml", true},  // CdtrAgtAcct
      {"phpsepaxml__pain.001.001.09.xml", true},               // PstlAdr/Flr
      {"nivaes__pain.001.001.03.xml", false},                  // DbtrAcct Othr, JPY
      {"sepaking__pain.001.001.03.xml", false},                // no group CtrlSum
      {"srousseau-pain001__pain.001.001.03.xml", false},       // no group CtrlSum, no Cdtr
      {"hbci4java__test-pain-parse-00100103.xml", false},      // not ISO-valid either
      {"srousseau-pain001__pain.001.001.09.xml", false},       // no group CtrlSum
  };
  std::vector<std::string> files;
  for (const char* folder : {"pain.001", "camt.060", "pain.002", "camt.052", "camt.053"}) {
    for (const auto& entry : std::filesystem::directory_iterator(corpus / folder)) {
      files.push_back(entry.path().string());
    }
  }
  // One gatewayctl for the whole corpus: a process for each file took most of
  // a minute under the sanitizers, loading the schemas each time.
  const auto ours = validate_each(files);
  int compared = 0;
  int cross_checked = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const nlohmann::json& result = ours.results[i];
    const std::filesystem::path file = files[i];
    const std::string name = file.filename().string();
    const std::string type = declared_type(file);
    const auto& findings = result.at("findings");
    const bool malformed = std::any_of(findings.begin(), findings.end(),
                                       [](const auto& f) { return f.at("reason_code") == "FF01"; });
    const bool schema_ok = !type.empty() && result.at("message_type") == type && !malformed;
    if (schema_ok) {
      const auto official = kShared / "iso20022" / "xsd" / (type + ".xsd");
      auto iso = run_command({"xmllint", "--noout", "--schema", official.string(), files[i]});
      CHECK_MESSAGE(iso.exit_code == 0, name << " passes our XSD but not the ISO XSD");
      ++cross_checked;
    }
    if (auto expected = schema_verdict.find(name); expected != schema_verdict.end()) {
      CHECK_MESSAGE(schema_ok == expected->second, name << ": " << result.dump().substr(0, 1500));
      ++compared;
    }
  }
  CHECK(compared == static_cast<int>(schema_verdict.size()));
  CHECK(cross_checked == 8);
}

// What accounting systems export, as the treasury would get it: each real-world
// pain.001 re-dated to a business day and debiting a treasury account. Every
// file is accepted, accepted without the payments whose own content is wrong,
// or rejected for what the guideline demands (the reason in the comment).
TEST_CASE("real-world pain.001 files, re-dated and debiting a treasury account: the verdicts") {
  const auto corpus = kShared / "iso20022" / "samples" / "pain.001";
  if (!std::filesystem::exists(corpus)) {
    MESSAGE("skipped: ../shared is absent");
    return;
  }
  const std::map<std::string, std::string> expected = {
      {"jasperk-abn__pain.001.001.03_voorbeeldbestand.xml", "accepted"},
      {"jasperk-ing__pain.001.001.03_voorbeeldbestand.xml", "accepted"},
      {"jasperk__example.xml",
       "rejected"},  // its one payment's creditor IBAN has wrong check digits
      {"moov__International_payment_RUB_naujas_1.xml", "accepted"},
      {"moov__International_payment_USD_naujas_1.xml", "accepted"},
      {"moov__sepa_payment_naujas_1.xml", "rejected"},  // its one payment: creditor IBAN digits
      {"phpsepaxml__pain.001.001.03.xml", "accepted"},
      {"phpsepaxml__pain.001.001.09.xml", "accepted"},
      {"nivaes__pain.001.001.03.xml", "rejected"},    // debtor account not an IBAN; JPY
      {"sepaking__pain.001.001.03.xml", "rejected"},  // no GrpHdr/CtrlSum (the guideline's)
      {"srousseau-pain001__pain.001.001.03.xml", "rejected"},   // no CtrlSum, duplicate ids
      {"srousseau-pain001__pain.001.001.09.xml", "rejected"},   // no CtrlSum, NbOfTxs wrong
      {"hbci4java__test-pain-parse-00100103.xml", "rejected"},  // ISO-8859-1
      {"hbci4java__test-pain-parse-00100109.xml", "rejected"},  // ISO-8859-1
      {"hbci4java__test-pain-parse-invalid.xml", "rejected"},   // ISO-8859-1, and invalid
      {"hbci4java__test-pain-parse-none.xml", "rejected"},      // ISO-8859-1
  };
  const TempDir work("gw-erp-corpus");
  std::map<std::string, int> counts;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    const std::string name = entry.path().filename().string();
    std::string text = read_file(entry.path());
    text = std::regex_replace(text, std::regex("(<ReqdExctnDt>(\\s*<Dt>)?)\\d{4}-\\d{2}-\\d{2}"),
                              "$012026-11-24");
    text = std::regex_replace(text, std::regex("(<DbtrAcct>\\s*<Id>\\s*<IBAN>)[^<]*"),
                              "$01LV06TREL1060000300001");
    std::ofstream(work.path() / name, std::ios::binary) << text;
    auto r = validate({(work.path() / name).string()});
    const auto found = expected.find(name);
    REQUIRE_MESSAGE(found != expected.end(), name << " has no expected verdict");
    INFO(name << ": " << r.out.substr(0, 2000));
    CHECK(contains(r.out, "\"verdict\": \"" + found->second + "\""));
    // Findings a bookkeeper can act on: our sentences, not the schema engine's.
    CHECK_FALSE(contains(r.out, "content model"));
    CHECK_FALSE(contains(r.out, "no declaration found"));
    ++counts[found->second];
  }
  CHECK(counts["accepted"] + counts["accepted_in_part"] + counts["rejected"] ==
        static_cast<int>(expected.size()));
  MESSAGE("accepted " << counts["accepted"] << ", in part " << counts["accepted_in_part"]
                      << ", rejected " << counts["rejected"]);
}

// Our own files, built for each version, are valid under both our and the ISO schema.
TEST_CASE("our sample messages pass our XSDs and the official ones") {
  if (!std::filesystem::exists(kShared / "iso20022" / "xsd")) {
    MESSAGE("skipped: ../shared is absent");
    return;
  }
  const auto samples = std::filesystem::path(GW_SOURCE_DIR) / "samples";
  int checked = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(samples)) {
    if (entry.path().extension() != ".xml") continue;
    if (entry.path().filename().string().rfind("accepted", 0) != 0) continue;
    const std::string type = declared_type(entry.path());
    auto ours = validate({entry.path().string()});
    CHECK_MESSAGE(!contains(ours.out, "\"FF01\""), entry.path() << ": " << ours.out);
    auto iso = run_command({"xmllint", "--noout", "--schema",
                            (kShared / "iso20022" / "xsd" / (type + ".xsd")).string(),
                            entry.path().string()});
    CHECK_MESSAGE(iso.exit_code == 0, entry.path() << ": " << iso.err);
    ++checked;
  }
  CHECK(checked >= 3);
}

// samples/MANIFEST.tsv: each of our samples with its expected message type,
// verdict and reason codes (one file per guideline rule).
TEST_CASE("every sample in samples/ gets the verdict and reason codes its manifest states") {
  const auto root = std::filesystem::path(GW_SOURCE_DIR) / "samples";
  std::istringstream manifest(read_file(root / "MANIFEST.tsv"));
  struct Row {
    std::string file, type, verdict, codes;
  };
  std::vector<Row> rows;
  for (std::string line; std::getline(manifest, line);) {
    if (line.empty() || line[0] == '#' || line.rfind("file\t", 0) == 0) continue;
    std::istringstream fields(line);
    Row row;
    std::getline(fields, row.file, '\t');
    std::getline(fields, row.type, '\t');
    std::getline(fields, row.verdict, '\t');
    std::getline(fields, row.codes, '\t');
    rows.push_back(std::move(row));
  }
  REQUIRE(rows.size() >= 26);
  // One gatewayctl per verdict. It exits 0 only when every file given is
  // accepted, so each group pins its verdict's exit code: 0 accepted, 1
  // accepted in part, 1 rejected.
  std::map<std::string, std::vector<const Row*>> by_verdict;
  for (const Row& row : rows) by_verdict[row.verdict].push_back(&row);
  REQUIRE(by_verdict.size() == 3);
  for (const auto& entry : by_verdict) {
    const std::string& verdict = entry.first;
    const std::vector<const Row*>& group = entry.second;
    std::vector<std::string> files;
    for (const Row* row : group) files.push_back((root / row->file).string());
    const auto r = validate_each(files);
    CHECK_MESSAGE(r.exit_code == (verdict == "accepted" ? 0 : 1), verdict);
    for (std::size_t i = 0; i < group.size(); ++i) {
      const Row& row = *group[i];
      const nlohmann::json& result = r.results[i];
      INFO(row.file << ": " << result.dump().substr(0, 1500));
      CHECK(result.at("verdict") == row.verdict);
      CHECK(result.at("accepted") == (row.verdict == "accepted"));
      CHECK(result.at("message_type") == (row.type == "-" ? "" : row.type));
      std::set<std::string> expected;
      if (row.codes != "-") {
        std::istringstream list(row.codes);
        for (std::string code; std::getline(list, code, ',');) expected.insert(code);
      }
      std::set<std::string> actual;
      for (const auto& f : result.at("findings")) {
        actual.insert(f.at("reason_code").get<std::string>());
      }
      CHECK(actual == expected);
    }
  }
}
