#include "reports/entry_details.h"

#include <fmt/format.h>

#include <initializer_list>

namespace gw::reports {
namespace {

CodeOrText code_or_text(const Element* choice) {
  if (choice == nullptr) return {};
  if (const auto* cd = choice->find("Cd")) return {cd->value, false};
  if (const auto* prtry = choice->find("Prtry")) return {prtry->value, true};
  return {};
}

// The payment's own element at `path`, else its block's.
const Element* either(const Element& payment, const Element& block, std::string_view path) {
  const Element* own = payment.find(path);
  return own != nullptr ? own : block.find(path);
}

void keep_if_empty(std::string& into, std::string_view value) {
  if (into.empty()) into = value;
}

std::string code_text(const CodeOrText& c) {
  return c.proprietary ? fmt::format("Prtry {}", c.value) : c.value;
}

// "Cd 123, Ctry RU, Inf ..." of an element's leaves that are present, in this order.
std::string leaves(const Element& e, std::initializer_list<std::string_view> names) {
  std::string out;
  for (const auto name : names) {
    for (const Element* leaf : e.all(name)) {
      if (leaf->value.empty()) continue;
      if (!out.empty()) out += ", ";
      out += fmt::format("{} {}", name, leaf->value);
    }
  }
  return out;
}

// The items of ReportEntry::additional_info, the short ones a reconciliation
// keys on first (AddtlTxInf holds 500 characters: what does not fit is left
// out whole, from the end). The payer's instructions to the treasury
// (charges, its own agent) are for the payer's statement only.
std::vector<std::string> additional_info(const Element& block, const Element& payment, bool payer) {
  std::vector<std::string> items;
  const auto add = [&](std::string_view label, const std::string& value) {
    if (!value.empty()) items.push_back(fmt::format("{}: {}", label, value));
  };
  add("CtgyPurp", code_text(code_or_text(either(payment, block, "PmtTpInf/CtgyPurp"))));
  if (payer) {
    const Element* bearer = either(payment, block, "ChrgBr");
    add("ChrgBr", bearer != nullptr ? bearer->value : "");
    add("InstrForDbtrAgt", std::string(payment.text("InstrForDbtrAgt")));
  }
  if (const Element* account = payment.find("CdtrAgtAcct")) {
    std::string id(account->text("Id/IBAN"));
    keep_if_empty(id, account->text("Id/Othr/Id"));
    for (const char* part : {"Ccy", "Nm"}) {
      const std::string value(account->text(part));
      if (!value.empty()) id += fmt::format("{}{} {}", id.empty() ? "" : ", ", part, value);
    }
    add("CdtrAgtAcct", id);
  }
  for (const Element* instruction : payment.all("InstrForCdtrAgt")) {
    add("InstrForCdtrAgt", leaves(*instruction, {"Cd", "InstrInf"}));
  }
  // Each report's details apart with " / ": "; " is between the items.
  for (const Element* reporting : payment.all("RgltryRptg")) {
    std::string text = leaves(*reporting, {"DbtCdtRptgInd"});
    if (const Element* authority = reporting->find("Authrty")) {
      const std::string named = leaves(*authority, {"Nm", "Ctry"});
      if (!named.empty()) text += (text.empty() ? "" : ", ") + fmt::format("Authrty {}", named);
    }
    for (const Element* details : reporting->all("Dtls")) {
      const std::string d = leaves(*details, {"Tp", "Dt", "Ctry", "Cd", "Inf"});
      if (!d.empty()) text += (text.empty() ? "" : " / ") + d;
    }
    add("RgltryRptg", text);
  }
  return items;
}

}  // namespace

std::string_view service_level_of(const Element& block, const Element& payment) {
  const Element* level = either(payment, block, "PmtTpInf/SvcLvl/Cd");
  return level != nullptr ? std::string_view(level->value) : std::string_view();
}

iso20022::ReportAddress address_of(const Element* a) {
  iso20022::ReportAddress out;
  if (a == nullptr) return out;
  // pain.001.001.03 has the code itself, .001.09 a choice of code or proprietary.
  if (const Element* type = a->find("AdrTp")) {
    out.type = type->find("Cd") != nullptr ? type->text("Cd") : type->value;
  }
  out.department = a->text("Dept");
  out.sub_department = a->text("SubDept");
  out.street = a->text("StrtNm");
  out.building_number = a->text("BldgNb");
  out.building_name = a->text("BldgNm");
  out.floor = a->text("Flr");
  out.post_box = a->text("PstBx");
  out.room = a->text("Room");
  out.post_code = a->text("PstCd");
  out.town = a->text("TwnNm");
  out.town_location = a->text("TwnLctnNm");
  out.district = a->text("DstrctNm");
  out.country_sub_division = a->text("CtrySubDvsn");
  out.country = a->text("Ctry");
  for (const Element* line : a->all("AdrLine")) out.lines.push_back(line->value);
  return out;
}

iso20022::ReportParty party_of(const Element* p) {
  iso20022::ReportParty out;
  if (p == nullptr) return out;
  out.name = p->text("Nm");
  out.address = address_of(p->find("PstlAdr"));
  out.country_of_residence = p->text("CtryOfRes");
  const Element* ids = p->find("Id/OrgId");
  if (ids == nullptr) {
    ids = p->find("Id/PrvtId");
    out.person = ids != nullptr;
  }
  if (ids == nullptr) return out;
  // One pass, ending at the last identifier shown (BIC, LEI and birth come
  // before them in the schema): a party is read for every payment of its
  // block, and one stored before our XSDs bounded them may have thousands.
  for (const Element& id : ids->children) {
    if (id.name == "Othr") {
      if (out.identifiers.size() == iso20022::kReportedIdentifiers) break;
      out.identifiers.push_back(iso20022::ReportIdentifier{std::string(id.text("Id")),
                                                           code_or_text(id.find("SchmeNm")),
                                                           std::string(id.text("Issr"))});
    } else if (out.person && id.name == "DtAndPlcOfBirth") {
      out.birth = iso20022::ReportBirth{
          std::string(id.text("BirthDt")), std::string(id.text("PrvcOfBirth")),
          std::string(id.text("CityOfBirth")), std::string(id.text("CtryOfBirth"))};
    } else if (!out.person && (id.name == "BICOrBEI" || id.name == "AnyBIC")) {
      out.bic = id.value;
    } else if (!out.person && id.name == "LEI") {
      out.lei = id.value;
    }
  }
  return out;
}

iso20022::ReportAgent agent_of(const Element* a) {
  iso20022::ReportAgent out;
  const Element* fi = a == nullptr ? nullptr : a->find("FinInstnId");
  if (fi == nullptr) return out;
  out.bic = fi->text("BIC");
  keep_if_empty(out.bic, fi->text("BICFI"));
  out.clearing_system = code_or_text(fi->find("ClrSysMmbId/ClrSysId"));
  out.member_id = fi->text("ClrSysMmbId/MmbId");
  out.lei = fi->text("LEI");
  out.name = fi->text("Nm");
  out.address = address_of(fi->find("PstlAdr"));
  return out;
}

void add_payment_details(const Element& block, const Element& payment, iso20022::ReportEntry& e) {
  // Names come from the payment's own columns; the trees add the rest.
  auto debtor = party_of(block.find("Dbtr"));
  debtor.name = e.debtor.name;
  e.debtor = std::move(debtor);
  auto creditor = party_of(payment.find("Cdtr"));
  creditor.name = e.creditor.name;
  e.creditor = std::move(creditor);
  // The IBAN is the payment's own column; an account without one is in the
  // tree (CdtrAcct/Id/Othr), as are the account's currency and name.
  if (const Element* account = payment.find("CdtrAcct")) {
    if (e.creditor_account.iban.empty()) e.creditor_account.other_id = account->text("Id/Othr/Id");
    e.creditor_account.currency = account->text("Ccy");
    e.creditor_account.name = account->text("Nm");
  }
  if (const Element* account = block.find("DbtrAcct")) {
    e.debtor_account.currency = account->text("Ccy");
    e.debtor_account.name = account->text("Nm");
  }
  e.ultimate_debtor = party_of(either(payment, block, "UltmtDbtr"));
  e.ultimate_creditor = party_of(payment.find("UltmtCdtr"));

  e.debtor_agent = agent_of(block.find("DbtrAgt"));
  auto creditor_agent = agent_of(payment.find("CdtrAgt"));
  creditor_agent.bic = e.creditor_agent.bic;
  e.creditor_agent = std::move(creditor_agent);
  e.intermediary_agents = {agent_of(payment.find("IntrmyAgt1")),
                           agent_of(payment.find("IntrmyAgt2")),
                           agent_of(payment.find("IntrmyAgt3"))};

  e.uetr = payment.text("PmtId/UETR");
  e.local_instrument = code_or_text(either(payment, block, "PmtTpInf/LclInstrm"));
  // ISO's bank transaction codes have a salary sub-family for both sides.
  const CodeOrText category = code_or_text(either(payment, block, "PmtTpInf/CtgyPurp"));
  if (!category.proprietary && category.value == "SALA" && e.family != "MCOP") {
    e.sub_family = "SALA";
  }
  e.additional_info = additional_info(block, payment, e.family == "ICDT");
}

}  // namespace gw::reports
