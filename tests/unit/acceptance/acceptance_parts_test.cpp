// The pure parts of payment acceptance: the debtor mandate, the payment
// spool, the pain.002 writer and query strings.
#include <doctest/doctest.h>

#include <fstream>
#include <list>
#include <thread>

#include "acceptance/early_validation.h"
#include "acceptance/payment_acceptance.h"
#include "acceptance/payment_spool.h"
#include "http/growing_body.h"
#include "http/query_string.h"
#include "iso20022/message_validator.h"
#include "iso20022/status_report.h"
#include "store/sql/sql_acceptance_store.h"
#include "store/sql/sql_application_store.h"
#include "store/sqlite/sqlite_connection_pool.h"
#include "support/temp_dir.h"
#include "xml/schema_set.h"
#include "xml/xerces_runtime.h"

using namespace gw;

TEST_CASE("the payment spool gives back blocks and transactions in order, and notices damage") {
  TempDir dir;
  const auto path = dir.path() / "spool";
  auto writer = acceptance::PaymentSpoolWriter::create(path);
  REQUIRE(writer.has_value());
  writer->block(
      {"B1", "2026-12-01", "Pašvaldība", "LV1", "EUR", "URGP", "false", "ChrgBr\x1fSLEV\x1e"});
  writer->transaction(
      {"I1", "E1", "10.50", "EUR", "Jānis", "LV2", "", "Rēķins 1", "PmtId\x1dUETR\x1fu\x1e\x1c"});
  writer->transaction({"", "E2", "1", "USD", "", "LV3", "HABALV22", "", ""});
  REQUIRE(writer->finish().has_value());
  auto reader = writer->read_back();
  REQUIRE(reader.has_value());
  auto first = reader->next();
  REQUIRE((first.has_value() && first->has_value()));
  const auto& block = std::get<rules::CapturedBlock>(**first);
  CHECK(block.pmt_inf_id == "B1");
  CHECK(block.debtor_name == "Pašvaldība");
  CHECK(block.debtor_account_currency == "EUR");
  CHECK(block.service_level == "URGP");
  CHECK(block.batch_booking == "false");
  CHECK(block.details == "ChrgBr\x1fSLEV\x1e");
  auto second = reader->next();
  const auto& tx = std::get<rules::CapturedTransaction>(**second);
  CHECK(tx.creditor_name == "Jānis");
  CHECK(tx.remittance == "Rēķins 1");
  CHECK(tx.details == "PmtId\x1dUETR\x1fu\x1e\x1c");
  auto third = reader->next();
  CHECK(std::get<rules::CapturedTransaction>(**third).creditor_bic == "HABALV22");
  auto end = reader->next();
  REQUIRE(end.has_value());
  CHECK_FALSE(end->has_value());

  // A truncated spool is an error, not a shorter list of payments.
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 3);
  auto cut = writer->read_back();
  REQUIRE(cut.has_value());
  (void)cut->next();
  (void)cut->next();
  CHECK_FALSE(cut->next().has_value());
}

TEST_CASE(
    "the payment spool reads chunk recordings after its file, without repeated block headers") {
  TempDir dir;
  const auto path = dir.path() / "spool";
  rules::PaymentRecorder first;
  first.block({"B1", "2026-12-01", "Pašvaldība", "LV1", "", "", "", ""});
  first.transaction({"I1", "E1", "1.00", "EUR", "A", "LV2", "", "", ""});
  rules::PaymentRecorder second;  // begins inside B1, then opens B2
  second.block({"B1", "2026-12-01", "Pašvaldība", "LV1", "", "", "", ""});
  second.transaction({"I2", "E2", "2.00", "EUR", "B", "LV3", "", "", ""});
  second.block({"B2", "2026-12-02", "Pašvaldība", "LV1", "", "", "", ""});
  second.transaction({"I3", "E3", "3.00", "EUR", "C", "LV4", "", "", ""});

  auto writer = acceptance::PaymentSpoolWriter::create(path);
  REQUIRE(writer.has_value());
  writer->recorded(std::move(first), false);
  writer->recorded(std::move(second), true);
  REQUIRE(writer->finish().has_value());
  CHECK(std::filesystem::file_size(path) == 0);  // nothing went through the file
  REQUIRE(writer->blocks().size() == 2);
  CHECK(writer->blocks()[0].pmt_inf_id == "B1");
  CHECK(writer->blocks()[1].pmt_inf_id == "B2");

  auto reader = writer->read_back();
  REQUIRE(reader.has_value());
  std::vector<std::string> seen;
  for (;;) {
    auto record = reader->next();
    REQUIRE(record.has_value());
    if (!*record) break;
    if (const auto* b = std::get_if<rules::CapturedBlock>(&**record)) {
      seen.push_back("block " + b->pmt_inf_id);
    } else {
      seen.push_back("tx " + std::get<rules::CapturedTransaction>(**record).end_to_end_id);
    }
  }
  CHECK(seen == std::vector<std::string>{"block B1", "tx E1", "tx E2", "block B2", "tx E3"});
}

TEST_CASE("a chunk recording spills full blocks to a file beside the upload and reads back whole") {
  TempDir dir;
  rules::PaymentRecorder recorder(dir.path());
  recorder.block({"B1", "2026-12-01", "Pašvaldība", "LV1", "", "", "", ""});
  constexpr int kPayments = 20000;  // about 4 MiB of records: several 1 MiB blocks
  const std::string address(120, 'x');
  for (int i = 1; i <= kPayments; ++i) {
    recorder.transaction({"I" + std::to_string(i), "E" + std::to_string(i), "1.00", "EUR", "A",
                          "LV2", "", "", address + std::to_string(i)});
  }
  CHECK(recorder.spilled_blocks() >= 3);
  // Nothing is left behind in the directory: the spill file has no name.
  CHECK(std::filesystem::is_empty(dir.path()));

  auto writer = acceptance::PaymentSpoolWriter::create(dir.path() / "spool");
  REQUIRE(writer.has_value());
  writer->recorded(std::move(recorder), false);
  REQUIRE(writer->finish().has_value());
  auto reader = writer->read_back();
  REQUIRE(reader.has_value());
  int transactions = 0;
  bool in_order = true;
  for (;;) {
    auto record = reader->next();
    REQUIRE(record.has_value());
    if (!*record) break;
    if (const auto* t = std::get_if<rules::CapturedTransaction>(&**record)) {
      ++transactions;
      in_order = in_order && t->end_to_end_id == "E" + std::to_string(transactions) &&
                 t->details == address + std::to_string(transactions);
    }
  }
  CHECK(transactions == kPayments);
  CHECK(in_order);

  // Without a directory everything stays in memory, as before.
  rules::PaymentRecorder in_memory;
  for (int i = 1; i <= kPayments; ++i) {
    in_memory.transaction({"I", "E", "1.00", "EUR", "A", "LV2", "", "", address});
  }
  CHECK(in_memory.spilled_blocks() == 0);
}

TEST_CASE("the payment spool refuses a file record after a recording") {
  TempDir dir;
  auto writer = acceptance::PaymentSpoolWriter::create(dir.path() / "spool");
  REQUIRE(writer.has_value());
  rules::PaymentRecorder chunk;
  chunk.block({"B1", "2026-12-01", "X", "LV1", "", "", "", ""});
  writer->recorded(std::move(chunk), false);
  writer->transaction({"I1", "E1", "1.00", "EUR", "A", "LV2", "", "", ""});
  CHECK_FALSE(writer->finish().has_value());
}

TEST_CASE("pain.002: every level, escaped and cut texts, valid under our schema") {
  xml::XercesRuntime xerces;
  auto schemas = xml::SchemaSet::load(xml::builtin_schemas());
  REQUIRE(schemas.has_value());
  iso20022::MessageValidator validator(**schemas, {});
  iso20022::StatusReport report;
  report.version = iso20022::status_report_version_for("pain.001.001.09");
  CHECK(report.version == "pain.002.001.10");
  report.msg_id = "GW7-1";
  report.created_at = "2026-11-21T08:00:00Z";
  report.original_msg_id = "ORIG<&>";
  report.original_message_type = "pain.001.001.09";
  report.original_transactions = "2";
  report.group_status = PaymentStatus::kPartlyAccepted;
  iso20022::BlockStatus block{"B1", PaymentStatus::kPartlyAccepted, {}, {}};
  block.transactions.push_back(
      {"I1",
       "E1",
       PaymentStatus::kRejected,
       {{"AM02", {std::string(300, 'x') + "\ttab", "ā \"quoted\"", "C1 \xC2\x85 control"}}},
       "8a562c67-ca16-48ba-b074-65581be6f011"});
  report.blocks.push_back(block);
  report.blocks.push_back({"B2", PaymentStatus::kRejected, {{"AM14", {"daily limit"}}}, {}});
  const std::string xml = iso20022::write_pain002(report);
  CHECK(xml.find("<OrgnlMsgId>ORIG&lt;&amp;&gt;</OrgnlMsgId>") != std::string::npos);
  CHECK(xml.find("<AddtlInf>" + std::string(105, 'x') + "</AddtlInf>") != std::string::npos);
  CHECK(xml.find("&quot;quoted&quot;") != std::string::npos);
  CHECK(xml.find("C1   control") != std::string::npos);  // U+0085 became a space
  const auto check = validator.validate_bytes(xml, {});
  CHECK_MESSAGE(check.accepted(), (check.findings.empty() ? "" : check.findings.front().text));
  CHECK(check.message_type == "pain.002.001.10");
  CHECK(xml.find("<OrgnlEndToEndId>E1</OrgnlEndToEndId>\n        "
                 "<OrgnlUETR>8a562c67-ca16-48ba-b074-65581be6f011</OrgnlUETR>") !=
        std::string::npos);

  // ISO 2009's pain.002.001.03 has no UETR.
  report.version = "pain.002.001.03";
  const std::string v03 = iso20022::write_pain002(report);
  CHECK(v03.find("UETR") == std::string::npos);
  CHECK(validator.validate_bytes(v03, {}).accepted());
}

TEST_CASE(
    "pain.002: a sentence longer than an AddtlInf goes on in the next ones, cut after words") {
  // Before: cut at 105 characters, mid-word, what to change lost.
  const std::string sentence =
      "bloka EUR 10000.00 kopā ar šodien kontā LV06TREL1060000300001 jau pieņemtajiem EUR "
      "48766.06 pārsniedz dienas limitu EUR 50000.00";
  iso20022::StatusReport report;
  report.version = "pain.002.001.03";
  report.msg_id = "GW8-1";
  report.created_at = "2026-12-07T08:00:00Z";
  report.original_msg_id = "M";
  report.original_message_type = "pain.001.001.03";
  report.original_transactions = "1";
  report.group_status = PaymentStatus::kRejected;
  report.group_reasons.push_back({"AM14", {sentence, std::string(230, 'y')}});
  const std::string xml = iso20022::write_pain002(report);
  std::vector<std::string> pieces;
  for (std::size_t at = xml.find("<AddtlInf>"); at != std::string::npos;
       at = xml.find("<AddtlInf>", at + 1)) {
    const std::size_t from = at + std::string_view("<AddtlInf>").size();
    pieces.push_back(xml.substr(from, xml.find("</AddtlInf>", from) - from));
  }
  REQUIRE(pieces.size() == 5);  // 128 characters: 2; 230 without a space: 105, 105, 20
  CHECK(pieces[0] + " " + pieces[1] == sentence);
  CHECK(pieces[0].ends_with("pārsniedz"));  // after a word: 101 characters, 106 bytes
  CHECK(pieces[2] == std::string(105, 'y'));
  CHECK(pieces[4] == std::string(20, 'y'));
  xml::XercesRuntime xerces;
  auto schemas = xml::SchemaSet::load(xml::builtin_schemas());
  REQUIRE(schemas.has_value());
  CHECK(iso20022::MessageValidator(**schemas, {}).validate_bytes(xml, {}).accepted());
}

TEST_CASE("query strings and paths") {
  const http::QueryString q("msg_id=A%2FB+C&limit=20&bad=x1&empty=");
  CHECK(q.get("msg_id") == "A/B C");
  CHECK(q.get("empty") == "");
  CHECK_FALSE(q.get("none").has_value());
  CHECK(q.integer("limit", 1, 100) == std::optional<std::optional<std::int64_t>>(20));
  CHECK(q.integer("bad", 0, 9)->has_value() == false);
  CHECK(q.integer("limit", 1, 10)->has_value() == false);
  CHECK_FALSE(q.integer("none", 0, 9).has_value());
  CHECK(http::path_segments("/v1/mailbox/17/ack") ==
        std::vector<std::string_view>{"v1", "mailbox", "17", "ack"});
  CHECK(http::parse_id("17") == 17);
  CHECK_FALSE(http::parse_id("0").has_value());
  CHECK_FALSE(http::parse_id("17a").has_value());
  CHECK_FALSE(http::parse_id("-3").has_value());
}

namespace {

// What PaymentAcceptance::start_early needs: a validator that cuts a
// pain.001 in two from `chunked_min_bytes`, and the stores of a new database.
struct EarlyStarts {
  explicit EarlyStarts(std::uint64_t chunked_min_bytes)
      : validator(*schemas, two_chunks_from(chunked_min_bytes)) {}
  static iso20022::ValidationLimits two_chunks_from(std::uint64_t chunked_min_bytes) {
    iso20022::ValidationLimits limits;
    limits.chunks = 2;
    limits.chunked_min_bytes = chunked_min_bytes;
    return limits;
  }

  xml::XercesRuntime xerces;
  std::unique_ptr<xml::SchemaSet> schemas = xml::SchemaSet::load(xml::builtin_schemas()).value();
  iso20022::MessageValidator validator;
  TempDir dir;
  store::SqliteConnectionPool pool{dir.path() / "gw.db", std::chrono::milliseconds(1000), 1};
  store::SqlAcceptanceStore uploads{pool};
  store::SqlApplicationStore applications{pool};
  CutOffConfig cut_off;

  // An acceptance validating at most `early_validations` uploads while their
  // bodies arrive (it keeps a reference to its configuration: kept here).
  acceptance::PaymentAcceptance& acceptance(int early_validations) {
    AcceptanceConfig& config = configs.emplace_back();
    config.early_validations = early_validations;
    return acceptances.emplace_back(validator, uploads, applications, config, cut_off);
  }

 private:
  std::list<AcceptanceConfig> configs;
  std::list<acceptance::PaymentAcceptance> acceptances;
};

}  // namespace

TEST_CASE("so many uploads at a time validate while their bodies arrive") {
  EarlyStarts fx(0);
  auto& acceptance = fx.acceptance(1);
  const auto body = fx.dir.path() / "body";
  std::ofstream(body) << "not a pain.001 at all, but complete";
  const auto size = std::filesystem::file_size(body);
  // Each start follows a body of its own that arrives when the test says.
  std::list<http::GrowingBody> bodies;
  const auto start_with = [&](acceptance::PaymentAcceptance& a) {
    auto& arriving = bodies.emplace_back(body, size);
    return a.start_early(
        body, size, [&arriving](std::uint64_t bytes) { return arriving.wait_for(bytes); },
        [&arriving] { arriving.abandon(); }, std::chrono::system_clock::now());
  };
  const auto start = [&] { return start_with(acceptance); };
  auto first = start();
  REQUIRE(first != nullptr);
  CHECK(start() == nullptr);  // the first still runs, waiting for its body
  bodies.front().written(size);
  bodies.front().complete();
  rules::PaymentRecorder payments;
  CHECK_FALSE(first->take(payments).has_value());  // no chunks in this file: validate after all
  auto second = start();                           // taken: the next may start
  REQUIRE(second != nullptr);
  second.reset();  // dropped without being taken
  CHECK(start() != nullptr);

  // Two at a time: a third waits for its body.
  auto& two = fx.acceptance(2);
  auto a = start_with(two);
  auto b = start_with(two);
  CHECK(a != nullptr);
  CHECK(b != nullptr);
  CHECK(start_with(two) == nullptr);
  a.reset();
  CHECK(start_with(two) != nullptr);
}

// A body dribbled in: its early validation gives up (GrowingBody's rate),
// and lets its place go then, not when the body is complete.
TEST_CASE("an early validation that gives up lets its place go at once") {
  EarlyStarts fx(0);
  auto& acceptance = fx.acceptance(1);
  const auto body = fx.dir.path() / "body";
  std::ofstream(body) << "<Document>";
  const auto start = [&] {
    return acceptance.start_early(
        body, std::uint64_t{1} << 20, [](std::uint64_t) { return std::optional<std::uint64_t>(); },
        [] {}, std::chrono::system_clock::now());
  };
  auto given_up = start();
  REQUIRE(given_up != nullptr);
  std::unique_ptr<acceptance::EarlyValidation> next;
  for (int i = 0; i < 200 && next == nullptr; ++i) {
    next = start();
    if (next == nullptr) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(next != nullptr);  // while the first is neither taken nor dropped
}

TEST_CASE("a body without a length takes a place only when its first MiB promises a large file") {
  EarlyStarts fx(4 << 20);  // files of 4 MiB and more are cut
  auto& acceptance = fx.acceptance(1);
  // The first MiB of a body still arriving: the group header and 99 of its transactions.
  const auto body_of = [&](const std::string& name, int announced) {
    const std::string tx = "<CdtTrfTxInf>" + std::string(10'000, ' ') + "</CdtTrfTxInf>";
    std::string head = "<Document><CstmrCdtTrfInitn><GrpHdr><NbOfTxs>" + std::to_string(announced) +
                       "</NbOfTxs></GrpHdr><PmtInf>";
    for (int i = 0; i < 99; ++i) head += tx;
    const auto path = fx.dir.path() / name;
    std::ofstream(path) << head;
    return path;
  };
  std::list<http::GrowingBody> bodies;
  const auto start = [&](const std::filesystem::path& file) {
    // A body that says no more is coming until it is let go: the validation
    // waits for it, holding its place.
    auto& arriving = bodies.emplace_back(file, std::nullopt);
    return acceptance.start_early(
        file, std::nullopt, [&arriving](std::uint64_t bytes) { return arriving.wait_for(bytes); },
        [&arriving] { arriving.abandon(); }, std::chrono::system_clock::now());
  };
  // 200 transactions of 10 KB announced: about 2 MB, under 4 MiB: no early validation, no place.
  CHECK(start(body_of("small", 200)) == nullptr);
  // Nothing to estimate from (not a pain.001): none either.
  const auto other = fx.dir.path() / "other";
  std::ofstream(other) << std::string(1 << 20, 'x');
  CHECK(start(other) == nullptr);
  // 1,000 announced, about 10 MB: it starts, and holds the one place.
  auto large = start(body_of("large", 1000));
  REQUIRE(large != nullptr);
  CHECK(start(body_of("another", 1000)) == nullptr);
  large.reset();
  CHECK(start(body_of("another", 1000)) != nullptr);
}
