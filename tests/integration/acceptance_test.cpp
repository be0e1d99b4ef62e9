// Payment acceptance over real mutual TLS: accepted files with queue rows,
// every rejection reason, duplicates and idempotent re-sends, view-only users,
// limits with foreign currencies and the one-day change, test mode, the
// mailbox, and 20 concurrent uploads racing for one daily limit.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "support/applications.h"
#include "support/eventually.h"
#include "support/gateway_fixture.h"
#include "support/gzip.h"
#include "support/pain001_builder.h"
#include "support/report_request.h"
#include "support/store_write_lock.h"
#include "support/upload_race.h"

using namespace gw::test;

namespace {

// The payments handed to the ledger: the accepted payments of queued blocks.
const std::string kQueuedPayments =
    "SELECT count(*) FROM ledger_queue q JOIN payments p ON p.block_id = q.block_id "
    "WHERE p.decision = 'ACTC'";
// Their EndToEndIds in the order the ledger takes them.
const std::string kQueueOrder =
    "SELECT group_concat(e, ',') FROM (SELECT p.end_to_end_id AS e FROM ledger_queue q "
    "JOIN payments p ON p.block_id = q.block_id WHERE p.decision = 'ACTC' "
    "ORDER BY q.seq, p.position) AS queued";

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

const std::string kManaged = "LV06TREL1060000300001";  // demo: manage, 10 000 / 50 000 EUR
const std::string kViewed = "LV76TREL1060000300002";   // demo: view

CommandResult upload(const GatewayFixture& gw, const std::string& name, const std::string& xml,
                     std::vector<std::string> extra = {}) {
  const auto path = gw.dir() / name;
  std::ofstream(path) << xml;
  extra.insert(extra.begin(),
               {"-H", "Content-Type: application/xml", "--data-binary", "@" + path.string(), "-D",
                (gw.dir() / (name + ".headers")).string()});
  return gw.curl_api("/v1/messages", extra);
}

std::string headers_of(const GatewayFixture& gw, const std::string& name) {
  return read_file(gw.dir() / (name + ".headers"));
}

// The answer must be valid under the official ISO schema too (when ../shared is there).
std::string application(const std::string& user_number, const std::string& accounts) {
  return R"({"institution": {"registration_number": "90000000001", "name": "Parauga pašvaldība"},
    "user_number": )" +
         user_number + R"(,
    "technical_contact": {"first_name": "Anna", "last_name": "Kalniņa",
      "personal_code": "010101-10006", "phone": "+371 20000000", "email": "it@example.lv"},
    "signer": "Pēteris Ozols", "preparer": "Anna Kalniņa", "allowed_sources": [],
    "accounts": [)" +
         accounts + "]}";
}

// Replaces the application of `user` (default: the demo user).
void register_application(const GatewayFixture& gw, const std::string& accounts,
                          const std::string& user = "") {
  const auto path = gw.dir() / "application.json";
  std::ofstream(path) << application(user.empty() ? gw.user_number() : user, accounts);
  auto r = gw.ctl({"application", "register", path.string()});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
}

}  // namespace

TEST_CASE(
    "an accepted file gets ACTC, its payments are queued in order, the answer is in the "
    "mailbox") {
  GatewayFixture gw;
  const auto date = riga_date_in(3);
  const auto xml = build_pain001(
      "ACC-1", {TestBlock{"ACC-1-B1",
                          kManaged,
                          date,
                          {TestTransaction{"E1", 150000}, TestTransaction{"E2", 15075}}},
                TestBlock{"ACC-1-B2", kManaged, date, {TestTransaction{"E3", 50000}}}});
  auto r = upload(gw, "acc.xml", xml);
  REQUIRE_MESSAGE(http_status(r) == "201", r.out);
  const std::string answer = http_body(r);
  CHECK(contains(answer, "<GrpSts>ACTC</GrpSts>"));
  CHECK(contains(answer, "<OrgnlMsgId>ACC-1</OrgnlMsgId>"));
  CHECK(contains(answer, "<OrgnlPmtInfId>ACC-1-B2</OrgnlPmtInfId>"));
  check_official_schema(gw, answer, "pain.002.001.03");
  const auto headers = headers_of(gw, "acc.xml");
  CHECK(contains(headers, "X-Message-Id: 1"));
  CHECK(contains(headers, "Location: /v1/messages/1"));

  // Queue rows in file order, one per payment.
  CHECK(gw.query_value(kQueueOrder) == "E1,E2,E3");
  CHECK(gw.query_value("SELECT sum(amount_minor) FROM payments WHERE status = 'ACTC'") == "215075");
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "215075");
  CHECK(gw.query_value("SELECT decision FROM payments WHERE id = 1") == "ACTC");

  // Status by id and by MsgId; the payments with their history.
  auto status = gw.curl_api("/v1/messages?msg_id=ACC-1");
  REQUIRE(http_status(status) == "200");
  const auto json = nlohmann::json::parse(http_body(status));
  CHECK(json["group_status"] == "ACTC");
  CHECK(json["accepted"] == 3);
  CHECK(json["accepted_eur"] == "2150.75");
  auto payments = gw.curl_api("/v1/messages/1/payments?limit=2");
  const auto list = nlohmann::json::parse(http_body(payments))["payments"];
  REQUIRE(list.size() == 2);
  CHECK(list[0]["end_to_end_id"] == "E1");
  CHECK(list[0]["history"][0]["status"] == "RCVD");
  CHECK(list[0]["history"][1]["status"] == "ACTC");
  CHECK(list[0]["history"].size() == 2);
  CHECK(http_body(gw.curl_api("/v1/messages/1/pain002")) == answer);

  // Mailbox: listed until acknowledged.
  auto box = nlohmann::json::parse(http_body(gw.curl_api("/v1/mailbox")));
  REQUIRE(box["items"].size() == 1);
  const auto item = box["items"][0]["id"].get<std::int64_t>();
  CHECK(http_body(gw.curl_api("/v1/mailbox/" + std::to_string(item))) == answer);
  auto ack = gw.curl_api("/v1/mailbox/" + std::to_string(item) + "/ack", {"-X", "POST"});
  CHECK(http_status(ack) == "200");
  CHECK(nlohmann::json::parse(http_body(gw.curl_api("/v1/mailbox")))["items"].empty());
  CHECK(nlohmann::json::parse(http_body(gw.curl_api("/v1/mailbox?include=all")))["items"].size() ==
        1);
  CHECK(http_status(gw.curl_api("/v1/mailbox/999")) == "404");

  // A malformed or empty query is refused, naming the parameter (before: one
  // catch-all sentence, and from after to an empty page as if nothing was there).
  const auto refused = [&](const std::string& query, const std::string& detail) {
    auto refusal = gw.curl_api("/v1/mailbox?" + query);
    CHECK(http_status(refusal) == "400");
    CHECK(contains(http_body(refusal), "invalid_query"));
    CHECK_MESSAGE(contains(http_body(refusal), detail), http_body(refusal));
  };
  refused("from=2026-12-02&to=2026-12-01", "from 2026-12-02 is after to 2026-12-01");
  refused("from=2026-12-02&to=tomorrow", "to takes a date YYYY-MM-DD");
  refused("limit=0", "limit takes a whole number from 1 to 1000");
  refused("include=some", "include takes one value: all");
  CHECK(nlohmann::json::parse(http_body(
            gw.curl_api("/v1/mailbox?include=all&from=2020-01-01&to=2099-12-31")))["items"]
            .size() == 1);
}

TEST_CASE(
    "a file that fails validation is rejected whole with its findings and nothing is queued") {
  GatewayFixture gw;
  std::string xml = simple_pain001("BAD-1", riga_date_in(3), 10000);
  const auto at = xml.find("<CtrlSum>100.00</CtrlSum>");
  REQUIRE(at != std::string::npos);
  xml.replace(at, 25, "<CtrlSum>100.01</CtrlSum>");
  auto r = upload(gw, "bad.xml", xml);
  CHECK(http_status(r) == "422");
  CHECK(contains(http_body(r), "<GrpSts>RJCT</GrpSts>"));
  CHECK(contains(http_body(r), "<Cd>AM10</Cd>"));
  CHECK(contains(http_body(r), "<AddtlInf>line 4 column"));
  check_official_schema(gw, http_body(r), "pain.002.001.03");
  CHECK(gw.query_value("SELECT count(*) FROM payments") == "0");
  CHECK(gw.query_value(kQueuedPayments) == "0");
  auto status = nlohmann::json::parse(http_body(gw.curl_api("/v1/messages/1")));
  CHECK(status["findings"][0]["reason_code"] == "AM10");
  CHECK(status["findings"][0]["line"] == 4);

  // Corrected, the same MsgId may be sent again: a wholly rejected file kept nothing.
  auto fixed = upload(gw, "fixed.xml", simple_pain001("BAD-1", riga_date_in(3), 10000));
  CHECK(http_status(fixed) == "201");
}

// Pages start from the blocks' id ranges, not an OFFSET: each must still be
// the file's order, across blocks of other sizes than the page's.
TEST_CASE("a file's payments paged by offset and limit: every page is its slice of the file") {
  GatewayFixture gw;
  std::vector<TestBlock> blocks;
  int n = 0;
  for (const int size : {3, 1, 4}) {
    TestBlock block{fmt::format("PG-B{}", blocks.size() + 1), kManaged, riga_date_in(1), {}};
    for (int i = 0; i < size; ++i) {
      block.transactions.push_back({fmt::format("PG-E{}", ++n), 100 + n});
    }
    blocks.push_back(block);
  }
  REQUIRE(http_status(upload(gw, "paged.xml", build_pain001("PAGED-1", blocks))) == "201");
  const auto page = [&gw](int offset, int limit) {
    const auto r =
        gw.curl_api(fmt::format("/v1/messages/1/payments?offset={}&limit={}", offset, limit));
    REQUIRE(http_status(r) == "200");
    std::vector<std::string> ids;
    const auto body = nlohmann::json::parse(http_body(r));
    for (const auto& p : body["payments"]) {
      ids.push_back(p["end_to_end_id"].get<std::string>());
    }
    return ids;
  };
  const std::vector<std::string> in_file = {"PG-E1", "PG-E2", "PG-E3", "PG-E4",
                                            "PG-E5", "PG-E6", "PG-E7", "PG-E8"};
  const auto all = page(0, 1000);
  REQUIRE(all == in_file);
  for (int offset = 0; offset <= 9; ++offset) {
    CAPTURE(offset);
    const auto first = std::min<std::size_t>(static_cast<std::size_t>(offset), all.size());
    const auto last = std::min<std::size_t>(first + 3, all.size());
    CHECK(page(offset, 3) ==
          std::vector<std::string>(all.begin() + static_cast<std::ptrdiff_t>(first),
                                   all.begin() + static_cast<std::ptrdiff_t>(last)));
  }
}

TEST_CASE("findings in Latvian: by Accept-Language on the API, by the application in pain.002") {
  GatewayFixture gw;
  std::string xml = simple_pain001("LV-1", riga_date_in(3), 10000);
  const auto at = xml.find("<CtrlSum>100.00</CtrlSum>");
  REQUIRE(at != std::string::npos);
  xml.replace(at, 25, "<CtrlSum>100.01</CtrlSum>");
  auto r = upload(gw, "bad.xml", xml);
  CHECK(http_status(r) == "422");
  CHECK(contains(http_body(r), "<AddtlInf>group header CtrlSum says 100.01"));  // default English
  const auto lv = nlohmann::json::parse(
      http_body(gw.curl_api("/v1/messages/1", {"-H", "Accept-Language: lv-LV,lv;q=0.9,en;q=0.5"})));
  CHECK(lv["findings"][0]["reason_code"] == "AM10");
  CHECK(lv["findings"][0]["text"] ==
        "Grupas galvene: CtrlSum norādīts 100.01, bet summu kopsumma ir 100.00");
  CHECK_FALSE(lv["findings"][0].contains("text_lv"));
  const auto en = nlohmann::json::parse(http_body(gw.curl_api("/v1/messages/1")));
  CHECK(en["findings"][0]["text"] ==
        "group header CtrlSum says 100.01 but the amounts add up to "
        "100.00");

  // The application asks for Latvian status texts: the pain.002 says it so.
  std::string app = gw::test::application(gw.user_number(), manage(kManaged, 10000, 50000));
  app.insert(app.rfind('}'), R"(, "language": "lv")");
  auto reg = register_file(gw, "lv.json", app);
  REQUIRE_MESSAGE(reg.exit_code == 0, reg.err);
  xml.replace(xml.find("<MsgId>LV-1</MsgId>"), 19, "<MsgId>LV-2</MsgId>");
  r = upload(gw, "bad2.xml", xml);
  CHECK(http_status(r) == "422");
  CHECK_MESSAGE(contains(http_body(r), "<AddtlInf>rinda 4 kolonna"), http_body(r));
  CHECK(contains(http_body(r), "<AddtlInf>Grupas galvene: CtrlSum norādīts 100.01"));
  CHECK(contains(http_body(r), "<Cd>AM10</Cd>"));
  check_official_schema(gw, http_body(r), "pain.002.001.03");
  const auto whoami = nlohmann::json::parse(http_body(gw.curl_api("/v1/whoami")));
  CHECK(whoami["application"]["language"] == "lv");
}

namespace {

// The two ways a file is validated: the one pass, and every file in three chunks.
constexpr const char* kOnePassAndChunks[] = {
    "", "[acceptance]\nchunked_validation_min_mib = 0\nvalidation_threads = 3\n"};

}  // namespace

TEST_CASE("a file saved in Windows-1257: the byte, its line and column, in chunks or not") {
  // Two blocks of 40, enough for three chunks; in the 60th payment "Rēķins"
  // as Windows-1257 writes it: ē is 0xE7 and ķ is 0xED.
  std::vector<TestBlock> blocks;
  for (int b = 1; b <= 2; ++b) {
    TestBlock block{"CP-B" + std::to_string(b), kManaged, riga_date_in(3), {}};
    for (int t = 1; t <= 40; ++t) {
      block.transactions.push_back(
          TestTransaction{"CP" + std::to_string(b) + "-" + std::to_string(t), 100 + t});
    }
    blocks.push_back(std::move(block));
  }
  std::string xml = build_pain001("CP-1", blocks);
  std::size_t at = xml.find("Rēķins");
  for (int n = 1; n < 60; ++n) {
    REQUIRE(at != std::string::npos);
    at = xml.find("Rēķins", at + 1);
  }
  REQUIRE(at != std::string::npos);
  const auto line_start = xml.rfind('\n', at) + 1;
  const auto line =
      1 + std::count(xml.begin(), xml.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  const auto column = at - line_start + 2;  // the ASCII before it, then R
  xml.replace(at, std::string("Rēķins").size(), "R\xE7\xEDins");

  for (const char* config : kOnePassAndChunks) {
    CAPTURE(config);
    GatewayFixture gw(config);
    auto r = upload(gw, "cp1257.xml", xml);
    CHECK(http_status(r) == "422");
    const std::string pain002 = http_body(r);
    CHECK(contains(pain002, "<GrpSts>RJCT</GrpSts>"));
    CHECK(contains(pain002, "<Cd>FF01</Cd>"));
    // The whole sentence fits its AddtlInf; the line and column are in the one before.
    CHECK_MESSAGE(contains(pain002, "Ustrd&gt;R'. Save the file as UTF-8, not e.g. Windows-1257."),
                  pain002);
    CHECK(contains(pain002, fmt::format("line {} column {}", line, column)));
    check_official_schema(gw, pain002, "pain.002.001.03");
    const auto en = nlohmann::json::parse(http_body(gw.curl_api("/v1/messages/1")));
    REQUIRE(en["findings"].size() == 1);
    CHECK(en["findings"][0]["reason_code"] == "FF01");
    CHECK(en["findings"][0]["line"] == line);
    CHECK(en["findings"][0]["column"] == column);
    const std::string text = en["findings"][0]["text"];
    CHECK(text.rfind("Not UTF-8: the byte 0xE7 after '", 0) == 0);
    const auto lv = nlohmann::json::parse(
        http_body(gw.curl_api("/v1/messages/1", {"-H", "Accept-Language: lv"})));
    CHECK(std::string(lv["findings"][0]["text"]).rfind("Nav UTF-8: baits 0xE7 pēc '", 0) == 0);
    CHECK(gw.query_value("SELECT count(*) FROM payments") == "0");
  }

  // In the XML declaration: Xerces cannot read the first line and names the
  // spooled file; the answer names the byte, and no path of this machine.
  GatewayFixture gw;
  std::string first_line = simple_pain001("CP-3", riga_date_in(3), 10000);
  REQUIRE(first_line.rfind("<?xml version=\"1.0\"", 0) == 0);
  first_line.insert(19, "\x84");
  auto r = upload(gw, "declaration.xml", first_line);
  CHECK(http_status(r) == "422");
  CHECK_MESSAGE(contains(http_body(r), "Not UTF-8: the byte 0x84 after 'ml version=\\\"1.0\\\"'"),
                http_body(r));
  CHECK_FALSE(contains(http_body(r), "entity"));
  CHECK_FALSE(contains(http_body(r), gw.dir().string()));
}

namespace {

// `xml` as Windows-1257 writes its Latvian letters (the others stay UTF-8).
std::string as_windows_1257(std::string xml) {
  for (const auto& [utf8, cp1257] : {std::pair<std::string, std::string>{"š", "\xF0"},
                                     {"ī", "\xEE"},
                                     {"ē", "\xE7"},
                                     {"ķ", "\xED"}}) {
    for (auto at = xml.find(utf8); at != std::string::npos; at = xml.find(utf8, at)) {
      xml.replace(at, utf8.size(), cp1257);
    }
  }
  return xml;
}

}  // namespace

TEST_CASE("a file saved in Windows-1257 throughout is answered by a pain.002, not by an error") {
  // Its first Latvian letter is on line 5: the parser refuses the block it
  // decodes, root tag included, yet the file is a pain.001 and answered so,
  // with its MsgId, which comes before the letter.
  const std::string xml = as_windows_1257(simple_pain001("CP-4", riga_date_in(3), 10000));
  REQUIRE(xml.find("<Nm>Parauga pa\xF0vald\xEE") != std::string::npos);
  for (const char* config : kOnePassAndChunks) {
    CAPTURE(config);
    GatewayFixture gw(config);
    auto r = upload(gw, "cp1257.xml", xml);
    CHECK(http_status(r) == "422");
    const std::string pain002 = http_body(r);
    CHECK_MESSAGE(contains(pain002, "<GrpSts>RJCT</GrpSts>"), pain002);
    CHECK(contains(pain002, "<OrgnlMsgId>CP-4</OrgnlMsgId>"));
    CHECK(contains(pain002, "<OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>"));
    CHECK(contains(pain002, "<Cd>FF01</Cd>"));
    CHECK(contains(pain002, "Not UTF-8: the byte 0xF0 after 'y&gt;&lt;Nm&gt;Parauga pa'."));
    CHECK(contains(pain002, "line 5 column 25"));
    check_official_schema(gw, pain002, "pain.002.001.03");
    // Recorded as the institution's rejected file, with its finding in Latvian too.
    const auto lv = nlohmann::json::parse(
        http_body(gw.curl_api("/v1/messages/1", {"-H", "Accept-Language: lv"})));
    CHECK(lv["message_type"] == "pain.001.001.03");
    CHECK(lv["msg_id"] == "CP-4");
    CHECK(lv["group_status"] == "RJCT");
    REQUIRE(lv["findings"].size() == 1);
    CHECK(std::string(lv["findings"][0]["text"]).rfind("Nav UTF-8: baits 0xF0 pēc '", 0) == 0);
    CHECK(gw.query_value("SELECT count(*) FROM payments") == "0");
  }

  // A byte in the MsgId itself: the answer says NOTPROVIDED, as for any file
  // whose MsgId cannot be read.
  GatewayFixture gw;
  auto in_msg_id =
      upload(gw, "msgid.xml", as_windows_1257(simple_pain001("CP-ē", riga_date_in(3), 10000)));
  CHECK(http_status(in_msg_id) == "422");
  CHECK(contains(http_body(in_msg_id), "<OrgnlMsgId>NOTPROVIDED</OrgnlMsgId>"));
  CHECK(contains(http_body(in_msg_id),
                 "Not UTF-8: the byte 0xE7 after 'rpHdr&gt;&lt;MsgId&gt;CP-'."));

  // A camt.060 so saved goes to the reports, which refuse it with the same finding.
  const std::string camt060 =
      as_windows_1257(read_file(std::filesystem::path(GW_SOURCE_DIR) / "samples" / "camt.060" /
                                "accepted-camt060-statement-request.xml"));
  REQUIRE(camt060.find("pa\xF0vald") != std::string::npos);
  auto camt = upload(gw, "camt-cp1257.xml", camt060);
  CHECK(http_status(camt) == "422");
  CHECK_MESSAGE(contains(http_body(camt), "\"error\":\"request_rejected\""), http_body(camt));
  CHECK(contains(http_body(camt), "\"message_type\":\"camt.060.001.03\""));
  CHECK(contains(http_body(camt), "Not UTF-8: the byte 0xF0 after"));
}

TEST_CASE("a file validated in chunks on several threads is queued in file order") {
  // Every file is cut here (no size threshold), into three chunks.
  GatewayFixture gw("[acceptance]\nchunked_validation_min_mib = 0\nvalidation_threads = 3\n");
  const auto date = riga_date_in(3);
  std::vector<TestBlock> blocks;
  std::string expected;
  for (int b = 1; b <= 2; ++b) {
    TestBlock block{"CHUNK-B" + std::to_string(b), kManaged, date, {}};
    for (int t = 1; t <= 40; ++t) {
      const auto e2e = "C" + std::to_string(b) + "-" + std::to_string(t);
      block.transactions.push_back(TestTransaction{e2e, 100 + t});
      expected += (expected.empty() ? "" : ",") + e2e;
    }
    blocks.push_back(std::move(block));
  }
  auto r = upload(gw, "chunked.xml", build_pain001("CHUNK-1", blocks));
  REQUIRE_MESSAGE(http_status(r) == "201", (r.out + r.err + gw.log()));
  CHECK(contains(http_body(r), "<GrpSts>ACTC</GrpSts>"));
  CHECK(contains(gw.log(), "\"validation_chunks\":3"));
  // The chunks ran while the body arrived (early_validation.h).
  CHECK(contains(gw.log(), "\"validated_early\":true"));
  CHECK(gw.query_value("SELECT count(*) FROM payment_blocks") == "2");
  CHECK(gw.query_value(kQueueOrder) == expected);

  // A duplicate across the chunks is found by the one pass, with its place.
  blocks[1].transactions.back().end_to_end_id = "C1-1";
  auto dup = upload(gw, "duplicate.xml", build_pain001("CHUNK-2", blocks));
  REQUIRE_MESSAGE(http_status(dup) == "422", dup.out);
  CHECK(contains(http_body(dup), "DU04"));
  CHECK(contains(gw.log(), "\"validation_chunks\":1"));
  CHECK(contains(gw.log(), "\"validated_early\":false"));
}

TEST_CASE("an upload sent without a length is validated while it arrives, its size read from it") {
  // Every file is cut (no size threshold), into two chunks.
  GatewayFixture gw(
      "[ledger]\nrun_interval_ms = 0\n[acceptance]\nchunked_validation_min_mib = 0\n"
      "validation_threads = 2\n");
  const auto file_of = [](const std::string& msg_id, int per_block) {
    std::vector<TestBlock> blocks;
    for (int b = 1; b <= 2; ++b) {
      TestBlock block{fmt::format("{}-B{}", msg_id, b), kManaged, riga_date_in(1), {}};
      for (int t = 1; t <= per_block; ++t) {
        block.transactions.push_back(
            TestTransaction{fmt::format("{}-{}-{}", msg_id, b, t), 1 + t % 50});
      }
      blocks.push_back(std::move(block));
    }
    return build_pain001(msg_id, blocks);
  };
  // Chunked transfer encoding, no Content-Length. The session reads at most
  // 4 MiB at a time, so a body of 6 MB is still arriving, however fast it
  // comes, when its first MiB (the size is estimated from it) is on disk.
  const std::vector<std::string> chunked = {"-H", "Transfer-Encoding: chunked"};
  const std::string xml = file_of("UNK-1", 10000);
  REQUIRE(xml.size() > 5 * (1 << 20) + (1 << 19));
  auto r = upload(gw, "unknown-length.xml", xml, chunked);
  REQUIRE_MESSAGE(http_status(r) == "201", (r.out + r.err + gw.log()));
  CHECK(contains(http_body(r), "<GrpSts>ACTC</GrpSts>"));
  CHECK(gw.query_value("SELECT count(*) FROM payments") == "20000");
  CHECK(contains(gw.log(), "\"validation_chunks\":2"));
  CHECK_MESSAGE(contains(gw.log(), "\"validated_early\":true"), gw.log());

  // Compressed as well (stored, level 0: as many bytes inflated, which the
  // session's 4 MiB at a time count): the inflated bytes are estimated alike.
  std::vector<std::string> compressed = chunked;
  compressed.insert(compressed.end(), {"-H", "Content-Encoding: gzip"});
  auto packed = upload(gw, "unknown-length.xml.gz", gzip(file_of("UNK-3", 10000), 0), compressed);
  REQUIRE_MESSAGE(http_status(packed) == "201", (packed.out + packed.err + gw.log()));
  CHECK(gw.query_value("SELECT count(*) FROM payments") == "40000");
  const auto early_count = [&gw] {
    const std::string log = gw.log();
    int n = 0;
    for (auto at = log.find("\"validated_early\":true"); at != std::string::npos;
         at = log.find("\"validated_early\":true", at + 1)) {
      ++n;
    }
    return n;
  };
  CHECK_MESSAGE(early_count() == 2, gw.log());

  // Under a MiB: complete before there is anything to estimate from, so
  // validated after its body, as any small file.
  auto small = upload(gw, "small-unknown-length.xml", file_of("UNK-2", 100), chunked);
  REQUIRE_MESSAGE(http_status(small) == "201", small.out);
  CHECK(gw.query_value("SELECT count(*) FROM payments") == "40200");
  CHECK(contains(gw.log(), "\"validated_early\":false"));
  CHECK(early_count() == 2);
}

TEST_CASE("a large upload's pages are copied from the WAL into the store, as /metrics shows") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  if (gw.on_postgres()) {  // PostgreSQL looks after its own log
    CHECK_FALSE(contains(gw.metrics(), "gateway_store_wal"));
    return;
  }
  std::vector<TestBlock> blocks;
  for (int b = 1; b <= 3; ++b) {
    TestBlock block{fmt::format("WAL-B{}", b), kManaged, riga_date_in(3), {}};
    for (int t = 1; t <= 16000; ++t) {
      block.transactions.push_back(TestTransaction{fmt::format("WAL-{}-{}", b, t), 1 + t % 50});
    }
    blocks.push_back(std::move(block));
  }
  auto r = upload(gw, "wal.xml", build_pain001("WAL-1", blocks));
  REQUIRE_MESSAGE(http_status(r) == "201", (r.out + r.err + gw.log()));
  CHECK(gw.query_value("SELECT count(*) FROM payments") == "48000");
  // The acceptance commit cannot checkpoint itself (its institution's
  // statement is still open then): the pool's thread does, and says so.
  const std::string complete = "gateway_store_wal_checkpoints_total{result=\"complete\"} 1\n";
  CHECK_MESSAGE(
      eventually(std::chrono::seconds(10), [&] { return contains(gw.metrics(), complete); }),
      gw.metrics());
  const std::string metrics = gw.metrics();
  CHECK(contains(metrics, "gateway_store_wal_checkpoints_total{result=\"failed\"} 0\n"));
  CHECK(contains(metrics, "# TYPE gateway_store_wal_bytes gauge"));
  // 48,000 payments are more than 4 MB of pages (a checkpoint is due from
  // 4 MB; about 6 MB of WAL here, whatever the page size), now in the store
  // file itself.
  CHECK(std::filesystem::file_size(gw.dir() / "gateway.db") > 4'000'000);
}

TEST_CASE("an upload cut off while it is validated early leaves nothing behind") {
  GatewayFixture gw("[acceptance]\nchunked_validation_min_mib = 0\nvalidation_threads = 2\n");
  std::vector<TestBlock> blocks;
  for (int b = 1; b <= 2; ++b) {
    TestBlock block{"CUT-B" + std::to_string(b), kManaged, riga_date_in(3), {}};
    for (int t = 1; t <= 1500; ++t) {
      block.transactions.push_back(TestTransaction{fmt::format("X{}-{}", b, t), 100});
    }
    blocks.push_back(std::move(block));
  }
  const std::string xml = build_pain001("CUT-1", blocks);
  // The client gives up a second into a slow upload: the body never completes.
  auto cut = upload(gw, "cut.xml", xml, {"--limit-rate", "100K", "--max-time", "1"});
  CHECK(http_status(cut) != "201");
  CHECK(gw.query_value("SELECT count(*) FROM messages") == "0");
  // The gateway goes on: the same file, sent whole, is accepted once.
  auto whole = upload(gw, "whole.xml", xml);
  REQUIRE_MESSAGE(http_status(whole) == "201", (whole.out + whole.err));
  CHECK(contains(http_body(whole), "<GrpSts>ACTC</GrpSts>"));
  CHECK(gw.query_value("SELECT count(*) FROM payments") == "3000");
  CHECK(contains(gw.log(), "\"connection_dropped\""));
}

TEST_CASE("debtor accounts: view-only, foreign, closed and blocked accounts are refused") {
  GatewayFixture gw;
  const auto date = riga_date_in(2);
  SUBCASE("view-only account: AG01, the whole file") {
    const auto xml =
        build_pain001("M-1", {TestBlock{"M-1-B1", kManaged, date, {TestTransaction{"E1", 100}}},
                              TestBlock{"M-1-B2", kViewed, date, {TestTransaction{"E2", 100}}}});
    auto r = upload(gw, "view.xml", xml);
    CHECK(http_status(r) == "422");
    CHECK(contains(http_body(r), "<GrpSts>RJCT</GrpSts>"));
    CHECK(contains(http_body(r), "<OrgnlPmtInfId>M-1-B2</OrgnlPmtInfId>"));
    CHECK(contains(http_body(r), "<Cd>AG01</Cd>"));
    CHECK(gw.query_value(kQueuedPayments) == "0");
  }
  SUBCASE("an account outside the application: AG01") {
    auto r =
        upload(gw, "other.xml", simple_pain001("M-2", date, 100, "EUR", "LV33TREL1060000300000"));
    CHECK(http_status(r) == "422");
    CHECK(contains(http_body(r), "<Cd>AG01</Cd>"));
  }
  SUBCASE("a closed account: AC04; a blocked one: AC06") {
    REQUIRE(gw.ctl({"account", "set-state", "--iban", kManaged, "--state", "closed"}).exit_code ==
            0);
    auto closed = upload(gw, "closed.xml", simple_pain001("M-3", date, 100));
    CHECK(http_status(closed) == "422");
    CHECK(contains(http_body(closed), "<Cd>AC04</Cd>"));
    REQUIRE(gw.ctl({"account", "set-state", "--iban", kManaged, "--state", "blocked"}).exit_code ==
            0);
    auto blocked = upload(gw, "blocked.xml", simple_pain001("M-4", date, 100));
    CHECK(contains(http_body(blocked), "<Cd>AC06</Cd>"));
  }
  SUBCASE("DbtrAcct/Ccy other than the account's currency: AC09; the right one is accepted") {
    const std::string account = "<IBAN>" + kManaged + "</IBAN></Id>";
    auto usd = simple_pain001("M-5", date, 100);
    usd.replace(usd.find(account), account.size(), account + "<Ccy>USD</Ccy>");
    auto r = upload(gw, "usd-account.xml", usd);
    CHECK(http_status(r) == "422");
    CHECK(contains(http_body(r), "<Cd>AC09</Cd>"));
    CHECK(contains(http_body(r), "kept in EUR"));
    auto eur = simple_pain001("M-6", date, 100);
    eur.replace(eur.find(account), account.size(), account + "<Ccy>EUR</Ccy>");
    CHECK(http_status(upload(gw, "eur-account.xml", eur)) == "201");
  }
}

TEST_CASE("a user with only view rights cannot upload payments: 403 mode_forbidden") {
  GatewayFixture gw;
  register_application(gw, R"({"iban": ")" + kManaged + R"(", "mode": "view"})");
  auto r = upload(gw, "view.xml", simple_pain001("V-1", riga_date_in(2), 100));
  CHECK(http_status(r) == "403");
  CHECK(contains(http_body(r), "\"error\":\"mode_forbidden\""));
  CHECK(gw.query_value("SELECT count(*) FROM messages") == "0");

  // Nothing larger than a camt.060 is read from such a user: a payment file
  // of 600 payments is refused on its header, before a byte is spooled.
  std::vector<TestTransaction> many;
  for (int i = 1; i <= 600; ++i) many.push_back(TestTransaction{fmt::format("V-{}", i), 100});
  const auto big = build_pain001("V-2", {TestBlock{"V-2-B1", kManaged, riga_date_in(2), many}});
  REQUIRE(big.size() > 64 * 1024);
  const auto bytes_in = [&] {
    std::smatch m;
    const auto metrics = gw.metrics();
    REQUIRE(std::regex_search(metrics, m, std::regex("gateway_http_bytes_in_total (\\d+)")));
    return std::stoull(m[1]);
  };
  const auto before = bytes_in();
  auto large = upload(gw, "view-large.xml", big);
  CHECK(http_status(large) == "403");
  CHECK(contains(http_body(large), "\"error\":\"mode_forbidden\""));
  CHECK(bytes_in() - before < big.size() / 2);  // the header and what came with it
  // Without a length, or compressed, it is cut at 64 KiB.
  auto chunked = upload(gw, "view-chunked.xml", big, {"-H", "Transfer-Encoding: chunked"});
  CHECK(http_status(chunked) == "413");
  auto compressed = gw.dir() / "view-large.xml.gz";
  std::ofstream(compressed, std::ios::binary) << gzip(big);
  auto inflated = gw.curl_api(
      "/v1/messages", {"-H", "Content-Type: application/xml", "-H", "Content-Encoding: gzip",
                       "--data-binary", "@" + compressed.string()});
  CHECK(http_status(inflated) == "413");
  CHECK(gw.query_value("SELECT count(*) FROM messages") == "0");
  // A report request is still theirs to send (today's camt.052).
  const auto today = riga_date_in(0);
  const std::string camt060 =
      camt060_request("REQ-VIEW", kManaged, "camt.052.001.02", today, today);
  auto statement = upload(gw, "view-camt060.xml", camt060);
  CHECK_MESSAGE(http_status(statement) == "200", http_body(statement));
  CHECK(contains(http_body(statement), "BkToCstmrAcctRpt"));
}

TEST_CASE(
    "limits: single-payment (PART, AM02), daily per block (AM14), foreign currency, "
    "missing rate (CURR), one-day change") {
  GatewayFixture gw;
  const auto today = riga_date_in(0);
  const auto date = riga_date_in(2);
  REQUIRE(
      gw.ctl({"rates", "set", "--date", today, "--currency", "USD", "--rate", "1.25"}).exit_code ==
      0);

  // 12 500.00 USD is exactly 10 000.00 EUR (allowed); 12 500.02 USD is 10 000.02 (not).
  const auto part = build_pain001("L-1", {TestBlock{"L-1-B1",
                                                    kManaged,
                                                    date,
                                                    {TestTransaction{"OK", 1250000, "USD"},
                                                     TestTransaction{"OVER", 1250002, "USD"},
                                                     TestTransaction{"RUB", 1000, "RUB"}}}});
  auto r = upload(gw, "part.xml", part);
  REQUIRE_MESSAGE(http_status(r) == "201", r.out);
  const auto body = http_body(r);
  CHECK(contains(body, "<GrpSts>PART</GrpSts>"));
  CHECK(contains(body, "<PmtInfSts>PART</PmtInfSts>"));
  CHECK(contains(body, "<OrgnlEndToEndId>OVER</OrgnlEndToEndId>"));
  CHECK(contains(body, "<Cd>AM02</Cd>"));
  CHECK(contains(body, "<Cd>CURR</Cd>"));
  CHECK_FALSE(contains(body, "<OrgnlEndToEndId>OK</OrgnlEndToEndId>"));
  check_official_schema(gw, body, "pain.002.001.03");
  CHECK(gw.query_value("SELECT eur_minor FROM payments WHERE end_to_end_id = 'OK'") == "1000000");
  CHECK(gw.query_value(kQueuedPayments) == "1");
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "1000000");

  // Daily limit 50 000: 10 000 used; a block of 5 x 9 000 (45 000) does not fit and is
  // rejected whole (AM14); a later block of 4 x 9 000 in the same file does.
  std::vector<TestTransaction> five;
  std::vector<TestTransaction> four;
  for (int i = 0; i < 5; ++i) five.push_back({"F" + std::to_string(i), 900000});
  for (int i = 0; i < 4; ++i) four.push_back({"G" + std::to_string(i), 900000});
  auto daily = upload(gw, "daily.xml",
                      build_pain001("L-2", {TestBlock{"L-2-B1", kManaged, date, five},
                                            TestBlock{"L-2-B2", kManaged, date, four}}));
  REQUIRE(http_status(daily) == "201");
  CHECK(contains(http_body(daily), "<GrpSts>PART</GrpSts>"));
  CHECK(contains(http_body(daily), "<Cd>AM14</Cd>"));
  CHECK(gw.query_value("SELECT status FROM payment_blocks WHERE pmt_inf_id = 'L-2-B1'") == "RJCT");
  CHECK(gw.query_value("SELECT status FROM payment_blocks WHERE pmt_inf_id = 'L-2-B2'") == "ACTC");
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "4600000");

  // 4 000.01 more would pass 50 000: rejected; a one-day change to 60 000 lets it through.
  auto over = upload(gw, "over.xml", simple_pain001("L-3", date, 400001));
  CHECK(http_status(over) == "422");
  CHECK(contains(http_body(over), "<Cd>AM14</Cd>"));
  // The message's findings say why too (before: [], the reason only in the pain.002).
  const auto over_json = nlohmann::json::parse(http_body(gw.curl_api(
      "/v1/messages/" + gw.query_value("SELECT id FROM messages WHERE msg_id = 'L-3'"))));
  REQUIRE(over_json["findings"].size() == 1);
  CHECK(over_json["findings"][0]["reason_code"] == "AM14");
  CHECK(over_json["findings"][0]["pmt_inf_id"] == "L-3-B1");
  CHECK(contains(over_json["findings"][0]["text"].get<std::string>(), "exceeds the daily limit"));
  REQUIRE(gw.ctl({"application", "limit-change", "--user", gw.user_number(), "--iban", kManaged,
                  "--date", today, "--single", "10000", "--daily", "60000"})
              .exit_code == 0);
  auto changed = upload(gw, "changed.xml", simple_pain001("L-4", date, 400001));
  CHECK(http_status(changed) == "201");
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "5000001");

  // A large block over the limit: its payments, written before the block's
  // total was known, are all turned to RJCT in one statement (whose journal
  // passed SQLite's in-memory part: it failed 503 "database or disk is full").
  std::vector<TestTransaction> salaries;
  for (int i = 0; i < 20000; ++i) salaries.push_back({"S" + std::to_string(i), 60});
  auto large = upload(gw, "large.xml",
                      build_pain001("L-5", {TestBlock{"L-5-B1", kManaged, date, salaries}}));
  CHECK_MESSAGE(http_status(large) == "422", large.out.substr(0, 2000));
  CHECK(contains(http_body(large), "<Cd>AM14</Cd>"));
  CHECK(gw.query_value("SELECT count(*) FROM payments WHERE decision = 'RJCT' AND block_id = "
                       "(SELECT id FROM payment_blocks WHERE pmt_inf_id = 'L-5-B1')") == "20000");
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "5000001");
}

TEST_CASE(
    "duplicates: identical re-send replays, MsgId and PmtInfId reuse are refused, "
    "Idempotency-Key") {
  GatewayFixture gw;
  const auto date = riga_date_in(2);
  const auto xml = simple_pain001("D-1", date, 1000);
  auto first = upload(gw, "d1.xml", xml);
  REQUIRE(http_status(first) == "201");
  auto again = upload(gw, "d1-again.xml", xml);
  CHECK(http_status(again) == "200");
  CHECK(http_body(again) == http_body(first));
  CHECK(contains(headers_of(gw, "d1-again.xml"), "Idempotent-Replayed: true"));
  CHECK(gw.query_value(kQueuedPayments) == "1");
  CHECK(gw.query_value("SELECT count(*) FROM messages") == "1");

  // Same MsgId, other content: DU01.
  auto reused = upload(gw, "d1-other.xml", simple_pain001("D-1", date, 2000));
  CHECK(http_status(reused) == "422");
  CHECK(contains(http_body(reused), "<Cd>DU01</Cd>"));
  const auto reused_json = nlohmann::json::parse(http_body(gw.curl_api(
      "/v1/messages/" +
      gw.query_value("SELECT id FROM messages WHERE msg_id = 'D-1' AND group_status = 'RJCT'"))));
  REQUIRE(reused_json["findings"].size() == 1);
  CHECK(reused_json["findings"][0]["reason_code"] == "DU01");
  // New MsgId, PmtInfId of the accepted file: DU02.
  auto block = build_pain001("D-2", {TestBlock{"D-1-B1", kManaged, date, {{"X1", 500}}}});
  auto du02 = upload(gw, "d2.xml", block);
  CHECK(http_status(du02) == "422");
  CHECK(contains(http_body(du02), "<Cd>DU02</Cd>"));
  CHECK(gw.query_value(kQueuedPayments) == "1");

  // Idempotency-Key: same key and bytes replay; same key, other bytes: an error.
  const auto keyed = simple_pain001("D-3", date, 700);
  auto k1 = upload(gw, "k1.xml", keyed, {"-H", "Idempotency-Key: key-123"});
  CHECK(http_status(k1) == "201");
  auto k2 = upload(gw, "k2.xml", keyed, {"-H", "Idempotency-Key: key-123"});
  CHECK(http_status(k2) == "200");
  CHECK(http_body(k2) == http_body(k1));
  auto k3 =
      upload(gw, "k3.xml", simple_pain001("D-4", date, 700), {"-H", "Idempotency-Key: key-123"});
  CHECK(http_status(k3) == "422");
  CHECK(contains(http_body(k3), "\"error\":\"idempotency_key_reused\""));
  CHECK(gw.query_value(kQueuedPayments) == "2");
}

TEST_CASE("another user of the institution re-sending a file never gets the first answer") {
  GatewayFixture gw;
  const auto xml = simple_pain001("X-1", riga_date_in(2), 1000);
  auto first = upload(gw, "x1.xml", xml);
  REQUIRE(http_status(first) == "201");

  // A second user of the same institution (an application without a user
  // number makes a new user), who may only view the account.
  auto reg = register_file(gw, "viewer.json", gw::test::application("", view(kManaged)));
  REQUIRE_MESSAGE(reg.exit_code == 0, reg.err);
  const std::string viewer = reg.out.substr(0, reg.out.find('\n'));
  REQUIRE(viewer != gw.user_number());
  REQUIRE(gw.ctl({"cert", "issue", "--user", viewer, "--out", (gw.dir() / "viewer").string()})
              .exit_code == 0);
  const std::vector<std::string> as_viewer = {"--cert", (gw.dir() / "viewer.pem").string(), "--key",
                                              (gw.dir() / "viewer.key").string()};

  // View only: refused (this was once a replay of the first user's pain.002).
  auto viewing = upload(gw, "x1-viewer.xml", xml, as_viewer);
  CHECK(http_status(viewing) == "403");
  CHECK_FALSE(contains(http_body(viewing), "GrpSts"));

  // With payment rights on the same account: a decision of its own, the MsgId a duplicate.
  register_application(gw, R"({"iban": ")" + kManaged + R"(", "mode": "manage",
                              "single_limit_eur": 10000, "daily_limit_eur": 50000})",
                       viewer);
  auto again = upload(gw, "x1-manager.xml", xml, as_viewer);
  CHECK(http_status(again) == "422");
  CHECK(http_body(again) != http_body(first));
  CHECK(contains(http_body(again), "<Cd>DU01</Cd>"));
  CHECK_FALSE(contains(headers_of(gw, "x1-manager.xml"), "Idempotent-Replayed"));

  // The first user's message stays theirs: the second cannot read it by id either.
  const auto first_id = gw.query_value("SELECT min(id) FROM messages");
  CHECK(http_status(gw.curl_api("/v1/messages/" + first_id, as_viewer)) == "404");
  CHECK(gw.query_value(kQueuedPayments) == "1");
}

TEST_CASE("test mode decides exactly like an upload and records nothing") {
  GatewayFixture gw;
  auto r = upload(gw, "t.xml", simple_pain001("T-1", riga_date_in(2), 2000000),
                  {"-H", "X-Test-Mode: true"});
  CHECK(http_status(r) == "200");
  CHECK(contains(http_body(r), "<Cd>AM02</Cd>"));
  CHECK(contains(headers_of(gw, "t.xml"), "X-Test-Mode: true"));
  CHECK(gw.query_value("SELECT count(*) FROM messages") == "0");
  CHECK(gw.query_value("SELECT count(*) FROM mailbox") == "0");
  // Other spellings of yes are a test too; anything else is refused on the
  // header, not taken as "no" (the file would be recorded for execution).
  for (const char* yes : {"TRUE", "True", "on", "YES", "1"}) {
    CAPTURE(yes);
    auto again = upload(gw, "t.xml", simple_pain001("T-1", riga_date_in(2), 1000),
                        {"-H", std::string("X-Test-Mode: ") + yes});
    CHECK(http_status(again) == "200");
  }
  for (const char* unclear : {"true,true", "maybe", "2", "tru"}) {
    CAPTURE(unclear);
    auto refused = upload(gw, "t.xml", simple_pain001("T-1", riga_date_in(2), 1000),
                          {"-H", std::string("X-Test-Mode: ") + unclear});
    CHECK(http_status(refused) == "400");
    CHECK(contains(http_body(refused), "\"error\":\"test_mode_invalid\""));
  }
  CHECK(gw.query_value("SELECT count(*) FROM messages") == "0");
  auto real = upload(gw, "t2.xml", simple_pain001("T-1", riga_date_in(2), 1000),
                     {"-H", "X-Test-Mode: False"});
  CHECK(http_status(real) == "201");
}

TEST_CASE("not a payment message: a clear refusal naming the type") {
  GatewayFixture gw;
  auto statement = upload(gw, "camt053.xml",
                          read_file(std::filesystem::path(GW_SOURCE_DIR) / "samples" / "camt.05x" /
                                    "accepted-camt053v02-one-entry.xml"));
  CHECK(http_status(statement) == "422");
  CHECK(contains(http_body(statement), "\"error\":\"unsupported_message\""));
  CHECK(contains(http_body(statement), "\"message_type\":\"camt.053.001.02\""));
  // A camt.060 for an account outside the user's application: refused, nothing leaks.
  auto camt = upload(gw, "camt.xml",
                     read_file(std::filesystem::path(GW_SOURCE_DIR) / "samples" / "camt.060" /
                               "accepted-camt060-statement-request.xml"));
  CHECK(http_status(camt) == "403");
  CHECK(contains(http_body(camt), "\"error\":\"account_not_permitted\""));
  auto bad = upload(gw, "camt-bad.xml",
                    read_file(std::filesystem::path(GW_SOURCE_DIR) / "samples" / "camt.060" /
                              "rejected-dt01-date-range.xml"));
  CHECK(http_status(bad) == "422");
  CHECK(contains(http_body(bad), "\"error\":\"request_rejected\""));
  CHECK(contains(http_body(bad), "\"reason_code\":\"DT01\""));
  auto junk = upload(gw, "junk.xml", "this is not XML");
  CHECK(http_status(junk) == "422");
  CHECK(contains(http_body(junk), "\"reason_code\":\"FF01\""));
  auto empty = gw.curl_api("/v1/messages", {"-X", "POST"});
  CHECK(http_status(empty) == "400");
}

TEST_CASE("the same file sent twice at once is one file: the other copy replays its answer") {
  GatewayFixture gw;
  if (gw.on_postgres()) return;  // staged with SQLite's write lock
  const auto date = riga_date_in(2);
  int round = 0;
  for (const std::vector<std::string>& headers :
       {std::vector<std::string>{}, std::vector<std::string>{"-H", "Idempotency-Key: twice"}}) {
    CAPTURE(round);
    const auto xml = simple_pain001("TWICE-" + std::to_string(++round), date, 1000);
    std::vector<CommandResult> answers(2);
    {
      // Both copies looked for a repeat, found none and were validated
      // before either is decided: they wait at the lock, then go one by one.
      StoreWriteLock holder(gw);
      std::vector<std::thread> copies;
      for (std::size_t i = 0; i < answers.size(); ++i) {
        copies.emplace_back([&, i] {
          answers[i] = upload(gw, "twice-" + std::to_string(i) + ".xml", xml, headers);
        });
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1500));
      holder.release();
      for (auto& copy : copies) copy.join();
    }
    std::vector<std::string> codes;
    for (const auto& a : answers) codes.push_back(http_status(a));
    std::sort(codes.begin(), codes.end());
    // Before: the second was a DU01 rejection ("MsgId used with different
    // content"), or with the key a 503 (the key's unique index).
    const bool one_decided = codes == std::vector<std::string>{"200", "201"};
    CHECK_MESSAGE(one_decided, answers[0].out.substr(0, 1500) << answers[1].out.substr(0, 1500));
    CHECK(http_body(answers[0]) == http_body(answers[1]));  // the same pain.002
  }
  CHECK(gw.query_value("SELECT count(*) FROM messages") == "2");
  CHECK(gw.query_value("SELECT count(*) FROM mailbox") == "2");
}

TEST_CASE("20 concurrent uploads racing for one daily limit never exceed it") {
  GatewayFixture gw("[limits]\nrefusal_audit_interval_ms = 200\nmax_uploads_per_user = 20\n");
  const auto race = race_for_daily_limit(gw, gw.api_port());
  CHECK_MESSAGE(race.accepted == 10, race.codes);
  CHECK_MESSAGE(race.rejected == 10, race.codes);
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "100000");
  CHECK(gw.query_value(kQueuedPayments) == "10");
  CHECK(gw.query_value("SELECT count(*) FROM messages WHERE group_status = 'RJCT'") == "10");
  CHECK(gw.query_value("SELECT count(*) FROM payment_blocks WHERE reason = 'AM14'") == "10");
}

TEST_CASE(
    "one bad creditor IBAN among 300 salaries rejects that payment alone, unless all or nothing") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const auto salaries = [](const std::string& prefix) {
    std::vector<TestTransaction> txs;
    for (int i = 1; i <= 300; ++i) {
      TestTransaction tx{fmt::format("{}-{:03}", prefix, i), 10000};
      if (i == 150) tx.creditor_iban = "LV57HABA8093972980635";  // a typo: wrong check digits
      txs.push_back(tx);
    }
    return txs;
  };
  const auto day = riga_date_in(1);
  auto r =
      upload(gw, "salaries.xml",
             build_pain001("SALARY-1", {TestBlock{"SALARY-1-B1", kManaged, day, salaries("SAL")}}));
  REQUIRE_MESSAGE(http_status(r) == "201", r.out);
  const std::string answer = http_body(r);
  CHECK(contains(answer, "<GrpSts>PART</GrpSts>"));
  CHECK(contains(answer, "<PmtInfSts>PART</PmtInfSts>"));
  const auto rejected = answer.find("<OrgnlEndToEndId>SAL-150</OrgnlEndToEndId>");
  REQUIRE(rejected != std::string::npos);
  CHECK(answer.find("<TxSts>RJCT</TxSts>", rejected) < answer.find("</TxInfAndSts>", rejected));
  CHECK(answer.find("<OrgnlEndToEndId>SAL-149</OrgnlEndToEndId>") == std::string::npos);
  CHECK(contains(answer, "<Cd>AC01</Cd>"));
  CHECK(contains(answer, "creditor IBAN LV57HABA8093972980635"));
  check_official_schema(gw, answer, "pain.002.001.03");
  CHECK(gw.query_value("SELECT count(*) FROM payments WHERE decision = 'ACTC'") == "299");
  CHECK(gw.query_value("SELECT reason FROM payments WHERE end_to_end_id = 'SAL-150'") == "AC01");
  CHECK(gw.query_value(kQueuedPayments) == "299");
  // The daily limit counts what was accepted: 299 x 100.00 EUR.
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "2990000");
  auto status = gw.curl_api("/v1/messages/1");
  CHECK(contains(http_body(status), "\"AC01\""));

  // An institution that wants all or nothing gets the whole file rejected.
  auto doc = nlohmann::json::parse(
      gw::test::application(gw.user_number(), manage(kManaged, 10000, 50000)));
  doc["all_or_nothing"] = true;
  const auto path = gw.dir() / "whole.json";
  std::ofstream(path) << doc.dump();
  auto reg = gw.ctl({"application", "register", path.string()});
  REQUIRE_MESSAGE(reg.exit_code == 0, reg.err);
  CHECK(contains(gw.ctl({"application", "show", "--user", gw.user_number()}).out,
                 "payment files: all or nothing"));
  CHECK(contains(http_body(gw.curl_api("/v1/whoami")), "\"all_or_nothing\":true"));
  r = upload(
      gw, "salaries-2.xml",
      build_pain001("SALARY-2", {TestBlock{"SALARY-2-B1", kManaged, day, salaries("SAL2")}}));
  CHECK(http_status(r) == "422");
  CHECK(contains(http_body(r), "<GrpSts>RJCT</GrpSts>"));
  CHECK(contains(http_body(r), "<Cd>AC01</Cd>"));
  CHECK(gw.query_value("SELECT eur_minor FROM daily_usage") == "2990000");
  CHECK(gw.query_value(kQueuedPayments) == "299");
}

TEST_CASE("past the findings cap a file is rejected whole: what lies beyond is not known") {
  // Three bad creditor IBANs with a cap of 2: the third has no finding, so the
  // file cannot be accepted in part without accepting it.
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n[acceptance]\nmax_findings = 2\n");
  std::vector<TestTransaction> txs;
  for (int i = 1; i <= 5; ++i) {
    TestTransaction tx{fmt::format("CAP-{}", i), 10000};
    if (i <= 3) tx.creditor_iban = "LV57HABA8093972980635";
    txs.push_back(tx);
  }
  auto r = upload(gw, "cap.xml",
                  build_pain001("CAP-1", {TestBlock{"CAP-1-B1", kManaged, riga_date_in(1), txs}}));
  CHECK(http_status(r) == "422");
  CHECK(contains(http_body(r), "<GrpSts>RJCT</GrpSts>"));
  CHECK(gw.query_value(kQueuedPayments) == "0");
}
