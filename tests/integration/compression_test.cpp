// gzip request bodies over real mutual TLS: an upload sent with
// Content-Encoding: gzip is decided as the same bytes sent plain (and is the
// same content for idempotency); a bomb, a body inflating past the limit, a
// corrupt or cut-short stream and another encoding are refused with a clear
// error, and nothing stays in the spool.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/booked_notification.h"
#include "support/gateway_fixture.h"
#include "support/gzip.h"
#include "support/pain001_builder.h"

using namespace gw::test;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

CommandResult post(const GatewayFixture& gw, const std::string& name, const std::string& body,
                   const std::string& encoding, const std::vector<std::string>& more = {}) {
  const auto path = gw.dir() / name;
  std::ofstream(path, std::ios::binary) << body;
  std::vector<std::string> args = {"-H", "Content-Type: application/xml", "--data-binary",
                                   "@" + path.string()};
  if (!encoding.empty()) args.insert(args.end(), {"-H", "Content-Encoding: " + encoding});
  args.insert(args.end(), more.begin(), more.end());
  return gw.curl_api("/v1/messages", args);
}

}  // namespace

TEST_CASE("a gzip upload is decided as the same bytes sent plain") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  std::vector<TestTransaction> txs;
  for (int i = 0; i < 500; ++i) txs.push_back({fmt::format("GZ-{:03}", i), 1000 + i});
  const std::string xml = build_pain001(
      "GZIP-1", {TestBlock{"GZIP-1-B1", "LV06TREL1060000300001", riga_date_in(1), txs}});
  const std::string packed = gzip(xml);
  CHECK(packed.size() * 10 < xml.size());
  auto r = post(gw, "upload.xml.gz", packed, "gzip");
  REQUIRE_MESSAGE(http_status(r) == "201", r.out);
  CHECK(contains(http_body(r), "<GrpSts>ACTC</GrpSts>"));
  CHECK(gw.query_value("SELECT count(*) FROM payments") == "500");
  CHECK(gw.query_value("SELECT size_bytes FROM messages") == std::to_string(xml.size()));
  // The same content sent plain is the same upload: the first answer again.
  auto again = post(gw, "upload.xml", xml, "");
  CHECK(http_status(again) == "200");
  CHECK(http_body(again) == http_body(r));
  CHECK(gw.query_value("SELECT count(*) FROM messages") == "1");
  CHECK(std::filesystem::is_empty(gw.dir() / "spool"));
}

TEST_CASE("a gzip upload is validated while it arrives, its size estimated from the ratio") {
  // Every file is cut (no size threshold), into two chunks.
  GatewayFixture gw(
      "[ledger]\nrun_interval_ms = 0\n[acceptance]\nchunked_validation_min_mib = 0\n"
      "validation_threads = 2\n");
  std::vector<TestBlock> blocks;
  for (int b = 1; b <= 2; ++b) {
    TestBlock block{fmt::format("GZE-B{}", b), "LV06TREL1060000300001", riga_date_in(1), {}};
    for (int t = 1; t <= 6000; ++t) {
      block.transactions.push_back(TestTransaction{fmt::format("GZE-{}-{}", b, t), 1 + t % 50});
    }
    blocks.push_back(std::move(block));
  }
  std::string xml = build_pain001("GZE-1", blocks);
  // Stored, not compressed, and sent slowly enough that most of it arrives
  // after the estimate (from the first MiB inflated).
  const std::vector<std::string> slowly = {"--limit-rate", "2M"};
  const std::string packed = gzip(xml, 0);
  REQUIRE(xml.size() > 3 * (1 << 20));
  auto r = post(gw, "early.xml.gz", packed, "gzip", slowly);
  REQUIRE_MESSAGE(http_status(r) == "201", (r.out + r.err + gw.log()));
  CHECK(contains(http_body(r), "<GrpSts>ACTC</GrpSts>"));
  CHECK(gw.query_value("SELECT count(*) FROM payments") == "12000");
  CHECK(contains(gw.log(), "\"validation_chunks\":2"));
  CHECK_MESSAGE(contains(gw.log(), "\"validated_early\":true"), gw.log());

  // A repeat across the chunks: the one pass finds it and says where.
  blocks[1].transactions.back().end_to_end_id = "GZE-1-1";
  xml = build_pain001("GZE-2", blocks);
  auto dup = post(gw, "dup.xml.gz", gzip(xml, 0), "gzip", slowly);
  REQUIRE_MESSAGE(http_status(dup) == "422", dup.out);
  CHECK(contains(http_body(dup), "DU04"));
  CHECK(contains(gw.log(), "\"validated_early\":false"));
  CHECK(gw.query_value("SELECT count(*) FROM payments") == "12000");
  CHECK(std::filesystem::is_empty(gw.dir() / "spool"));
}

TEST_CASE("a gzip bomb is refused at the ratio cap, long before its size") {
  GatewayFixture gw;  // max_body_bytes 256 MiB, max_gzip_ratio 200
  // 1 GiB of zeros in 1 MiB members, about 1 MB on the wire: a ratio of 1000.
  const std::string member = gzip(std::string(1 << 20, '\0'));
  std::string bomb;
  for (int i = 0; i < 1024; ++i) bomb += member;
  CHECK(bomb.size() < 2 * 1024 * 1024);
  auto r = post(gw, "bomb.gz", bomb, "gzip");
  CHECK(http_status(r) == "413");
  CHECK(contains(http_body(r), "\"error\":\"body_too_large\""));
  CHECK(std::filesystem::is_empty(gw.dir() / "spool"));
  CHECK(http_status(gw.curl_api("/v1/whoami")) == "200");
}

TEST_CASE("gzip inflating past the limit, corrupt gzip and other encodings are refused") {
  GatewayFixture gw(
      "[limits]\nmax_body_bytes = 4194304\nmax_gzip_ratio = 200\n"
      "refusal_audit_interval_ms = 200\n");
  SUBCASE("compressible text past max_body_bytes once inflated: refused at the limit") {
    std::string text;
    for (int i = 0; text.size() < 6u * 1024 * 1024; ++i)
      text += fmt::format("<Line>{}</Line>\n", i);
    const std::string packed = gzip(text);
    CHECK(packed.size() * 200 > text.size());  // within the ratio: the size limit decides
    auto r = post(gw, "large.gz", packed, "gzip");
    CHECK(http_status(r) == "413");
  }
  SUBCASE("cut short, or not gzip at all: 400 bad_encoding") {
    const std::string packed = gzip(simple_pain001("GZIP-2", riga_date_in(1), 100));
    auto cut = post(gw, "cut.gz", packed.substr(0, packed.size() - 10), "gzip");
    CHECK(http_status(cut) == "400");
    CHECK(contains(http_body(cut), "\"error\":\"bad_encoding\""));
    auto plain = post(gw, "plain.gz", simple_pain001("GZIP-3", riga_date_in(1), 100), "gzip");
    CHECK(http_status(plain) == "400");
    CHECK(contains(http_body(plain), "\"error\":\"bad_encoding\""));
  }
  SUBCASE("another encoding: 415") {
    auto r = post(gw, "br.xml", simple_pain001("GZIP-4", riga_date_in(1), 100), "br");
    CHECK(http_status(r) == "415");
    CHECK(contains(http_body(r), "\"error\":\"unsupported_encoding\""));
  }
  CHECK(gw.query_value("SELECT count(*) FROM messages") == "0");
  CHECK(std::filesystem::is_empty(gw.dir() / "spool"));
  CHECK(http_status(gw.curl_api("/v1/whoami")) == "200");  // the gateway serves on
}

namespace {

// `route` answered plain without Accept-Encoding, and gzip-compressed (at
// least 5:1, the same bytes once inflated) with it.
void check_gzip_answer(const GatewayFixture& gw, const std::string& route) {
  auto plain = gw.curl_api(route, {"-D", (gw.dir() / "plain.h").string()});
  auto packed = gw.curl_api(route, {"--compressed", "-D", (gw.dir() / "packed.h").string()});
  REQUIRE(http_status(plain) == "200");
  REQUIRE(http_status(packed) == "200");
  CHECK(http_body(packed) == http_body(plain));  // curl inflated it
  CHECK(contains(read_file(gw.dir() / "packed.h"), "Content-Encoding: gzip"));
  CHECK_FALSE(contains(read_file(gw.dir() / "plain.h"), "Content-Encoding"));
  // The bytes on the wire were the compressed ones.
  auto raw = gw.curl_api(route, {"-H", "Accept-Encoding: gzip"});
  CHECK(http_body(raw).size() * 5 < http_body(plain).size());
  CHECK(http_body(raw).substr(0, 2) == "\x1f\x8b");
}

}  // namespace

TEST_CASE("answers leave gzip-compressed when the client takes gzip") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  std::vector<TestTransaction> txs;
  for (int i = 0; i < 200; ++i) txs.push_back({fmt::format("R-{:03}", i), 1000 + i});
  const std::string xml = build_pain001(
      "GZIP-R", {TestBlock{"GZIP-R-B1", "LV06TREL1060000300001", riga_date_in(1), txs}});
  REQUIRE(http_status(post(gw, "r.xml", xml, "")) == "201");
  const std::string route = "/v1/messages/1/payments?limit=200";
  check_gzip_answer(gw, route);
}

TEST_CASE("a large mailbox item streamed from disk leaves gzip-compressed too") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  // A notification of more than 4 MiB, which the mailbox streams from a file.
  const auto item = booked_notification(gw, "GZIP-S", 7000);
  REQUIRE(item.size_bytes > (4 << 20));
  check_gzip_answer(gw, item.path);
  // Neither the answer's file nor its compressed copy stays behind.
  CHECK(std::filesystem::is_empty(gw.dir() / "spool"));
}
