#include "replay/replay_case.h"

#include <doctest/doctest.h>

#include <fstream>

#include "support/temp_dir.h"

using namespace gw;

namespace {

client::HttpAnswer xml_answer(std::string body) {
  return client::HttpAnswer{
      200, {{"Content-Type", "application/xml; charset=utf-8"}}, std::move(body)};
}

const char* kPart = R"(<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
    <OrgnlGrpInfAndSts><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>
    <OrgnlPmtInfAndSts>
      <OrgnlPmtInfId>B1</OrgnlPmtInfId>
      <PmtInfSts>PART</PmtInfSts>
      <TxInfAndSts>
        <OrgnlInstrId>I2</OrgnlInstrId>
        <OrgnlEndToEndId>E2</OrgnlEndToEndId>
        <TxSts>RJCT</TxSts>
        <StsRsnInf>
          <Rsn>
            <Cd>AM02</Cd>
          </Rsn>
        </StsRsnInf>
      </TxInfAndSts>
    </OrgnlPmtInfAndSts>
    <OrgnlPmtInfAndSts>
      <OrgnlPmtInfId>B2</OrgnlPmtInfId>
      <PmtInfSts>RJCT</PmtInfSts>
      <StsRsnInf><Rsn><Cd>AM14</Cd></Rsn></StsRsnInf>
    </OrgnlPmtInfAndSts></Document>)";

}  // namespace

TEST_CASE("replay observes group status, codes and each block's and transaction's status") {
  const auto o = replay::observe(xml_answer(kPart));
  CHECK(o.outcome == "PART");
  CHECK(o.reason_codes == std::vector<std::string>{"AM02", "AM14"});
  CHECK(o.details.at("B1") == "PART");
  CHECK(o.details.at("E2") == "RJCT:AM02");
  CHECK(o.details.at("B2") == "RJCT:AM14");

  replay::ReplayResult r{
      {"f.xml", "PART", {"AM02", "AM14"}, {{"E2", "RJCT:AM02"}}, "", {}}, o, "", 0, {}, {}};
  CHECK(r.passed());
  r.expected.details["B2"] = "ACTC";
  CHECK_FALSE(r.passed());
  CHECK(replay::junit_xml({r}).find("details expected B2=ACTC;E2=RJCT:AM02") != std::string::npos);

  const auto json = replay::observe(client::HttpAnswer{
      403, {{"Content-Type", "application/json"}}, R"({"error":"account_not_permitted"})"});
  CHECK(json.outcome == "error:account_not_permitted");
  const auto report = replay::observe(
      xml_answer(R"(<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"/>)"));
  CHECK(report.outcome == "report:camt.052.001.02");
}

TEST_CASE("replay moves execution and period dates, and reads its manifest") {
  const std::string xml =
      "<ReqdExctnDt>2026-12-01</ReqdExctnDt><ReqdExctnDt><Dt>2026-12-31</Dt></ReqdExctnDt>"
      "<FrDt>2026-11-23</FrDt><ToDt>2026-11-23</ToDt><CreDtTm>2026-11-23T09:00:00</CreDtTm>";
  CHECK(replay::shift_dates(xml, -2) ==
        "<ReqdExctnDt>2026-11-29</ReqdExctnDt><ReqdExctnDt><Dt>2026-12-29</Dt></ReqdExctnDt>"
        "<FrDt>2026-11-21</FrDt><ToDt>2026-11-21</ToDt><CreDtTm>2026-11-23T09:00:00</CreDtTm>");
  CHECK(replay::shift_dates(xml, 40).find("<ReqdExctnDt><Dt>2027-02-09</Dt>") != std::string::npos);

  TempDir dir;
  const auto manifest = dir.path() / "REPLAY.tsv";
  std::ofstream(manifest) << "# comment\nfile\toutcome\treason_codes\tnote\tdetails\n"
                          << "a.xml\tPART\tAM14,AM02\ttwo\tB1=PART;E2=RJCT:AM02\n"
                          << "b.xml\tACTC\t-\n";
  auto cases = replay::read_replay_manifest(manifest);
  REQUIRE(cases.has_value());
  REQUIRE(cases->size() == 2);
  CHECK((*cases)[0].reason_codes == std::vector<std::string>{"AM02", "AM14"});
  CHECK((*cases)[0].details.at("E2") == "RJCT:AM02");
  CHECK((*cases)[1].reason_codes.empty());
  CHECK((*cases)[1].signing.empty());
  std::ofstream(manifest, std::ios::app) << "broken line\n";
  CHECK_FALSE(replay::read_replay_manifest(manifest).has_value());
}

TEST_CASE("replay reads signing steps, compares them in order and reports skipped cases apart") {
  TempDir dir;
  const auto manifest = dir.path() / "REPLAY.tsv";
  std::ofstream(manifest) << "file\toutcome\treason_codes\tnote\tdetails\tsigning\n"
                          << "s.xml\tPDNG\tDS0A\tsign\t-\t"
                             "approve:berzina=waiting;approve:berzina=error:already_signed\n";
  auto cases = replay::read_replay_manifest(manifest);
  REQUIRE(cases.has_value());
  REQUIRE((*cases)[0].signing.size() == 2);
  CHECK((*cases)[0].signing[1].decision == "approve");
  CHECK((*cases)[0].signing[1].signer == "berzina");
  CHECK((*cases)[0].signing[1].expected == "error:already_signed");
  CHECK(replay::join_steps((*cases)[0].signing) ==
        "approve:berzina=waiting;approve:berzina=error:already_signed");

  replay::ReplayResult r{(*cases)[0], {"PDNG", {"DS0A"}, {}}, "", 0, {"waiting"}, {}};
  CHECK_FALSE(r.passed());  // one step missing
  r.observed_steps.push_back("error:already_signed");
  CHECK(r.passed());
  r.observed_steps = {"error:already_signed", "waiting"};  // order matters
  CHECK_FALSE(r.passed());
  CHECK(replay::junit_xml({r}).find("failures=\"1\" skipped=\"0\"") != std::string::npos);
  r.skipped = "needs --signers";
  CHECK_FALSE(r.passed());
  CHECK(replay::junit_xml({r}).find("failures=\"0\" skipped=\"1\"") != std::string::npos);

  std::ofstream(manifest, std::ios::app) << "t.xml\tPDNG\t-\tx\t-\tsign:berzina=waiting\n";
  auto bad = replay::read_replay_manifest(manifest);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().message.find(":3: signing step 'sign:berzina=waiting'") != std::string::npos);
}

TEST_CASE("replay reads a signing answer and makes ids unique within Max35Text") {
  CHECK(replay::observe_signing(client::HttpAnswer{
            200, {{"Content-Type", "application/json"}}, R"({"state":"released"})"}) == "released");
  CHECK(replay::observe_signing(
            client::HttpAnswer{409,
                               {{"Content-Type", "application/json"}},
                               R"({"error":"signature_conflict","refusal":"already_signed"})"}) ==
        "error:already_signed");
  CHECK(replay::observe_signing(client::HttpAnswer{404, {}, R"({"error":"not_found"})"}) ==
        "error:not_found");
  CHECK(replay::observe_signing(client::HttpAnswer{502, {}, "<html/>"}) == "error:502");

  const std::string xml = "<MsgId>M1</MsgId><PmtInfId>" + std::string(35, 'P') +
                          "</PmtInfId><EndToEndId>E</EndToEndId>";
  CHECK(replay::make_ids_unique(xml, "-RX") == "<MsgId>M1-RX</MsgId><PmtInfId>" +
                                                   std::string(32, 'P') +
                                                   "-RX</PmtInfId><EndToEndId>E</EndToEndId>");
}
