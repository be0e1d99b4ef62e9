// An institution's application for the online data exchange module, as an
// operator registers it (a JSON or TOML file, schemas/application.schema.json):
// the institution, the technical contact, signer and preparer, the allowed
// source addresses, and per account exactly one access mode with, for manage,
// a single-payment and a daily limit in whole euros.
//
// parse_application checks everything that needs no store: shape, unknown
// keys, personal code, e-mail, phone, addresses, modes and limits. Rules that
// depend on the account registry (owner, state) are check_account_grants.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/language.h"
#include "core/result.h"
#include "policy/account_grant.h"
#include "policy/report_version.h"
#include "policy/signing_policy.h"

namespace gw::policy {

struct TechnicalContact {
  std::string first_name;
  std::string last_name;
  std::string personal_code;  // normalised DDMMYY-NNNNN
  std::string phone;
  std::string email;
};

struct ApplicationDocument {
  std::string institution_registration_number;
  std::string institution_name;
  std::optional<std::int64_t> user_number;  // set: replaces that user's application
  TechnicalContact contact;
  std::string signer;
  // Who prepared the form: a name, or a contact with phone and e-mail (the
  // form's fields; a name alone is still read from older files).
  std::string preparer;
  std::optional<std::string> preparer_phone;
  std::optional<std::string> preparer_email;
  std::vector<std::string> allowed_sources;
  std::vector<AccountGrant> accounts;
  std::vector<PaymentSigner> payment_signers;  // who authorises payment files
  // Any finding rejects the whole file, even one in a single payment's own
  // content (rules/finding_scope.h); false: such a payment is rejected alone.
  bool all_or_nothing = false;
  // The language of the texts in the user's pain.002s (StsRsnInf/AddtlInf);
  // reason codes are the same in both.
  Language language = Language::kEnglish;
  // The camt version the user's system reads (policy/report_version.h): its
  // pushed camt.054 notifications, and the reports it asks for without a version.
  std::string report_version{kDefaultReportVersion};
};

// An institution's registration number in the register: 11 digits.
bool is_registration_number(std::string_view text);

// From JSON; errors name the field (e.g. "accounts[1].daily_limit_eur: ...").
Result<ApplicationDocument> parse_application(const nlohmann::json& document);
// From a file: .json, or .toml (converted to the same JSON shape).
Result<std::pair<ApplicationDocument, nlohmann::json>> read_application_file(
    const std::string& path);

// Another institution's account: view only, with a written-permission
// reference or a legal basis. A closed or blocked account: view only.
Status check_account_grants(const ApplicationDocument& application,
                            const std::vector<RegisteredAccount>& registry);

}  // namespace gw::policy
