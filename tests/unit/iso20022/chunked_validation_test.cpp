// A large pain.001 is validated in chunks on several threads. These tests
// hold that to the one-pass validation: for valid files the chunks must pass
// and say the same (counts, payments in order); for every kind of problem that
// no single chunk can see, and for markup the cut cannot vouch for, the answer
// must be exactly the one-pass answer.
#include "iso20022/chunked_validation.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <thread>

#include "core/element_tree.h"
#include "iso20022/chunk_plan.h"
#include "iso20022/message_validator.h"
#include "rules/payment_recorder.h"
#include "support/pain001_builder.h"
#include "support/temp_dir.h"
#include "xml/xerces_runtime.h"

using namespace gw;

namespace {

const CivilDate kToday = std::chrono::year{2026} / 11 / 23;

// Every block and transaction as one line, in the order received.
class ListingSink : public rules::PaymentSink {
 public:
  void block(const rules::CapturedBlock& b) override {
    lines.push_back("B " + joined(rules::fields_of_block(b)));
  }
  void transaction(const rules::CapturedTransaction& t) override {
    lines.push_back("T " + joined(rules::fields_of_transaction(t)));
  }
  std::vector<std::string> lines;

 private:
  template <typename Fields>
  static std::string joined(const Fields& fields) {
    std::string out;
    for (const std::string* field : fields) out += *field + "|";
    return out;
  }
};

// `s` with the last `from` replaced by `to`.
std::string replace_last(std::string s, std::string_view from, std::string_view to) {
  return s.replace(s.rfind(from), from.size(), to);
}

// The same document with every element in prefix `p:`.
std::string prefixed(std::string xml) {
  std::string out;
  for (std::size_t i = 0; i < xml.size(); ++i) {
    out += xml[i];
    if (xml[i] != '<' || i + 1 >= xml.size() || xml[i + 1] == '?') continue;
    if (xml[i + 1] == '/') {
      out += '/';
      ++i;
    }
    out += "p:";
  }
  const auto ns = out.find("xmlns=");
  return out.replace(ns, 6, "xmlns:p=");
}

struct Fixture {
  xml::XercesRuntime xerces;
  std::unique_ptr<xml::SchemaSet> schemas = xml::SchemaSet::load(xml::builtin_schemas()).value();
  TempDir dir;

  std::filesystem::path write(const std::string& xml) {
    const auto path = dir.path() / "pain001.xml";
    std::ofstream(path, std::ios::binary) << xml;
    return path;
  }
  iso20022::ValidationLimits limits(unsigned chunks) const {
    iso20022::ValidationLimits l;
    l.chunks = chunks;
    l.chunked_min_bytes = 0;
    l.native_chunks = chunks != 1;  // 1: Xerces' one pass, the reference
    return l;
  }
  // Validates with MessageValidator as gatewayd does, in `chunks` (1: Xerces' one pass).
  std::pair<rules::ValidationReport, std::vector<std::string>> validate(
      const std::filesystem::path& file, unsigned chunks) {
    ListingSink sink;
    const iso20022::MessageValidator validator(*schemas, limits(chunks));
    auto report = validator.validate_file(file, kToday, &sink);
    return {std::move(report), std::move(sink.lines)};
  }
  // Validates as gatewayd does a file too small to cut (or with one thread):
  // whole, natively first.
  std::pair<rules::ValidationReport, std::vector<std::string>> validate_whole(
      const std::filesystem::path& file, bool native = true) {
    ListingSink sink;
    iso20022::ValidationLimits l;  // 4 MiB before a file is cut: these are smaller
    l.chunks = 2;
    l.native_chunks = native;
    auto report = iso20022::MessageValidator(*schemas, l).validate_file(file, kToday, &sink);
    return {std::move(report), std::move(sink.lines)};
  }
  // Whether the chunked path itself gave the answer (rather than the one pass).
  bool chunks_answer(const std::filesystem::path& file, unsigned chunks) {
    ListingSink sink;
    return iso20022::validate_in_chunks(*schemas, limits(chunks), file,
                                        std::filesystem::file_size(file), kToday, &sink)
        .has_value();
  }
};

std::vector<std::string> described(const rules::ValidationReport& r) {
  std::vector<std::string> out{fmt::format("{} {} blocks={} txs={} initiating={}", r.message_type,
                                           r.msg_id, r.payment_blocks, r.transactions,
                                           r.initiating_party)};
  for (const auto& f : r.findings) {
    out.push_back(fmt::format("{} {}:{} {} [{} {} {}] {}", f.reason_code, f.line, f.column, f.path,
                              f.pmt_inf_id, f.instr_id, f.end_to_end_id, f.text));
  }
  return out;
}

// The encoding of an initiating party with a name alone.
std::string initiating_name(const std::string& name) {
  std::string out;
  append_group_start(out, "InitgPty");
  append_leaf(out, "Nm", name);
  append_group_end(out);
  return out;
}

// The file gets the same report and payments in chunks, and whole natively
// first, as in Xerces' one pass.
void check_same_as_one_pass(Fixture& fx, const std::filesystem::path& file) {
  const auto [one_report, one_payments] = fx.validate(file, 1);
  const auto [whole_report, whole_payments] = fx.validate_whole(file);
  CHECK(described(whole_report) == described(one_report));
  CHECK(whole_payments == one_payments);
  for (unsigned chunks : {2u, 3u, 5u, 8u}) {
    CAPTURE(chunks);
    const auto [report, payments] = fx.validate(file, chunks);
    CHECK(described(report) == described(one_report));
    CHECK(payments == one_payments);
  }
}

}  // namespace

TEST_CASE("the chunk plan covers the file exactly once, in order") {
  Fixture fx;
  const std::string xml = test::build_pain001("M-PLAN", test::numbered_blocks(4, 30));
  const auto file = fx.write(xml);
  const int fd = ::open(file.c_str(), O_RDONLY);
  REQUIRE(fd >= 0);
  for (unsigned count : {2u, 3u, 7u}) {
    const auto plan = iso20022::plan_chunks(fd, xml.size(), count);
    REQUIRE(plan.has_value());
    CHECK(plan->chunks.size() == count);
    std::uint64_t next = 0;
    for (std::size_t i = 0; i < plan->chunks.size(); ++i) {
      const auto& own = plan->chunks[i].ranges.back();  // the chunk's own part of the file
      CHECK(own.offset == next);
      CHECK(xml.compare(own.offset, 12, "<CdtTrfTxInf") ==
            (i == 0 ? xml.compare(0, 12, "<CdtTrfTxInf") : 0));
      next = own.offset + own.length;
      CHECK(plan->chunks[i].tail.empty() == (i + 1 == plan->chunks.size()));
    }
    CHECK(next == xml.size());
  }
  ::close(fd);
}

TEST_CASE("a file that is not a plain pain.001 gets no chunk plan") {
  Fixture fx;
  const auto plan_of = [&](const std::string& xml) {
    const auto file = fx.write(xml);
    const int fd = ::open(file.c_str(), O_RDONLY);
    auto plan = iso20022::plan_chunks(fd, xml.size(), 2);
    ::close(fd);
    return plan.has_value();
  };
  const std::string good = test::build_pain001("M-SHAPE", test::numbered_blocks(1, 10));
  CHECK(plan_of(good));
  std::string with_comment = good;
  with_comment.insert(with_comment.find("<CstmrCdtTrfInitn>"), "<!-- header -->");
  CHECK_FALSE(plan_of(with_comment));
  CHECK_FALSE(
      plan_of(test::build_pain001("M-ONE", test::numbered_blocks(1, 1))));  // nothing to cut
  CHECK_FALSE(plan_of("<?xml version=\"1.0\"?><Document/>"));
}

TEST_CASE("valid files pass in chunks with the one-pass report and payments in file order") {
  Fixture fx;
  // Not structured bindings: doctest's CAPTURE is a lambda, and clang 14 cannot capture those.
  for (const auto& shape : {std::pair{1, 200}, {3, 40}, {25, 2}}) {
    const int blocks_ = shape.first;
    const int per_block = shape.second;
    CAPTURE(blocks_);
    const auto file =
        fx.write(test::build_pain001("M-VALID", test::numbered_blocks(blocks_, per_block)));
    CHECK(fx.chunks_answer(file, 2));
    CHECK(fx.chunks_answer(file, 5));
    check_same_as_one_pass(fx, file);
    const auto [report, payments] = fx.validate(file, 3);
    CHECK(report.accepted());
    CHECK(report.chunks == 3);
    CHECK(report.payment_blocks == static_cast<std::uint64_t>(blocks_));
    CHECK(report.transactions == static_cast<std::uint64_t>(blocks_ * per_block));
    CHECK(payments.size() == static_cast<std::size_t>(blocks_ * (per_block + 1)));
    CHECK(report.initiating_party == initiating_name("Parauga pašvaldība"));
  }
}

TEST_CASE("the file's initiating party is kept whole, and bounded while it streams past") {
  Fixture fx;
  const std::string builder_party = "<InitgPty><Nm>Parauga pašvaldība</Nm></InitgPty>";
  const auto with_identifiers = [&](int count) {
    std::string xml = test::build_pain001("M-SENDER", test::numbered_blocks(3, 40));
    std::string ids;
    for (int i = 0; i < count; ++i) {
      ids += fmt::format("<Othr><Id>{:011}</Id><SchmeNm><Cd>TXID</Cd></SchmeNm></Othr>", i);
    }
    const auto at = xml.find(builder_party);
    REQUIRE(at != std::string::npos);
    xml.replace(at, builder_party.size(),
                "<InitgPty><Nm>Centralizētā grāmatvedība</Nm><Id><OrgId>" + ids +
                    "</OrgId></Id></InitgPty>");
    return xml;
  };
  // Eight identifiers, our XSDs' most: the party whole, in chunks as in one pass.
  const auto most = fx.write(with_identifiers(8));
  check_same_as_one_pass(fx, most);
  const auto [report, payments] = fx.validate(most, 3);
  CHECK(report.accepted());
  CHECK(report.chunks == 3);
  CHECK(report.initiating_party.size() < rules::kInitiatingPartyLimit);
  const Element party = decode_elements(report.initiating_party);
  CHECK(party.text("InitgPty/Nm") == "Centralizētā grāmatvedība");
  CHECK(party.find("InitgPty/Id/OrgId")->all("Othr").size() == 8);
  CHECK(party.text("InitgPty/Id/OrgId/Othr/Id") == "00000000000");
  CHECK(party.text("InitgPty/Id/OrgId/Othr/SchmeNm/Cd") == "TXID");
  // A valid party of every part at its longest is past the bound: its name alone.
  {
    const std::string text70(70, 'a');
    std::string ids;
    for (int i = 0; i < 8; ++i) {
      ids += fmt::format(
          "<Othr><Id>{:035}</Id><SchmeNm><Prtry>{}</Prtry></SchmeNm><Issr>{}</Issr>"
          "</Othr>",
          i, std::string(35, 'S'), std::string(35, 'I'));
    }
    std::string lines;
    for (int i = 0; i < 7; ++i) lines += "<AdrLine>" + text70 + "</AdrLine>";
    const std::string longest =
        "<InitgPty><Nm>" + std::string(140, 'N') + "</Nm><PstlAdr><AdrTp>ADDR</AdrTp><Dept>" +
        text70 + "</Dept><SubDept>" + text70 + "</SubDept><StrtNm>" + text70 + "</StrtNm><BldgNb>" +
        std::string(16, '1') + "</BldgNb><PstCd>" + std::string(16, '2') + "</PstCd><TwnNm>" +
        std::string(35, 'T') + "</TwnNm><CtrySubDvsn>" + std::string(35, 'C') +
        "</CtrySubDvsn><Ctry>LV</Ctry>" + lines + "</PstlAdr><Id><OrgId>" + ids +
        "</OrgId></Id><CtryOfRes>LV</CtryOfRes></InitgPty>";
    std::string xml = test::build_pain001("M-LONGEST", test::numbered_blocks(3, 40));
    xml.replace(xml.find(builder_party), builder_party.size(), longest);
    const auto file = fx.write(xml);
    check_same_as_one_pass(fx, file);
    const auto longest_report = fx.validate(file, 3).first;
    CHECK(longest_report.accepted());
    CHECK(longest_report.initiating_party == initiating_name(std::string(140, 'N')));
  }
  // A hundred: refused (statements name the party for every payment); what
  // was kept of it while the file streamed past stayed within its bound.
  const auto many = fx.write(with_identifiers(100));
  const auto refused = fx.validate(many, 3).first;
  CHECK_FALSE(refused.accepted());
  CHECK(refused.initiating_party == initiating_name("Centralizētā grāmatvedība"));
}

TEST_CASE("a file too small to cut is validated whole without Xerces, as Xerces would") {
  Fixture fx;
  const std::string xml = test::build_pain001("M-WHOLE", test::numbered_blocks(3, 40));
  const auto file = fx.write(xml);
  const auto [one_report, one_payments] = fx.validate(file, 1);
  REQUIRE(one_report.accepted());
  CHECK(one_report.native_chunks == 0);  // the reference: Xerces only

  const auto [report, payments] = fx.validate_whole(file);
  CHECK(report.native_chunks == 1);  // the native validator vouched for it
  CHECK(report.chunks == 1);
  CHECK(described(report) == described(one_report));
  CHECK(payments == one_payments);
  CHECK(payments.size() == 3 * 41);
  // With one thread configured, whatever the size: the same.
  ListingSink sink;
  iso20022::ValidationLimits one_thread;
  one_thread.chunks = 1;
  one_thread.chunked_min_bytes = 0;
  const auto by_one =
      iso20022::MessageValidator(*fx.schemas, one_thread).validate_file(file, kToday, &sink);
  CHECK(by_one.native_chunks == 1);
  CHECK(sink.lines == one_payments);

  // Xerces only, when so configured.
  CHECK(fx.validate_whole(file, false).first.native_chunks == 0);
  // A header that is not plain markup goes to Xerces' one pass, which accepts it.
  std::string with_comment = xml;
  with_comment.insert(with_comment.find("<CstmrCdtTrfInitn>"), "<!-- header -->");
  const auto commented = fx.validate_whole(fx.write(with_comment)).first;
  CHECK(commented.accepted());
  CHECK(commented.native_chunks == 0);
  // An invalid file: Xerces' findings, in its one pass.
  std::string bad = xml;
  bad.replace(bad.find("<NbOfTxs>120<"), 12, "<NbOfTxs>121");
  const auto bad_file = fx.write(bad);
  const auto invalid = fx.validate_whole(bad_file).first;
  CHECK_FALSE(invalid.accepted());
  CHECK(invalid.native_chunks == 0);
  CHECK(described(invalid) == described(fx.validate(bad_file, 1).first));
}

TEST_CASE("prefixed element names are cut and closed with their prefix") {
  Fixture fx;
  const auto file =
      fx.write(prefixed(test::build_pain001("M-PREFIX", test::numbered_blocks(2, 50))));
  CHECK(fx.validate(file, 1).first.accepted());
  CHECK(fx.chunks_answer(file, 3));
  check_same_as_one_pass(fx, file);
}

TEST_CASE("problems only the whole file shows get the one-pass findings") {
  Fixture fx;
  const std::string xml = test::build_pain001("M-BAD", test::numbered_blocks(2, 60));
  const std::vector<std::pair<std::string, std::string>> cases{
      // the first and the last payment share an EndToEndId
      {"duplicate ids across chunks", replace_last(xml, ">E-1-59<", ">E-0-0<")},
      // a block's CtrlSum is wrong; the block spans the cut
      {"block control sum",
       [&] {
         std::string s = xml;
         const auto at = s.find("<CtrlSum>", s.find("<PmtInf>"));
         return s.replace(at, 9, "<CtrlSum>9");
       }()},
      {"group transaction count",
       [&] {
         std::string s = xml;
         return s.replace(s.find("<NbOfTxs>120<"), 12, "<NbOfTxs>121");
       }()},
      // a schema error and a rule error late in the file
      {"late schema error", replace_last(xml, "<Cdtr><Nm>", "<Cdtr><Xx/><Nm>")},
      {"late bad IBAN", replace_last(xml, "LV56HABA8093972980635", "LV57HABA8093972980635")},
  };
  for (const auto& c : cases) {
    const std::string& what = c.first;
    const std::string& bad = c.second;
    CAPTURE(what);
    const auto file = fx.write(bad);
    CHECK_FALSE(fx.chunks_answer(file, 2));
    CHECK_FALSE(fx.chunks_answer(file, 3));  // the ids of a middle chunk are joined otherwise
    CHECK_FALSE(fx.validate(file, 1).first.accepted());
    check_same_as_one_pass(fx, file);
  }
  // A repeat between a middle chunk and the last, and between the first and a middle one.
  for (const auto& [from, to] :
       {std::pair{">E-1-59<", ">E-1-10<"}, std::pair{">E-1-0<", ">E-0-1<"}}) {
    const auto file = fx.write(replace_last(xml, from, to));
    CHECK_FALSE(fx.chunks_answer(file, 3));
    CHECK_FALSE(fx.validate(file, 1).first.accepted());
  }
}

TEST_CASE("comments, CDATA and processing instructions send the file to the one pass") {
  Fixture fx;
  const std::string xml = test::build_pain001("M-MARKUP", test::numbered_blocks(1, 80));
  const auto middle = xml.find("<CdtTrfTxInf>", xml.size() / 2);
  const std::vector<std::pair<std::string, std::string>> cases{
      // a comment around the middle that looks like markup
      {"comment", std::string(xml).insert(middle, "<!-- <CdtTrfTxInf> </PmtInf> -->")},
      // a comment that swallows real transactions around the cut
      {"comment over a cut", std::string(xml)
                                 .insert(xml.find("</CdtTrfTxInf>", middle) + 14, "-->")
                                 .insert(xml.rfind("<CdtTrfTxInf>", middle - 1), "<!--")},
      {"CDATA", std::string(xml).replace(xml.find("Rēķins", middle), 6,
                                         "<![CDATA[<CdtTrfTxInf><PmtInf>]]>")},
      {"processing instruction", std::string(xml).insert(middle, "<?tool note?>")},
  };
  for (const auto& c : cases) {
    const std::string& what = c.first;
    const std::string& variant = c.second;
    CAPTURE(what);
    const auto file = fx.write(variant);
    CHECK_FALSE(fx.chunks_answer(file, 2));
    check_same_as_one_pass(fx, file);
  }
}

// The chunks parse against grammars without pattern facets and check those
// values natively (native_patterns.h); a value that fails, or an element
// whose type the handler cannot follow, must send the file to the one pass,
// which finds and words the problem as Xerces does.
TEST_CASE("pattern facets the chunks check natively send a bad value to the one pass") {
  Fixture fx;
  const std::string xml = test::build_pain001("M-PATTERN", test::numbered_blocks(2, 60));
  const std::vector<std::pair<std::string, std::string>> cases{
      {"lower-case IBAN country",
       replace_last(xml, "LV56HABA8093972980635", "lv56HABA8093972980635")},
      {"tab in a name (TreasuryText)", replace_last(xml, "Kreditors 59", "Kreditors\t59")},
      {"C1 control in remittance", replace_last(xml, "Rēķins E-1-59", "Rēķins \xC2\x85 E-1-59")},
      {"leading space in an id (IdentifierText)", replace_last(xml, ">I-E-1-58<", "> I-E-1-58<")},
      {"xsi:type on an element",
       replace_last(xml, "<Cdtr><Nm>",
                    "<Cdtr xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                    "xsi:type=\"PartyIdentification32\"><Nm>")},
  };
  for (const auto& c : cases) {
    const std::string& what = c.first;
    const std::string& bad = c.second;
    CAPTURE(what);
    const auto file = fx.write(bad);
    CHECK_FALSE(fx.chunks_answer(file, 2));
    check_same_as_one_pass(fx, file);
  }
  // The pattern cases are schema findings, worded for people (schema_finding_text.h).
  const std::array<std::string_view, 4> worded = {
      "is not in the form the guideline requires", "holds a control character",
      "holds a control character", "starts or ends with a space"};
  for (std::size_t i = 0; i < 4; ++i) {
    CAPTURE(cases[i].first);
    const auto report = fx.validate(fx.write(cases[i].second), 2).first;
    REQUIRE_FALSE(report.findings.empty());
    CHECK(report.findings.front().reason_code == "FF01");
    CHECK_MESSAGE(report.findings.front().text.find(worded[i]) != std::string::npos,
                  report.findings.front().text);
  }
}

// The chunks read the root start tag with our namespaces renamed to short
// aliases (namespace_alias.h). A document that names an alias itself, or
// declares our namespace again further in, gets nothing from the chunks for
// it: it goes to the one pass, whose verdict stands.
TEST_CASE("namespace declarations the chunk aliases cannot vouch for go to the one pass") {
  Fixture fx;
  const std::string xml = test::build_pain001("M-ALIAS", test::numbered_blocks(2, 60));
  const std::string pain = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";
  const std::string alias(fx.schemas->chunk_alias(pain));
  const std::string other_alias(
      fx.schemas->chunk_alias("urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"));
  REQUIRE_FALSE(alias.empty());
  struct Case {
    std::string what;
    std::string xml;
    bool valid;
  };
  const std::vector<Case> cases{
      {"our alias declared inside", replace_last(xml, "<Cdtr>", "<Cdtr xmlns=\"" + alias + "\">"),
       false},
      {"another schema's alias declared inside",
       replace_last(xml, "<Cdtr>", "<Cdtr xmlns=\"" + other_alias + "\">"), false},
      {"an alias declared on the root besides",
       std::string(xml).replace(xml.find("xmlns="), 6, "xmlns:a=\"" + alias + "\" xmlns="), true},
      {"our namespace declared again inside",
       replace_last(xml, "<Cdtr>", "<Cdtr xmlns=\"" + pain + "\">"), true},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    const auto file = fx.write(c.xml);
    CHECK_FALSE(fx.chunks_answer(file, 2));
    CHECK(fx.validate(file, 1).first.accepted() == c.valid);
    check_same_as_one_pass(fx, file);
  }
}

TEST_CASE("every guideline schema has its patterns checked natively in chunks") {
  Fixture fx;
  const auto& native = fx.schemas->native_patterns();
  CHECK(native.qualified() == xml::builtin_schemas().size());
  for (std::size_t i = 0; i < xml::builtin_schemas().size(); ++i) {
    CHECK(native.chunk_text(i).find("pattern") == std::string_view::npos);
  }
  const auto* document = native.root("urn:iso:std:iso:20022:tech:xsd:pain.001.001.03", "Document");
  REQUIRE(document != nullptr);
  // Document/CstmrCdtTrfInitn/PmtInf/CdtTrfTxInf/CdtrAcct/Id/IBAN carries the IBAN pattern.
  const xml::NativePatterns::ElementType* at = document;
  for (std::string_view name :
       {"CstmrCdtTrfInitn", "PmtInf", "CdtTrfTxInf", "CdtrAcct", "Id", "IBAN"}) {
    const auto* child = at->child(name);
    REQUIRE_MESSAGE(child != nullptr, name);
    REQUIRE(child->second != nullptr);
    at = child->second;
  }
  REQUIRE(at->patterns.size() == 1);
  CHECK(at->patterns.front()->matches(u"LV56HABA8093972980635"));
  CHECK_FALSE(at->patterns.front()->matches(u"lv56HABA8093972980635"));
  CHECK(native.root("urn:example", "Document") == nullptr);
}

TEST_CASE("warming up compiles one chunk grammar per chunk ahead of the first large file") {
  Fixture fx;
  CHECK(fx.schemas->free_pools(xml::SchemaSet::Grammars::kForChunks) == 0);
  const iso20022::MessageValidator validator(*fx.schemas, fx.limits(3));
  REQUIRE(validator.warm_up().has_value());
  CHECK(fx.schemas->free_pools(xml::SchemaSet::Grammars::kForChunks) == 3);
  CHECK(fx.schemas->free_pools(xml::SchemaSet::Grammars::kFull) == 1);
  // A large file then leases those, and gives them back.
  const auto file = fx.write(test::build_pain001("M-WARM", test::numbered_blocks(2, 30)));
  CHECK(fx.chunks_answer(file, 3));
  CHECK(fx.schemas->free_pools(xml::SchemaSet::Grammars::kForChunks) == 3);
}

// A file still being written: the arrival says how much is on disk. The
// writer here appends in pieces from another thread, as a request body does.
TEST_CASE("a file validated in chunks while it is still being written") {
  Fixture fx;
  const std::string xml = test::build_pain001("M-ARRIVING", test::numbered_blocks(3, 60));
  const auto whole = fx.write(xml);
  const auto [one_report, one_payments] = fx.validate(whole, 1);
  REQUIRE(one_report.accepted());
  const auto growing = fx.dir.path() / "growing.xml";

  for (const bool abandon_midway : {false, true}) {
    CAPTURE(abandon_midway);
    std::ofstream(growing, std::ios::trunc | std::ios::binary).flush();
    std::mutex mutex;
    std::condition_variable changed;
    std::uint64_t on_disk = 0;
    bool abandoned = false;
    const xml::FileArrival arrival = [&](std::uint64_t bytes) -> std::optional<std::uint64_t> {
      std::unique_lock lock(mutex);
      changed.wait(lock, [&] { return on_disk >= bytes || on_disk == xml.size() || abandoned; });
      if (abandoned) return std::nullopt;
      return on_disk;
    };
    std::thread writer([&] {
      std::ofstream out(growing, std::ios::binary | std::ios::app);
      for (std::size_t at = 0; at < xml.size(); at += 997) {
        if (abandon_midway && at > xml.size() * 3 / 4) {
          const std::lock_guard lock(mutex);
          abandoned = true;
          changed.notify_all();
          return;
        }
        out.write(xml.data() + at,
                  static_cast<std::streamsize>(std::min<std::size_t>(997, xml.size() - at)));
        out.flush();
        {
          const std::lock_guard lock(mutex);
          on_disk = std::min<std::uint64_t>(at + 997, xml.size());
        }
        changed.notify_all();
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    });
    ListingSink sink;
    const auto report = iso20022::validate_in_chunks(*fx.schemas, fx.limits(3), growing, xml.size(),
                                                     kToday, &sink, &arrival);
    writer.join();
    if (abandon_midway) {
      CHECK_FALSE(report.has_value());  // no answer, and no wait for bytes that never come
    } else {
      REQUIRE(report.has_value());
      CHECK(report->transactions == one_report.transactions);
      CHECK(report->msg_id == one_report.msg_id);
      CHECK(sink.lines == one_payments);
    }
  }
}

// A compressed body's size is an estimate until it is complete: the chunks
// are planned from it, and the last reads to wherever the file really ends.
TEST_CASE("a file validated while it arrives, its size only estimated") {
  Fixture fx;
  const std::string xml = test::build_pain001("M-ESTIMATE", test::numbered_blocks(3, 60));
  const auto [one_report, one_payments] = fx.validate(fx.write(xml), 1);
  REQUIRE(one_report.accepted());
  // Already on disk, and complete: an arrival that never waits.
  const auto arrived = [&fx](const std::string& text) {
    const auto path = fx.dir.path() / "arrived.xml";
    std::ofstream(path, std::ios::trunc | std::ios::binary) << text;
    return path;
  };
  const auto validate_arrived = [&](const std::filesystem::path& path, std::uint64_t estimate,
                                    ListingSink& sink) {
    const std::uint64_t real = std::filesystem::file_size(path);
    const xml::FileArrival complete = [real](std::uint64_t) -> std::optional<std::uint64_t> {
      return real;
    };
    return iso20022::validate_in_chunks(*fx.schemas, fx.limits(3), path, estimate, kToday, &sink,
                                        &complete);
  };
  const auto file = arrived(xml);
  for (const double share : {1.0, 0.6, 0.9, 1.1, 1.8}) {
    CAPTURE(share);
    ListingSink sink;
    const auto estimate = static_cast<std::uint64_t>(static_cast<double>(xml.size()) * share);
    const auto report = validate_arrived(file, estimate, sink);
    REQUIRE(report.has_value());
    // A cut searched for past the real end is not made: fewer chunks.
    CHECK(report->chunks == (share < 1.5 ? 3u : 2u));
    CHECK(report->transactions == one_report.transactions);
    CHECK(sink.lines == one_payments);
  }
  // What follows the document's end is read too, wherever the estimate ended.
  const auto trailing = arrived(xml + "<Extra/>");
  REQUIRE_FALSE(fx.validate(trailing, 1).first.accepted());
  for (const std::uint64_t estimate : {std::uint64_t{xml.size()}, std::uint64_t{xml.size() / 2}}) {
    ListingSink sink;
    CHECK_FALSE(validate_arrived(trailing, estimate, sink).has_value());
  }
}

TEST_CASE(
    "pain.001.001.09 SplmtryData (a skip wildcard) passes in chunks, nothing under it checked") {
  Fixture fx;
  std::string xml = test::build_pain001("M-SPLMTRY", test::numbered_blocks(2, 30));
  const auto swap_all = [&xml](const std::string& from, const std::string& to) {
    for (auto at = xml.find(from); at != std::string::npos; at = xml.find(from, at + to.size())) {
      xml.replace(at, from.size(), to);
    }
  };
  swap_all("pain.001.001.03", "pain.001.001.09");
  swap_all("<ReqdExctnDt>2026-11-24</ReqdExctnDt>",
           "<ReqdExctnDt><Dt>2026-11-24</Dt></ReqdExctnDt>");
  swap_all("<BIC>", "<BICFI>");
  swap_all("</BIC>", "</BICFI>");
  const auto plain = fx.validate(fx.write(xml), 1);
  REQUIRE(plain.first.accepted());
  SUBCASE("what an ERP keeps for itself breaks no pattern of ours, in chunks too") {
    swap_all("</CdtTrfTxInf>",
             "<SplmtryData><PlcAndNm>ERP</PlcAndNm><Envlp><Erp><Line>\t @@ not an IBAN </Line>"
             "<IBAN>nonsense</IBAN></Erp></Envlp></SplmtryData></CdtTrfTxInf>");
    const auto file = fx.write(xml);
    CHECK(fx.validate(file, 1).first.accepted());
    CHECK(fx.chunks_answer(file, 2));
    check_same_as_one_pass(fx, file);
  }
  SUBCASE("element names of ours under it are not ours to read") {
    // No amount, creditor, remittance or payment of the file comes from there.
    swap_all("</CdtTrfTxInf>",
             "<SplmtryData><Envlp><Erp><Amt><InstdAmt Ccy=\"EUR\">999.99</InstdAmt></Amt>"
             "<Cdtr><Nm>Someone else</Nm></Cdtr><RmtInf><Ustrd>injected</Ustrd></RmtInf>"
             "<PmtInf><CdtTrfTxInf><PmtId><EndToEndId>X</EndToEndId></PmtId></CdtTrfTxInf>"
             "</PmtInf></Erp></Envlp></SplmtryData></CdtTrfTxInf>");
    const auto file = fx.write(xml);
    const auto validated = fx.validate(file, 1);
    const auto& report = validated.first;
    INFO(described(report).back());
    CHECK(report.accepted());
    CHECK(report.transactions == plain.first.transactions);
    CHECK(validated.second == plain.second);
    check_same_as_one_pass(fx, file);  // chunks cut at a CdtTrfTxInf in it: the one pass answers
  }
  SUBCASE("new names under it are bounded: Xerces keeps a declaration for each") {
    std::string names;
    for (int i = 0; i < 1200; ++i) names += fmt::format("<n{}/>", i);
    const auto first = xml.find("</CdtTrfTxInf>");
    xml.replace(
        first, 14,
        "<SplmtryData><Envlp><Erp>" + names + "</Erp></Envlp></SplmtryData>" + "</CdtTrfTxInf>");
    const auto report = fx.validate(fx.write(xml), 1).first;
    REQUIRE(report.findings.size() == 1);
    CHECK(report.findings[0].reason_code == "FF01");
    CHECK(report.findings[0].text.find("more than 1000 different element names") !=
          std::string::npos);
  }
}

TEST_CASE("past the findings cap the one pass stops: nothing more can be said") {
  // Before, it read on to the end, and Xerces kept a declaration for every
  // new undeclared name meanwhile (gigabytes for a large file of them).
  Fixture fx;
  std::vector<test::TestTransaction> bad;
  for (int i = 0; i < 20; ++i) {
    test::TestTransaction tx{fmt::format("CAP-{}", i), 100};
    tx.creditor_iban = "LV57HABA8093972980635";  // wrong check digits: AC01 each
    bad.push_back(tx);
  }
  std::vector<test::TestBlock> blocks{{"CAP-B1", "LV06TREL1060000300001", "2026-11-24", bad}};
  for (int b = 2; b <= 4; ++b) {
    blocks.push_back({fmt::format("CAP-B{}", b),
                      "LV06TREL1060000300001",
                      "2026-11-24",
                      {{fmt::format("OK-{}", b), 100}}});
  }
  const auto file = fx.write(test::build_pain001("CAP", blocks));
  iso20022::ValidationLimits l = fx.limits(1);
  l.max_findings = 5;
  ListingSink sink;
  const auto report = iso20022::MessageValidator(*fx.schemas, l).validate_file(file, kToday, &sink);
  CHECK(report.findings.size() == 5);
  CHECK(report.findings_truncated);
  CHECK(report.payment_blocks == 1);  // the later three blocks were not read
  CHECK(report.transactions == 23);   // what GrpHdr/NbOfTxs says, not the 6 read
}
