#include "iso20022/account_report_writer.h"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "core/amount.h"
#include "core/utf8.h"
#include "xml/xml_escape.h"

namespace gw::iso20022 {
namespace {

std::string absolute(std::int64_t minor) { return format_decimal(minor < 0 ? -minor : minor, 2); }

// The first `count` characters of UTF-8 `text`, unescaped.
std::string first_characters(std::string_view text, std::size_t count) {
  return std::string(text.substr(0, utf8_offset_after(text, count)));
}

// Items joined by "; " within `limit` characters, unescaped. All of them
// when they fit; else the whole ones that fit before a last "; …" saying
// that some are left out, or, when not even the first does, the first's
// beginning and "…".
std::string whole_items(const std::vector<std::string>& items, std::size_t limit) {
  std::string all;
  for (const auto& item : items) all += (all.empty() ? "" : "; ") + item;
  if (utf8_characters(all) <= limit) return all;
  static constexpr std::size_t kMore = 3;  // "; …"
  std::string out;
  std::size_t used = 0;
  for (const auto& item : items) {
    const std::size_t separator = out.empty() ? 0 : 2;
    const std::size_t length = utf8_characters(item);
    if (used + separator + length + kMore > limit) break;
    if (separator > 0) out += "; ";
    out += item;
    used += separator + length;
  }
  if (out.empty()) return first_characters(items.front(), limit - 1) + "\u2026";
  return out + "; \u2026";
}

// A rate in millionths as BaseOneRate (at most 11 digits, 10 after the
// point), without trailing zeros: 1250000 is "1.25".
std::string exchange_rate(std::int64_t micro) {
  std::string text = format_decimal(micro, 6);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

struct KindNames {
  std::string_view type;     // camt.053
  std::string_view message;  // its message element
  std::string_view section;  // its per-account element
};

KindNames names_of(ReportKind kind) {
  switch (kind) {
    case ReportKind::kStatement:
      return {"camt.053", "BkToCstmrStmt", "Stmt"};
    case ReportKind::kIntraday:
      return {"camt.052", "BkToCstmrAcctRpt", "Rpt"};
    case ReportKind::kNotification:
      break;
  }
  return {"camt.054", "BkToCstmrDbtCdtNtfctn", "Ntfctn"};
}

}  // namespace

std::string report_message_type(ReportKind kind, const std::string& version) {
  return fmt::format("{}.{}", names_of(kind).type, version);
}

AccountReportWriter::AccountReportWriter(std::ostream& out, ReportKind kind, std::string version,
                                         const std::string& msg_id, const std::string& created_at)
    : out_(out), kind_(kind), version_(std::move(version)) {
  fmt::print(out_,
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:{}\">\n<{}>\n"
             "<GrpHdr><MsgId>{}</MsgId><CreDtTm>{}</CreDtTm></GrpHdr>\n",
             report_message_type(kind_, version_), names_of(kind_).message, msg_id, created_at);
}

void AccountReportWriter::text(std::string_view name, std::string_view value) {
  fmt::print(out_, "<{}>{}</{}>", name, value, name);
}

void AccountReportWriter::amount(std::int64_t minor, const std::string& currency) {
  fmt::print(out_, "<Amt Ccy=\"{}\">{}</Amt><CdtDbtInd>{}</CdtDbtInd>", currency, absolute(minor),
             minor < 0 ? "DBIT" : "CRDT");
}

void AccountReportWriter::begin_account(const AccountSection& s) {
  fmt::print(out_, "<{}>", names_of(kind_).section);
  text("Id", s.id);
  text("ElctrncSeqNb", std::to_string(s.sequence));
  if (s.legal_sequence) text("LglSeqNb", std::to_string(*s.legal_sequence));
  text("CreDtTm", s.created_at);
  if (!s.from_date.empty()) {
    fmt::print(out_, "<FrToDt><FrDtTm>{}T00:00:00</FrDtTm><ToDtTm>{}T23:59:59</ToDtTm></FrToDt>",
               s.from_date, s.to_date);
  }
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

void AccountReportWriter::entry_head(const ReportEntry& e, std::int64_t amount_minor,
                                     const std::string& reference) {
  out_ << "<Ntry>";
  text("NtryRef", std::to_string(++entries_));
  amount(amount_minor, e.currency);
  out_ << (version_ == "001.08" ? "<Sts><Cd>BOOK</Cd></Sts>" : "<Sts>BOOK</Sts>");
  fmt::print(out_, "<BookgDt><Dt>{}</Dt></BookgDt><ValDt><Dt>{}</Dt></ValDt>", e.booking_date,
             e.value_date);
  if (!reference.empty()) text("AcctSvcrRef", reference);
  bank_transaction_code(e);
  out_ << '\n';
}

void AccountReportWriter::bank_transaction_code(const ReportEntry& e) {
  fmt::print(out_,
             "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{}</Cd><SubFmlyCd>{}</SubFmlyCd></Fmly></Domn>"
             "</BkTxCd>",
             e.family, e.sub_family);
}

void AccountReportWriter::entry(const ReportEntry& e) {
  entry_head(e, e.amount_minor, e.reference);
  out_ << "<NtryDtls>";
  transaction(e, false);
  out_ << "</NtryDtls></Ntry>\n";
}

void AccountReportWriter::begin_batch(const ReportEntry& first, std::int64_t count,
                                      std::int64_t sum_minor, const std::string& reference) {
  entry_head(first, sum_minor, reference);
  out_ << "<NtryDtls><Btch>";
  if (!first.msg_id.empty()) text("MsgId", xml::xml_text(first.msg_id, 35));
  if (!first.pmt_inf_id.empty()) text("PmtInfId", xml::xml_text(first.pmt_inf_id, 35));
  text("NbOfTxs", std::to_string(count));
  fmt::print(out_, "<TtlAmt Ccy=\"{}\">{}</TtlAmt><CdtDbtInd>{}</CdtDbtInd></Btch>\n",
             first.currency, absolute(sum_minor), sum_minor < 0 ? "DBIT" : "CRDT");
}

void AccountReportWriter::batch_transaction(const ReportEntry& e) { transaction(e, true); }

void AccountReportWriter::end_batch() { out_ << "</NtryDtls></Ntry>\n"; }

void AccountReportWriter::transaction(const ReportEntry& e, bool in_batch) {
  const bool v08 = version_ == "001.08";
  out_ << "<TxDtls><Refs>";
  if (!e.msg_id.empty()) text("MsgId", xml::xml_text(e.msg_id, 35));
  text("AcctSvcrRef", e.reference);
  if (!e.pmt_inf_id.empty()) text("PmtInfId", xml::xml_text(e.pmt_inf_id, 35));
  if (!e.instr_id.empty()) text("InstrId", xml::xml_text(e.instr_id, 35));
  if (!e.end_to_end_id.empty()) text("EndToEndId", xml::xml_text(e.end_to_end_id, 35));
  if (v08 && !e.uetr.empty()) text("UETR", xml::xml_text(e.uetr, 36));
  out_ << "</Refs>";
  if (v08) amount(e.amount_minor, e.currency);
  const bool instructed = !e.instructed_currency.empty() && e.instructed_currency != e.currency;
  // In .001.02 a payment's own amount in a batch is only in AmtDtls.
  const bool own_amount = in_batch && !v08;
  if (instructed || own_amount) {
    out_ << "<AmtDtls>";
    if (instructed) {
      fmt::print(out_, "<InstdAmt><Amt Ccy=\"{}\">{}</Amt>", e.instructed_currency,
                 absolute(e.instructed_minor));
      if (e.exchange_rate_micro > 0) {
        // 1 EUR (the unit) = XchgRate of the instructed currency: the ECB
        // reference rate the EUR amount was taken at.
        fmt::print(out_,
                   "<CcyXchg><SrcCcy>{0}</SrcCcy><TrgtCcy>{1}</TrgtCcy><UnitCcy>{0}</UnitCcy>"
                   "<XchgRate>{2}</XchgRate></CcyXchg>",
                   e.currency, e.instructed_currency, exchange_rate(e.exchange_rate_micro));
      }
      out_ << "</InstdAmt>";
    }
    fmt::print(out_, "<TxAmt><Amt Ccy=\"{}\">{}</Amt></TxAmt></AmtDtls>", e.currency,
               absolute(e.amount_minor));
  }
  // A batch's entry has one code; each payment of it says its own.
  if (in_batch) bank_transaction_code(e);
  parties(e);
  agents(e);
  if (v08 && !e.local_instrument.value.empty()) {
    out_ << "<LclInstrm>";
    code_or_text(e.local_instrument, 35);
    out_ << "</LclInstrm>";
  }
  remittance(e.remittance);
  additional_info(e, v08);
  out_ << "</TxDtls>\n";
}

void AccountReportWriter::additional_info(const ReportEntry& e, bool v08) {
  std::vector<std::string> items;
  if (!v08) {  // .001.08 has elements of their own for these
    if (!e.uetr.empty()) items.push_back("UETR: " + e.uetr);
    if (!e.local_instrument.value.empty()) {
      items.push_back(fmt::format("LclInstrm: {}{}", e.local_instrument.proprietary ? "Prtry " : "",
                                  e.local_instrument.value));
    }
  }
  items.insert(items.end(), e.additional_info.begin(), e.additional_info.end());
  if (items.empty()) return;
  text("AddtlTxInf", xml::xml_text(whole_items(items, 500)));
}

void AccountReportWriter::parties(const ReportEntry& e) {
  if (!written(e.initiating_party) && !written(e.debtor) && e.debtor_account.empty() &&
      !written(e.ultimate_debtor) && !written(e.creditor) && e.creditor_account.empty() &&
      !written(e.ultimate_creditor)) {
    return;
  }
  out_ << "<RltdPties>";
  party("InitgPty", e.initiating_party);
  party("Dbtr", e.debtor);
  account("DbtrAcct", e.debtor_account);
  party("UltmtDbtr", e.ultimate_debtor);
  party("Cdtr", e.creditor);
  account("CdtrAcct", e.creditor_account);
  party("UltmtCdtr", e.ultimate_creditor);
  out_ << "</RltdPties>";
}

void AccountReportWriter::account(std::string_view role, const ReportAccount& a) {
  if (a.empty()) return;
  fmt::print(out_, "<{}><Id>", role);
  if (!a.iban.empty()) {
    text("IBAN", a.iban);
  } else {
    out_ << "<Othr>";
    text("Id", xml::xml_text(a.other_id, 34));
    out_ << "</Othr>";
  }
  out_ << "</Id>";
  if (!a.currency.empty()) text("Ccy", a.currency);
  if (!a.name.empty()) text("Nm", xml::xml_text(a.name, 70));
  fmt::print(out_, "</{}>", role);
}

bool AccountReportWriter::written(const ReportParty& p) const {
  const bool organisation_ids = !p.bic.empty() || !p.lei.empty();
  return !p.name.empty() || written(p.address) || !p.identifiers.empty() ||
         !p.country_of_residence.empty() || (p.person ? !p.birth.empty() : organisation_ids);
}

void AccountReportWriter::party(std::string_view role, const ReportParty& p) {
  if (!written(p)) return;
  const bool v08 = version_ == "001.08";
  fmt::print(out_, "<{}>{}", role, v08 ? "<Pty>" : "");
  if (!p.name.empty()) text("Nm", xml::xml_text(p.name, 140));
  address(p.address);
  const bool organisation_ids = !p.person && (!p.bic.empty() || !p.lei.empty());
  const bool person_ids = p.person && !p.birth.empty();
  if (organisation_ids || person_ids || !p.identifiers.empty()) {
    out_ << (p.person ? "<Id><PrvtId>" : "<Id><OrgId>");
    if (!p.person && !p.bic.empty()) text(v08 ? "AnyBIC" : "BICOrBEI", p.bic);
    if (!p.person && !p.lei.empty()) {
      if (v08) {
        text("LEI", p.lei);
      } else {
        other_lei(p.lei);
      }
    }
    if (person_ids) birth(p.birth);
    for (const auto& id : p.identifiers) {
      out_ << "<Othr>";
      text("Id", xml::xml_text(id.id, 35));
      if (!id.scheme.value.empty()) {
        out_ << "<SchmeNm>";
        code_or_text(id.scheme, 4);
        out_ << "</SchmeNm>";
      }
      if (!id.issuer.empty()) text("Issr", xml::xml_text(id.issuer, 35));
      out_ << "</Othr>";
    }
    out_ << (p.person ? "</PrvtId></Id>" : "</OrgId></Id>");
  }
  if (!p.country_of_residence.empty()) text("CtryOfRes", p.country_of_residence);
  fmt::print(out_, "{}</{}>", v08 ? "</Pty>" : "", role);
}

void AccountReportWriter::birth(const ReportBirth& b) {
  out_ << "<DtAndPlcOfBirth>";
  text("BirthDt", b.date);
  if (!b.province.empty()) text("PrvcOfBirth", xml::xml_text(b.province, 35));
  text("CityOfBirth", xml::xml_text(b.city, 35));
  text("CtryOfBirth", b.country);
  out_ << "</DtAndPlcOfBirth>";
}

bool AccountReportWriter::written(const ReportAddress& a) const {
  const bool shared = !a.type.empty() || !a.department.empty() || !a.sub_department.empty() ||
                      !a.street.empty() || !a.building_number.empty() || !a.post_code.empty() ||
                      !a.town.empty() || !a.country_sub_division.empty() || !a.country.empty() ||
                      std::any_of(a.lines.begin(), a.lines.end(),
                                  [](const std::string& line) { return !line.empty(); });
  const bool iso_2019 = !a.building_name.empty() || !a.floor.empty() || !a.post_box.empty() ||
                        !a.room.empty() || !a.town_location.empty() || !a.district.empty();
  return shared || iso_2019;
}

void AccountReportWriter::address(const ReportAddress& a) {
  if (!written(a)) return;
  // ISO 2009's PostalAddress6 has the code bare and no building name, floor,
  // post box, room, town location or district: .001.02 gives them as address
  // lines after the payment's own ("BldgNm Rātsnams"), within the 7 lines.
  const bool v08 = version_ == "001.08";
  out_ << "<PstlAdr>";
  const auto field = [this](std::string_view name, const std::string& value, std::size_t max) {
    if (!value.empty()) text(name, xml::xml_text(value, max));
  };
  if (!a.type.empty()) {
    out_ << (v08 ? "<AdrTp><Cd>" : "<AdrTp>") << xml::xml_text(a.type, 4)
         << (v08 ? "</Cd></AdrTp>" : "</AdrTp>");
  }
  field("Dept", a.department, 70);
  field("SubDept", a.sub_department, 70);
  field("StrtNm", a.street, 70);
  field("BldgNb", a.building_number, 16);
  if (v08) {
    field("BldgNm", a.building_name, 35);
    field("Flr", a.floor, 70);
    field("PstBx", a.post_box, 16);
    field("Room", a.room, 70);
  }
  field("PstCd", a.post_code, 16);
  field("TwnNm", a.town, 35);
  if (v08) {
    field("TwnLctnNm", a.town_location, 35);
    field("DstrctNm", a.district, 35);
  }
  field("CtrySubDvsn", a.country_sub_division, 35);
  field("Ctry", a.country, 2);
  std::vector<std::string> lines;
  for (const auto& line : a.lines) {
    if (!line.empty()) lines.push_back(line);
  }
  if (!v08) {
    // As few lines as they fit in ("BldgNm Bank House, Flr 3"), so that the
    // seven hold them whole where they can.
    std::string packed;
    for (const auto& [name, value] :
         {std::pair{"BldgNm", &a.building_name}, std::pair{"Flr", &a.floor},
          std::pair{"PstBx", &a.post_box}, std::pair{"Room", &a.room},
          std::pair{"TwnLctnNm", &a.town_location}, std::pair{"DstrctNm", &a.district}}) {
      if (value->empty()) continue;
      const std::string part = fmt::format("{} {}", name, *value);
      if (!packed.empty() && utf8_characters(packed) + 2 + utf8_characters(part) > 70) {
        lines.push_back(std::exchange(packed, {}));
      }
      packed += (packed.empty() ? "" : ", ") + part;
    }
    if (!packed.empty()) lines.push_back(packed);
  }
  if (lines.size() > 7) lines.resize(7);
  for (const auto& line : lines) text("AdrLine", xml::xml_text(line, 70));
  out_ << "</PstlAdr>";
}

void AccountReportWriter::other_lei(const std::string& lei) {
  // ISO 2009 has no LEI element: an other identifier of scheme LEI.
  out_ << "<Othr>";
  text("Id", xml::xml_text(lei, 35));
  out_ << "<SchmeNm><Prtry>LEI</Prtry></SchmeNm></Othr>";
}

bool AccountReportWriter::written(const ReportAgent& a) const {
  return !a.bic.empty() || !a.member_id.empty() || !a.name.empty() || written(a.address) ||
         !a.lei.empty();
}

void AccountReportWriter::agents(const ReportEntry& e) {
  bool any = written(e.debtor_agent) || written(e.creditor_agent);
  for (const auto& a : e.intermediary_agents) any = any || written(a);
  if (!any) return;
  out_ << "<RltdAgts>";
  agent("DbtrAgt", e.debtor_agent);
  agent("CdtrAgt", e.creditor_agent);
  agent("IntrmyAgt1", e.intermediary_agents[0]);
  agent("IntrmyAgt2", e.intermediary_agents[1]);
  agent("IntrmyAgt3", e.intermediary_agents[2]);
  out_ << "</RltdAgts>";
}

void AccountReportWriter::agent(std::string_view role, const ReportAgent& a) {
  if (!written(a)) return;
  fmt::print(out_, "<{}><FinInstnId>", role);
  if (!a.bic.empty()) text(version_ == "001.08" ? "BICFI" : "BIC", a.bic);
  if (!a.member_id.empty()) {
    out_ << "<ClrSysMmbId>";
    if (!a.clearing_system.value.empty()) {
      out_ << "<ClrSysId>";
      code_or_text(a.clearing_system, 5);
      out_ << "</ClrSysId>";
    }
    text("MmbId", xml::xml_text(a.member_id, 35));
    out_ << "</ClrSysMmbId>";
  }
  if (!a.lei.empty() && version_ == "001.08") text("LEI", a.lei);
  if (!a.name.empty()) text("Nm", xml::xml_text(a.name, 140));
  address(a.address);
  if (!a.lei.empty() && version_ != "001.08") other_lei(a.lei);
  fmt::print(out_, "</FinInstnId></{}>", role);
}

void AccountReportWriter::code_or_text(const CodeOrText& c, std::size_t code_length) {
  if (c.proprietary) {
    text("Prtry", xml::xml_text(c.value, 35));
  } else {
    text("Cd", xml::xml_text(c.value, code_length));
  }
}

void AccountReportWriter::remittance(const Remittance& r) {
  if (!r.purpose.value.empty()) {
    out_ << "<Purp>";
    code_or_text(r.purpose, 4);
    out_ << "</Purp>";
  }
  if (r.unstructured.empty() && r.structured.empty()) return;
  out_ << "<RmtInf>";
  for (const auto& line : r.unstructured) {
    if (!line.empty()) text("Ustrd", xml::xml_text(line, 140));
  }
  for (const auto& s : r.structured) {
    out_ << "<Strd>";
    for (const auto& d : s.referred) referred_document(d);
    const auto& c = s.creditor_reference;
    if (!c.empty()) {
      out_ << "<CdtrRefInf>";
      if (!c.type.value.empty()) {
        out_ << "<Tp><CdOrPrtry>";
        code_or_text(c.type, 4);
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

void AccountReportWriter::referred_document(const ReferredDocument& d) {
  out_ << "<RfrdDocInf>";
  if (!d.type.value.empty()) {
    // ISO 2009's document type codes lack PUOR (a purchase order), which
    // 2019 has: there it is the proprietary type PUOR, its issuer kept.
    const bool puor = !d.type.proprietary && d.type.value == "PUOR" && version_ != "001.08";
    out_ << "<Tp><CdOrPrtry>";
    code_or_text(puor ? CodeOrText{"PUOR", true} : d.type, 4);
    out_ << "</CdOrPrtry>";
    if (!d.issuer.empty()) text("Issr", xml::xml_text(d.issuer, 35));
    out_ << "</Tp>";
  }
  if (!d.number.empty()) text("Nb", xml::xml_text(d.number, 35));
  if (!d.date.empty()) text("RltdDt", xml::xml_text(d.date, 10));
  out_ << "</RfrdDocInf>";
}

void AccountReportWriter::end_account() { fmt::print(out_, "</{}>\n", names_of(kind_).section); }

void AccountReportWriter::finish() {
  fmt::print(out_, "</{}>\n</Document>\n", names_of(kind_).message);
  out_.flush();
}

}  // namespace gw::iso20022
