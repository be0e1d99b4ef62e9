#include "reports/entry_details.h"

#include <doctest/doctest.h>

#include <string>

namespace {

// A tree from its encoding, written out with the encoder's own helpers.
gw::Element tree(const auto& build) {
  std::string encoded;
  build(encoded);
  return gw::decode_elements(encoded);
}

}  // namespace

TEST_CASE("entry details: an address's type in either pain.001 form, and ISO 2019's parts") {
  // pain.001.001.03: the code itself.
  const auto v03 = tree([](std::string& out) {
    gw::append_group_start(out, "PstlAdr");
    gw::append_leaf(out, "AdrTp", "HOME");
    gw::append_leaf(out, "TwnNm", "Rīga");
    gw::append_group_end(out);
  });
  const auto home = gw::reports::address_of(v03.find("PstlAdr"));
  CHECK(home.type == "HOME");
  CHECK(home.town == "Rīga");
  // pain.001.001.09: a choice holding the code, and six elements ISO 2009 lacks.
  const auto v09 = tree([](std::string& out) {
    gw::append_group_start(out, "PstlAdr");
    gw::append_group_start(out, "AdrTp");
    gw::append_leaf(out, "Cd", "PBOX");
    gw::append_group_end(out);
    gw::append_leaf(out, "BldgNm", "Rātsnams");
    gw::append_leaf(out, "Flr", "2");
    gw::append_leaf(out, "PstBx", "PK 7");
    gw::append_leaf(out, "Room", "201");
    gw::append_leaf(out, "TwnLctnNm", "Vecrīga");
    gw::append_leaf(out, "DstrctNm", "Centrs");
    gw::append_group_end(out);
  });
  const auto box = gw::reports::address_of(v09.find("PstlAdr"));
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
  const auto payment = tree([](std::string& out) {
    gw::append_group_start(out, "UltmtCdtr");
    gw::append_leaf(out, "Nm", "Jānis Bērziņš");
    gw::append_group_start(out, "Id");
    gw::append_group_start(out, "PrvtId");
    gw::append_group_start(out, "DtAndPlcOfBirth");
    gw::append_leaf(out, "BirthDt", "1980-05-17");
    gw::append_leaf(out, "CityOfBirth", "Cēsis");
    gw::append_leaf(out, "CtryOfBirth", "LV");
    gw::append_group_end(out);
    gw::append_group_end(out);
    gw::append_group_end(out);
    gw::append_group_end(out);
    gw::append_group_start(out, "CdtrAgt");
    gw::append_group_start(out, "FinInstnId");
    gw::append_leaf(out, "LEI", "213800NWBKGB2LDS6013");
    gw::append_group_end(out);
    gw::append_group_end(out);
  });
  const auto person = gw::reports::party_of(payment.find("UltmtCdtr"));
  CHECK(person.person);
  CHECK(person.birth.date == "1980-05-17");
  CHECK(person.birth.province.empty());
  CHECK(person.birth.city == "Cēsis");
  CHECK(person.birth.country == "LV");
  const auto agent = gw::reports::agent_of(payment.find("CdtrAgt"));
  CHECK(agent.lei == "213800NWBKGB2LDS6013");
  CHECK_FALSE(agent.empty());
}
