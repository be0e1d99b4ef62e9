#include "reports/entry_details.h"

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

namespace {

gw::Element leaf(std::string name, std::string value) {
  return gw::Element{std::move(name), std::move(value), {}, {}};
}

gw::Element group(std::string name, std::vector<gw::Element> children) {
  return gw::Element{std::move(name), {}, {}, std::move(children)};
}

}  // namespace

TEST_CASE("entry details: an address's type in either pain.001 form, and ISO 2019's parts") {
  // pain.001.001.03: the code itself.
  const auto v03 = group("PstlAdr", {leaf("AdrTp", "HOME"), leaf("TwnNm", "Rīga")});
  const auto home = gw::reports::address_of(&v03);
  CHECK(home.type == "HOME");
  CHECK(home.town == "Rīga");
  // pain.001.001.09: a choice holding the code, and six elements ISO 2009 lacks.
  const auto v09 =
      group("PstlAdr", {group("AdrTp", {leaf("Cd", "PBOX")}), leaf("BldgNm", "Rātsnams"),
                        leaf("Flr", "2"), leaf("PstBx", "PK 7"), leaf("Room", "201"),
                        leaf("TwnLctnNm", "Vecrīga"), leaf("DstrctNm", "Centrs")});
  const auto box = gw::reports::address_of(&v09);
  CHECK(box.type == "PBOX");
  CHECK(box.building_name == "Rātsnams");
  CHECK(box.floor == "2");
  CHECK(box.post_box == "PK 7");
  CHECK(box.room == "201");
  CHECK(box.town_location == "Vecrīga");
  CHECK(box.district == "Centrs");
  CHECK_FALSE(box.empty());
}

TEST_CASE("entry details: a person's birth date and place, an agent's LEI") {
  const auto ultimate_creditor = group(
      "UltmtCdtr",
      {leaf("Nm", "Jānis Bērziņš"),
       group("Id", {group("PrvtId", {group("DtAndPlcOfBirth", {leaf("BirthDt", "1980-05-17"),
                                                               leaf("CityOfBirth", "Cēsis"),
                                                               leaf("CtryOfBirth", "LV")})})})});
  const auto person = gw::reports::party_of(&ultimate_creditor);
  CHECK(person.person);
  CHECK(person.birth.date == "1980-05-17");
  CHECK(person.birth.province.empty());
  CHECK(person.birth.city == "Cēsis");
  CHECK(person.birth.country == "LV");
  const auto creditor_agent =
      group("CdtrAgt", {group("FinInstnId", {leaf("LEI", "213800NWBKGB2LDS6013")})});
  const auto agent = gw::reports::agent_of(&creditor_agent);
  CHECK(agent.lei == "213800NWBKGB2LDS6013");
  CHECK_FALSE(agent.empty());
}

TEST_CASE(
    "entry details: what has no element of its own goes to AddtlTxInf, the payer's own "
    "instructions on the payer's entry only") {
  const auto block =
      group("PmtInf", {leaf("ChrgBr", "SLEV"),
                       group("DbtrAcct", {leaf("Ccy", "EUR"), leaf("Nm", "Pamatbudžets")}),
                       group("PmtTpInf", {group("CtgyPurp", {leaf("Cd", "PENS")})})});
  const auto payment =
      group("CdtTrfTxInf",
            {group("CdtrAgtAcct", {group("Id", {leaf("IBAN", "RU0204452560040702810412345678901")}),
                                   leaf("Ccy", "RUB"), leaf("Nm", "Korr. schet")}),
             group("InstrForCdtrAgt", {leaf("Cd", "PHOB"), leaf("InstrInf", "zvanīt")}),
             leaf("InstrForDbtrAgt", "steidzami"),
             group("RgltryRptg", {leaf("DbtCdtRptgInd", "DEBT"),
                                  group("Dtls", {leaf("Ctry", "RU"), leaf("Cd", "212")})})});
  gw::iso20022::ReportEntry paid;
  paid.family = "ICDT";
  gw::reports::add_payment_details(block, payment, paid);
  CHECK(paid.debtor_account.currency == "EUR");
  CHECK(paid.debtor_account.name == "Pamatbudžets");
  CHECK(paid.additional_info ==
        std::vector<std::string>{
            "CtgyPurp: PENS", "ChrgBr: SLEV", "InstrForDbtrAgt: steidzami",
            "CdtrAgtAcct: RU0204452560040702810412345678901, Ccy RUB, Nm Korr. schet",
            "InstrForCdtrAgt: Cd PHOB, InstrInf zvanīt",
            "RgltryRptg: DbtCdtRptgInd DEBT / Ctry RU, Cd 212"});
  gw::iso20022::ReportEntry received;
  received.family = "RCDT";
  gw::reports::add_payment_details(block, payment, received);
  CHECK(received.additional_info.size() == 4);  // not the charges or the payer's own instruction
  CHECK(received.additional_info[1] ==
        "CdtrAgtAcct: RU0204452560040702810412345678901, Ccy RUB, Nm Korr. schet");
}

TEST_CASE("entry details: a party shows its first identifiers, however many it has") {
  std::vector<gw::Element> others;
  for (int i = 0; i < 1000; ++i) {
    others.push_back(group("Othr", {leaf("Id", std::to_string(i))}));
  }
  const auto debtor =
      group("Dbtr", {leaf("Nm", "Pašvaldība"), group("Id", {group("OrgId", std::move(others))})});
  const auto party = gw::reports::party_of(&debtor);
  REQUIRE(party.identifiers.size() == gw::iso20022::kReportedIdentifiers);
  CHECK(party.identifiers.front().id == "0");
  CHECK(party.identifiers.back().id == std::to_string(gw::iso20022::kReportedIdentifiers - 1));
}
