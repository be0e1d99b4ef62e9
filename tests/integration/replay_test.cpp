// gatewayctl replay against a freshly started gatewayd: the whole samples/
// corpus gets the answers samples/REPLAY.tsv expects; a wrong expectation is
// reported as a mismatch (exit 1, a JUnit failure); a PKCS#12 identity works.
#include <doctest/doctest.h>

#include <fstream>

#include "support/gateway_fixture.h"

using namespace gw::test;

namespace {

const std::filesystem::path kSamples = std::filesystem::path(GW_SOURCE_DIR) / "samples";

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::vector<std::string> replay_args(const GatewayFixture& gw, const std::string& manifest,
                                     const std::filesystem::path& junit) {
  return {"replay",     "--url",  gw.api_url(""), "--ca",        gw.ca_pem().string(),
          "--manifest", manifest, "--junit",      junit.string()};
}

}  // namespace

TEST_CASE("the whole samples/ corpus replays as its manifest expects, in test mode") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const auto junit = gw.dir() / "replay.xml";
  auto args = replay_args(gw, (kSamples / "REPLAY.tsv").string(), junit);
  args.insert(args.end(), {"--cert", gw.client_pem().string(), "--key", gw.client_key().string()});
  auto r = gw.ctl(args);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "0 mismatched"));
  const std::string report = read_file(junit);
  CHECK(contains(report, "failures=\"0\""));
  CHECK_FALSE(contains(report, "tests=\"0\""));
  // Test mode: nothing was recorded.
  CHECK(gw.query_store("SELECT count(*) FROM messages") == "0\n");
}

TEST_CASE("a mismatch fails the replay - with a PKCS#12 identity") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const auto manifest = gw.dir() / "REPLAY.tsv";
  std::filesystem::create_directories(gw.dir() / "pain.001");
  std::filesystem::copy_file(kSamples / "pain.001" / "rejected-am10-control-sum.xml",
                             gw.dir() / "pain.001" / "am10.xml");
  std::ofstream(manifest) << "file\toutcome\treason_codes\tnote\n"
                          << "pain.001/am10.xml\tACTC\t-\ta wrong expectation\n";
  const auto p12 = gw.dir() / "client.p12";
  auto exported = run_command({"openssl", "pkcs12", "-export", "-in", gw.client_pem().string(),
                               "-inkey", gw.client_key().string(), "-out", p12.string(), "-passout",
                               "pass:replay-password"});
  REQUIRE_MESSAGE(exported.exit_code == 0, exported.err);
  const auto junit = gw.dir() / "replay.xml";
  auto args = replay_args(gw, manifest.string(), junit);
  args.insert(args.end(), {"--p12", p12.string(), "--password", "replay-password"});
  auto r = gw.ctl(args);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, "RJCT AM10"));
  CHECK(contains(r.out, "MISMATCH"));
  CHECK(contains(read_file(junit), "<failure message=\"expected ACTC -, got RJCT AM10\"/>"));
  // Neither --cert/--key nor --p12: a usage error.
  auto usage = gw.ctl(replay_args(gw, manifest.string(), junit));
  CHECK(usage.exit_code == 2);
}
