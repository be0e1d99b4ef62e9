#include "policy/signing_policy.h"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "policy/application.h"

using namespace gw::policy;
using gw::AccountMode;
using Json = nlohmann::json;

namespace {

const std::string kManaged = "LV33TREL1060000300000";
const std::string kViewed = "LV07TREL5180453053000";

Json with_signers(int required, const Json& signers) {
  Json doc = Json::parse(R"({
    "institution": {"registration_number": "90000000001", "name": "Parauga pašvaldība"},
    "technical_contact": {"first_name": "Anna", "last_name": "Kalniņa",
                          "personal_code": "01010110006", "phone": "+371 20000000",
                          "email": "it@parauga.example.lv"},
    "signer": "Pēteris Ozols", "preparer": "Anna Kalniņa",
    "accounts": [
      {"iban": "LV33TREL1060000300000", "mode": "manage", "single_limit_eur": 1000, "daily_limit_eur": 5000},
      {"iban": "LV07TREL5180453053000", "mode": "view"}
    ]})");
  doc["accounts"][0]["signatures_required"] = required;
  doc["payment_signers"] = signers;
  return doc;
}

Json signer(const std::string& code, const std::string& iban, int level) {
  return {{"name", "Signer " + code},
          {"personal_code", code},
          {"accounts", {{{"iban", iban}, {"level", level}}}}};
}

std::string error_of(const Json& doc) {
  auto parsed = parse_application(doc);
  REQUIRE_FALSE(parsed.has_value());
  return parsed.error().message;
}

GrantedAccount granted(const std::string& iban, int required) {
  GrantedAccount g;
  g.iban = iban;
  g.mode = AccountMode::kManage;
  g.signatures_required = required;
  return g;
}

}  // namespace

TEST_CASE("levels fill 1..n when each signer has at least the level they fill, in any order") {
  CHECK(levels_fill({}));
  CHECK(levels_fill({1}));
  CHECK(levels_fill({3}));
  CHECK(levels_fill({2, 1}));
  CHECK(levels_fill({1, 2}));
  CHECK(levels_fill({3, 3, 3}));
  CHECK(levels_fill({1, 3, 2}));
  CHECK_FALSE(levels_fill({1, 1}));
  CHECK_FALSE(levels_fill({2, 2, 1, 1}));
  CHECK_FALSE(levels_fill({1, 2, 2}));
}

TEST_CASE("an application's signing policy parses, and one its signers cannot meet is refused") {
  auto ok = parse_application(with_signers(
      2, Json::array({signer("320000-00011", kManaged, 1), signer("320000-00022", kManaged, 2)})));
  REQUIRE_MESSAGE(ok.has_value(), ok.error().message);
  CHECK(ok->accounts[0].signatures_required == 2);
  REQUIRE(ok->payment_signers.size() == 2);
  CHECK(ok->payment_signers[1].personal_code == "320000-00022");
  CHECK(ok->payment_signers[1].rights[0].level == 2);

  // Two level-1 signers cannot give a 2-signature file its level-2 signature.
  CHECK(error_of(with_signers(2, Json::array({signer("320000-00011", kManaged, 1),
                                              signer("320000-00022", kManaged, 1)})))
            .find("needs 2 signatures") != std::string::npos);
  // One person cannot give two signatures, whatever their level.
  CHECK(error_of(with_signers(2, Json::array({signer("320000-00011", kManaged, 3)})))
            .find("needs 2 signatures") != std::string::npos);
  CHECK(error_of(with_signers(1, Json::array({signer("320000-00011", kViewed, 1)}))) ==
        "payment_signers[0]: LV07TREL5180453053000 is not an account of this application in "
        "manage mode");
  CHECK(error_of(with_signers(1, Json::array({signer("320000-00011", kManaged, 1),
                                              signer("32000000011", kManaged, 2)})))
            .find("is listed twice") != std::string::npos);
  CHECK(error_of(with_signers(1, Json::array({signer("320000-00011", kManaged, 4)}))) ==
        "payment_signers[0].accounts[0].level: must be 1 to 3");
  CHECK(error_of(with_signers(4, Json::array())) ==
        "accounts[0].signatures_required: must be 0 to 3");
  Json bad_code = with_signers(1, Json::array({signer("010101-10007", kManaged, 1)}));
  CHECK(error_of(bad_code).find("payment_signers[0].personal_code:") == 0);
  // No signatures needed: signers are optional.
  CHECK(parse_application(with_signers(0, Json::array())).has_value());
}

TEST_CASE("a file needs the most signatures any of its debtor accounts needs") {
  const std::vector<GrantedAccount> accounts{granted("A", 1), granted("B", 3), granted("C", 0)};
  CHECK(signatures_required(accounts, {"A"}) == 1);
  CHECK(signatures_required(accounts, {"A", "B"}) == 3);
  CHECK(signatures_required(accounts, {"C"}) == 0);
  CHECK(signatures_required(accounts, {"unknown"}) == 0);
}

TEST_CASE("a signer's level for a file is their lowest over its accounts that need signatures") {
  const std::vector<GrantedAccount> accounts{granted("A", 1), granted("B", 2), granted("C", 0)};
  const std::vector<PaymentSigner> signers{
      {"Anna", "320000-00011", {{"A", 3}, {"B", 2}}},
      {"Jānis", "320000-00022", {{"A", 1}}},
  };
  CHECK(signing_level(signers, accounts, "320000-00011", {"A"}) == 3);
  CHECK(signing_level(signers, accounts, "320000-00011", {"A", "B"}) == 2);
  CHECK(signing_level(signers, accounts, "320000-00011", {"A", "C"}) == 3);  // C needs none
  CHECK(signing_level(signers, accounts, "320000-00022", {"A", "B"}) == 0);  // no right on B
  CHECK(signing_level(signers, accounts, "320000-00033", {"A"}) == 0);       // not a signer
  CHECK(signing_level(signers, accounts, "320000-00011", {"C"}) == 0);       // nothing to sign
}
