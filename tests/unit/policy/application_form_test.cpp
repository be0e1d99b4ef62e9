#include "policy/application_form.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "api/application_form_fields.h"
#include "http/query_string.h"
#include "policy/application.h"
#include "store/application_store.h"

using namespace gw;
using policy::ApplicationForm;

namespace {

ApplicationForm filled() {
  ApplicationForm f;
  f.registration_number = " 90000000001 ";
  f.institution_name = "Parauga pašvaldība";
  f.contact_first_name = "Jānis";
  f.contact_last_name = "Bērziņš";
  f.contact_personal_code = "010101-10006";
  f.contact_phone = "+371 20000001";
  f.contact_email = "janis@parauga.example.lv";
  f.signer = "Pēteris Ozols";
  f.preparer = "Anna Kalniņa";
  f.preparer_phone = "+371 20000002";
  f.preparer_email = "anna@parauga.example.lv";
  f.allowed_sources = "192.0.2.10\n198.51.100.0/24, 2001:db8::1";
  f.accounts.resize(4);
  f.accounts[1] = {"LV06TREL1060000300001", "manage", "1000", "5000", "2", "", "", false};
  f.accounts[3] = {"LV76TREL1060000300002", "view", "", "", "0", "", "Likums, 5. pants", true};
  f.signers.resize(3);
  f.signers[2] = {"Ilze Bērziņa", "320000-00033", "LV06TREL1060000300001:1"};
  f.signers[0] = {"Pēteris Ozols", "320000-00044", "LV06TREL1060000300001:2"};
  return f;
}

}  // namespace

TEST_CASE(
    "the application form becomes the document parse_application reads, blank rows left out") {
  auto json = policy::application_json(filled());
  REQUIRE(json.has_value());
  CHECK((*json)["institution"]["registration_number"] == "90000000001");
  CHECK((*json)["allowed_sources"].size() == 3);
  REQUIRE((*json)["accounts"].size() == 2);
  CHECK((*json)["accounts"][0]["daily_limit_eur"] == 5000);
  CHECK((*json)["accounts"][0]["signatures_required"] == 2);
  CHECK((*json)["accounts"][0]["notifications"] == false);
  CHECK((*json)["accounts"][1]["legal_basis"] == "Likums, 5. pants");
  CHECK_FALSE((*json)["accounts"][1].contains("single_limit_eur"));
  REQUIRE((*json)["payment_signers"].size() == 2);
  CHECK((*json)["payment_signers"][1]["accounts"][0]["level"] == 1);
  auto doc = policy::parse_application(*json);
  REQUIRE_MESSAGE(doc.has_value(), doc.error().message);
  CHECK(doc->preparer_email == "anna@parauga.example.lv");
  CHECK(doc->accounts[1].legal_basis == "Likums, 5. pants");
}

TEST_CASE("what JSON cannot carry is refused by the form's own row and label") {
  auto f = filled();
  f.accounts[1].daily_limit_eur = "5 000";
  auto json = policy::application_json(f);
  REQUIRE_FALSE(json.has_value());
  CHECK(json.error().message == "account row 2: daily limit: '5 000' is not a whole number");

  f = filled();
  f.accounts[3].single_limit_eur = "10";
  json = policy::application_json(f);
  REQUIRE_FALSE(json.has_value());
  CHECK(json.error().message.starts_with("account row 4: a view account has no limits"));

  f = filled();
  f.signers[2].rights = "LV06TREL1060000300001";
  json = policy::application_json(f);
  REQUIRE_FALSE(json.has_value());
  CHECK(
      json.error().message.starts_with("signer row 3: 'LV06TREL1060000300001' is not IBAN:level"));
}

TEST_CASE("parse_application's field paths are turned into the form's row numbers") {
  const auto f = filled();
  const auto en = Language::kEnglish;
  CHECK(policy::with_form_rows("accounts[1].iban: not valid", f, en) ==
        "account row 4.iban: not valid");
  CHECK(policy::with_form_rows("payment_signers[1].accounts[0].iban: not managed", f, en) ==
        "signer row 3.accounts[0].iban: not managed");
  CHECK(policy::with_form_rows("accounts[0] and accounts[1]", f, en) ==
        "account row 2 and account row 4");
  CHECK(policy::with_form_rows("payment_signers[1].accounts[0].iban: nav", f, Language::kLatvian) ==
        "parakstītāja rinda 3.accounts[0].iban: nav");
}

TEST_CASE("the form's refusals read in Latvian too, row numbers and all") {
  auto f = filled();
  f.accounts[3].single_limit_eur = "10";  // row 4 is a view account
  auto json = policy::application_json(f);
  REQUIRE_FALSE(json.has_value());
  CHECK(json.error()
            .text(Language::kLatvian)
            .starts_with("konta rinda 4: skatīšanas kontam limitu nav"));
  CHECK(json.error()
            .text(Language::kEnglish)
            .starts_with("account row 4: a view account has no limits"));

  f = filled();
  f.contact_phone = "12";
  json = policy::application_json(f);
  REQUIRE(json.has_value());
  const auto document = policy::parse_application(*json);
  REQUIRE_FALSE(document.has_value());
  CHECK(document.error().message ==
        "technical_contact.phone: must be 8 to 15 digits, + first allowed");
  CHECK(document.error().text(Language::kLatvian) ==
        "technical_contact.phone: jābūt 8 līdz 15 cipariem, sākumā drīkst būt +");
}

TEST_CASE("the posted form reads back row by row, and a replacement form carries the application") {
  http::QueryString posted(
      "registration_number=90000000001&institution_renamed=1&account_mode_1=manage&account_iban_1="
      "LV06TREL1060000300001&account_single_1=10&account_daily_1=20&account_mode_2=view&account_"
      "iban_2=&signer_name_1=A&signer_code_1=320000-00033&signer_rights_1=X%3A1&language=en&"
      "report_version=001.08");
  const auto form = api::read_application_form(posted);
  CHECK(form.institution_renamed);
  CHECK(form.language == "en");
  CHECK(form.report_version == "001.08");
  CHECK_FALSE(form.all_or_nothing);
  REQUIRE(form.accounts.size() == 1 + api::kSpareAccountRows);  // the blank row 2 is not kept
  CHECK(form.accounts[0].mode == "manage");
  CHECK_FALSE(form.accounts[0].notifications);  // an unticked box is not sent
  REQUIRE(form.signers.size() == 1 + api::kSpareSignerRows);
  CHECK(form.signers[0].rights == "X:1");

  store::ApplicationRow row;
  row.user_number = 7;
  row.contact_email = "c@example.lv";
  row.sources = {"192.0.2.1", "192.0.2.2"};
  policy::GrantedAccount grant;
  grant.iban = "LV06TREL1060000300001";
  grant.mode = AccountMode::kManage;
  grant.single_limit_eur = 10;
  grant.daily_limit_eur = 20;
  grant.signatures_required = 1;
  row.accounts = {grant};
  row.payment_signers = {{"A", "320000-00033", {{"LV06TREL1060000300001", 1}}}};
  store::UserIdentity user{7, "", "90000000001", "Parauga"};
  const auto replacement = api::replacement_form(row, user, "2026-12-03");
  CHECK(replacement.user_number == "7");
  CHECK(replacement.registered_on == "2026-12-03");
  CHECK(replacement.allowed_sources == "192.0.2.1\n192.0.2.2\n");
  CHECK(replacement.accounts[0].daily_limit_eur == "20");
  CHECK(replacement.signers[0].rights == "LV06TREL1060000300001:1");
  auto json = policy::application_json(replacement);
  REQUIRE(json.has_value());
  CHECK((*json)["user_number"] == 7);
  // A preparer recorded by name alone stays a name: the form passes the rules.
  CHECK((*json)["preparer"] == "");
}

TEST_CASE("a replacement form sent back unchanged passes the rules and keeps every setting") {
  store::ApplicationRow row;
  row.user_number = 7;
  row.contact_first_name = "Anna";
  row.contact_last_name = "Kalniņa";
  row.contact_personal_code = "010101-10006";
  row.contact_phone = "+371 20000000";
  row.contact_email = "it@parauga.example.lv";
  row.signer = "Pēteris Ozols";
  row.preparer = "Anna Kalniņa";  // a name alone, as seed-demo and older files have it
  row.all_or_nothing = true;
  row.language = Language::kLatvian;
  row.report_version = "001.08";
  policy::GrantedAccount managed;
  managed.iban = "LV06TREL1060000300001";
  managed.mode = AccountMode::kManage;
  managed.single_limit_eur = 10;
  managed.daily_limit_eur = 20;
  managed.notifications = false;
  policy::GrantedAccount viewed;
  viewed.iban = "LV76TREL1060000300002";
  viewed.legal_basis = "Likums par budžetu, 5. pants";
  row.accounts = {managed, viewed};
  const auto form = api::replacement_form(row, {7, "", "90000000001", "Parauga"}, "2026-12-03");
  auto json = policy::application_json(form);
  REQUIRE(json.has_value());
  auto doc = policy::parse_application(*json);
  REQUIRE_MESSAGE(doc.has_value(), doc.error().message);
  CHECK(doc->preparer == "Anna Kalniņa");
  CHECK_FALSE(doc->preparer_phone);
  CHECK(doc->all_or_nothing);
  CHECK(doc->language == Language::kLatvian);
  CHECK(doc->report_version == "001.08");
  REQUIRE(doc->accounts.size() == 2);
  CHECK_FALSE(doc->accounts[0].notifications);
  CHECK(doc->accounts[0].daily_limit_eur == 20);
  CHECK(doc->accounts[1].legal_basis == "Likums par budžetu, 5. pants");
  CHECK(doc->accounts[1].notifications);
}
