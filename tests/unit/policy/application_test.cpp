#include "policy/application.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

using namespace gw::policy;
using gw::AccountState;
using Json = nlohmann::json;

namespace {

Json valid() {
  return Json::parse(R"({
    "institution": {"registration_number": "90000000001", "name": "Parauga pašvaldība"},
    "technical_contact": {"first_name": "Anna", "last_name": "Kalniņa",
                          "personal_code": "01010110006", "phone": "+371 20000000",
                          "email": "it@parauga.example.lv"},
    "signer": "Pēteris Ozols", "preparer": "Anna Kalniņa",
    "allowed_sources": ["127.0.0.1/32", "2001:db8::/32"],
    "accounts": [
      {"iban": "LV33TREL1060000300000", "mode": "manage", "single_limit_eur": 1000, "daily_limit_eur": 5000},
      {"iban": "LV07TREL5180453053000", "mode": "view"}
    ]})");
}

std::string error_of(const Json& doc) {
  auto parsed = parse_application(doc);
  REQUIRE_FALSE(parsed.has_value());
  return parsed.error().message;
}

}  // namespace

TEST_CASE("a complete application parses, the personal code normalised") {
  auto parsed = parse_application(valid());
  REQUIRE(parsed.has_value());
  CHECK(parsed->contact.personal_code == "010101-10006");
  CHECK(parsed->accounts.size() == 2);
  CHECK(parsed->accounts[0].daily_limit_eur == 5000);
  CHECK_FALSE(parsed->user_number.has_value());
  CHECK(parsed->report_version == "001.02");  // the guideline's, unless the form says otherwise
}

TEST_CASE("the report version is ISO 2009's or 2019's, nothing else") {
  Json doc = valid();
  doc["report_version"] = "001.08";
  auto parsed = parse_application(doc);
  REQUIRE(parsed.has_value());
  CHECK(parsed->report_version == "001.08");
  for (const Json& wrong : {Json("001.04"), Json("camt.053.001.08"), Json(8), Json("")}) {
    doc["report_version"] = wrong;
    CHECK(error_of(doc) == "report_version: must be \"001.02\" or \"001.08\"");
  }
}

TEST_CASE("application errors name the field") {
  Json doc = valid();
  doc["accounts"][0]["daily_limit_eur"] = 500;
  CHECK(error_of(doc) == "accounts[0].daily_limit_eur: must be at least single_limit_eur");

  doc = valid();
  doc["accounts"][0].erase("single_limit_eur");
  CHECK(error_of(doc).find("accounts[0].mode: manage access needs") == 0);

  doc = valid();
  doc["accounts"][1]["single_limit_eur"] = 5;
  CHECK(error_of(doc) == "accounts[1].mode: view access carries no limits");

  doc = valid();
  doc["accounts"][1]["mode"] = "admin";
  CHECK(error_of(doc) == "accounts[1].mode: must be view or manage");

  doc = valid();
  doc["accounts"][1]["iban"] = "LV33TREL1060000300000";
  CHECK(error_of(doc).find("listed twice") != std::string::npos);

  doc = valid();
  doc["accounts"][0]["single_limit_eur"] = 10.5;
  CHECK(error_of(doc) == "accounts[0].single_limit_eur: must be a whole number");

  doc = valid();
  doc["technical_contact"]["personal_code"] = "010101-10007";
  CHECK(error_of(doc).find("technical_contact.personal_code:") == 0);

  doc = valid();
  doc["technical_contact"]["email"] = "nobody";
  CHECK(error_of(doc) == "technical_contact.email: is not an e-mail address");

  doc = valid();
  doc["allowed_sources"] = {"10.0.0.0/40"};
  CHECK(error_of(doc).find("allowed_sources:") == 0);

  doc = valid();
  doc["institution"]["registration_number"] = "9000000000X";
  CHECK(error_of(doc) == "institution.registration_number: must be 11 digits");

  doc = valid();
  doc["colour"] = "blue";
  CHECK(error_of(doc) == "colour: unknown key");

  doc = valid();
  doc.erase("signer");
  CHECK(error_of(doc) == "signer: is required");
}

TEST_CASE("another institution's account: view only, with a written permission") {
  auto doc = parse_application(valid()).value();
  const std::vector<RegisteredAccount> own = {
      {"LV33TREL1060000300000", "90000000001", AccountState::kOpen},
      {"LV07TREL5180453053000", "90000000001", AccountState::kOpen}};
  CHECK(check_account_grants(doc, own).has_value());

  std::vector<RegisteredAccount> foreign = own;
  foreign[1].owner_registration_number = "90000000002";
  auto no_permission = check_account_grants(doc, foreign);
  REQUIRE_FALSE(no_permission.has_value());
  CHECK(no_permission.error().message.find("permission_reference") != std::string::npos);
  doc.accounts[1].permission_reference = "Nr. 12/2026";
  CHECK(check_account_grants(doc, foreign).has_value());

  foreign[0].owner_registration_number = "90000000002";
  auto manage_foreign = check_account_grants(doc, foreign);
  REQUIRE_FALSE(manage_foreign.has_value());
  CHECK(manage_foreign.error().message.find("only view access") != std::string::npos);
}

TEST_CASE("closed or blocked accounts: view only - unknown accounts refused") {
  auto doc = parse_application(valid()).value();
  std::vector<RegisteredAccount> registry = {
      {"LV33TREL1060000300000", "90000000001", AccountState::kBlocked},
      {"LV07TREL5180453053000", "90000000001", AccountState::kClosed}};
  auto blocked = check_account_grants(doc, registry);
  REQUIRE_FALSE(blocked.has_value());
  CHECK(blocked.error().message.find("is blocked") != std::string::npos);
  registry[0].state = AccountState::kOpen;
  registry.pop_back();  // the view account is not in the registry
  CHECK(check_account_grants(doc, registry).error().code == gw::ErrorCode::kNotFound);
}

TEST_CASE("another institution's account may rest on a law instead of a written permission") {
  auto json = valid();
  json["accounts"][1]["legal_basis"] = "Likuma par budžetu un finanšu vadību 26. pants";
  auto doc = parse_application(json).value();
  CHECK(doc.accounts[1].legal_basis == "Likuma par budžetu un finanšu vadību 26. pants");
  CHECK_FALSE(doc.accounts[1].permission_reference.has_value());
  const std::vector<RegisteredAccount> foreign = {
      {"LV33TREL1060000300000", "90000000001", AccountState::kOpen},
      {"LV07TREL5180453053000", "90000000002", AccountState::kOpen}};
  CHECK(check_account_grants(doc, foreign).has_value());
  doc.accounts[1].legal_basis.reset();
  auto neither = check_account_grants(doc, foreign);
  REQUIRE_FALSE(neither.has_value());
  CHECK(neither.error().message.find("legal_basis") != std::string::npos);
  json["accounts"][1]["legal_basis"] = "";
  CHECK(error_of(json) == "accounts[1].legal_basis: must have 1 to 140 characters");
}

TEST_CASE("the preparer is a contact with phone and e-mail, or a name from an older file") {
  auto json = valid();
  CHECK(parse_application(json).value().preparer == "Anna Kalniņa");
  CHECK_FALSE(parse_application(json).value().preparer_email.has_value());
  json["preparer"] = {{"name", "Ilze Liepa"},
                      {"phone", "+371 29000000"},
                      {"email", "ilze.liepa@parauga.example.lv"}};
  auto contact = parse_application(json).value();
  CHECK(contact.preparer == "Ilze Liepa");
  CHECK(contact.preparer_phone == "+371 29000000");
  CHECK(contact.preparer_email == "ilze.liepa@parauga.example.lv");
  json["preparer"].erase("email");
  CHECK(error_of(json) == "preparer.email: is required");
  json["preparer"]["email"] = "not-an-address";
  CHECK(error_of(json) == "preparer.email: is not an e-mail address");
  json["preparer"]["email"] = "ilze.liepa@parauga.example.lv";
  json["preparer"]["fax"] = "1";
  CHECK(error_of(json) == "preparer.fax: unknown key");
}
