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
  CHECK(contains(r.out, "0 mismatched, 2 skipped"));
  CHECK(contains(r.out, "skipped: signing steps need --signers"));
  const std::string report = read_file(junit);
  CHECK(contains(report, "failures=\"0\" skipped=\"2\""));
  CHECK(contains(report, "<skipped message=\"signing steps need --signers"));
  CHECK_FALSE(contains(report, "tests=\"0\""));
  // Test mode: nothing was recorded.
  CHECK(gw.query_store("SELECT count(*) FROM messages") == "0\n");
}

TEST_CASE("with the demo signers' keys the corpus signs held files with openssl-compatible CMS") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const auto signers = gw.dir() / "signers";
  auto seeded = gw.ctl({"seed-demo", "--signers-dir", signers.string()});
  REQUIRE_MESSAGE(seeded.exit_code == 0, seeded.err);
  CHECK(std::filesystem::exists(signers / "berzina.key"));
  CHECK(std::filesystem::exists(signers / "ozols.pem"));
  // The demo signers' certificates verify as signing certificates of the gateway's CA.
  auto chain = run_command(
      {"openssl", "verify", "-CAfile", gw.ca_pem().string(), (signers / "ozols.pem").string()});
  CHECK_MESSAGE(chain.exit_code == 0, chain.err);
  auto listed = gw.ctl({"signer", "list"});
  CHECK(contains(listed.out, "Ilze Bērziņa (320000-00033)"));
  CHECK(contains(listed.out, "Pēteris Ozols (320000-00044)"));

  auto args = replay_args(gw, (kSamples / "REPLAY.tsv").string(), gw.dir() / "replay.xml");
  args.insert(args.end(), {"--cert", gw.client_pem().string(), "--key", gw.client_key().string(),
                           "--signers", signers.string()});
  for (int run = 1; run <= 2; ++run) {  // ids unique to each run: a second run is not a duplicate
    CAPTURE(run);
    auto r = gw.ctl(args);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "0 mismatched, 0 skipped"));
    CHECK(contains(r.out, "approve by berzina"));
    CHECK(contains(read_file(gw.dir() / "replay.xml"), "skipped=\"0\""));
  }
  // Only the files to sign were recorded; each run: two approvals and a rejection, kept as CMS.
  CHECK(gw.query_store("SELECT count(*) FROM messages") == "4\n");
  CHECK(gw.query_store("SELECT decision, count(*) FROM file_signatures GROUP BY decision "
                       "ORDER BY decision") == "approve|4\nreject|2\n");
  CHECK(
      gw.query_store("SELECT state, count(*) FROM authorisations GROUP BY state ORDER BY state") ==
      "rejected|2\nreleased|2\n");
}

TEST_CASE("a signing step that goes otherwise than the manifest says is a mismatch") {
  GatewayFixture gw("[ledger]\nrun_interval_ms = 0\n");
  const auto signers = gw.dir() / "signers";
  REQUIRE(gw.ctl({"seed-demo", "--signers-dir", signers.string()}).exit_code == 0);
  const auto manifest = gw.dir() / "REPLAY.tsv";
  std::filesystem::create_directories(gw.dir() / "replay");
  std::filesystem::copy_file(kSamples / "replay" / "pending-two-signatures.xml",
                             gw.dir() / "replay" / "two.xml");
  // Expecting the file released after its level-1 signer alone: it still waits for the second.
  std::ofstream(manifest) << "file\toutcome\treason_codes\tnote\tdetails\tsigning\n"
                          << "replay/two.xml\tPDNG\tDS0A\twrong\t-\tapprove:berzina=released\n";
  const auto junit = gw.dir() / "replay.xml";
  auto args = replay_args(gw, manifest.string(), junit);
  args.insert(args.end(), {"--cert", gw.client_pem().string(), "--key", gw.client_key().string(),
                           "--signers", signers.string()});
  auto r = gw.ctl(args);
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(contains(read_file(junit), "signing expected approve:berzina=released, got waiting"));
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
