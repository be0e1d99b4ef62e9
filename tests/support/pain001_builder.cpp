#include "support/pain001_builder.h"

#include <fmt/format.h>

#include "support/process.h"
#include "xml/xml_escape.h"

namespace gw::test {
namespace {

std::string amount(std::int64_t minor) { return fmt::format("{}.{:02}", minor / 100, minor % 100); }

}  // namespace

std::string build_pain001(const std::string& msg_id, const std::vector<TestBlock>& blocks) {
  std::int64_t total = 0;
  std::size_t count = 0;
  for (const auto& b : blocks) {
    for (const auto& t : b.transactions) {
      total += t.amount_minor;
      ++count;
    }
  }
  std::string xml = fmt::format(
      R"(<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03">
<CstmrCdtTrfInitn>
<GrpHdr><MsgId>{}</MsgId><CreDtTm>2026-11-20T10:00:00</CreDtTm><NbOfTxs>{}</NbOfTxs><CtrlSum>{}</CtrlSum>
<InitgPty><Nm>Parauga pašvaldība</Nm></InitgPty></GrpHdr>
)",
      msg_id, count, amount(total));
  for (const auto& b : blocks) {
    std::int64_t sum = 0;
    for (const auto& t : b.transactions) sum += t.amount_minor;
    xml += fmt::format(
        R"(<PmtInf><PmtInfId>{}</PmtInfId><PmtMtd>TRF</PmtMtd>{}<NbOfTxs>{}</NbOfTxs><CtrlSum>{}</CtrlSum>
<ReqdExctnDt>{}</ReqdExctnDt><Dbtr><Nm>Parauga pašvaldība</Nm></Dbtr>
<DbtrAcct><Id><IBAN>{}</IBAN></Id></DbtrAcct><DbtrAgt><FinInstnId><BIC>TRELLV22</BIC></FinInstnId></DbtrAgt>
)",
        b.pmt_inf_id,
        b.batch_booking.empty() ? "" : "<BtchBookg>" + b.batch_booking + "</BtchBookg>",
        b.transactions.size(), amount(sum), b.execution_date, b.debtor_iban);
    for (const auto& t : b.transactions) {
      xml += fmt::format(
          R"(<CdtTrfTxInf><PmtId><InstrId>I-{}</InstrId><EndToEndId>{}</EndToEndId></PmtId>
<Amt><InstdAmt Ccy="{}">{}</InstdAmt></Amt><Cdtr><Nm>{}</Nm></Cdtr>
<CdtrAcct><Id><IBAN>{}</IBAN></Id></CdtrAcct><RmtInf><Ustrd>Rēķins {}</Ustrd></RmtInf></CdtTrfTxInf>
)",
          t.end_to_end_id, t.end_to_end_id, t.currency, amount(t.amount_minor),
          xml::xml_text(t.creditor_name), t.creditor_iban, t.end_to_end_id);
    }
    xml += "</PmtInf>\n";
  }
  xml += "</CstmrCdtTrfInitn>\n</Document>\n";
  return xml;
}

std::vector<TestBlock> numbered_blocks(int count, int per_block) {
  std::vector<TestBlock> out;
  for (int b = 0; b < count; ++b) {
    TestBlock block{fmt::format("B-{}", b), "LV06TREL1060000300001", "2026-11-24", {}};
    for (int t = 0; t < per_block; ++t) {
      block.transactions.push_back({fmt::format("E-{}-{}", b, t), 100 + t * 7 + b, "EUR",
                                    "LV56HABA8093972980635",
                                    fmt::format("SIA \"Kreditors {}\"", t)});
    }
    out.push_back(std::move(block));
  }
  return out;
}

std::string simple_pain001(const std::string& msg_id, const std::string& execution_date,
                           std::int64_t amount_minor, const std::string& currency,
                           const std::string& debtor_iban) {
  return build_pain001(msg_id,
                       {TestBlock{msg_id + "-B1",
                                  debtor_iban,
                                  execution_date,
                                  {TestTransaction{msg_id + "-T1", amount_minor, currency}}}});
}

std::string riga_date_in(int days) {
  auto r = run_command({"sh", "-c", fmt::format("TZ=Europe/Riga date -d '+{} days' +%F", days)});
  return r.out.substr(0, 10);
}

}  // namespace gw::test
