#include "iso20022/account_report_writer.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "core/amount.h"
#include "xml/xml_escape.h"

namespace gw::iso20022 {
namespace {

std::string absolute(std::int64_t minor) { return format_decimal(minor < 0 ? -minor : minor, 2); }

}  // namespace

std::string report_message_type(ReportKind kind, const std::string& version) {
  return fmt::format("{}.{}", kind == ReportKind::kStatement ? "camt.053" : "camt.052", version);
}

AccountReportWriter::AccountReportWriter(std::ostream& out, ReportKind kind, std::string version,
                                         const std::string& msg_id, const std::string& created_at)
    : out_(out), kind_(kind), version_(std::move(version)) {
  fmt::print(out_,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:{}\">\n<{}>\n"
             "<GrpHdr><MsgId>{}</MsgId><CreDtTm>{}</CreDtTm></GrpHdr>\n",
             report_message_type(kind_, version_),
             kind_ == ReportKind::kStatement ? "BkToCstmrStmt" : "BkToCstmrAcctRpt", msg_id,
             created_at);
}

void AccountReportWriter::text(std::string_view name, std::string_view value) {
  fmt::print(out_, "<{}>{}</{}>", name, value, name);
}

void AccountReportWriter::amount(std::int64_t minor, const std::string& currency) {
  fmt::print(out_, "<Amt Ccy=\"{}\">{}</Amt><CdtDbtInd>{}</CdtDbtInd>", currency, absolute(minor),
             minor < 0 ? "DBIT" : "CRDT");
}

void AccountReportWriter::begin_account(const AccountSection& s) {
  out_ << (kind_ == ReportKind::kStatement ? "<Stmt>" : "<Rpt>");
  text("Id", s.id);
  text("ElctrncSeqNb", std::to_string(s.sequence));
  if (s.legal_sequence) text("LglSeqNb", std::to_string(*s.legal_sequence));
  text("CreDtTm", s.created_at);
  fmt::print(out_, "<FrToDt><FrDtTm>{}T00:00:00</FrDtTm><ToDtTm>{}T23:59:59</ToDtTm></FrToDt>",
             s.from_date, s.to_date);
  fmt::print(out_, "<Acct><Id><IBAN>{}</IBAN></Id><Ccy>{}</Ccy></Acct>\n", s.iban, s.currency);
  for (const auto& b : s.balances) {
    fmt::print(out_, "<Bal><Tp><CdOrPrtry><Cd>{}</Cd></CdOrPrtry></Tp>", b.type);
    amount(b.amount_minor, s.currency);
    fmt::print(out_, "<Dt><Dt>{}</Dt></Dt></Bal>\n", b.date);
  }
  const auto& t = s.totals;
  const std::int64_t count = t.credit_count + t.debit_count;
  if (count > 0) {
    fmt::print(out_, "<TxsSummry><TtlNtries><NbOfNtries>{}</NbOfNtries><Sum>{}</Sum></TtlNtries>",
               count, format_decimal(t.credit_sum + t.debit_sum, 2));
    if (t.credit_count > 0) {
      fmt::print(out_, "<TtlCdtNtries><NbOfNtries>{}</NbOfNtries><Sum>{}</Sum></TtlCdtNtries>",
                 t.credit_count, format_decimal(t.credit_sum, 2));
    }
    if (t.debit_count > 0) {
      fmt::print(out_, "<TtlDbtNtries><NbOfNtries>{}</NbOfNtries><Sum>{}</Sum></TtlDbtNtries>",
                 t.debit_count, format_decimal(t.debit_sum, 2));
    }
    out_ << "</TxsSummry>\n";
  }
  entries_ = 0;
}

void AccountReportWriter::entry(const ReportEntry& e) {
  const bool v08 = version_ == "001.08";
  out_ << "<Ntry>";
  text("NtryRef", std::to_string(++entries_));
  amount(e.amount_minor, e.currency);
  out_ << (v08 ? "<Sts><Cd>BOOK</Cd></Sts>" : "<Sts>BOOK</Sts>");
  fmt::print(out_, "<BookgDt><Dt>{}</Dt></BookgDt><ValDt><Dt>{}</Dt></ValDt>", e.booking_date,
             e.value_date);
  text("AcctSvcrRef", e.reference);
  fmt::print(out_,
             "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{}</Cd><SubFmlyCd>{}</SubFmlyCd></Fmly></Domn>"
             "</BkTxCd>\n",
             e.family, e.sub_family);
  out_ << "<NtryDtls><TxDtls><Refs>";
  if (!e.msg_id.empty()) text("MsgId", xml::xml_text(e.msg_id, 35));
  text("AcctSvcrRef", e.reference);
  if (!e.pmt_inf_id.empty()) text("PmtInfId", xml::xml_text(e.pmt_inf_id, 35));
  if (!e.instr_id.empty()) text("InstrId", xml::xml_text(e.instr_id, 35));
  if (!e.end_to_end_id.empty()) text("EndToEndId", xml::xml_text(e.end_to_end_id, 35));
  out_ << "</Refs>";
  if (v08) amount(e.amount_minor, e.currency);
  const auto party = [&](std::string_view role, const std::string& name, const std::string& iban) {
    if (!name.empty()) {
      if (v08) {
        fmt::print(out_, "<{0}><Pty><Nm>{1}</Nm></Pty></{0}>", role, xml::xml_text(name, 140));
      } else {
        fmt::print(out_, "<{0}><Nm>{1}</Nm></{0}>", role, xml::xml_text(name, 140));
      }
    }
    if (!iban.empty()) fmt::print(out_, "<{0}Acct><Id><IBAN>{1}</IBAN></Id></{0}Acct>", role, iban);
  };
  if (!e.debtor_name.empty() || !e.debtor_iban.empty() || !e.creditor_name.empty() ||
      !e.creditor_iban.empty()) {
    out_ << "<RltdPties>";
    party("Dbtr", e.debtor_name, e.debtor_iban);
    party("Cdtr", e.creditor_name, e.creditor_iban);
    out_ << "</RltdPties>";
  }
  remittance(e.remittance);
  out_ << "</TxDtls></NtryDtls></Ntry>\n";
}

void AccountReportWriter::remittance(const Remittance& r) {
  const auto code_or_text = [this](const CodeOrText& c) {
    if (c.proprietary) {
      text("Prtry", xml::xml_text(c.value, 35));
    } else {
      text("Cd", xml::xml_text(c.value, 4));
    }
  };
  if (!r.purpose.value.empty()) {
    out_ << "<Purp>";
    code_or_text(r.purpose);
    out_ << "</Purp>";
  }
  if (r.unstructured.empty() && r.structured.empty()) return;
  out_ << "<RmtInf>";
  for (const auto& line : r.unstructured) {
    if (!line.empty()) text("Ustrd", xml::xml_text(line, 140));
  }
  for (const auto& s : r.structured) {
    out_ << "<Strd>";
    const auto& c = s.creditor_reference;
    if (!c.empty()) {
      out_ << "<CdtrRefInf>";
      if (!c.type.value.empty()) {
        out_ << "<Tp><CdOrPrtry>";
        code_or_text(c.type);
        out_ << "</CdOrPrtry>";
        if (!c.issuer.empty()) text("Issr", xml::xml_text(c.issuer, 35));
        out_ << "</Tp>";
      }
      if (!c.reference.empty()) text("Ref", xml::xml_text(c.reference, 35));
      out_ << "</CdtrRefInf>";
    }
    std::size_t lines = 0;
    for (const auto& line : s.additional) {
      if (!line.empty() && lines++ < 3) text("AddtlRmtInf", xml::xml_text(line, 140));
    }
    out_ << "</Strd>";
  }
  out_ << "</RmtInf>";
}

void AccountReportWriter::end_account() {
  out_ << (kind_ == ReportKind::kStatement ? "</Stmt>\n" : "</Rpt>\n");
}

void AccountReportWriter::finish() {
  fmt::print(out_, "</{}>\n</Document>\n",
             kind_ == ReportKind::kStatement ? "BkToCstmrStmt" : "BkToCstmrAcctRpt");
  out_.flush();
}

}  // namespace gw::iso20022
