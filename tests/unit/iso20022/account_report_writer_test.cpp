#include "iso20022/account_report_writer.h"

#include <doctest/doctest.h>

#include <memory>
#include <sstream>
#include <string>

#include "iso20022/message_validator.h"
#include "xml/schema_set.h"
#include "xml/xerces_runtime.h"

namespace {

using gw::iso20022::AccountReportWriter;
using gw::iso20022::ReportEntry;
using gw::iso20022::ReportKind;

// One booked debit whose parties and agent name only what ISO 2019 has: an
// ultimate creditor's building name, a creditor's and an agent's LEI.
ReportEntry entry_with_2019_parts() {
  ReportEntry e;
  e.amount_minor = -1'250;
  e.currency = "EUR";
  e.booking_date = "2026-12-02";
  e.value_date = "2026-12-02";
  e.reference = "LEDGER-1";
  e.family = "ICDT";
  e.sub_family = "ESCT";
  e.end_to_end_id = "E2E-1";
  e.creditor.lei = "213800NWBKGB2LDS6013";
  e.ultimate_creditor.address.building_name = "Rātsnams";
  e.ultimate_creditor.address.lines = {""};
  e.creditor_agent.lei = "529900T8BM49AURSDO55";
  return e;
}

std::string statement(const std::string& version, const ReportEntry& e) {
  std::ostringstream out;
  AccountReportWriter w(out, ReportKind::kStatement, version, "STMT-1",
                        "2026-12-02T18:00:00+02:00");
  gw::iso20022::AccountSection s;
  s.id = "STMT-1-1";
  s.created_at = "2026-12-02T18:00:00+02:00";
  s.from_date = "2026-12-02";
  s.to_date = "2026-12-02";
  s.iban = "LV33TREL1060000000001";
  s.currency = "EUR";
  s.balances = {{"OPBD", 10'000, "2026-12-02"}, {"CLBD", 8'750, "2026-12-02"}};
  s.totals.debit_count = 1;
  s.totals.debit_sum = 1'250;
  w.begin_account(s);
  w.entry(e);
  w.end_account();
  w.finish();
  return out.str();
}

}  // namespace

TEST_CASE("account report writer: what ISO 2009 has no element for, .001.02 writes another way") {
  gw::xml::XercesRuntime xerces;
  const auto schemas = gw::xml::SchemaSet::load(gw::xml::builtin_schemas()).value();
  const gw::iso20022::MessageValidator validator(*schemas, {});
  const auto e = entry_with_2019_parts();

  const std::string v02 = statement("001.02", e);
  CHECK(validator.check_outgoing(v02, "camt.053.001.02", "statement").has_value());
  // A party's and an agent's LEI as an other identifier of scheme LEI,
  // ISO 2019's address parts as address lines.
  CHECK(v02.find("<Cdtr><Id><OrgId><Othr><Id>213800NWBKGB2LDS6013</Id><SchmeNm><Prtry>LEI</Prtry>"
                 "</SchmeNm></Othr></OrgId></Id></Cdtr>") != std::string::npos);
  CHECK(v02.find("<UltmtCdtr><PstlAdr><AdrLine>BldgNm Rātsnams</AdrLine></PstlAdr></UltmtCdtr>") !=
        std::string::npos);
  CHECK(v02.find("<RltdAgts><CdtrAgt><FinInstnId><Othr><Id>529900T8BM49AURSDO55</Id><SchmeNm>"
                 "<Prtry>LEI</Prtry></SchmeNm></Othr></FinInstnId></CdtrAgt></RltdAgts>") !=
        std::string::npos);
  CHECK(v02.find("<EndToEndId>E2E-1</EndToEndId>") != std::string::npos);

  const std::string v08 = statement("001.08", e);
  CHECK(validator.check_outgoing(v08, "camt.053.001.08", "statement").has_value());
  CHECK(
      v08.find("<Cdtr><Pty><Id><OrgId><LEI>213800NWBKGB2LDS6013</LEI></OrgId></Id></Pty></Cdtr>") !=
      std::string::npos);
  CHECK(
      v08.find("<UltmtCdtr><Pty><PstlAdr><BldgNm>Rātsnams</BldgNm></PstlAdr></Pty></UltmtCdtr>") !=
      std::string::npos);
  CHECK(v08.find("<RltdAgts><CdtrAgt><FinInstnId><LEI>529900T8BM49AURSDO55</LEI></FinInstnId>") !=
        std::string::npos);
}

TEST_CASE("account report writer: an address with ISO 2009 parts is written in both versions") {
  auto e = entry_with_2019_parts();
  e.ultimate_creditor.address.town = "Cēsis";
  const std::string v02 = statement("001.02", e);
  CHECK(v02.find("<UltmtCdtr><PstlAdr><TwnNm>Cēsis</TwnNm><AdrLine>BldgNm Rātsnams</AdrLine>"
                 "</PstlAdr></UltmtCdtr>") != std::string::npos);
  const std::string v08 = statement("001.08", e);
  CHECK(v08.find("<PstlAdr><BldgNm>Rātsnams</BldgNm><TwnNm>Cēsis</TwnNm></PstlAdr>") !=
        std::string::npos);
}

TEST_CASE("account report writer: ISO 2019's address parts share .001.02's seven lines") {
  auto e = entry_with_2019_parts();
  // Six lines of the payment's own leave one: the parts go in it together.
  e.ultimate_creditor.address.lines = {"1", "2", "3", "4", "5", "6"};
  e.ultimate_creditor.address.floor = "3";
  e.ultimate_creditor.address.room = "301";
  const std::string v02 = statement("001.02", e);
  CHECK(v02.find("<AdrLine>6</AdrLine><AdrLine>BldgNm Rātsnams, Flr 3, Room 301</AdrLine>"
                 "</PstlAdr>") != std::string::npos);
  // Past 70 characters, the next line.
  e.ultimate_creditor.address.lines = {};
  e.ultimate_creditor.address.district = std::string(60, 'd');
  const std::string two = statement("001.02", e);
  CHECK(two.find("<AdrLine>BldgNm Rātsnams, Flr 3, Room 301</AdrLine><AdrLine>DstrctNm " +
                 std::string(60, 'd') + "</AdrLine>") != std::string::npos);
}

TEST_CASE("account report writer: AddtlTxInf holds what has no element, cut to 500 characters") {
  gw::xml::XercesRuntime xerces;
  const auto schemas = gw::xml::SchemaSet::load(gw::xml::builtin_schemas()).value();
  const gw::iso20022::MessageValidator validator(*schemas, {});
  auto e = entry_with_2019_parts();
  e.uetr = "7e5d6c4b-3a29-4f18-8e07-d6c5b4a39281";
  e.local_instrument = {"INST", false};
  e.additional_info = {"ChrgBr: SLEV", "RgltryRptg: Ctry RU, Cd 212"};

  const std::string v02 = statement("001.02", e);
  CHECK(validator.check_outgoing(v02, "camt.053.001.02", "statement").has_value());
  CHECK(v02.find("<AddtlTxInf>UETR: 7e5d6c4b-3a29-4f18-8e07-d6c5b4a39281; LclInstrm: INST; "
                 "ChrgBr: SLEV; RgltryRptg: Ctry RU, Cd 212</AddtlTxInf></TxDtls>") !=
        std::string::npos);
  // ISO 2019 has elements of its own for the UETR and the local instrument.
  const std::string v08 = statement("001.08", e);
  CHECK(validator.check_outgoing(v08, "camt.053.001.08", "statement").has_value());
  CHECK(v08.find("<AddtlTxInf>ChrgBr: SLEV; RgltryRptg: Ctry RU, Cd 212</AddtlTxInf>") !=
        std::string::npos);
  CHECK(v08.find("<UETR>7e5d6c4b-3a29-4f18-8e07-d6c5b4a39281</UETR>") != std::string::npos);

  // Whole items within 500 characters; what does not fit is left out, and
  // a last "…" says so.
  e.additional_info = {"ChrgBr: SLEV", "RgltryRptg: " + std::string(480, 'r'),
                       "InstrForDbtrAgt: x"};
  const std::string cut = statement("001.08", e);
  CHECK(validator.check_outgoing(cut, "camt.053.001.08", "statement").has_value());
  CHECK(cut.find("<AddtlTxInf>ChrgBr: SLEV; \u2026</AddtlTxInf>") != std::string::npos);
  e.additional_info = {"ChrgBr: SLEV", "RgltryRptg: " + std::string(470, 'r')};
  CHECK(statement("001.08", e).find("RgltryRptg: " + std::string(470, 'r') + "</AddtlTxInf>") !=
        std::string::npos);  // 496 characters: all of it
  // One item alone longer than 500: cut, with the "…", escaped once, whole
  // characters counted (ā is one, two bytes).
  e.additional_info = {"RgltryRptg: Authrty SIA \"A&B\" " + std::string(480, 'x') + "ā"};
  const std::string long_one = statement("001.08", e);
  CHECK(validator.check_outgoing(long_one, "camt.053.001.08", "statement").has_value());
  CHECK(long_one.find(">RgltryRptg: Authrty SIA &quot;A&amp;B&quot; " + std::string(469, 'x') +
                      "\u2026</AddtlTxInf>") != std::string::npos);
  // A first item that fits alone but not beside "; …": its beginning, and "…".
  e.additional_info = {std::string(499, 'y') + "ā", "ChrgBr: SLEV"};
  CHECK(statement("001.08", e).find(">" + std::string(499, 'y') + "\u2026</AddtlTxInf>") !=
        std::string::npos);
  e.additional_info = {std::string(499, 'y') + "ā"};
  CHECK(statement("001.08", e).find(">" + std::string(499, 'y') + "ā</AddtlTxInf>") !=
        std::string::npos);
  e.additional_info.clear();
  e.uetr.clear();
  e.local_instrument = {};
  CHECK(statement("001.02", e).find("AddtlTxInf") == std::string::npos);
}

TEST_CASE("account report writer: a foreign-currency payment says the rate it was debited at") {
  gw::xml::XercesRuntime xerces;
  const auto schemas = gw::xml::SchemaSet::load(gw::xml::builtin_schemas()).value();
  const gw::iso20022::MessageValidator validator(*schemas, {});
  auto e = entry_with_2019_parts();
  e.instructed_currency = "HUF";
  e.instructed_minor = 487'650;  // HUF 4 876.50 at 390.12 HUF per EUR: EUR 12.50
  e.exchange_rate_micro = 390'120'000;
  for (const std::string version : {"001.02", "001.08"}) {
    CAPTURE(version);
    const std::string xml = statement(version, e);
    CHECK(validator.check_outgoing(xml, "camt.053." + version, "statement").has_value());
    CHECK(xml.find("<InstdAmt><Amt Ccy=\"HUF\">4876.50</Amt><CcyXchg><SrcCcy>EUR</SrcCcy>"
                   "<TrgtCcy>HUF</TrgtCcy><UnitCcy>EUR</UnitCcy><XchgRate>390.12</XchgRate>"
                   "</CcyXchg></InstdAmt><TxAmt><Amt Ccy=\"EUR\">12.50</Amt></TxAmt>") !=
          std::string::npos);
  }
  // Whole units and the finest rate the store keeps, written as they are.
  e.exchange_rate_micro = 4'000'000;
  CHECK(statement("001.02", e).find("<XchgRate>4</XchgRate>") != std::string::npos);
  e.exchange_rate_micro = 1;
  const std::string finest = statement("001.08", e);
  CHECK(finest.find("<XchgRate>0.000001</XchgRate>") != std::string::npos);
  CHECK(validator.check_outgoing(finest, "camt.053.001.08", "statement").has_value());
  // No rate kept (accepted before rates were recorded): the amounts only.
  e.exchange_rate_micro = 0;
  CHECK(statement("001.02", e).find("CcyXchg") == std::string::npos);
}
